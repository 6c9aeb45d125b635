"""Projects and datasets, and the links that put datasets in projects and images in datasets."""

from __future__ import annotations

from django.db import models

from pyomero.model.models.base import Link, NamedObject


class Project(NamedObject):
    omero_type = "Project"

    datasets = models.ManyToManyField(
        "model.Dataset", through="model.ProjectDatasetLink", related_name="projects"
    )


class Dataset(NamedObject):
    omero_type = "Dataset"

    images = models.ManyToManyField(
        "model.Image", through="model.DatasetImageLink", related_name="datasets"
    )


class ProjectDatasetLink(Link):
    omero_type = "ProjectDatasetLink"

    parent = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="dataset_links")
    child = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="project_links")

    class Meta(Link.Meta):
        constraints = [models.UniqueConstraint(fields=["parent", "child"], name="model_pdl_unique")]


class DatasetImageLink(Link):
    omero_type = "DatasetImageLink"

    parent = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="image_links")
    child = models.ForeignKey("model.Image", on_delete=models.CASCADE, related_name="dataset_links")

    class Meta(Link.Meta):
        constraints = [models.UniqueConstraint(fields=["parent", "child"], name="model_dil_unique")]
