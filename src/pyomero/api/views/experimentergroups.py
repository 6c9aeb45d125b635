"""Groups: ``m/experimentergroups/``, ``m/experimentergroups/<id>/``,
``m/experimenters/<id>/experimentergroups/``; ordered by name."""

from __future__ import annotations

from django.db.models.functions import Lower
from django.http import HttpRequest

from pyomero.api.encoders import encode_group
from pyomero.api.params import parent_param
from pyomero.api.respond import api_view
from pyomero.api.schema import Json
from pyomero.api.views.base import Resource, list_objects, one_object
from pyomero.model.models import ExperimenterGroup
from pyomero.model.queries import visible_groups

EXPERIMENTER_GROUPS = Resource(
    omero_type="ExperimenterGroup",
    model=ExperimenterGroup,
    queryset=visible_groups,
    encode=encode_group,
    ordering=(Lower("name"), "id"),
    filters={"experimenter": "member_maps__child_id"},
    query_filters=(parent_param("experimenter", "Experimenter (a member)"),),
    owned=False,
    list_links={
        "url:experimentergroup": ("api_experimentergroup", "object_id"),
        "url:experimenters": ("api_experimentergroup_experimenters", "experimentergroup_id"),
    },
    detail_links={
        "url:experimenters": ("api_experimentergroup_experimenters", "experimentergroup_id")
    },
)


@api_view("GET")
def experimenter_groups(request: HttpRequest, api_version: str, **path: int) -> Json:
    return list_objects(request, api_version, EXPERIMENTER_GROUPS, path)


@api_view("GET")
def experimenter_group(request: HttpRequest, api_version: str, object_id: int) -> Json:
    return one_object(request, api_version, EXPERIMENTER_GROUPS, object_id)
