"""pyomero's extension: file attachments over JSON, the bytes uploaded and downloaded.

A POST of ``multipart/form-data`` to ``m/<type>s/<id>/annotations/`` (field ``file``,
optional ``Namespace`` and ``Description``) stores the bytes as an OriginalFile of
the object's group in the ``Files`` repository (``omero.data.dir/Files/<id>``, as
OMERO keeps attachments) and links a FileAnnotation of it to the object, in one
transaction: a refused or failed upload leaves no row and no file. GET
``m/annotations/<id>/file/`` sends the bytes back to whoever sees the annotation.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from pyomero.api.errors import BadRequestError, NotFoundError
from pyomero.model.actions import do_add_file_annotation, do_create_original_file
from pyomero.model.actions.files import stored_bytes
from pyomero.model.context import EventContext
from pyomero.model.models import Annotation, AnnotationKind, OriginalFile
from pyomero.model.queries import visible_annotations

REPOSITORY = "Files"
MIMETYPE = "application/octet-stream"


def files_dir() -> Path:
    return Path(settings.OMERO_CONFIG.data_dir()) / REPOSITORY


def location(file: OriginalFile) -> Path:
    return stored_bytes(file) or files_dir() / str(file.pk)


def attach_upload(
    ctx: EventContext, target: Any, upload: UploadedFile, ns: str = "", description: str = ""
) -> Annotation:
    """Store ``upload`` and attach it to ``target`` (ANNOTATE on it, as any annotation)."""
    folder = files_dir()
    folder.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        sha1, size = hashlib.sha1(), 0
        with os.fdopen(handle, "wb") as out:
            for chunk in upload.chunks():
                sha1.update(chunk)
                size += len(chunk)
                out.write(chunk)
        with transaction.atomic():
            file = do_create_original_file(
                ctx,
                Path(upload.name or "attachment").name,
                size=size,
                sha1=sha1.hexdigest(),
                mimetype=upload.content_type or MIMETYPE,
                repo=REPOSITORY,
                group_id=target.group_id,
            )
            annotation = do_add_file_annotation(ctx, target, file, ns=ns, description=description)
            os.replace(partial, location(file))  # last: nothing to undo after it
    finally:
        Path(partial).unlink(missing_ok=True)
    return annotation


def read_upload(files: Any) -> UploadedFile:
    upload = files.get("file")
    if upload is None:
        raise BadRequestError("A file upload needs the field 'file'")
    return upload  # type: ignore[no-any-return]


def attached_file(ctx: EventContext, annotation_id: int) -> tuple[OriginalFile, Path]:
    """The file of a visible file annotation and where its bytes are, or a 404."""
    annotation = (
        visible_annotations(ctx)
        .filter(pk=annotation_id, kind=AnnotationKind.FILE)
        .select_related("file")
        .first()
    )
    if annotation is None or annotation.file is None:
        raise NotFoundError(f"No file annotation {annotation_id}")
    file = annotation.file
    where = location(file)
    if file.repo != REPOSITORY or not where.is_file():
        raise NotFoundError(f"The bytes of file {file.pk} are not stored on this server")
    return file, where
