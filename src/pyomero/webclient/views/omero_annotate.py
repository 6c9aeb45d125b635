"""OMERO.web's annotation forms and ``api/annotations/``, which name their objects in
the query or form (``image=1&dataset=2``, wells too) and answer JSON; the panel's own
forms, one object in the path, are in :mod:`.annotations`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html, format_html_join

from pyomero.model.errors import InputInvalidError, ModelError
from pyomero.model.models import CLIENT_MAP_NS
from pyomero.model.permissions import Action
from pyomero.webclient import annotations_json, omero_forms
from pyomero.webclient.omero_targets import fetch_objects, wanted_ids
from pyomero.webclient.session import context
from pyomero.webclient.views._common import allow, json_view

#: api/annotations/'s page size (OMERO's ANNOTATIONS_LIMIT).
ANNOTATIONS_LIMIT = 500


def _number(request: HttpRequest, name: str, default: int) -> int:
    value = request.GET.get(name, "")
    if not value:
        return default
    if not value.isdigit():
        raise InputInvalidError(f"{name} must be a whole number")
    return int(value)


@allow("GET")
@json_view
def api_annotations(request: HttpRequest) -> dict[str, Any]:
    """``?image=1&type=tag|file|comment|rating|map|custom&ns=&page=&limit=``."""
    found, people = annotations_json.list_annotations(
        context(request),
        wanted_ids(request.GET),
        ann_type=request.GET.get("type"),
        ns=request.GET.get("ns"),
        page=_number(request, "page", 1),
        limit=_number(request, "limit", ANNOTATIONS_LIMIT) or ANNOTATIONS_LIMIT,
    )
    return {"annotations": found, "experimenters": people}


def _new_tags(form: Any) -> list[tuple[str, str, str]]:
    """The ``newtags-N-tag``/``-description``/``-tagset`` rows of OMERO's formset."""
    total = form.get("newtags-TOTAL_FORMS", "0")
    if not total.isdigit():
        raise InputInvalidError("newtags-TOTAL_FORMS must be a number")
    rows = []
    for i in range(int(total)):
        text = form.get(f"newtags-{i}-tag", "").strip()
        if text:
            rows.append(
                (
                    text,
                    form.get(f"newtags-{i}-description", ""),
                    form.get(f"newtags-{i}-tagset", ""),
                )
            )
    return rows


@allow("GET", "POST")
@json_view
def annotate_tags(request: HttpRequest) -> Any:
    """POST ``tags`` (ids, comma-separated: the user's tags the objects should carry)
    and new tags: ``{"added", "removed", "new"}``. GET: the user's tags on them."""
    ctx = context(request)
    if request.method == "GET":
        return {"selected_tags": omero_forms.my_tags(ctx, fetch_objects(ctx, request.GET))}
    objects = fetch_objects(ctx, request.POST, Action.ANNOTATE)
    tag_ids = omero_forms.ids_of(request.POST.get("tags", ""), "tags")
    return omero_forms.set_tags(ctx, objects, tag_ids, _new_tags(request.POST))


@allow("POST")
@json_view
def annotate_map(request: HttpRequest) -> dict[str, Any]:
    """``mapAnnotation`` (JSON pairs), ``ns``, objects or ``annId``: ``{"annId": ids}``."""
    ctx, form = context(request), request.POST
    annotation_ids = [int(i) for i in form.getlist("annId") if i.isdigit()]
    objects = [] if annotation_ids else fetch_objects(ctx, form, Action.ANNOTATE)
    pairs = omero_forms.parse_pairs(form.get("mapAnnotation"))
    ns = form.get("ns") or CLIENT_MAP_NS
    return {"annId": omero_forms.save_map(ctx, objects, pairs, ns, annotation_ids)}


@allow("POST")
@json_view
def annotate_comment(request: HttpRequest) -> dict[str, Any]:
    """``comment`` on the objects: ``{"annId", "added_by"}``."""
    ctx = context(request)
    objects = fetch_objects(ctx, request.POST, Action.ANNOTATE)
    comment = omero_forms.add_comment(ctx, objects, request.POST.get("comment", ""))
    return {"annId": comment.pk, "added_by": ctx.user_id}


@allow("POST")
@json_view
def annotate_file_post(request: HttpRequest) -> dict[str, Any]:
    ctx = context(request)
    objects = fetch_objects(ctx, request.POST, Action.ANNOTATE)
    existing = [int(i) for i in request.POST.getlist("files") if i.isdigit()]
    uploads = request.FILES.getlist("annotation_file")
    return {"fileIds": omero_forms.attach_files(ctx, objects, existing, uploads)}


ROW = '<li><label><input type="checkbox" name="files" value="{}"> {}</label></li>'


@allow("GET", "POST")
@login_required(redirect_field_name="url")
def annotate_file(request: HttpRequest) -> HttpResponse:
    """GET: the form choosing files to attach (the group's file annotations not on the
    object yet); POST ``files`` (their ids) and ``annotation_file`` (uploads):
    ``{"fileIds": [...]}``."""
    if request.method == "POST":
        return annotate_file_post(request)  # type: ignore[no-any-return]
    ctx = context(request)
    try:
        files = omero_forms.attachable_files(ctx, fetch_objects(ctx, request.GET))
    except ModelError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
    rows = format_html_join(
        "", ROW, ((a.pk, (a.file.name if a.file else "") or f"No name. ID {a.pk}") for a in files)
    )
    return HttpResponse(format_html('<form class="files-form"><ul>{}</ul></form>', rows))
