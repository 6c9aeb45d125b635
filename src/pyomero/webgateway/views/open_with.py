"""``open_with/``: the viewers of the webclient's "Open with" menu, from
``omero.web.open_with`` (``[name, url name or URL, {options}]`` each), as OMERO.web."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from pyomero.webgateway.views._common import json_view

#: The options copied from a viewer's third item (``script_url`` is resolved).
OPTIONS = ("supported_objects", "target", "label")


def _url(target: str) -> str:
    try:
        return reverse(target)
    except NoReverseMatch:
        return target


def viewer(entry: list[Any]) -> dict[str, Any]:
    """One menu entry: ``id``, ``url``, and the options the viewer declares."""
    found: dict[str, Any] = {"id": entry[0], "url": _url(str(entry[1]))}
    options = entry[2] if len(entry) > 2 and isinstance(entry[2], dict) else {}
    found.update({key: options[key] for key in OPTIONS if key in options})
    script = options.get("script_url")
    if isinstance(script, str) and script:
        found["script_url"] = script if script.startswith("http") else static(script)
    return found


@json_view
@require_safe
def open_with_options(request: HttpRequest) -> Any:
    entries = settings.OMERO_CONFIG["omero.web.open_with"]
    return {"open_with_options": [viewer(e) for e in entries if len(e) >= 2]}
