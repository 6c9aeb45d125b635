"""``visible_<things>(ctx)``: querysets of what a context may see, in its group scope.

Each queryset joins the owner and the group, so listing objects and asking for
their permissions costs no query per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from pyomero.model.context import EventContext
from pyomero.model.models import (
    ANNOTATION_LINKS,
    SYSTEM_GROUP,
    SYSTEM_GROUPS,
    Annotation,
    AnnotationLink,
    Dataset,
    DatasetImageLink,
    Experimenter,
    ExperimenterGroup,
    Fileset,
    GroupExperimenterMap,
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
    SearchEntry,
    Shape,
    Well,
)
from pyomero.model.models.audit import AuditEntry
from pyomero.model.permissions import can_administer, sees_whole_group, visible_q

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


def visible_search_entries(ctx: EventContext) -> QuerySet[SearchEntry]:
    """Search entries of the objects ctx may view (an entry carries its object's details)."""
    return visible(ctx, SearchEntry)


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

CONTAINER_LINKS: tuple[type[Model], ...] = (ProjectDatasetLink, DatasetImageLink, ScreenPlateLink)


def count_children(ctx: EventContext, link_model: type[Model], parent_id: int) -> int | None:
    """How many children of container ``parent_id`` ctx sees, counted on the links alone;
    None when only the children's own rows can tell.

    A container link is in its parent's group, and so is its child: ``do_link`` refuses
    links across groups, and a move to another group removes the links to what stays
    behind. So when ctx sees every object of the parent's group, it sees every child,
    and counting the parent's links (one index) gives the answer without joining, say,
    100,000 images. In a group where ctx sees only its own data, None.
    """
    if link_model not in CONTAINER_LINKS:
        return None
    parent_model = link_model._meta.get_field("parent").related_model
    group_id = (
        parent_model._default_manager.filter(pk=parent_id)  # type: ignore[union-attr]
        .values_list("group_id", flat=True)
        .first()
    )
    if group_id is None:
        return 0
    if not sees_whole_group(ctx, group_id):
        return None
    return link_model._default_manager.filter(parent_id=parent_id).count()


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


# The administrators' views: the audit trail and disk usage.


def audit_entries(ctx: EventContext) -> QuerySet[AuditEntry]:
    """The audit trail, newest first: administrators only (others see nothing)."""
    if not can_administer(ctx):
        return AuditEntry.objects.none()
    return AuditEntry.objects.order_by("-time", "-id")


BYTES_PER_PIXEL = {"int8": 1, "uint8": 1, "bit": 1, "int16": 2, "uint16": 2}
BYTES_PER_PIXEL |= {"int32": 4, "uint32": 4, "float": 4, "double": 8}


@dataclass(frozen=True)
class Usage:
    """Bytes used by one user or group: original files plus pixels."""

    id: int
    label: str
    files: int
    pixels: int

    @property
    def total(self) -> int:
        return self.files + self.pixels


def disk_usage(
    ctx: EventContext, by: str, *, group_id: int | None = None, user_id: int | None = None
) -> list[Usage]:
    """Usage per ``"user"`` or per ``"group"``, largest first, in the groups ctx may see
    (one group with ``group_id``, one user with ``user_id``)."""
    key = "owner_id" if by == "user" else "group_id"
    scope = Q() if ctx.is_admin else Q(group_id__in=ctx.member_of_groups)
    if group_id is not None:
        scope &= Q(group_id=group_id)
    if user_id is not None:
        scope &= Q(owner_id=user_id)
    files = OriginalFile.objects.filter(scope).values(key).annotate(n=Sum("size"))
    per_pixel = Case(
        *(When(pixels_type=t, then=Value(n)) for t, n in BYTES_PER_PIXEL.items()),
        default=Value(1),
        output_field=BigIntegerField(),
    )
    plane = F("size_x") * F("size_y") * F("size_z") * F("size_c") * F("size_t")
    pixels = (
        Pixels.objects.filter(scope)
        .values(key)
        .annotate(n=Sum(ExpressionWrapper(plane * per_pixel, output_field=BigIntegerField())))
    )
    sizes: dict[int, list[int]] = {}
    for index, rows in enumerate((files, pixels)):
        for row in rows:
            sizes.setdefault(row[key], [0, 0])[index] = int(row["n"] or 0)
    if by == "user":
        names = dict(Experimenter.objects.filter(pk__in=sizes).values_list("pk", "ome_name"))
    else:
        names = dict(ExperimenterGroup.objects.filter(pk__in=sizes).values_list("pk", "name"))
    found = [Usage(pk, names.get(pk, str(pk)), f, p) for pk, (f, p) in sizes.items()]
    return sorted(found, key=lambda usage: (-usage.total, usage.label))


def search_experimenters(
    ctx: EventContext, text: str = "", status: str = "all", sort: str = "ome_name"
) -> QuerySet[Experimenter]:
    """The experimenters list of ``webadmin``: matching ``text`` in login, names, email or
    institution, ``active``/``inactive``/``all``, with ``in_system`` (an administrator)."""
    people = visible_experimenters(ctx).select_related("default_group")
    for word in text.split():
        people = people.filter(
            Q(ome_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(institution__icontains=word)
        )
    if status in ("active", "inactive"):
        people = people.filter(is_active=status == "active")
    system = GroupExperimenterMap.objects.filter(child=OuterRef("pk"), parent__name=SYSTEM_GROUP)
    people = people.annotate(in_system=Exists(system))
    order = sort if sort.lstrip("-") in SORTABLE_EXPERIMENTER_FIELDS else "ome_name"
    return people.order_by(order, "pk")


SORTABLE_EXPERIMENTER_FIELDS = ("ome_name", "first_name", "last_name", "email", "institution")


def groups_with_counts(ctx: EventContext) -> QuerySet[ExperimenterGroup]:
    """The groups ctx sees, each with its ``member_count``."""
    return visible_groups(ctx).annotate(member_count=Count("member_maps"))


def data_groups(ctx: EventContext) -> QuerySet[ExperimenterGroup]:
    """The groups ctx sees that hold data (not ``system``, ``user``, ``guest``)."""
    return visible_groups(ctx).exclude(name__in=SYSTEM_GROUPS)


def owned_groups(ctx: EventContext) -> QuerySet[ExperimenterGroup]:
    """The groups ctx owns (``group_owner/``)."""
    return ExperimenterGroup.objects.filter(pk__in=ctx.leader_of_groups).order_by("name")


def group_members(group: ExperimenterGroup) -> QuerySet[GroupExperimenterMap]:
    return (
        GroupExperimenterMap.objects.filter(parent=group)
        .select_related("child")
        .order_by("child__ome_name")
    )


def email_recipients(
    ctx: EventContext,
    *,
    everyone: bool,
    groups: Iterable[ExperimenterGroup],
    experimenters: Iterable[Experimenter],
    inactive: bool,
) -> list[str]:
    """The distinct addresses of the chosen people that ctx may see (without empties)."""
    chosen = Q(pk__in=[e.pk for e in experimenters])
    chosen |= Q(group_maps__parent__in=[g.pk for g in groups])
    people = visible_experimenters(ctx).exclude(email="")
    if not everyone:
        people = people.filter(chosen)
    if not inactive:
        people = people.filter(is_active=True)
    return sorted(set(people.values_list("email", flat=True)))
