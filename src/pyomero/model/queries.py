"""``visible_<things>(ctx)``: querysets of what a context may see, in its group scope.

Each queryset joins the owner and the group, so listing objects and asking for
their permissions costs no query per row.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from pyomero.model.context import EventContext
from pyomero.model.models import (
    ANNOTATION_LINKS,
    Annotation,
    AnnotationLink,
    Dataset,
    Experimenter,
    ExperimenterGroup,
    Fileset,
    Image,
    OriginalFile,
    Plate,
    PlateAcquisition,
    Project,
    RenderingDef,
    Roi,
    Screen,
    Shape,
    Well,
)
from pyomero.model.permissions import visible_q

M = TypeVar("M", bound=Model)


def visible(ctx: EventContext, model: type[M]) -> QuerySet[M]:
    """Objects of ``model`` (a model with details) that ctx may view."""
    return model._default_manager.filter(visible_q(ctx)).select_related("owner", "group")


def visible_projects(ctx: EventContext) -> QuerySet[Project]:
    return visible(ctx, Project)


def visible_datasets(ctx: EventContext) -> QuerySet[Dataset]:
    return visible(ctx, Dataset)


def visible_images(ctx: EventContext) -> QuerySet[Image]:
    return visible(ctx, Image)


def visible_screens(ctx: EventContext) -> QuerySet[Screen]:
    return visible(ctx, Screen)


def visible_plates(ctx: EventContext) -> QuerySet[Plate]:
    return visible(ctx, Plate)


def visible_plate_acquisitions(ctx: EventContext) -> QuerySet[PlateAcquisition]:
    return visible(ctx, PlateAcquisition)


def visible_wells(ctx: EventContext) -> QuerySet[Well]:
    return visible(ctx, Well)


def visible_annotations(ctx: EventContext) -> QuerySet[Annotation]:
    return visible(ctx, Annotation)


def visible_rois(ctx: EventContext) -> QuerySet[Roi]:
    return visible(ctx, Roi)


def visible_shapes(ctx: EventContext) -> QuerySet[Shape]:
    return visible(ctx, Shape)


def visible_rendering_defs(ctx: EventContext) -> QuerySet[RenderingDef]:
    return visible(ctx, RenderingDef)


def visible_filesets(ctx: EventContext) -> QuerySet[Fileset]:
    return visible(ctx, Fileset)


def visible_original_files(ctx: EventContext) -> QuerySet[OriginalFile]:
    return visible(ctx, OriginalFile)


def visible_groups(ctx: EventContext) -> QuerySet[ExperimenterGroup]:
    """Administrators see every group; others the groups they belong to."""
    groups = ExperimenterGroup.objects.order_by("name")
    return groups if ctx.is_admin else groups.filter(pk__in=ctx.member_of_groups)


def visible_experimenters(ctx: EventContext) -> QuerySet[Experimenter]:
    """Administrators see everyone; others themselves and the members of their data groups."""
    people = Experimenter.objects.order_by("ome_name")
    if ctx.is_admin:
        return people
    return people.filter(
        Q(pk=ctx.user_id) | Q(group_maps__parent_id__in=ctx.data_groups)
    ).distinct()


# Children of containers: the hot queries of the data tree.


def datasets_in_project(ctx: EventContext, project_id: int) -> QuerySet[Dataset]:
    return visible_datasets(ctx).filter(project_links__parent_id=project_id).order_by("name")


def images_in_dataset(ctx: EventContext, dataset_id: int) -> QuerySet[Image]:
    return visible_images(ctx).filter(dataset_links__parent_id=dataset_id).order_by("name")


def plates_in_screen(ctx: EventContext, screen_id: int) -> QuerySet[Plate]:
    return visible_plates(ctx).filter(screen_links__parent_id=screen_id).order_by("name")


def plate_acquisitions_of_plate(ctx: EventContext, plate_id: int) -> QuerySet[PlateAcquisition]:
    return visible_plate_acquisitions(ctx).filter(plate_id=plate_id).order_by("id")


def orphaned_plates(ctx: EventContext) -> QuerySet[Plate]:
    """Plates in no screen."""
    return visible_plates(ctx).filter(screen_links__isnull=True).order_by("name")


def orphaned_datasets(ctx: EventContext) -> QuerySet[Dataset]:
    """Datasets in no project."""
    return visible_datasets(ctx).filter(project_links__isnull=True).order_by("name")


def orphaned_images(ctx: EventContext) -> QuerySet[Image]:
    """Images in no dataset and in no well."""
    return (
        visible_images(ctx)
        .filter(dataset_links__isnull=True, well_samples__isnull=True)
        .order_by("name")
    )


def annotation_links(ctx: EventContext, obj: Any) -> QuerySet[AnnotationLink]:
    """The visible annotation links on ``obj``, with their annotations joined."""
    link_model = ANNOTATION_LINKS[_link_key(obj)]
    return (
        visible(ctx, link_model)
        .filter(parent_id=obj.pk)
        .select_related("child", "child__owner", "child__group")
        .order_by("id")
    )


def _link_key(obj: Any) -> str:
    return "Annotation" if isinstance(obj, Annotation) else obj.omero_type
