"""Writes of original files and filesets (the import issue builds on these), the one
use case that attaches uploaded files (:func:`do_attach_files`, for the webclient and
the JSON API), and the one place their rows are deleted: :func:`delete_original_files`
removes the bytes of attached files (``Files/``) and of imported originals
(``ManagedRepository/``), on disk or on the object store, once the deleting transaction
commits."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet

from pyomero.model import storage
from pyomero.model.access import check
from pyomero.model.actions._base import clean_name, new, new_like
from pyomero.model.actions.annotations import do_add_file_annotation
from pyomero.model.context import EventContext
from pyomero.model.errors import InputInvalidError
from pyomero.model.models import Annotation, Fileset, FilesetEntry, OriginalFile
from pyomero.model.permissions import Action
from pyomero.model.storage import StoredBytes
from pyomero.pixels.store.files import FileStore

log = logging.getLogger(__name__)

#: The repository of attached files (OMERO's ``/OMERO/Files``).
FILES_REPO = storage.FILES


def files_root() -> FileStore:
    """The ``Files`` repository new attachments go to (data dir or object store)."""
    return storage.repository(FILES_REPO)


def stored_bytes(file: OriginalFile) -> StoredBytes | None:
    """Where the bytes of a file of the ``Files`` repository are: ``Files/<path>/<name>``,
    or ``Files/<id>`` when it has no path; None for other repositories or a path that
    would leave ``Files/``."""
    if file.repo != FILES_REPO:
        return None
    return storage.bytes_of(file)


def delete_original_files(files: QuerySet[OriginalFile]) -> None:
    """Delete ``files`` (their file annotations go with them); their stored bytes (attached
    files and imported originals alike) go once the transaction commits, and stay if it
    is rolled back."""
    doomed = [where for file in files if (where := storage.bytes_of(file)) is not None]
    files.delete()
    if doomed:
        transaction.on_commit(partial(_remove_bytes, doomed))


def _remove_bytes(locations: list[StoredBytes]) -> None:
    for location in locations:
        try:
            location.remove()
        except OSError:  # an object store that does not answer: admin check finds it
            log.warning("could not remove %s", location.url, exc_info=True)


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
    store: str = "",
) -> OriginalFile:
    """Record a file in ``group_id`` (default: ctx's group); the bytes are stored elsewhere.

    ``repo`` names where under ``omero.data.dir`` (``ManagedRepository`` when empty),
    or under the object store ``store`` (a URL) when it is not empty.
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
            store=store,
        )


def do_attach_files(
    ctx: EventContext,
    objects: Sequence[Any],
    uploads: Iterable[UploadedFile[bytes]],
    *,
    ns: str = "",
    description: str = "",
) -> list[Annotation]:
    """Attach each upload to each of ``objects``, all or nothing.

    Per object and upload: an OriginalFile in the object's group, its bytes at
    ``omero.data.dir/Files/<id>`` (as OMERO keeps attachments), and a FileAnnotation
    linked to the object. Nothing is written unless ctx may annotate every object; a
    failure rolls the rows back and removes the bytes already stored.
    """
    for obj in objects:
        check(ctx, Action.ANNOTATE, obj)
    uploads = list(uploads)
    if not uploads:
        raise InputInvalidError("choose a file to attach")
    names = [_upload_name(upload) for upload in uploads]
    root = files_root()
    written: list[StoredBytes] = []
    try:
        with transaction.atomic():
            added = []
            for obj in objects:
                in_group = ctx.in_group(obj.group_id)
                for name, upload in zip(names, uploads, strict=True):
                    file = _store_upload(in_group, root, name, upload, written)
                    added.append(
                        do_add_file_annotation(in_group, obj, file, ns=ns, description=description)
                    )
            return added
    except BaseException:
        _remove_bytes(written)
        raise


def _upload_name(upload: UploadedFile[bytes]) -> str:
    name = Path(upload.name or "").name.strip()
    if not name or name in (".", ".."):
        raise InputInvalidError("an attached file needs a name")
    return name


def _store_upload(
    ctx: EventContext,
    root: FileStore,
    name: str,
    upload: UploadedFile[bytes],
    written: list[StoredBytes],
) -> OriginalFile:
    """The upload's bytes at ``Files/<id>`` of a new OriginalFile; each file written is
    added to ``written``, for the caller to remove on failure."""
    digest, size = hashlib.sha1(usedforsecurity=False), 0
    upload.seek(0)  # the same upload may be stored for several objects
    for chunk in upload.chunks(1 << 20):
        digest.update(chunk)
        size += len(chunk)
    file = do_create_original_file(
        ctx,
        name,
        size=size,
        sha1=digest.hexdigest(),
        mimetype=upload.content_type or "application/octet-stream",
        repo=FILES_REPO,
        store=storage.row_store(),
    )
    upload.seek(0)
    key = str(file.pk)
    with root.writer(key) as out:
        for chunk in upload.chunks(1 << 20):
            out.write(chunk)
    written.append(StoredBytes(root, key))
    return file


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
