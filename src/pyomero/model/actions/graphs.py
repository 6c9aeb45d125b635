"""Writes on graphs of objects: delete, move to another group (chgrp), give away (chown).

A graph is the objects, the containers and images only they hold (a dataset in no
other project, an image in no other dataset), and their parts (pixels, channels,
ROIs, rendering settings, wells). Children ctx may not act on stay behind. Images
of one fileset go together or not at all, as in OMERO: :func:`fileset_splits` says
which filesets an action would split, before it is tried.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from pyomero.model import storage
from pyomero.model.access import check
from pyomero.model.actions.activities import log_activity
from pyomero.model.actions.files import delete_original_files
from pyomero.model.context import EventContext
from pyomero.model.errors import ActionForbiddenError, InputInvalidError
from pyomero.model.models import (
    ANNOTATION_LINKS,
    ActivityKind,
    Annotation,
    AnnotationKind,
    Channel,
    ChannelBinding,
    Dataset,
    DatasetImageLink,
    Experimenter,
    ExperimenterGroup,
    Fileset,
    FilesetEntry,
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
    Shape,
    Thumbnail,
    Well,
    WellSample,
)
from pyomero.model.permissions import Action, acts_as_admin, can, details_of

# parent model -> (link model, child model): containment walked by the graph.
CONTAINS: dict[type[Model], tuple[type[Model], type[Model]]] = {
    Project: (ProjectDatasetLink, Dataset),
    Dataset: (DatasetImageLink, Image),
    Screen: (ScreenPlateLink, Plate),
}
ROOTS = (Project, Dataset, Screen, Plate, Image)


@dataclass
class Graph:
    ids: dict[type[Model], set[int]] = field(default_factory=lambda: {m: set() for m in ROOTS})

    def parts(self) -> list[QuerySet[Any]]:
        """Every row with details in the graph, annotations aside."""
        images, plates = self.ids[Image], self.ids[Plate]
        rows: list[QuerySet[Any]] = [m.objects.filter(pk__in=ids) for m, ids in self.ids.items()]
        rows += [
            Pixels.objects.filter(image__in=images),
            Channel.objects.filter(pixels__image__in=images),
            Roi.objects.filter(image__in=images),
            Shape.objects.filter(roi__image__in=images),
            RenderingDef.objects.filter(pixels__image__in=images),
            ChannelBinding.objects.filter(rendering_def__pixels__image__in=images),
            Thumbnail.objects.filter(rendering_def__pixels__image__in=images),
            Well.objects.filter(plate__in=plates),
            WellSample.objects.filter(well__plate__in=plates),
            PlateAcquisition.objects.filter(plate__in=plates),
            Fileset.objects.filter(images__in=images).distinct(),
            FilesetEntry.objects.filter(fileset__images__in=images).distinct(),
            OriginalFile.objects.filter(fileset_entries__fileset__images__in=images).distinct(),
        ]
        for parent, (link, child) in CONTAINS.items():
            rows.append(link.objects.filter(parent__in=self.ids[parent], child__in=self.ids[child]))
        return rows

    def annotated(self) -> list[tuple[type[Model], QuerySet[Any]]]:
        """(link model, links) of the annotations on the graph's objects."""
        plates = self.ids[Plate]
        targets = {
            **{m.omero_type: self.ids[m] for m in ROOTS},  # type: ignore[attr-defined]
            "Well": Well.objects.filter(plate__in=plates).values("pk"),
            "PlateAcquisition": PlateAcquisition.objects.filter(plate__in=plates).values("pk"),
        }
        return [
            (ANNOTATION_LINKS[t], ANNOTATION_LINKS[t].objects.filter(parent__in=ids))
            for t, ids in targets.items()
        ]

    def cut_links(self) -> list[QuerySet[Any]]:
        """Containment links joining the graph to objects outside it."""
        rows = []
        for parent, (link, child) in CONTAINS.items():
            inside_p, inside_c = self.ids[parent], self.ids[child]
            rows.append(
                link.objects.filter(
                    (Q(parent__in=inside_p) & ~Q(child__in=inside_c))
                    | (~Q(parent__in=inside_p) & Q(child__in=inside_c))
                )
            )
        return rows


def collect(
    ctx: EventContext, roots: Sequence[Any], action: Action, *, children: bool = True
) -> Graph:
    """The graph of ``roots``; without ``children``, containers go without their contents
    (a plate always takes its images)."""
    graph = Graph()
    for root in roots:
        graph.ids[type(root)].add(root.pk)
    if children:
        for parent, (link, child) in CONTAINS.items():
            _add_exclusive(ctx, graph, parent, link, child, action)
    plate_images = Image.objects.filter(well_samples__well__plate__in=graph.ids[Plate])
    for image in plate_images.select_related("group"):
        if can(ctx, action, details_of(image)):
            graph.ids[Image].add(image.pk)
    return graph


def _add_exclusive(
    ctx: EventContext,
    graph: Graph,
    parent: type[Model],
    link: type[Model],
    child: type[Model],
    action: Action,
) -> None:
    inside = graph.ids[parent]
    if not inside:
        return
    held = link._default_manager.filter(parent__in=inside).values("child_id")
    candidates = child._default_manager.filter(pk__in=held)
    outside_links = link._default_manager.filter(child__in=candidates).exclude(parent__in=inside)
    shared = set(outside_links.values_list("child_id", flat=True))
    if child is Image:
        in_wells = WellSample.objects.filter(image__in=candidates)
        shared |= set(in_wells.values_list("image_id", flat=True))
    for obj in candidates.select_related("group"):
        if obj.pk not in shared and can(ctx, action, details_of(obj)):
            graph.ids[child].add(obj.pk)


class FilesetSplit(TypedDict):
    """A fileset an action would split: the images it takes and those it leaves."""

    filesetId: int
    selected: list[int]
    left: list[int]


def _left_behind(images: set[int]) -> QuerySet[Image]:
    """The images that share a fileset with ``images`` but are not among them."""
    return Image.objects.filter(fileset__images__in=images).exclude(pk__in=images)


def _splits(graph: Graph) -> list[FilesetSplit]:
    images = graph.ids[Image]
    left = _left_behind(images).distinct()
    rows = Image.objects.filter(fileset__in=left.values("fileset_id")).order_by("fileset_id", "pk")
    splits: dict[int, FilesetSplit] = {}
    for image_id, fileset_id in rows.values_list("pk", "fileset_id"):
        split = splits.setdefault(fileset_id, {"filesetId": fileset_id, "selected": [], "left": []})
        split["selected" if image_id in images else "left"].append(image_id)
    return list(splits.values())


def _check_filesets(graph: Graph) -> None:
    if _left_behind(graph.ids[Image]).exists():
        raise InputInvalidError("the images of a fileset must stay together")


def fileset_splits(
    ctx: EventContext, objects: Sequence[Any], action: Action, *, children: bool = True
) -> list[FilesetSplit]:
    """The filesets that ``action`` on ``objects`` would split (OMERO's warning); [] if none.

    Reads only: the webclient asks before it deletes or moves.
    """
    roots = [obj for obj in objects if isinstance(obj, ROOTS)]
    return _splits(collect(ctx, roots, action, children=children)) if roots else []


def _exclusive_annotations(graph: Graph, links: list[QuerySet[Any]]) -> set[int]:
    """Annotations linked only to objects of the graph."""
    mine = {pk for qs in links for pk in qs.values_list("child_id", flat=True)}
    if not mine:
        return set()
    elsewhere: set[int] = set()
    graph_links = {qs.model: set(qs.values_list("pk", flat=True)) for qs in links}
    for link_model in ANNOTATION_LINKS.values():
        others = link_model.objects.filter(child__in=mine).exclude(
            pk__in=graph_links.get(link_model, set())
        )
        elsewhere |= set(others.values_list("child_id", flat=True))
    return mine - elsewhere


def do_delete(
    ctx: EventContext, obj: Any, *, children: bool = True, annotations: bool = False
) -> None:
    """Delete an object; for containers, images and plates, their whole graph."""
    do_delete_many(ctx, [obj], children=children, annotations=annotations)


# Kept for reuse unless the deleter asks for annotations to go too (OMERO.web's "anns").
SHARED_KINDS = (AnnotationKind.TAG, AnnotationKind.FILE)


def do_delete_many(
    ctx: EventContext, objects: Sequence[Any], *, children: bool = True, annotations: bool = False
) -> None:
    """Delete objects in one transaction, each with its graph (without its contents when
    not ``children``). Annotations only they carry go too, except tags and attached
    files, which stay unless ``annotations``; a file annotation takes its file along."""
    with transaction.atomic():
        for obj in objects:
            check(ctx, Action.DELETE, obj)
        log_activity(ctx, ActivityKind.DELETE, objects)
        for obj in objects:
            if isinstance(obj, OriginalFile):
                delete_original_files(OriginalFile.objects.filter(pk=obj.pk))
            elif not isinstance(obj, ROOTS):
                obj.delete()
                if isinstance(obj, Annotation) and obj.file_id is not None:  # type: ignore[attr-defined]
                    _delete_unused_file(obj.file_id)  # type: ignore[attr-defined]
        roots = [obj for obj in objects if isinstance(obj, ROOTS)]
        if not roots:
            return
        graph = collect(ctx, roots, Action.DELETE, children=children)
        _check_filesets(graph)
        links = [qs for _, qs in graph.annotated()]
        gone = Annotation.objects.filter(pk__in=_exclusive_annotations(graph, links))
        if not annotations:
            gone = gone.exclude(kind__in=SHARED_KINDS)
        for annotation in gone.select_related("group"):
            if can(ctx, Action.DELETE, details_of(annotation)):
                annotation.delete()
                file_id = annotation.file_id  # type: ignore[attr-defined]
                if file_id is not None:
                    _delete_unused_file(file_id)
        delete_original_files(
            OriginalFile.objects.filter(fileset_entries__fileset__images__in=graph.ids[Image])
        )
        storage.remove_pixels_after_commit(
            list(Pixels.objects.filter(image__in=graph.ids[Image]).values_list("pk", "path"))
        )
        Fileset.objects.filter(images__in=graph.ids[Image]).delete()
        for model in (Image, Dataset, Project, Plate, Screen):
            model.objects.filter(pk__in=graph.ids[model]).delete()


def _delete_unused_file(file_id: int) -> None:
    used = Annotation.objects.filter(file_id=file_id).exists()
    used = used or FilesetEntry.objects.filter(original_file_id=file_id).exists()
    if not used:
        delete_original_files(OriginalFile.objects.filter(pk=file_id))


def do_chgrp(ctx: EventContext, obj: Any, group: ExperimenterGroup) -> None:
    """Move an object's graph to ``group``; links to what stays behind are removed.

    Own data may go to another group of one's own; administrators (Chgrp) move anything.
    """
    do_chgrp_many(ctx, [obj], group)


def do_chgrp_many(ctx: EventContext, objects: Sequence[Any], group: ExperimenterGroup) -> None:
    """:func:`do_chgrp` of several objects at once (images of one fileset together)."""
    for obj in objects:
        if not isinstance(obj, ROOTS):
            raise InputInvalidError(f"a {obj.omero_type} cannot be moved on its own")
    with transaction.atomic():
        for obj in objects:
            check(ctx, Action.CHGRP, obj)
        objects = [obj for obj in objects if obj.group_id != group.pk]
        if not objects:
            return
        if not acts_as_admin(ctx, Action.CHGRP) and group.pk not in ctx.data_groups:
            raise ActionForbiddenError(f"you are not a member of group {group.name!r}")
        log_activity(
            ctx, ActivityKind.CHGRP, objects, group_id=group.pk, detail={"group": group.name}
        )
        graph = collect(ctx, objects, Action.CHGRP)
        _check_filesets(graph)
        for qs in graph.cut_links():
            qs.delete()
        links = [qs for _, qs in graph.annotated()]
        moving = _exclusive_annotations(graph, links)
        for qs in links:
            qs.exclude(child__in=moving).delete()
        ANNOTATION_LINKS["Annotation"].objects.filter(
            Q(parent__in=moving) ^ Q(child__in=moving)
        ).delete()
        now = timezone.now()
        update = {"group_id": group.pk, "updated": now}
        for qs in [*graph.parts(), *links]:
            qs.model.objects.filter(pk__in=list(qs.values_list("pk", flat=True))).update(**update)
        Annotation.objects.filter(pk__in=moving).update(**update)
        ANNOTATION_LINKS["Annotation"].objects.filter(parent__in=moving).update(**update)


def do_chown(ctx: EventContext, obj: Any, user: Experimenter) -> None:
    """Give an object's graph to ``user``: the rows of its current owner change hands.

    A group owner may give only to members of the group; administrators (Chown) to anyone.
    """
    do_chown_many(ctx, [obj], user)


def do_chown_many(ctx: EventContext, objects: Sequence[Any], user: Experimenter) -> None:
    """:func:`do_chown` of several objects at once (images of one fileset together)."""
    with transaction.atomic():
        for obj in objects:
            check(ctx, Action.CHOWN, obj)
        given = user.get_full_name() or user.get_username()
        log_activity(ctx, ActivityKind.CHOWN, objects, detail={"owner": given})
        roots: list[Any] = [obj for obj in objects if isinstance(obj, ROOTS)]
        roots = [obj for obj in roots if obj.owner_id != user.pk]
        if roots:
            _check_filesets(collect(ctx, roots, Action.CHOWN))
        for obj in objects:
            _chown(ctx, obj, user)


def _chown(ctx: EventContext, obj: Any, user: Experimenter) -> None:
    old = obj.owner_id
    if user.pk == old:
        return
    member = GroupExperimenterMap.objects.filter(parent_id=obj.group_id, child=user)
    if not acts_as_admin(ctx, Action.CHOWN) and not member.exists():
        raise ActionForbiddenError(f"{user} is not a member of the object's group")
    if not isinstance(obj, ROOTS):
        type(obj).objects.filter(pk=obj.pk).update(owner_id=user.pk, updated=timezone.now())
        return
    graph = collect(ctx, [obj], Action.CHOWN)
    theirs = RenderingDef.objects.filter(
        pixels__image__in=graph.ids[Image], owner_id=user.pk
    ).values("pixels_id")
    RenderingDef.objects.filter(
        pixels__image__in=graph.ids[Image], owner_id=old, pixels_id__in=theirs
    ).delete()
    links = [qs for _, qs in graph.annotated()]
    exclusive = _exclusive_annotations(graph, links)
    update = {"owner_id": user.pk, "updated": timezone.now()}
    for qs in [*graph.parts(), *links]:
        ids = list(qs.filter(owner_id=old).values_list("pk", flat=True))
        qs.model.objects.filter(pk__in=ids).update(**update)
    Annotation.objects.filter(pk__in=exclusive, owner_id=old).update(**update)


def _named(rows: QuerySet[Any], field_name: str = "name") -> list[dict[str, Any]]:
    found = {row.pk: {"id": row.pk, "name": getattr(row, field_name) or ""} for row in rows}
    return sorted(found.values(), key=lambda x: (x["name"], x["id"]))


def chgrp_preview(
    ctx: EventContext, objects: Sequence[Any], group: ExperimenterGroup
) -> dict[str, Any]:
    """What :func:`do_chgrp_many` would do, nothing written (OMERO's chgrp dry run):
    ``includedObjects`` (``{"Datasets": [ids]}``), the containers left behind
    (``unlinkedParents``, ``unlinkedChildren``) and the annotations that stay
    (``unlinkedAnnotations``: Tags, Files, Comments and a count of Others)."""
    for obj in objects:
        if not isinstance(obj, ROOTS):
            raise InputInvalidError(f"a {obj.omero_type} cannot be moved on its own")
        check(ctx, Action.CHGRP, obj)
    if not acts_as_admin(ctx, Action.CHGRP) and group.pk not in ctx.data_groups:
        raise ActionForbiddenError(f"you are not a member of group {group.name!r}")
    graph = collect(ctx, [o for o in objects if o.group_id != group.pk], Action.CHGRP)
    included = {
        f"{m.omero_type}s": sorted(ids)  # type: ignore[attr-defined]
        for m, ids in graph.ids.items()
        if ids
    }
    parents: dict[str, list[dict[str, Any]]] = {}
    children: dict[str, list[dict[str, Any]]] = {}
    for parent_model, (link_model, child_model) in CONTAINS.items():
        inside_p, inside_c = graph.ids[parent_model], graph.ids[child_model]
        links = link_model._default_manager.all()
        left_children = child_model._default_manager.filter(
            pk__in=links.filter(parent__in=inside_p).exclude(child__in=inside_c).values("child_id")
        )
        left_parents = parent_model._default_manager.filter(
            pk__in=links.filter(child__in=inside_c).exclude(parent__in=inside_p).values("parent_id")
        )
        if left_children.exists():
            children[f"{child_model.omero_type}s"] = _named(left_children)  # type: ignore[attr-defined]
        if left_parents.exists():
            parents[f"{parent_model.omero_type}s"] = _named(left_parents)  # type: ignore[attr-defined]
    links = [qs for _, qs in graph.annotated()]
    moving = _exclusive_annotations(graph, links)
    staying = Annotation.objects.filter(
        pk__in={pk for qs in links for pk in qs.values_list("child_id", flat=True)} - moving
    ).select_related("file")
    tags = _named(staying.filter(kind=AnnotationKind.TAG), "text_value")
    comments = sorted(
        ({"id": a.pk, "text": a.text_value} for a in staying.filter(kind=AnnotationKind.COMMENT)),
        key=lambda x: (x["text"], x["id"]),
    )
    files = sorted(
        (
            {"id": a.pk, "name": a.file.name if a.file else ""}
            for a in staying.filter(kind=AnnotationKind.FILE)
        ),
        key=lambda x: (x["name"], x["id"]),
    )
    others = staying.exclude(
        kind__in=[AnnotationKind.TAG, AnnotationKind.COMMENT, AnnotationKind.FILE]
    ).count()
    return {
        "includedObjects": included,
        "unlinkedParents": parents,
        "unlinkedChildren": children,
        "unlinkedAnnotations": {
            "Tags": tags,
            "Files": files,
            "Comments": comments,
            "Others": others,
        },
    }
