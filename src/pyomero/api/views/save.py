"""``m/save/``: POST creates a Project, Dataset or Screen (201), PUT replaces one.

The body is the object's JSON (``@type`` of the 2016-06 schema, ``Name``,
``Description``). A new object goes into the group of ``?group=`` or of its
``omero:details``, as in OMERO; without either the request is refused (400). PUT
needs ``@id`` and replaces the name and the description (a missing description
becomes empty), with the edit permission of the model's policy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from pyomero.api.body import read_json
from pyomero.api.conf import SCHEMA_URL
from pyomero.api.encoders import Encoder, encode_dataset, encode_project, encode_screen
from pyomero.api.errors import BadRequestError, MethodNotSupportedError
from pyomero.api.params import parse_int
from pyomero.api.respond import Created, api_view
from pyomero.api.schema import Json
from pyomero.api.views.base import request_context
from pyomero.model.access import access_annotation, access_object
from pyomero.model.actions import (
    do_annotate,
    do_create_dataset,
    do_create_project,
    do_create_screen,
    do_update,
)
from pyomero.model.context import EventContext
from pyomero.model.errors import ActionForbiddenError
from pyomero.model.permissions import Action

# OMERO type -> (create action, encoder): the types the API may create and update.
SAVABLE: dict[str, tuple[Callable[..., Any], Callable[[Encoder, Any], Json]]] = {
    "Project": (do_create_project, encode_project),
    "Dataset": (do_create_dataset, encode_dataset),
    "Screen": (do_create_screen, encode_screen),
}


def type_name(body: Json, verb: str) -> str:
    """The OMERO type of ``@type``; 405 when it cannot be saved, 400 when unknown."""
    if "@type" not in body:
        raise BadRequestError("Need to specify @type attribute")
    schema, _, name = str(body["@type"]).partition("#")
    if name not in SAVABLE:
        raise MethodNotSupportedError(f"{verb} of {name or None} not supported")
    if schema != SCHEMA_URL:
        raise BadRequestError(f"No decoder found for type: {body['@type']}")
    return name


def text(body: Json, key: str) -> str:
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise BadRequestError(f"{key} must be a string")
    return value or ""


def target_group(request: HttpRequest, body: Json) -> int:
    group = parse_int(request.GET, "group")
    if group is None:
        details = body.get("omero:details")
        found = details.get("group", {}).get("@id") if isinstance(details, dict) else None
        group = found if isinstance(found, int) else None
    if group is None:
        raise BadRequestError("Specify Group in omero:details or query parameters ?group=:id")
    return group


def annotation_ids(body: Json) -> list[int]:
    """The ``@id`` of each existing annotation in ``Annotations``; OMERO refuses the
    same one twice (its ValidationException: a link would be duplicated)."""
    found = body.get("Annotations")
    if found is None:
        return []
    if not isinstance(found, list) or not all(
        isinstance(a, dict) and isinstance(a.get("@id"), int) for a in found
    ):
        raise BadRequestError("Annotations must be a list of existing annotations with '@id'")
    ids = [a["@id"] for a in found]
    if len(set(ids)) != len(ids):
        raise BadRequestError(
            "ValidationException: an annotation is linked twice in Annotations "
            f"({', '.join(str(i) for i in sorted({i for i in ids if ids.count(i) > 1}))})"
        )
    return ids


def create(request: HttpRequest, body: Json) -> Created:
    name = type_name(body, "Creation")
    if "@id" in body:
        raise BadRequestError("Object has '@id' attribute. Use PUT to update objects")
    ctx: EventContext = request_context(request, target_group(request, body))
    action, encode = SAVABLE[name]
    linked = annotation_ids(body)
    with transaction.atomic():
        obj = action(ctx, text(body, "Name"), text(body, "Description"))
        for annotation_id in linked:
            do_annotate(ctx, obj, access_annotation(ctx, annotation_id))
    return Created({"data": encode(Encoder(ctx), obj)})


def replace(request: HttpRequest, body: Json) -> Json:
    name = type_name(body, "Update")
    if "@id" not in body:
        raise BadRequestError("No '@id' attribute. Use POST to create new objects")
    if not isinstance(body["@id"], int) or isinstance(body["@id"], bool):
        raise BadRequestError("'@id' must be an integer")
    ctx = request_context(request)
    obj = access_object(ctx, name, body["@id"], Action.EDIT)
    group = parse_int(request.GET, "group")
    if group is not None and group != obj.group_id:
        # OMERO saves in the group asked for, where the object cannot be read
        raise ActionForbiddenError(
            f"Cannot read ome.model.containers.{name}:Id_{obj.pk} in group {group}: "
            f"it is in group {obj.group_id}"
        )
    do_update(ctx, obj, name=text(body, "Name"), description=text(body, "Description"))
    return {"data": SAVABLE[name][1](Encoder(ctx), obj)}


@api_view("POST", "PUT")
def save(request: HttpRequest, api_version: str) -> Json | Created:
    body = read_json(request)
    return create(request, body) if request.method == "POST" else replace(request, body)
