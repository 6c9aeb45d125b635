"""``access_<thing>(ctx, id)``: one object, or an error that hides what may not be seen.

Missing and not visible both raise :class:`ObjectNotFoundError` (404). With an
``action`` other than view, an object that ctx sees but may not change raises
:class:`ActionForbiddenError` (403).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model

from pyomero.model.context import EventContext
from pyomero.model.errors import ActionForbiddenError, ObjectNotFoundError
from pyomero.model.models import (
    PROXIES,
    Annotation,
    Dataset,
    DatasetImageLink,
    Experimenter,
    ExperimenterGroup,
    Fileset,
    Image,
    OriginalFile,
    Pixels,
    Plate,
    PlateAcquisition,
    Project,
    ProjectDatasetLink,
    RenderingDef,
    Roi,
    Screen,
    ScreenPlateLink,
    Shape,
    Well,
)
from pyomero.model.permissions import Action, Details, can, details_of
from pyomero.model.queries import visible, visible_experimenters, visible_groups

M = TypeVar("M", bound=Model)

# OMERO type name -> model, for the objects ``access_object`` can fetch.
MODELS: dict[str, type[Model]] = {
    model.omero_type: model  # type: ignore[attr-defined]
    for model in (
        Project,
        Dataset,
        Image,
        Screen,
        Plate,
        PlateAcquisition,
        Well,
        Roi,
        Fileset,
        OriginalFile,
        RenderingDef,
        ProjectDatasetLink,
        DatasetImageLink,
        ScreenPlateLink,
    )
}


def check(ctx: EventContext, action: Action, obj: Any) -> None:
    """Raise unless ctx may do ``action`` with ``obj``: 404 when ctx cannot even see it."""
    details = details_of(obj)
    if not can(ctx, Action.VIEW, details):
        raise ObjectNotFoundError(obj.omero_type, obj.pk)
    if not can(ctx, action, details):
        raise ActionForbiddenError(f"you may not {action} {obj.omero_type} {obj.pk}")


def access(ctx: EventContext, model: type[M], object_id: object, action: Action = Action.VIEW) -> M:
    omero_type = getattr(model, "omero_type", "")
    if not isinstance(omero_type, str) or not omero_type:
        omero_type = model.__name__  # Annotation and Shape name their rows by kind
    try:
        obj = visible(ctx, model).get(pk=object_id)
    except (model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise ObjectNotFoundError(omero_type, object_id) from None
    if action is not Action.VIEW:
        check(ctx, action, obj)
    return obj


def access_object(
    ctx: EventContext, omero_type: str, object_id: object, action: Action = Action.VIEW
) -> Any:
    """Any object by OMERO type name ("Image", "TagAnnotation", ...) and id."""
    if omero_type in PROXIES or omero_type == "Annotation":
        annotation = access_annotation(ctx, object_id, action)
        if omero_type != "Annotation" and annotation.kind != omero_type:
            raise ObjectNotFoundError(omero_type, object_id)
        return annotation
    if omero_type == "Shape" or omero_type in _SHAPE_KINDS:
        return access_shape(ctx, object_id, action)
    if omero_type not in MODELS:
        raise ObjectNotFoundError(omero_type, object_id)
    return access(ctx, MODELS[omero_type], object_id, action)


_SHAPE_KINDS = frozenset(
    {"Rectangle", "Ellipse", "Point", "Line", "Polyline", "Polygon", "Label", "Mask"}
)


def access_project(ctx: EventContext, project_id: object, action: Action = Action.VIEW) -> Project:
    return access(ctx, Project, project_id, action)


def access_dataset(ctx: EventContext, dataset_id: object, action: Action = Action.VIEW) -> Dataset:
    return access(ctx, Dataset, dataset_id, action)


def access_image(ctx: EventContext, image_id: object, action: Action = Action.VIEW) -> Image:
    return access(ctx, Image, image_id, action)


def access_screen(ctx: EventContext, screen_id: object, action: Action = Action.VIEW) -> Screen:
    return access(ctx, Screen, screen_id, action)


def access_plate(ctx: EventContext, plate_id: object, action: Action = Action.VIEW) -> Plate:
    return access(ctx, Plate, plate_id, action)


def access_plate_acquisition(
    ctx: EventContext, acquisition_id: object, action: Action = Action.VIEW
) -> PlateAcquisition:
    return access(ctx, PlateAcquisition, acquisition_id, action)


def access_well(ctx: EventContext, well_id: object, action: Action = Action.VIEW) -> Well:
    return access(ctx, Well, well_id, action)


def access_roi(ctx: EventContext, roi_id: object, action: Action = Action.VIEW) -> Roi:
    return access(ctx, Roi, roi_id, action)


def access_shape(ctx: EventContext, shape_id: object, action: Action = Action.VIEW) -> Shape:
    return access(ctx, Shape, shape_id, action)


def access_rendering_def(
    ctx: EventContext, rdef_id: object, action: Action = Action.VIEW
) -> RenderingDef:
    return access(ctx, RenderingDef, rdef_id, action)


def access_fileset(ctx: EventContext, fileset_id: object, action: Action = Action.VIEW) -> Fileset:
    return access(ctx, Fileset, fileset_id, action)


def access_original_file(
    ctx: EventContext, file_id: object, action: Action = Action.VIEW
) -> OriginalFile:
    return access(ctx, OriginalFile, file_id, action)


def access_annotation(
    ctx: EventContext, annotation_id: object, action: Action = Action.VIEW
) -> Annotation:
    """An annotation, as its own class (``TagAnnotation``, ``MapAnnotation``, ...)."""
    annotation = access(ctx, Annotation, annotation_id, action)
    annotation.__class__ = PROXIES.get(annotation.kind, Annotation)
    return annotation


def access_link(
    ctx: EventContext, model: type[M], link_id: object, action: Action = Action.VIEW
) -> M:
    """A link row (``DatasetImageLink``, ``ImageAnnotationLink``, ...)."""
    return access(ctx, model, link_id, action)


def access_experimenter(ctx: EventContext, user: int | str) -> Experimenter:
    """An experimenter by id or login name, among those ctx may see."""
    lookup = {"pk": user} if isinstance(user, int) else {"ome_name": user}
    found = visible_experimenters(ctx).filter(**lookup).first()
    if found is None:
        raise ObjectNotFoundError("Experimenter", user)
    return found


def access_group(ctx: EventContext, group: int | str) -> ExperimenterGroup:
    """A group by id or name, among those ctx may see."""
    lookup = {"pk": group} if isinstance(group, int) else {"name": group}
    found = visible_groups(ctx).filter(**lookup).first()
    if found is None:
        raise ObjectNotFoundError("ExperimenterGroup", group)
    return found


# The hot path of tiles: the same rule, one small precompiled query.

_RENDERING_SQL: dict[str, str] = {}


def _rendering_sql() -> str:
    """The image's id, owner, group and group permissions, then per rendering def of the
    image by the user (first parameter) or its owner: (id, owner, version, updated,
    pixels id, pixels updated); NULLs for the rendering def when there is none (built
    once per database vendor)."""
    key = connection.vendor
    found = _RENDERING_SQL.get(key)
    if found is None:
        q = connection.ops.quote_name
        image, group = q(Image._meta.db_table), q(ExperimenterGroup._meta.db_table)
        pixels, rdef = q(Pixels._meta.db_table), q(RenderingDef._meta.db_table)
        permissions = q(str(ExperimenterGroup._meta.get_field("permissions").column))
        found = (
            f"SELECT i.{q('id')}, i.{q('owner_id')}, i.{q('group_id')}, g.{permissions}, "
            f"r.{q('id')}, r.{q('owner_id')}, r.{q('version')}, r.{q('updated')}, "
            f"p.{q('id')}, p.{q('updated')} "
            f"FROM {image} i INNER JOIN {group} g ON g.{q('id')} = i.{q('group_id')} "
            f"LEFT JOIN {pixels} p ON p.{q('image_id')} = i.{q('id')} "
            f"LEFT JOIN {rdef} r ON r.{q('pixels_id')} = p.{q('id')} "
            f"AND r.{q('owner_id')} IN (%s, i.{q('owner_id')}) "
            f"WHERE i.{q('id')} = %s"
        )
        _RENDERING_SQL[key] = found
    return found


def sees(ctx: EventContext, owner_id: int, group_id: int, permissions: str) -> bool:
    """:func:`~pyomero.model.permissions.visible_q` on one row's values: ctx's group
    scope, then the policy's view rule."""
    if ctx.group_id is not None and group_id != ctx.group_id:
        return False
    return can(ctx, Action.VIEW, Details(owner_id, group_id, permissions))


def access_image_rendering(
    ctx: EventContext, image_id: object
) -> tuple[Image, list[tuple[Any, ...]]]:
    """:func:`access_image` (view) for the tile path: one precompiled query, the rule
    applied in Python (:func:`sees`), and in the same query the versions of the rendering
    defs of the image by ctx's user and by its owner: rows of (rendering def id, owner
    id, version, updated, pixels id, pixels updated), the first four None for pixels
    without such a rendering def. One query for a tile's access and settings."""
    try:
        pk = int(image_id)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise ObjectNotFoundError("Image", image_id) from None
    with connection.cursor() as cursor:
        cursor.execute(_rendering_sql(), [ctx.user_id, pk])
        rows = cursor.fetchall()
    if not rows or not sees(ctx, rows[0][1], rows[0][2], rows[0][3]):
        raise ObjectNotFoundError("Image", image_id)
    image = Image.from_db(connection.alias, ["id", "owner_id", "group_id"], rows[0][:3])
    return image, [row[4:] for row in rows if row[8] is not None]
