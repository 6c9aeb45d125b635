"""Images: ``m/images/``, ``m/images/<id>/``, ``m/datasets/<id>/images/``.

A listed image carries its Pixels; one image also its Channels (OMERO's loading).
Images are deleted through their dataset or fileset, not here (405, as OMERO).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Lower
from django.http import HttpRequest

from pyomero.api.encoders import Encoder, encode_image
from pyomero.api.links import Linker
from pyomero.api.params import ListParams, parent_param
from pyomero.api.respond import api_view
from pyomero.api.schema import Json
from pyomero.api.views.base import Resource, list_objects, one_object
from pyomero.model.models import Channel, Image
from pyomero.model.queries import visible_images


def with_pixels(queryset: QuerySet[Any], params: ListParams) -> QuerySet[Any]:
    """The Pixels joined; their owners and groups (the images') fetched once."""
    return queryset.select_related("pixels").prefetch_related("pixels__owner", "pixels__group")


def with_channels(queryset: QuerySet[Any], params: ListParams) -> QuerySet[Any]:
    channels = Channel.objects.select_related("owner", "group").order_by("index")
    return with_pixels(queryset, params).prefetch_related(
        Prefetch("pixels__channels", queryset=channels)
    )


def encode_with_channels(enc: Encoder, image: Image) -> Json:
    return encode_image(enc, image, channels=True)


def add_zarr_link(link: Linker, image: Image, encoded: Json) -> None:
    """``url:pyomero:zarr``: the image's OME-Zarr store (read with the session cookie);
    ``url:pyomero:zarr_link``: where to get a store URL that needs no cookie (napari)."""
    zattrs = link.url("api_image_zarr", object_id=image.pk, key=".zattrs")
    encoded["url:pyomero:zarr"] = zattrs.removesuffix(".zattrs")
    encoded["url:pyomero:zarr_link"] = link.url("api_image_zarr_link", object_id=image.pk)


IMAGES = Resource(
    omero_type="Image",
    model=Image,
    queryset=visible_images,
    encode=encode_image,
    encode_detail=encode_with_channels,
    ordering=(Lower("name"), "id"),
    filters={"dataset": "dataset_links__parent_id"},
    query_filters=(parent_param("dataset", "Dataset (the parent)"),),
    orphaned={"dataset_links__isnull": True, "well_samples__isnull": True},
    list_links={
        "url:image": ("api_image", "object_id"),
        "url:datasets": ("api_image_datasets", "image_id"),
        "url:pyomero:rendering": ("api_image_rendering", "object_id"),
    },
    detail_links={
        "url:datasets": ("api_image_datasets", "image_id"),
        "url:rois": ("api_image_rois", "image_id"),
        "url:pyomero:rendering": ("api_image_rendering", "object_id"),
    },
    prepare_list=with_pixels,
    prepare_detail=with_channels,
    extra_list=add_zarr_link,
    extra_detail=add_zarr_link,
)


@api_view("GET")
def images(request: HttpRequest, api_version: str, **path: int) -> Json:
    return list_objects(request, api_version, IMAGES, path)


@api_view("GET", omero_type="Image")
def image(request: HttpRequest, api_version: str, object_id: int) -> Json:
    return one_object(request, api_version, IMAGES, object_id)
