"""Projects, datasets and screens (their children are listed by URL, not nested)."""

from __future__ import annotations

from pyomero.api.encoders.base import Encoder
from pyomero.api.schema import Json
from pyomero.model.models import Dataset, Project, Screen


def encode_project(enc: Encoder, project: Project) -> Json:
    return enc.named(project, "Project")


def encode_dataset(enc: Encoder, dataset: Dataset) -> Json:
    return enc.named(dataset, "Dataset")


def encode_screen(enc: Encoder, screen: Screen) -> Json:
    return enc.named(screen, "Screen")
