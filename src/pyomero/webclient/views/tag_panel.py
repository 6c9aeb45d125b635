"""``tag_panel/<id>/``: the panel of a tag or tag set (GET), its rename and description
(POST ``name``, ``description``), and for a tag set ``put/`` (``tag_id``: a tag to put
in) and ``take_out/`` (``link_id``); ``delete/`` deletes the tag (the objects it was on
stay). Every POST answers the panel again (a refusal with its message and status)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pyomero.model.access import access_annotation
from pyomero.model.actions import (
    do_annotate,
    do_delete,
    do_remove_annotation_link,
    do_update_annotation,
)
from pyomero.model.errors import InputInvalidError, ModelError
from pyomero.webclient.session import context
from pyomero.webclient.tag_panel import set_link, tag_panel
from pyomero.webclient.views._common import allow


def _panel(request: HttpRequest, tag_id: int, error: str = "", status: int = 200) -> HttpResponse:
    panel = tag_panel(context(request), tag_id)
    return render(
        request, "webclient/tag_panel.html", {"panel": panel, "error": error}, status=status
    )


def _answer(request: HttpRequest, tag_id: int, change: Callable[[], object]) -> HttpResponse:
    try:
        change()
    except ModelError as exc:
        try:
            return _panel(request, tag_id, exc.message, exc.status)
        except ModelError:
            return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
    return _panel(request, tag_id)


@allow("GET", "POST")
@login_required(redirect_field_name="url")
def panel(request: HttpRequest, tag_id: int) -> HttpResponse:
    if request.method == "GET":
        try:
            return _panel(request, tag_id)
        except ModelError as exc:
            return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
    ctx = context(request)

    def save() -> None:
        tag_panel(ctx, tag_id)  # a tag or tag set: never another kind of annotation
        tag = access_annotation(ctx, tag_id)
        do_update_annotation(
            ctx, tag, text=request.POST.get("name"), description=request.POST.get("description")
        )

    return _answer(request, tag_id, save)


@allow("POST")
@login_required(redirect_field_name="url")
def put(request: HttpRequest, tag_id: int) -> HttpResponse:
    ctx = context(request)

    def put_in() -> None:
        tagset = tag_panel(ctx, tag_id)
        if not tagset.is_set:
            raise InputInvalidError("tags go into a tag set, not into a tag")
        tag = tag_panel(ctx, request.POST.get("tag_id", ""))
        if tag.is_set:
            raise InputInvalidError("a tag set does not go into another tag set")
        do_annotate(ctx, tagset.tag, tag.tag)

    return _answer(request, tag_id, put_in)


@allow("POST")
@login_required(redirect_field_name="url")
def take_out(request: HttpRequest, tag_id: int) -> HttpResponse:
    ctx = context(request)

    def take() -> None:
        do_remove_annotation_link(ctx, set_link(ctx, tag_id, request.POST.get("link_id", "")))

    return _answer(request, tag_id, take)


@allow("POST")
@login_required(redirect_field_name="url")
def delete(request: HttpRequest, tag_id: int) -> HttpResponse:
    ctx = context(request)
    try:
        panel = tag_panel(ctx, tag_id)
    except ModelError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
    try:
        do_delete(ctx, panel.tag)
    except ModelError as exc:
        return _panel(request, tag_id, exc.message, exc.status)
    return render(request, "webclient/tag_deleted.html", {"panel": panel, "tag_id": tag_id})
