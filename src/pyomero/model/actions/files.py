"""Writes of original files and filesets (the import issue builds on these), and the
one place their rows are deleted: :func:`delete_original_files` removes the bytes of
attached files (``omero.data.dir/Files/``) once the deleting transaction commits."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from pyomero.model.actions._base import clean_name, new, new_like
from pyomero.model.context import EventContext
from pyomero.model.models import Fileset, FilesetEntry, OriginalFile

#: The repository of attached files, under ``omero.data.dir`` (OMERO's ``/OMERO/Files``).
FILES_REPO = "Files"


def files_root() -> Path:
    return Path(settings.OMERO_CONFIG.data_dir()) / FILES_REPO


def stored_bytes(file: OriginalFile) -> Path | None:
    """Where the bytes of a file of the ``Files`` repository are: ``Files/<path>/<name>``,
    or ``Files/<id>`` when it has no path; None for other repositories or a path that
    would leave ``Files/``."""
    if file.repo != FILES_REPO:
        return None
    root = files_root().resolve()
    folder = file.path.strip("/")
    where = ((root / folder / file.name) if folder else root / str(file.pk)).resolve()
    return where if root in where.parents else None


def delete_original_files(files: QuerySet[OriginalFile]) -> None:
    """Delete ``files`` (their file annotations go with them); their stored bytes go once
    the transaction commits, and stay if it is rolled back."""
    kept = files.filter(repo=FILES_REPO)
    doomed = [where for file in kept if (where := stored_bytes(file)) is not None]
    files.delete()
    if doomed:
        transaction.on_commit(partial(_remove_bytes, doomed))


def _remove_bytes(locations: list[Path]) -> None:
    root = files_root().resolve()
    for location in locations:
        location.unlink(missing_ok=True)
        folder = location.parent
        if folder != root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def do_create_original_file(
    ctx: EventContext,
    name: str,
    *,
    path: str = "",
    size: int | None = None,
    sha1: str = "",
    mimetype: str = "application/octet-stream",
    repo: str = "",
    group_id: int | None = None,
) -> OriginalFile:
    """Record a file in ``group_id`` (default: ctx's group); the bytes are stored elsewhere.

    ``repo`` names where under ``omero.data.dir`` (``ManagedRepository`` when empty).
    """
    with transaction.atomic():
        return new(
            OriginalFile,
            ctx,
            group_id,
            repo=repo,
            name=clean_name(name, "file name"),
            path=path,
            size=size,
            hash=sha1,
            mimetype=mimetype,
        )


def do_create_fileset(
    ctx: EventContext,
    files: Sequence[OriginalFile],
    *,
    template_prefix: str = "",
    client_paths: Sequence[str] = (),
) -> Fileset:
    """A fileset of ``files`` in order; ``client_paths`` as the uploader named them."""
    with transaction.atomic():
        fileset = new(Fileset, ctx, template_prefix=template_prefix)
        for index, original in enumerate(files):
            client_path = client_paths[index] if index < len(client_paths) else original.name
            new_like(
                FilesetEntry,
                fileset,
                fileset=fileset,
                original_file=original,
                client_path=client_path,
                index=index,
            )
    return fileset
