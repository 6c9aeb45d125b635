"""Experimenters: ``m/experimenters/``, ``m/experimenters/<id>/``,
``m/experimentergroups/<id>/experimenters/``; ordered by last, then first name."""

from __future__ import annotations

from django.db.models.functions import Lower
from django.http import HttpRequest

from pyomero.api.encoders import encode_experimenter
from pyomero.api.params import parent_param
from pyomero.api.respond import api_view
from pyomero.api.schema import Json
from pyomero.api.views.base import Resource, list_objects, one_object
from pyomero.model.models import Experimenter
from pyomero.model.queries import visible_experimenters

EXPERIMENTERS = Resource(
    omero_type="Experimenter",
    model=Experimenter,
    queryset=visible_experimenters,
    encode=encode_experimenter,
    ordering=(Lower("last_name"), Lower("first_name"), "id"),
    filters={"experimentergroup": "group_maps__parent_id"},
    query_filters=(parent_param("experimentergroup", "ExperimenterGroup"),),
    owned=False,
    list_links={
        "url:experimenter": ("api_experimenter", "object_id"),
        "url:experimentergroups": ("api_experimenter_experimentergroups", "experimenter_id"),
    },
    detail_links={
        "url:experimentergroups": ("api_experimenter_experimentergroups", "experimenter_id"),
    },
)


@api_view("GET")
def experimenters(request: HttpRequest, api_version: str, **path: int) -> Json:
    return list_objects(request, api_version, EXPERIMENTERS, path)


@api_view("GET")
def experimenter(request: HttpRequest, api_version: str, object_id: int) -> Json:
    return one_object(request, api_version, EXPERIMENTERS, object_id)
