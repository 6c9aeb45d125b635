"""Plates: ``m/plates/``, ``m/plates/<id>/``, ``m/screens/<id>/plates/``,
``m/wells/<id>/plates/``.

One plate also carries the range of its well sample (field) indices and a link
to the wells of each index, as OMERO's API does.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Min, QuerySet
from django.db.models.functions import Lower
from django.http import HttpRequest

from pyomero.api.encoders import encode_plate
from pyomero.api.links import Linker
from pyomero.api.params import ListParams, parent_param
from pyomero.api.respond import api_view
from pyomero.api.schema import Json
from pyomero.api.views.base import Resource, list_objects, one_object
from pyomero.model.models import Plate
from pyomero.model.queries import visible_plates


def index_range(obj: Any) -> list[int]:
    """``[min, max]`` of the annotated field indices, or ``[]`` without fields."""
    return [] if obj.ws_min is None else [obj.ws_min, obj.ws_max]


def with_index_range(queryset: QuerySet[Any], params: ListParams) -> QuerySet[Any]:
    return queryset.annotate(
        ws_min=Min("wells__samples__index"), ws_max=Max("wells__samples__index")
    )


def add_index_links(link: Linker, plate: Plate, encoded: Json) -> None:
    indices = index_range(plate)
    encoded["omero:wellsampleIndex"] = indices
    encoded["url:wellsampleindex_wells"] = [
        link.url("api_plate_wellsampleindex_wells", plate_id=plate.pk, index=i)
        for i in (range(indices[0], indices[1] + 1) if indices else ())
    ]


PLATES = Resource(
    omero_type="Plate",
    model=Plate,
    queryset=visible_plates,
    encode=encode_plate,
    ordering=(Lower("name"), "id"),
    filters={"screen": "screen_links__parent_id", "well": "wells__id"},
    query_filters=(
        parent_param("screen", "Screen (the parent)"),
        parent_param("well", "Well (a child)"),
    ),
    orphaned={"screen_links__isnull": True},
    list_links={
        "url:screens": ("api_plate_screens", "plate_id"),
        "url:wells": ("api_plate_wells", "plate_id"),
        "url:plate": ("api_plate", "object_id"),
        "url:plateacquisitions": ("api_plate_plateacquisitions", "plate_id"),
    },
    detail_links={
        "url:screens": ("api_plate_screens", "plate_id"),
        "url:wells": ("api_plate_wells", "plate_id"),
        "url:plateacquisitions": ("api_plate_plateacquisitions", "plate_id"),
    },
    prepare_detail=with_index_range,
    extra_detail=add_index_links,
)


@api_view("GET")
def plates(request: HttpRequest, api_version: str, **path: int) -> Json:
    return list_objects(request, api_version, PLATES, path)


@api_view("GET", omero_type="Plate")
def plate(request: HttpRequest, api_version: str, object_id: int) -> Json:
    return one_object(request, api_version, PLATES, object_id)
