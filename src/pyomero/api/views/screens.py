"""Screens: ``m/screens/``, ``m/screens/<id>/``, ``m/plates/<id>/screens/``."""

from __future__ import annotations

from django.db.models.functions import Lower
from django.http import HttpRequest

from pyomero.api.encoders import encode_screen
from pyomero.api.params import parent_param
from pyomero.api.respond import api_view
from pyomero.api.schema import Json
from pyomero.api.views.base import Resource, list_objects, one_object
from pyomero.model.models import Screen, ScreenPlateLink
from pyomero.model.queries import visible_screens

SCREENS = Resource(
    omero_type="Screen",
    model=Screen,
    queryset=visible_screens,
    encode=encode_screen,
    ordering=(Lower("name"), "id"),
    filters={"plate": "plate_links__child_id"},
    query_filters=(parent_param("plate", "Plate (a child)"),),
    child_link=ScreenPlateLink,
    list_links={
        "url:plates": ("api_screen_plates", "screen_id"),
        "url:screen": ("api_screen", "object_id"),
    },
    detail_links={"url:plates": ("api_screen_plates", "screen_id")},
    deletable=True,
)


@api_view("GET")
def screens(request: HttpRequest, api_version: str, **path: int) -> Json:
    return list_objects(request, api_version, SCREENS, path)


@api_view("GET", "DELETE")
def screen(request: HttpRequest, api_version: str, object_id: int) -> Json:
    return one_object(request, api_version, SCREENS, object_id)
