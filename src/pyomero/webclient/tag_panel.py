"""The panel of a tag or tag set (the Tags tab's selection): who owns it, what the user
may do with it, and for a tag set the tags in it and the tags that could go in.

Rows are written by ``model.actions`` (``do_update_annotation``, ``do_annotate``,
``do_remove_annotation_link``, ``do_delete``); what is listed comes from
``model.queries``, which decides visibility.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pyomero.model import queries
from pyomero.model.access import access_annotation
from pyomero.model.context import EventContext
from pyomero.model.errors import ObjectNotFoundError
from pyomero.model.models import TAGSET_NS, AnnotationAnnotationLink, AnnotationKind
from pyomero.model.permissions import Action, can, details_of

#: At most this many tags are offered to put in a tag set.
MAX_CHOICES = 500


@dataclass(frozen=True)
class TagPanel:
    tag: Any
    is_set: bool
    can_edit: bool
    can_delete: bool
    can_link: bool
    # for a tag set: the links to its tags [(link, may take out)], the tags to put in
    members: list[tuple[Any, bool]] = field(default_factory=list)
    choices: list[Any] = field(default_factory=list)
    # for a tag: the tag sets it is in
    sets: list[Any] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "Tag set" if self.is_set else "Tag"

    @property
    def c_type(self) -> str:
        return "tagset" if self.is_set else "tag"


def tag_panel(ctx: EventContext, tag_id: object) -> TagPanel:
    """The panel of a visible tag or tag set (404 otherwise, as if missing)."""
    tag = access_annotation(ctx, tag_id)
    if tag.kind != AnnotationKind.TAG:
        raise ObjectNotFoundError("TagAnnotation", tag_id)
    details = details_of(tag)
    is_set = tag.ns == TAGSET_NS
    panel = TagPanel(
        tag=tag,
        is_set=is_set,
        can_edit=can(ctx, Action.EDIT, details),
        can_delete=can(ctx, Action.DELETE, details),
        can_link=can(ctx, Action.ANNOTATE, details),
    )
    links: Any = queries.visible(ctx, AnnotationAnnotationLink).select_related("child", "owner")
    if is_set:
        inside = links.filter(parent_id=tag.pk, child__kind=AnnotationKind.TAG).order_by(
            "child__text_value", "id"
        )
        panel.members.extend((link, can(ctx, Action.DELETE, details_of(link))) for link in inside)
        taken = {link.child_id for link, _ in panel.members}
        tags = queries.visible_annotations(ctx).filter(kind=AnnotationKind.TAG)
        offered = tags.exclude(ns=TAGSET_NS).exclude(pk__in=taken).order_by("text_value", "id")
        panel.choices.extend(offered[:MAX_CHOICES])
    else:
        found = links.filter(child_id=tag.pk, parent__ns=TAGSET_NS).select_related("parent")
        panel.sets.extend(link.parent for link in found)
    return panel


def set_link(ctx: EventContext, tagset_id: object, link_id: object) -> Any:
    """The link of a tag in ``tagset_id`` (404 unless it is one of its visible links)."""
    if not str(link_id).isdigit():
        raise ObjectNotFoundError("AnnotationAnnotationLink", link_id)
    link: Any = queries.visible(ctx, AnnotationAnnotationLink).filter(pk=int(str(link_id))).first()
    if link is None or str(link.parent_id) != str(tagset_id):
        raise ObjectNotFoundError("AnnotationAnnotationLink", link_id)
    return link
