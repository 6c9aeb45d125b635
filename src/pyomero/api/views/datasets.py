"""Datasets: ``m/datasets/``, ``m/datasets/<id>/``, ``m/projects/<id>/datasets/``,
``m/images/<id>/datasets/``."""

from __future__ import annotations

from django.db.models.functions import Lower
from django.http import HttpRequest

from pyomero.api.encoders import encode_dataset
from pyomero.api.params import parent_param
from pyomero.api.respond import api_view
from pyomero.api.schema import Json
from pyomero.api.views.base import Resource, list_objects, one_object
from pyomero.model.models import Dataset, DatasetImageLink
from pyomero.model.queries import visible_datasets

DATASETS = Resource(
    omero_type="Dataset",
    model=Dataset,
    queryset=visible_datasets,
    encode=encode_dataset,
    ordering=(Lower("name"), "id"),
    filters={"project": "project_links__parent_id", "image": "image_links__child_id"},
    query_filters=(
        parent_param("project", "Project (the parent)"),
        parent_param("image", "Image (a child)"),
    ),
    orphaned={"project_links__isnull": True},
    child_link=DatasetImageLink,
    list_links={
        "url:images": ("api_dataset_images", "dataset_id"),
        "url:dataset": ("api_dataset", "object_id"),
        "url:projects": ("api_dataset_projects", "dataset_id"),
    },
    detail_links={
        "url:images": ("api_dataset_images", "dataset_id"),
        "url:projects": ("api_dataset_projects", "dataset_id"),
    },
    deletable=True,
)


@api_view("GET")
def datasets(request: HttpRequest, api_version: str, **path: int) -> Json:
    return list_objects(request, api_version, DATASETS, path)


@api_view("GET", "DELETE")
def dataset(request: HttpRequest, api_version: str, object_id: int) -> Json:
    return one_object(request, api_version, DATASETS, object_id)
