"""Attached files (upload, download), removing an annotation from an object, and
annotating a multi-selection at once (OMERO.web's ``batch_annotate/``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from pyomero.model.actions import (
    do_add_comment,
    do_add_map_annotation,
    do_attach_files,
    do_set_rating,
)
from pyomero.model.errors import InputInvalidError, ModelError
from pyomero.model.permissions import Action, permissions_of
from pyomero.webclient import annotating
from pyomero.webclient.objects import access_by_type
from pyomero.webclient.session import context
from pyomero.webclient.targets import Targets
from pyomero.webclient.views._common import allow, panel_action


@allow("POST")
@panel_action
def annotate_file(request: HttpRequest, c_type: str, c_id: int) -> None:
    """``annotation_file`` (one or more): files attached to the object."""
    ctx = context(request)
    obj = access_by_type(ctx, c_type, c_id, Action.ANNOTATE)
    do_attach_files(ctx, [obj], request.FILES.getlist("annotation_file"))


@allow("POST")
@panel_action
def remove_annotation(request: HttpRequest, c_type: str, c_id: int) -> None:
    """``link_id``: the link of the annotation to take off the object."""
    ctx = context(request)
    obj = access_by_type(ctx, c_type, c_id)
    annotating.remove_annotation(ctx, obj, request.POST.get("link_id", ""))


@allow("GET")
@login_required(redirect_field_name="url")
def download_annotation(request: HttpRequest, annotation_id: int) -> HttpResponseBase:
    """The bytes of an attached file, as an attachment named as it was uploaded."""
    try:
        annotation, location = annotating.attached_file(context(request), annotation_id)
    except ModelError as exc:
        return render(request, "webclient/error.html", {"error": exc}, status=exc.status)
    file = annotation.file
    return FileResponse(
        location.open(), as_attachment=True, filename=file.name, content_type=file.mimetype
    )


# A multi-selection


def _batch(
    request: HttpRequest, targets: Targets, error: str = "", status: int = 200
) -> HttpResponse:
    ctx = context(request)
    objects = targets.fetch(ctx)
    perms = [permissions_of(ctx, o) for o in objects]
    types = list(targets.by_type())
    page = {
        "objects": objects,
        "targets": targets,
        "can_annotate": all(p.can_annotate for p in perms),
        "perms": {"can_delete": all(p.can_delete for p in perms)},
        "move_groups": annotating.move_groups(ctx, objects[0])
        if all(p.can_chgrp for p in perms)
        else [],
        "new_owners": annotating.new_owners(ctx, objects[0])
        if all(p.can_chown for p in perms)
        else [],
        "c_type": types[0] if len(types) == 1 else "",
        "error": error,
    }
    return render(request, "webclient/batch_panel.html", page, status=status)


@allow("GET")
@login_required(redirect_field_name="url")
def batch_annotate(request: HttpRequest) -> HttpResponse:
    """The panel of a multi-selection: ``image=1,2,3`` (or datasets, projects...)."""
    try:
        return _batch(request, Targets.parse(request.GET))
    except ModelError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain")


@allow("POST")
@login_required(redirect_field_name="url")
def batch_annotate_post(request: HttpRequest, kind: str) -> HttpResponse:
    """``kind`` tag (``tag``), map (``key``/``value``), rating (``rating``), comment
    (``comment``) or file (``annotation_file``): the same annotation on every object,
    all or nothing."""
    ctx = context(request)
    try:
        targets = Targets.parse(request.POST)
        objects = targets.fetch(ctx, Action.ANNOTATE)
        if kind == "file":  # all or nothing, the bytes written included
            do_attach_files(ctx, objects, request.FILES.getlist("annotation_file"))
        else:
            with transaction.atomic():
                for obj in objects:
                    _annotate_one(request, ctx, obj, kind)
    except ModelError as exc:
        try:
            return _batch(request, Targets.parse(request.POST), exc.message, exc.status)
        except ModelError:
            return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
    return _batch(request, targets)


def _annotate_one(request: HttpRequest, ctx: Any, obj: Any, kind: str) -> None:
    form = request.POST
    if kind == "tag":
        annotating.add_tag(ctx, obj, form.get("tag", ""), form.get("tag_id", ""))
    elif kind == "map":
        pairs = list(zip(form.getlist("key"), form.getlist("value"), strict=False))
        pairs = [(k.strip(), v) for k, v in pairs if k.strip() or v.strip()]
        if not pairs:
            raise InputInvalidError("a key-value pair needs a key")
        do_add_map_annotation(ctx, obj, pairs)
    elif kind == "rating":
        rating = form.get("rating", "")
        if not rating.isdigit():
            raise InputInvalidError("a rating is a number of stars from 0 to 5")
        do_set_rating(ctx, obj, int(rating))
    elif kind == "comment":
        do_add_comment(ctx, obj, form.get("comment", ""))
    else:
        raise InputInvalidError(f"cannot add a {kind!r} to a selection")
