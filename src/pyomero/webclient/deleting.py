"""Deleting a selection, and the bytes of the attached files that go with it.

``model.actions`` deletes the rows (an attached file's ``OriginalFile`` goes with its
annotation when ``annotations`` is asked for); the bytes under ``omero.data.dir/Files/``
are removed here, after the transaction, for the files whose rows are gone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.db import transaction

from pyomero.model.actions import do_delete_many
from pyomero.model.actions.graphs import ROOTS, collect
from pyomero.model.context import EventContext
from pyomero.model.models import AnnotationKind, OriginalFile
from pyomero.model.permissions import Action
from pyomero.webclient.annotating import FILES_REPO, files_root


def delete_objects(
    ctx: EventContext, objects: Sequence[Any], *, children: bool, annotations: bool
) -> None:
    doomed = _attachments(ctx, objects, children) if annotations else {}
    do_delete_many(ctx, objects, children=children, annotations=annotations)
    gone = set(doomed) - set(
        OriginalFile.objects.filter(pk__in=doomed).values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: _remove([doomed[pk] for pk in gone]))


def _attachments(ctx: EventContext, objects: Sequence[Any], children: bool) -> dict[int, Path]:
    """The attached files on the graph of ``objects``, by id, and where their bytes are."""
    roots = [obj for obj in objects if isinstance(obj, ROOTS)]
    if not roots:
        return {}
    graph = collect(ctx, roots, Action.DELETE, children=children)
    annotation_ids = [
        pk for _, qs in graph.annotated() for pk in qs.values_list("child_id", flat=True)
    ]
    files = OriginalFile.objects.filter(
        annotations__pk__in=annotation_ids,
        annotations__kind=AnnotationKind.FILE,
        repo__in=("", FILES_REPO),
        fileset_entries__isnull=True,
    ).distinct()
    root = files_root().resolve()
    found = {}
    for file in files:
        location = (root / file.path.lstrip("/") / file.name).resolve()
        if root in location.parents:
            found[file.pk] = location
    return found


def _remove(locations: list[Path]) -> None:
    root = files_root().resolve()
    for location in locations:
        location.unlink(missing_ok=True)
        folder = location.parent
        if folder != root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
