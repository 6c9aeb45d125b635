"""An import leaves nothing queued for search: its images are found at once, and the
queue does not wait for someone to search to shrink."""

from __future__ import annotations

from typing import Any

from pyomero.model.models import SearchDirty, SearchEntry
from pyomero.testing.samples import Sample

from .conftest import only


def test_it_indexes_the_imported_images_at_the_end_of_the_import(
    samples: dict[str, Sample], do_import: Any
) -> None:
    result = only(do_import(samples["ome-tiff"].path))

    assert not SearchDirty.objects.exists()
    entries = SearchEntry.objects.filter(obj_type="Image", obj_id__in=result.image_ids)
    assert entries.count() == len(result.image_ids) > 0
