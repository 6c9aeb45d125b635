"""File annotations whose content the server writes itself (not uploads): OMERO.figure's
saved figures (JSON) and the files its export makes (PDF, TIFF).

OMERO keeps such content as an OriginalFile of the ``Files`` repository under a
FileAnnotation that is linked to nothing; :func:`do_store_file_annotation` creates
both, :func:`do_replace_file_content` rewrites the content of one the user may edit.
The bytes go to ``Files/<id>`` (of the data directory or the object store) whole or
not at all, as the last step of the transaction, so that a reader never sees half a
file and a failure leaves no bytes behind.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone

from pyomero.model import storage
from pyomero.model.access import check
from pyomero.model.actions._base import clean_name, new, touch
from pyomero.model.actions.files import (
    FILES_REPO,
    do_create_original_file,
    files_root,
    stored_bytes,
)
from pyomero.model.context import EventContext
from pyomero.model.errors import ActionForbiddenError, InputInvalidError
from pyomero.model.models import (
    ANNOTATION_LINKS,
    Annotation,
    AnnotationKind,
    ExperimenterGroup,
    OriginalFile,
)
from pyomero.model.permissions import Action, acts_as_admin


def do_store_file_annotation(
    ctx: EventContext,
    name: str,
    content: bytes,
    *,
    ns: str,
    description: str = "",
    mimetype: str = "application/octet-stream",
    group_id: int | None = None,
) -> Annotation:
    """A new FileAnnotation (namespace ``ns``) of ``content`` named ``name``, in
    ``group_id`` (default: ctx's group), linked to no object."""
    root = files_root()
    with transaction.atomic():
        file = do_create_original_file(
            ctx,
            name,
            size=len(content),
            sha1=hashlib.sha1(content, usedforsecurity=False).hexdigest(),
            mimetype=mimetype,
            repo=FILES_REPO,
            group_id=group_id,
            store=storage.row_store(),
        )
        annotation = new(
            Annotation,
            ctx,
            file.group_id,
            kind=AnnotationKind.FILE,
            ns=ns,
            description=description,
            file=file,
        )
        # The last step of the transaction: a failure rolls the rows back, and a file
        # appears whole or not at all.
        root.write_bytes(str(file.pk), content)
        return annotation


def do_replace_file_content(
    ctx: EventContext,
    annotation: Annotation,
    name: str,
    content: bytes,
    *,
    description: str | None = None,
) -> Annotation:
    """Rewrite the content (and name, description) of a file annotation ctx may edit."""
    check(ctx, Action.EDIT, annotation)
    file = annotation.file
    if file is None or file.repo != FILES_REPO:
        raise InputInvalidError("this annotation holds no file the server can rewrite")
    name = clean_name(name, "file name")
    where = stored_bytes(file)
    if where is None:
        raise InputInvalidError("this annotation holds no file the server can rewrite")
    with transaction.atomic():
        file.name = name
        file.size = len(content)
        file.hash = hashlib.sha1(content, usedforsecurity=False).hexdigest()
        file.save(update_fields=["name", "size", "hash"])
        if description is not None:
            annotation.description = description
            touch(annotation, "description")
        where.store.write_bytes(where.key, content)  # replaced whole, as the last step
        return annotation


def do_move_file_annotation(
    ctx: EventContext, annotation: Annotation, group: ExperimenterGroup
) -> None:
    """Move a file annotation and its file to another of ctx's groups (OMERO.figure's
    "Move Figure to Group"); what it is linked to stays behind, so the links go."""
    with transaction.atomic():
        check(ctx, Action.CHGRP, annotation)
        if group.pk == annotation.group_id:
            return
        if not acts_as_admin(ctx, Action.CHGRP) and group.pk not in ctx.data_groups:
            raise ActionForbiddenError(f"you are not a member of group {group.name!r}")
        for link_model in ANNOTATION_LINKS.values():
            link_model.objects.filter(child_id=annotation.pk).delete()
        now = timezone.now()
        Annotation.objects.filter(pk=annotation.pk).update(group_id=group.pk, updated=now)
        if annotation.file_id is not None:
            OriginalFile.objects.filter(pk=annotation.file_id).update(
                group_id=group.pk, updated=now
            )
