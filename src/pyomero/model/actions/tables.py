"""OMERO.tables attached to objects: :func:`do_attach_table` writes the HDF5 file
(OMERO's layout, :mod:`pyomero.tables`) to ``Files/<id>`` and links it to the object
as a FileAnnotation, as OMERO's table service and ``omero metadata populate`` do."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from django.db import transaction

from pyomero.model.access import check
from pyomero.model.actions.annotations import do_annotate
from pyomero.model.actions.files import files_root
from pyomero.model.actions.stored_files import do_store_file_annotation
from pyomero.model.context import EventContext
from pyomero.model.errors import InputInvalidError
from pyomero.model.models import Annotation
from pyomero.model.permissions import Action
from pyomero.tables import Column, TableError, write_table

#: OMERO's ``NSBULKANNOTATIONS``: the table of an object's bulk annotations.
BULK_NS = "openmicroscopy.org/omero/bulk_annotations"
#: The mimetype of an OMERO.table's OriginalFile.
TABLES_MIMETYPE = "OMERO.tables"


def do_attach_table(
    ctx: EventContext,
    obj: Any,
    name: str,
    columns: Sequence[Column],
    values: Sequence[Sequence[Any]],
    *,
    ns: str = BULK_NS,
    metadata: Mapping[str, str | int | float] | None = None,
) -> Annotation:
    """A new OMERO.table named ``name`` (``values``: one sequence per column) in
    ``obj``'s group, attached to ``obj``; all or nothing."""
    check(ctx, Action.ANNOTATE, obj)
    in_group = ctx.in_group(obj.group_id)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.h5"
        try:
            write_table(path, columns, values, metadata)
        except TableError as exc:
            raise InputInvalidError(exc.message) from None
        content = path.read_bytes()
    annotation = None
    try:
        with transaction.atomic():
            annotation = do_store_file_annotation(
                in_group,
                name,
                content,
                ns=ns,
                mimetype=TABLES_MIMETYPE,
                group_id=obj.group_id,
            )
            do_annotate(in_group, obj, annotation)
            return annotation
    except BaseException:
        if annotation is not None and annotation.file_id is not None:
            files_root().remove(str(annotation.file_id))
        raise
