"""The right-hand panel's annotation use cases beyond "add one": existing tags by text,
where an attached file's bytes are (``omero.data.dir/Files/``), removing an annotation
from an object, and the choices the panel offers (tags to reuse, groups, new owners).

Every row is written by ``model.actions`` (attaching files too: ``do_attach_files``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from pyomero.model.access import access_annotation, access_link
from pyomero.model.actions import (
    do_add_map_annotation,
    do_add_tag,
    do_annotate,
    do_delete,
    do_remove_annotation_link,
    do_set_map_values,
)
from pyomero.model.actions.files import stored_bytes
from pyomero.model.context import EventContext
from pyomero.model.errors import ObjectNotFoundError
from pyomero.model.models import (
    ANNOTATION_LINKS,
    CLIENT_MAP_NS,
    TAGSET_NS,
    Annotation,
    AnnotationKind,
    Experimenter,
    ExperimenterGroup,
    NamedValue,
)
from pyomero.model.permissions import Action, acts_as_admin, permissions_of
from pyomero.model.queries import visible_annotations, visible_experimenters, visible_groups
from pyomero.model.storage import StoredBytes

#: Tags offered by the autocomplete of one panel.
MAX_TAG_CHOICES = 500


def tag_choices(ctx: EventContext, obj: Any) -> list[Annotation]:
    """The tags of the object's group ctx may put on it, not yet on it, by text."""
    on_it = ANNOTATION_LINKS[obj.omero_type].objects.filter(parent_id=obj.pk).values("child_id")
    found = (
        visible_annotations(ctx)
        .filter(kind=AnnotationKind.TAG, group_id=obj.group_id)
        .exclude(ns=TAGSET_NS)
        .exclude(pk__in=on_it)
        .order_by("text_value", "id")
    )
    return list(found[:MAX_TAG_CHOICES])


def add_tag(ctx: EventContext, obj: Any, text: str, tag_id: str = "") -> Annotation:
    """Put a tag on ``obj``: ``tag_id`` or the group's tag with that text, else a new one."""
    if tag_id:
        tag = access_annotation(ctx, tag_id)
        if tag.kind != AnnotationKind.TAG:
            raise ObjectNotFoundError("TagAnnotation", tag_id)
        do_annotate(ctx, obj, tag)
        return tag
    text = text.strip()
    existing = (
        visible_annotations(ctx)
        .filter(kind=AnnotationKind.TAG, group_id=obj.group_id, text_value=text)
        .exclude(ns=TAGSET_NS)
        .order_by("id")
        .first()
    )
    if existing is not None:
        do_annotate(ctx, obj, existing)
        return existing
    return do_add_tag(ctx, obj, text)


def add_pairs(
    ctx: EventContext, obj: Any, pairs: list[tuple[str, str]], ns: str = CLIENT_MAP_NS
) -> Annotation:
    """ "Add pair": the rows go to the end of the user's own map of ``ns`` on ``obj``
    (one table per user per namespace, as OMERO.web); a new map only when there is none."""
    link_model = ANNOTATION_LINKS[obj.omero_type]
    link = (
        link_model.objects.filter(parent_id=obj.pk, child__kind=AnnotationKind.MAP, child__ns=ns)
        .filter(child__owner_id=ctx.user_id)
        .select_related("child")
        .order_by("id")
        .first()
    )
    if link is None:
        return do_add_map_annotation(ctx, obj, pairs, ns)
    annotation: Annotation = link.child
    with transaction.atomic():
        rows = [(row.name, row.value) for row in NamedValue.objects.filter(annotation=annotation)]
        do_set_map_values(ctx, annotation, rows + pairs)
    return annotation


def edit_map(
    ctx: EventContext, obj: Any, annotation_id: object, pairs: list[tuple[str, str]]
) -> None:
    """Replace the rows of a map on ``obj`` (edit permission); no rows: take it off."""
    annotation = access_annotation(ctx, annotation_id, Action.EDIT)
    link_model = ANNOTATION_LINKS[obj.omero_type]
    link = link_model.objects.filter(parent_id=obj.pk, child=annotation).order_by("id").first()
    if annotation.kind != AnnotationKind.MAP or link is None:
        raise ObjectNotFoundError("MapAnnotation", annotation_id)
    if pairs:
        do_set_map_values(ctx, annotation, pairs)
    else:
        remove_annotation(ctx, obj, link.pk)


def remove_annotation(ctx: EventContext, obj: Any, link_id: object) -> None:
    """Take an annotation off ``obj``. Comments, key-value pairs and ratings that are
    then on nothing are deleted (as OMERO.web does); tags and files stay for reuse."""
    link: Any = access_link(ctx, ANNOTATION_LINKS[obj.omero_type], link_id)
    if link.parent_id != obj.pk:
        raise ObjectNotFoundError(f"{obj.omero_type}AnnotationLink", link_id)
    with transaction.atomic():
        annotation = link.child
        do_remove_annotation_link(ctx, link)
        kept = (AnnotationKind.TAG, AnnotationKind.FILE)
        if annotation.kind in kept or annotation.owner_id != ctx.user_id:
            return
        if not any(m.objects.filter(child=annotation).exists() for m in ANNOTATION_LINKS.values()):
            do_delete(ctx, annotation)


# Attached files


def attached_file(ctx: EventContext, annotation_id: object) -> tuple[Annotation, StoredBytes]:
    """A file annotation ctx sees, and where its bytes are (checked to be there)."""
    annotation = access_annotation(ctx, annotation_id)
    file = annotation.file if annotation.kind == AnnotationKind.FILE else None
    if file is None:
        raise ObjectNotFoundError("FileAnnotation", annotation_id)
    location = stored_bytes(file)
    if location is None or not location.exists():
        raise ObjectNotFoundError("OriginalFile", file.pk)
    return annotation, location


# Choices of the Actions section


def move_groups(ctx: EventContext, obj: Any) -> list[ExperimenterGroup]:
    """Groups ``obj`` may be moved to (chgrp): one's own data groups, any for admins."""
    if not permissions_of(ctx, obj).can_chgrp:
        return []
    groups = visible_groups(ctx).exclude(pk__in=ctx.system_group_ids).exclude(pk=obj.group_id)
    if not acts_as_admin(ctx, Action.CHGRP):
        groups = groups.filter(pk__in=ctx.data_groups)
    return list(groups)


def new_owners(ctx: EventContext, obj: Any) -> list[Experimenter]:
    """People ``obj`` may be given to (chown): the members of its group."""
    if not permissions_of(ctx, obj).can_chown:
        return []
    members = visible_experimenters(ctx).filter(group_maps__parent_id=obj.group_id)
    return list(members.exclude(pk=obj.owner_id).distinct())
