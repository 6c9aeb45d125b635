"""pyomero's extension: file attachments over JSON, the bytes uploaded and downloaded.

A POST of ``multipart/form-data`` to ``m/<type>s/<id>/annotations/`` (field ``file``,
optional ``Namespace`` and ``Description``) attaches the file with the webclient's use
case, ``model.actions.do_attach_files``: an OriginalFile of the object's group in the
``Files`` repository (``Files/<id>`` of omero.data.dir or of the object store of
omero.data.store_url, as OMERO keeps attachments) and
a FileAnnotation of it linked to the object, all or nothing. GET
``m/annotations/<id>/file/`` sends the bytes back to whoever sees the annotation.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile

from pyomero.api.errors import BadRequestError, NotFoundError
from pyomero.model.actions.files import stored_bytes
from pyomero.model.context import EventContext
from pyomero.model.models import AnnotationKind, OriginalFile
from pyomero.model.queries import visible_annotations
from pyomero.model.storage import StoredBytes


def read_upload(files: Any) -> UploadedFile:
    upload = files.get("file")
    if upload is None:
        raise BadRequestError("A file upload needs the field 'file'")
    return upload  # type: ignore[no-any-return]


def attached_file(ctx: EventContext, annotation_id: int) -> tuple[OriginalFile, StoredBytes]:
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
    where = stored_bytes(file)
    if where is None or not where.exists():
        raise NotFoundError(f"The bytes of file {file.pk} are not stored on this server")
    return file, where
