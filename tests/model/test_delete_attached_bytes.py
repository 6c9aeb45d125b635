"""The bytes of attached files (``omero.data.dir/Files/``) go with their rows, once the
deleting transaction commits, whichever delete removed the rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from pyomero.model.actions import do_add_file_annotation, do_create_original_file, do_delete
from pyomero.model.actions.files import FILES_REPO, files_root
from pyomero.model.context import EventContext
from pyomero.model.models import Annotation, Image, OriginalFile
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas


def _attach(
    ctx: EventContext, image: Image, name: str, folder: str = ""
) -> tuple[Annotation, Path]:
    """An attachment whose bytes are on disk: ``Files/<folder>/<name>``, else ``Files/<id>``."""
    file = do_create_original_file(
        ctx, name, path=f"{folder}/" if folder else "", size=5, repo=FILES_REPO
    )
    where = files_root().local_path(f"{folder}/{name}" if folder else str(file.pk))
    assert where is not None
    where.parent.mkdir(parents=True, exist_ok=True)
    where.write_bytes(b"bytes")
    return do_add_file_annotation(ctx, image, file), where


def test_it_removes_a_deleted_file_annotations_bytes_after_the_commit(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    ctx = personas.ctx("owner", personas.group)
    image = make_image(ctx, "a.tif")
    annotation, where = _attach(ctx, image, "notes.txt")  # as the JSON API stores them
    with django_capture_on_commit_callbacks(execute=True):
        do_delete(ctx, annotation)  # the JSON API's DELETE of an annotation
        assert where.is_file()  # still there until the commit
    assert not where.exists()
    assert not OriginalFile.objects.exists()


def test_it_removes_the_bytes_of_a_deleted_original_file_and_its_folder(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    ctx = personas.ctx("owner", personas.group)
    image = make_image(ctx, "a.tif")
    annotation, where = _attach(ctx, image, "notes.txt", folder="f00d")  # as the webclient
    with django_capture_on_commit_callbacks(execute=True):
        do_delete(ctx, annotation.file)
    assert not where.parent.exists()
    assert not Annotation.objects.exists()


def test_it_removes_the_bytes_of_attachments_deleted_with_their_image(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    ctx = personas.ctx("owner", personas.group)
    image = make_image(ctx, "a.tif")
    _, where = _attach(ctx, image, "notes.txt")
    with django_capture_on_commit_callbacks(execute=True):
        do_delete(ctx, image, annotations=True)
    assert not where.exists()


def test_it_keeps_the_bytes_when_the_delete_is_rolled_back(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    ctx = personas.ctx("owner", personas.group)
    image = make_image(ctx, "a.tif")
    annotation, where = _attach(ctx, image, "notes.txt")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        do_delete(ctx, annotation)
        raise RuntimeError("something after the delete failed")
    assert where.read_bytes() == b"bytes"
    assert OriginalFile.objects.count() == 1
