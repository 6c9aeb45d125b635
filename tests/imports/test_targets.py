"""-d puts images in a dataset, -T Dataset:name:NAME finds or makes one; a target the
user may not use is refused before anything is imported."""

from __future__ import annotations

from typing import Any

import pytest

from pyomero.imports import Target
from pyomero.model.actions import do_create_dataset
from pyomero.model.errors import ObjectNotFoundError
from pyomero.model.models import Dataset, Fileset
from pyomero.testing.personas import Personas
from pyomero.testing.samples import Sample

from .conftest import only


def test_it_puts_the_images_in_the_dataset_of_d(
    samples: dict[str, Sample], do_import: Any, owner_ctx: Any
) -> None:
    dataset = do_create_dataset(owner_ctx, "mine")
    result = only(do_import(samples["png"].path, target=Target(dataset_id=dataset.pk)))
    assert list(dataset.images.values_list("pk", flat=True)) == list(result.image_ids)


def test_it_finds_or_creates_the_dataset_named_by_t(
    samples: dict[str, Sample], do_import: Any
) -> None:
    target = Target.parse("Dataset:name:run 7")
    first = only(do_import(samples["png"].path, target=target))
    second = only(do_import(samples["bmp"].path, target=target))
    dataset = Dataset.objects.get(name="run 7")
    assert set(dataset.images.values_list("pk", flat=True)) == {
        *first.image_ids,
        *second.image_ids,
    }


def test_it_imports_into_the_datasets_group(
    samples: dict[str, Sample], do_import: Any, personas: Personas
) -> None:
    other = do_create_dataset(personas.ctx("owner", personas.other_group), "elsewhere")
    result = only(do_import(samples["png"].path, target=Target(dataset_id=other.pk)))
    assert Fileset.objects.get(pk=result.fileset_id).group_id == personas.other_group.pk


def test_it_refuses_a_dataset_the_user_cannot_see(
    samples: dict[str, Sample], do_import: Any, personas: Personas
) -> None:
    theirs = do_create_dataset(personas.ctx("outsider", personas.outside_group), "theirs")
    with pytest.raises(ObjectNotFoundError):
        do_import(samples["png"].path, target=Target(dataset_id=theirs.pk))
    assert not Fileset.objects.exists()


def test_it_parses_omero_target_specs() -> None:
    assert Target.parse("Dataset:id:4") == Target(dataset_id=4)
    assert Target.parse("Screen:id:2") == Target(screen_id=2)
    with pytest.raises(ValueError, match="bad target"):
        Target.parse("Project:name:x")
