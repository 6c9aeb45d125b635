"""Plate acquisitions (runs): ``m/plates/<id>/plateacquisitions/``,
``m/plateacquisitions/<id>/``; each with the range of its field indices."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Min, QuerySet
from django.db.models.functions import Lower
from django.http import HttpRequest

from pyomero.api.encoders import encode_plate_acquisition
from pyomero.api.links import Linker
from pyomero.api.params import ListParams, parent_param
from pyomero.api.respond import api_view
from pyomero.api.schema import Json
from pyomero.api.views.base import Resource, list_objects, one_object
from pyomero.api.views.plates import index_range
from pyomero.model.models import PlateAcquisition
from pyomero.model.queries import visible_plate_acquisitions


def with_index_range(queryset: QuerySet[Any], params: ListParams) -> QuerySet[Any]:
    return queryset.annotate(ws_min=Min("well_samples__index"), ws_max=Max("well_samples__index"))


def add_index_links(link: Linker, acquisition: PlateAcquisition, encoded: Json) -> None:
    indices = index_range(acquisition)
    encoded["omero:wellsampleIndex"] = indices
    encoded["url:wellsampleindex_wells"] = [
        link.url(
            "api_plateacquisition_wellsampleindex_wells",
            plateacquisition_id=acquisition.pk,
            index=i,
        )
        for i in (range(indices[0], indices[1] + 1) if indices else ())
    ]


PLATE_ACQUISITIONS = Resource(
    omero_type="PlateAcquisition",
    model=PlateAcquisition,
    queryset=visible_plate_acquisitions,
    encode=encode_plate_acquisition,
    ordering=(Lower("name"), "id"),
    filters={"plate": "plate_id"},
    query_filters=(parent_param("plate", "Plate (the parent)"),),
    list_links={"url:plateacquisition": ("api_plateacquisition", "object_id")},
    deletable=True,
    prepare_list=with_index_range,
    prepare_detail=with_index_range,
    extra_list=add_index_links,
    extra_detail=add_index_links,
)


@api_view("GET")
def plate_acquisitions(request: HttpRequest, api_version: str, **path: int) -> Json:
    return list_objects(request, api_version, PLATE_ACQUISITIONS, path)


@api_view("GET", "DELETE")
def plate_acquisition(request: HttpRequest, api_version: str, object_id: int) -> Json:
    return one_object(request, api_version, PLATE_ACQUISITIONS, object_id)
