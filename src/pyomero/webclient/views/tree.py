"""``webclient/api/``: the JSON the tree loads lazily (containers, datasets, images,
plates, plate_acquisitions, tags, paths_to_object), with OMERO.web's parameters and field names."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pyomero.model.access import access_well
from pyomero.model.errors import InputInvalidError
from pyomero.webclient import tags, tree
from pyomero.webclient.objects import access_by_type
from pyomero.webclient.params import ListParams
from pyomero.webclient.session import context
from pyomero.webclient.views._common import allow, json_view

PATH_TYPES = ("image", "dataset", "project", "well", "acquisition", "plate", "screen")


@allow("GET")
@json_view
def api_containers(request: HttpRequest) -> dict[str, Any]:
    ctx, params = context(request), ListParams.parse(request)
    return {
        "projects": tree.projects(ctx, params),
        "datasets": tree.orphaned_datasets(ctx, params),
        "screens": tree.screens(ctx, params),
        "plates": tree.orphaned_plates(ctx, params),
        "orphaned": tree.orphaned_count(ctx, params.experimenter_id),
    }


@allow("GET")
@json_view
def api_datasets(request: HttpRequest) -> dict[str, Any]:
    return {"datasets": tree.datasets_in_project(context(request), ListParams.parse(request))}


@allow("GET")
@json_view
def api_images(request: HttpRequest) -> dict[str, Any]:
    ctx, params = context(request), ListParams.parse(request)
    extras = tree.ImageExtras(
        sizes=request.GET.get("sizeXYZ") == "true", dates=request.GET.get("date") == "true"
    )
    if request.GET.get("orphaned") == "true":
        return {"images": tree.orphaned_images(ctx, params, extras)}
    if params.parent_id == -1:
        raise InputInvalidError("images of which dataset? give id= or orphaned=true")
    return {"images": tree.images_in_dataset(ctx, params, extras)}


@allow("GET")
@json_view
def api_plates(request: HttpRequest) -> dict[str, Any]:
    ctx, params = context(request), ListParams.parse(request)
    if request.GET.get("orphaned") == "true":
        return {"plates": tree.orphaned_plates(ctx, params)}
    if params.parent_id == -1:
        raise InputInvalidError("plates of which screen? give id= or orphaned=true")
    return {"plates": tree.plates_in_screen(ctx, params)}


@allow("GET")
@json_view
def api_plate_acquisitions(request: HttpRequest) -> dict[str, Any]:
    params = ListParams.parse(request)
    if params.parent_id == -1:
        raise InputInvalidError("runs of which plate? give id=")
    return {"acquisitions": tree.plate_acquisitions(context(request), params)}


@allow("GET")
@json_view
def api_plate_fields(request: HttpRequest) -> dict[str, Any]:
    """``{"fields": [first, last]}``: the field indexes the plate grid can show."""
    params = ListParams.parse(request)
    return {"fields": tree.plate_fields(context(request), params.parent_id)}


@allow("GET")
@json_view
def api_tags(request: HttpRequest) -> dict[str, Any]:
    """The tag sets and tags in no set; with ``id=<tag>``, its tags and what it is on."""
    ctx, params = context(request), ListParams.parse(request)
    if params.parent_id == -1:
        return {"tags": tags.tags(ctx, params, orphaned=request.GET.get("orphaned") == "true")}
    return {"tags": tags.tags_in_set(ctx, params), **tags.tagged(ctx, params)}


@allow("GET")
@json_view
def api_paths_to_object(request: HttpRequest) -> dict[str, Any]:
    """OMERO's priority when several are given: image, dataset, project, well,
    acquisition, plate, then screen."""
    ctx = context(request)
    page_size = request.GET.get("page_size", "")
    if page_size and not page_size.isdigit():
        raise InputInvalidError("page_size must be a whole number")
    for c_type in PATH_TYPES:
        value = request.GET.get(c_type, "")
        if value and not value.isdigit():
            raise InputInvalidError(f"{c_type} must be an id")
        if value:
            c_id = int(value)
            obj = access_well(ctx, c_id) if c_type == "well" else access_by_type(ctx, c_type, c_id)
            return {"paths": tree.paths_to_object(ctx, obj, int(page_size or 0))}
    return {"paths": []}  # nothing asked for: no paths, as OMERO
