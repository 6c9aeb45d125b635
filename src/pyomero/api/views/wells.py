"""Wells: ``m/wells/``, ``m/wells/<id>/``, ``m/plates/<id>/wells/``,
``m/plateacquisitions/<id>/wells/`` and the wells of one field index
(``.../wellsampleindex/<index>/wells/``).

Listed wells carry their well samples (fields) with their images; filtered by a
run or a field index, only those samples, and only wells that have one. One well
carries its images' Pixels too. Wells are ordered by column, then row.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest

from pyomero.api.encoders import Encoder, encode_well
from pyomero.api.links import Linker
from pyomero.api.params import ListParams, parent_param
from pyomero.api.respond import api_view
from pyomero.api.schema import Json
from pyomero.api.views.base import Resource, list_objects, one_object
from pyomero.model.models import Well, WellSample
from pyomero.model.queries import visible_wells

SAMPLE_JOINS = (
    "owner",
    "group",
    "image",
    "image__owner",
    "image__group",
    "plate_acquisition",
    "plate_acquisition__owner",
    "plate_acquisition__group",
)
PIXELS_JOINS = ("image__pixels", "image__pixels__owner", "image__pixels__group")


def samples_of(params: ListParams, *, pixels: bool) -> QuerySet[WellSample]:
    samples = WellSample.objects.select_related(*SAMPLE_JOINS).order_by("index", "id")
    if pixels:
        samples = samples.select_related(*PIXELS_JOINS)
    if "plateacquisition" in params.filters:
        samples = samples.filter(plate_acquisition_id=params.filters["plateacquisition"])
    if "index" in params.filters:
        samples = samples.filter(index=params.filters["index"])
    return samples


def with_samples(queryset: QuerySet[Any], params: ListParams) -> QuerySet[Any]:
    return queryset.prefetch_related(Prefetch("samples", samples_of(params, pixels=False)))


def with_images(queryset: QuerySet[Any], params: ListParams) -> QuerySet[Any]:
    return queryset.prefetch_related(Prefetch("samples", samples_of(params, pixels=True)))


def encode_listed(enc: Encoder, well: Well) -> Json:
    return encode_well(enc, well, well.samples.all())


def encode_one(enc: Encoder, well: Well) -> Json:
    return encode_well(enc, well, well.samples.all(), pixels=True)


def add_image_links(link: Linker, well: Well, encoded: Json) -> None:
    for sample in encoded.get("WellSamples", []):
        image = sample["Image"]
        image["url:image"] = link.url("api_image", object_id=image["@id"])


WELLS = Resource(
    omero_type="Well",
    model=Well,
    queryset=visible_wells,
    encode=encode_listed,
    encode_detail=encode_one,
    ordering=("column", "row", "id"),
    filters={
        "plate": "plate_id",
        "plateacquisition": "samples__plate_acquisition_id",
        "index": "samples__index",
    },
    query_filters=(parent_param("plate", "Plate (the parent)"),),
    list_links={
        "url:well": ("api_well", "object_id"),
        "url:plates": ("api_well_plates", "well_id"),
    },
    detail_links={"url:plates": ("api_well_plates", "well_id")},
    prepare_list=with_samples,
    prepare_detail=with_images,
    extra_list=add_image_links,
    extra_detail=add_image_links,
)


@api_view("GET")
def wells(request: HttpRequest, api_version: str, **path: int) -> Json:
    return list_objects(request, api_version, WELLS, path)


@api_view("GET", omero_type="Well")
def well(request: HttpRequest, api_version: str, object_id: int) -> Json:
    return one_object(request, api_version, WELLS, object_id)
