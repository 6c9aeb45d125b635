"""``omero web config TYPE``: front-server configuration generated from ``omero.web.*``.

Each generator module (``nginx``, ``apache``) exposes ``GENERATORS``, a mapping
from the TYPE a user types to a function ``(config, options) -> str``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pyomero.conf import Config


@dataclass(frozen=True)
class Options:
    """The command-line options every generator understands."""

    http: int | None = None  # port the front server listens on
    servername: str | None = None
    max_body_size: str | None = None  # nginx size syntax, e.g. "0" or "10m"
    upstreams: tuple[str, ...] = ()  # gunicorn servers (host:port); default: this host's
    read_timeout: str | None = None  # nginx time syntax, e.g. "10s": with several upstreams


Generator = Callable[[Config, Options], str]


def generators() -> dict[str, Generator]:
    """Every config TYPE, in the order ``omero web config -h`` lists them."""
    from pyomero.cli.webconfig import apache, nginx

    return {**nginx.GENERATORS, **apache.GENERATORS}
