"""One shape: ``m/shapes/<id>/`` (GET, DELETE); OMERO lists shapes only inside ROIs."""

from __future__ import annotations

from django.http import HttpRequest

from pyomero.api.encoders import encode_shape
from pyomero.api.links import Linker
from pyomero.api.respond import api_view
from pyomero.api.schema import Json
from pyomero.api.views.base import Resource, one_object
from pyomero.model.models import Shape
from pyomero.model.queries import visible_shapes


def add_roi_link(link: Linker, shape: Shape, encoded: Json) -> None:
    """OMERO's ``ShapeView``: ``url:roi``, the ROI the shape belongs to."""
    encoded["url:roi"] = link.url("api_roi", object_id=shape.roi_id)


SHAPES = Resource(
    omero_type="Shape",
    model=Shape,
    queryset=visible_shapes,
    encode=encode_shape,
    ordering=("id",),
    deletable=True,
    extra_detail=add_roi_link,
)


@api_view("GET", "DELETE")
def shape(request: HttpRequest, api_version: str, object_id: int) -> Json:
    return one_object(request, api_version, SHAPES, object_id)
