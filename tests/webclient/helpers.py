"""Types shared by the webclient tests (the fixtures live in conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.test import Client

from pyomero.model.models import Dataset, Image, Project


@dataclass(frozen=True)
class Tree:
    project: Project
    dataset: Dataset
    images: list[Image]


SignedIn = Callable[[str], Client]
