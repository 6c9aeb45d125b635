"""System checks of a deployment on several hosts (ids ``pyomero.web.E03x``).

``pyomero.web.E030`` (deploy): sessions shared between hosts (a Redis or memcached cache, or the
PostgreSQL database) with a secret key each host generated for itself: a host signs the
sessions with its own key, the others cannot read them, and users are signed out.
``omero web start`` refuses such a configuration; the check is a deployment check
(``check --deploy``), so that the management commands an admin runs to repair things
(``clearsessions``, ``migrate``) still run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core import checks

from pyomero.conf.sharing import SECRET_KEY_HINT, secret_key_problem


@checks.register("pyomero", deploy=True)
def check_shared_secret_key(
    app_configs: Sequence[Any] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    config = getattr(settings, "OMERO_CONFIG", None)
    problem = None if config is None else secret_key_problem(config)
    if problem is None:
        return []
    return [checks.Error(problem + ".", hint=SECRET_KEY_HINT, id="pyomero.web.E030")]
