"""Where an object opens: the image viewer (double-click; ``img_detail/`` serves the view
``omero.web.viewer.view`` names) and the entries of ``omero.web.open_with``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class OpenWith:
    label: str
    url: str


def viewer_url(image_id: int) -> str:
    """``img_detail/<id>/``, which opens the viewer ``omero.web.viewer.view`` names."""
    return reverse("web_image_viewer", args=[image_id])


def open_with(c_type: str, obj_id: int) -> list[OpenWith]:
    """The "Open with" entries that support ``c_type``, each with its URL for the object."""
    found = []
    for entry in settings.OMERO_CONFIG["omero.web.open_with"]:
        name, url_name = str(entry[0]), str(entry[1])
        options: dict[str, Any] = entry[2] if len(entry) > 2 and isinstance(entry[2], dict) else {}
        supported = options.get("supported_objects", ["image"])
        if c_type not in supported and f"{c_type}s" not in supported:
            continue
        if url_name == "webgateway" and c_type == "image":
            url = viewer_url(obj_id)  # OMERO's default entry: the image viewer
        else:
            try:
                url = f"{reverse(url_name)}?{c_type}={obj_id}"
            except NoReverseMatch:
                continue
        found.append(OpenWith(str(options.get("label") or name), url))
    return found
