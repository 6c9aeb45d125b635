"""Projects: ``m/projects/``, ``m/projects/<id>/``, ``m/datasets/<id>/projects/``."""

from __future__ import annotations

from django.db.models.functions import Lower
from django.http import HttpRequest

from pyomero.api.encoders import encode_project
from pyomero.api.params import parent_param
from pyomero.api.respond import api_view
from pyomero.api.schema import Json
from pyomero.api.views.base import Resource, list_objects, one_object
from pyomero.model.models import Project, ProjectDatasetLink
from pyomero.model.queries import visible_projects

PROJECTS = Resource(
    omero_type="Project",
    model=Project,
    queryset=visible_projects,
    encode=encode_project,
    ordering=(Lower("name"), "id"),
    filters={"dataset": "dataset_links__child_id"},
    query_filters=(parent_param("dataset", "Dataset (a child)"),),
    child_link=ProjectDatasetLink,
    list_links={
        "url:datasets": ("api_project_datasets", "project_id"),
        "url:project": ("api_project", "object_id"),
    },
    detail_links={"url:datasets": ("api_project_datasets", "project_id")},
    deletable=True,
)


@api_view("GET")
def projects(request: HttpRequest, api_version: str, **path: int) -> Json:
    return list_objects(request, api_version, PROJECTS, path)


@api_view("GET", "DELETE")
def project(request: HttpRequest, api_version: str, object_id: int) -> Json:
    return one_object(request, api_version, PROJECTS, object_id)
