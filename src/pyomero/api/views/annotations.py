"""pyomero's extension: annotations over JSON (OMERO's API has none).

- ``m/annotations/``: the annotations the user sees (``?type=TagAnnotation``,
  ``?ns=``, ``owner``, ``group``, paging), e.g. the tags to choose from;
  ``m/annotations/<id>/``: one (GET), its pairs replaced (PUT, map annotations),
  or deleted (DELETE).
- ``m/<projects|datasets|images|screens|plates|plateacquisitions|wells>/<id>/annotations/``:
  the annotations on an object, one per link with the link under ``omero:link``
  (GET), or a new one (POST, see ``annotating.py``);
  ``.../annotations/<annotation_id>/`` (DELETE) takes it off the object;
  a POST of ``multipart/form-data`` uploads a file and attaches it
  (``attachments.py``), and ``m/annotations/<id>/file/`` downloads it.

The model's policy decides who may annotate, edit and remove (as in the webclient).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, HttpRequest

from pyomero.api.annotating import add_annotation, text, update_annotation
from pyomero.api.attachments import attached_file, read_upload
from pyomero.api.body import read_json
from pyomero.api.encoders import Encoder, encode_annotation, encode_linked
from pyomero.api.errors import BadRequestError
from pyomero.api.params import GROUP, LIMIT, OFFSET, OWNER, ListParams, Param, parse_list_params
from pyomero.api.respond import Created, api_view
from pyomero.api.schema import Json
from pyomero.api.views.base import request_context
from pyomero.model.access import access_annotation, access_object
from pyomero.model.actions import do_attach_files, do_delete, do_remove_annotation_link
from pyomero.model.errors import ActionForbiddenError, ObjectNotFoundError
from pyomero.model.models import Annotation, AnnotationKind, NamedValue
from pyomero.model.permissions import Action
from pyomero.model.queries import annotation_links, visible_annotations

FILE_JOINS = ("file", "file__owner", "file__group")
TYPE = Param("type", "string", "Only annotations of this class (TagAnnotation, ...).")
NS = Param("ns", "string", "Only annotations in this namespace.")
LIST_PARAMS = (OFFSET, LIMIT, OWNER, GROUP, TYPE, NS)
LINK_PARAMS = (OFFSET, LIMIT, TYPE, NS)


def with_values(queryset: QuerySet[Any], prefix: str = "") -> QuerySet[Any]:
    """Join what encoding needs: the file (of file annotations) and the pairs (of maps)."""
    pairs = Prefetch(f"{prefix}map_values", NamedValue.objects.order_by("index"))
    joins = [f"{prefix}{name}" for name in FILE_JOINS]
    return queryset.select_related(*joins).prefetch_related(pairs)


def narrowed(queryset: QuerySet[Any], request: HttpRequest, prefix: str = "") -> QuerySet[Any]:
    """``?type=`` (an annotation class) and ``?ns=`` (a namespace) filters."""
    kind, ns = request.GET.get("type"), request.GET.get("ns")
    if kind is not None:
        if kind not in AnnotationKind.values:
            raise BadRequestError(f"Unknown annotation type: {kind}")
        queryset = queryset.filter(**{f"{prefix}kind": kind})
    if ns is not None:
        queryset = queryset.filter(**{f"{prefix}ns": ns})
    return queryset


def page(rows: QuerySet[Any], params: ListParams, encode: Any) -> Json:
    total = rows.count()
    chosen = list(rows[params.offset : params.offset + params.limit]) if params.limit else []
    meta = {"offset": params.offset, "limit": params.limit, "maxLimit": params.max_limit}
    return {"data": [encode(row) for row in chosen], "meta": {**meta, "totalCount": total}}


@api_view("GET")
def annotations(request: HttpRequest, api_version: str) -> Json:
    params = parse_list_params(request.GET)
    ctx = request_context(request, params.group)
    rows = narrowed(visible_annotations(ctx), request)
    if params.owner is not None:
        rows = rows.filter(owner_id=params.owner)
    enc = Encoder(ctx)
    return page(with_values(rows.order_by("id")), params, lambda a: encode_annotation(enc, a))


@api_view("GET", "PUT", "DELETE")
def annotation(request: HttpRequest, api_version: str, object_id: int) -> Json:
    ctx = request_context(request)
    if request.method == "PUT":
        update_annotation(ctx, object_id, read_json(request))
    found = with_values(visible_annotations(ctx)).filter(pk=object_id).first()
    if found is None:
        raise ObjectNotFoundError("Annotation", object_id)
    encoded = encode_annotation(Encoder(ctx), found)
    if request.method == "DELETE":
        do_delete(ctx, access_annotation(ctx, object_id, Action.DELETE))
    return {"data": encoded}


@api_view("GET", "POST")
def object_annotations(
    request: HttpRequest, api_version: str, object_type: str, object_id: int
) -> Json | Created:
    if request.method == "POST":
        return add(request, object_type, object_id)
    params = parse_list_params(request.GET)
    ctx = request_context(request)
    links = narrowed(
        annotation_links(ctx, access_object(ctx, object_type, object_id)), request, "child__"
    )
    enc = Encoder(ctx)
    return page(with_values(links, "child__"), params, lambda link: encode_linked(enc, link))


def add(request: HttpRequest, object_type: str, object_id: int) -> Json | Created:
    ctx = request_context(request)
    target = access_object(ctx, object_type, object_id)
    added: Annotation | None
    if request.content_type == "multipart/form-data":  # a file attachment, bytes and all
        fields = {key: request.POST.get(key) for key in request.POST}
        upload = read_upload(request.FILES)
        ns, description = text(fields, "Namespace"), text(fields, "Description")
        [added] = do_attach_files(ctx, [target], [upload], ns=ns, description=description)
    else:
        added = add_annotation(ctx, target, read_json(request))
    if added is None:  # a rating of 0 removed the user's rating
        return {"data": None}
    mine = annotation_links(ctx, target).filter(child=added, owner_id=ctx.user_id)
    link = with_values(mine, "child__").first()
    return Created({"data": encode_linked(Encoder(ctx), link)})


@api_view("DELETE")
def object_annotation(
    request: HttpRequest, api_version: str, object_type: str, object_id: int, annotation_id: int
) -> Json:
    """Take the annotation off the object: every link of it the user may remove."""
    ctx = request_context(request)
    target = access_object(ctx, object_type, object_id)
    links = list(with_values(annotation_links(ctx, target), "child__").filter(child=annotation_id))
    if not links:
        raise ObjectNotFoundError("Annotation", annotation_id)
    refused = []
    for link in links:
        try:
            do_remove_annotation_link(ctx, link)
        except ActionForbiddenError as error:
            refused.append(error)
    if len(refused) == len(links):
        raise refused[0]
    return {"data": encode_annotation(Encoder(ctx), links[0].child)}


@api_view("GET")
def annotation_file(request: HttpRequest, api_version: str, object_id: int) -> FileResponse:
    """The bytes of a file annotation's file, as an attachment."""
    file, where = attached_file(request_context(request), object_id)
    return FileResponse(
        where.open(), as_attachment=True, filename=file.name, content_type=file.mimetype
    )
