"""ROIs with their shapes: ``m/rois/``, ``m/rois/<id>/``, ``m/images/<id>/rois/``."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest

from pyomero.api.encoders import encode_roi
from pyomero.api.params import ListParams, parent_param
from pyomero.api.respond import api_view
from pyomero.api.schema import Json
from pyomero.api.views.base import Resource, list_objects, one_object
from pyomero.model.models import Roi, Shape
from pyomero.model.queries import visible_rois


def with_shapes(queryset: QuerySet[Any], params: ListParams) -> QuerySet[Any]:
    shapes = Shape.objects.select_related("owner", "group").order_by("id")
    return queryset.prefetch_related(Prefetch("shapes", shapes))


ROIS = Resource(
    omero_type="Roi",
    model=Roi,
    queryset=visible_rois,
    encode=encode_roi,
    ordering=("id",),
    filters={"image": "image_id"},
    query_filters=(parent_param("image", "Image"),),
    list_links={"url:roi": ("api_roi", "object_id")},
    deletable=True,
    prepare_list=with_shapes,
    prepare_detail=with_shapes,
)


@api_view("GET")
def rois(request: HttpRequest, api_version: str, **path: int) -> Json:
    return list_objects(request, api_version, ROIS, path)


@api_view("GET", "DELETE")
def roi(request: HttpRequest, api_version: str, object_id: int) -> Json:
    return one_object(request, api_version, ROIS, object_id)
