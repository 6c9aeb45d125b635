"""Rendering settings: save, copy and paste (the session keeps the clipboard), reset to
the imported or the owner's settings, compatible images, every user's settings."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pyomero import imaging
from pyomero.webgateway.views._common import context, json_view


def _params(request: HttpRequest) -> dict[str, str]:
    """Query and form values together (OMERO.web reads the query; forms work too)."""
    return {**request.GET.dict(), **request.POST.dict()}


@json_view
@require_POST
def save_image_rdef(request: HttpRequest, iid: str) -> Any:
    imaging.save_image_settings(context(request), int(iid), _params(request))
    return True


@json_view
@require_safe
def get_image_rdef(request: HttpRequest) -> Any:
    return {"rdef": imaging.clipboard_rdef(context(request), request.session)}


@json_view
@require_http_methods(["GET", "HEAD", "POST"])
def copy_image_rdef(request: HttpRequest) -> Any:
    """GET: copy (``fromid`` or ``c=...``) into the session; POST: paste to ``toids``."""
    if request.method != "POST":
        imaging.copy_to_clipboard(request.session, request.GET)
        return True
    params = _params(request)
    clipboard = {"rdef": imaging.clipboard_entry(params)} if "c" in params else request.session
    return imaging.paste_settings(
        context(request),
        clipboard,
        request.POST.get("to_type", "image"),
        request.POST.getlist("toids"),
        from_id=request.GET.get("fromid"),
    )


@json_view
@require_POST
def reset_rdef(request: HttpRequest, to_owners: bool = False) -> Any:
    return imaging.reset_settings(
        context(request),
        request.POST.get("to_type", "image"),
        request.POST.getlist("toids"),
        to_owners=to_owners,
    )


@json_view
@require_safe
def compatible_images(request: HttpRequest, iid: str) -> Any:
    return imaging.compatible_images(context(request), int(iid))


@json_view
@require_safe
def image_rdefs(request: HttpRequest, img_id: str) -> Any:
    return {"rdefs": imaging.all_rendering_defs(context(request), int(img_id))}
