"""Writes of original files and filesets (the import issue builds on these)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from pyomero.model.actions._base import clean_name, new, new_like
from pyomero.model.context import EventContext
from pyomero.model.models import Fileset, FilesetEntry, OriginalFile


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
