"""The use cases of OMERO.web's ``action/<action>/<type>/<id>/`` (its
``manage_action_containers``): create a container (under a project or tag set, or on
its own; owned by another user when an administrator or group owner asks), rename,
re-describe, take an annotation off objects, delete one object."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from pyomero.model.access import access_annotation, access_experimenter, access_image
from pyomero.model.actions import (
    do_annotate,
    do_chgrp_many,
    do_chown,
    do_create_dataset,
    do_create_project,
    do_create_screen,
    do_create_tag,
    do_create_tagset,
    do_delete,
    do_link,
    do_update,
    do_update_annotation,
)
from pyomero.model.context import EventContext
from pyomero.model.errors import InputInvalidError, ObjectNotFoundError
from pyomero.model.models import (
    ANNOTATION_LINKS,
    TAGSET_NS,
    AnnotationKind,
    Dataset,
    Image,
    Project,
)
from pyomero.model.permissions import Action
from pyomero.webclient.annotating import remove_annotation
from pyomero.webclient.objects import access_by_type

FOLDER_TYPES = ("project", "dataset", "screen", "tag", "tagset")
#: OMERO.web's annotation types in ``action/remove|delete/<type>/<id>/``.
ANNOTATION_TYPES = {
    "tag": AnnotationKind.TAG,
    "tagset": AnnotationKind.TAG,
    "comment": AnnotationKind.COMMENT,
    "file": AnnotationKind.FILE,
}


def access_any(ctx: EventContext, o_type: str, o_id: int, action: Action = Action.VIEW) -> Any:
    """A container, image or annotation by OMERO.web's lower-case type name."""
    if o_type in ANNOTATION_TYPES:
        annotation = access_annotation(ctx, o_id, action)
        if annotation.kind != ANNOTATION_TYPES[o_type]:
            raise ObjectNotFoundError(o_type, o_id)
        if o_type == "tagset" and annotation.ns != TAGSET_NS:
            raise ObjectNotFoundError(o_type, o_id)
        return annotation
    return access_by_type(ctx, o_type, o_id, action)


def create_container(
    ctx: EventContext,
    folder_type: str,
    name: str,
    description: str = "",
    *,
    parent: tuple[str, int] | None = None,
    owner_id: int | None = None,
    image_ids: list[int] | None = None,
) -> Any:
    """A project, dataset, screen, tag or tag set in ctx's group; a dataset in the
    project ``parent``, a tag in the tag set ``parent``; a new dataset holds
    ``image_ids``; given to ``owner_id`` when ctx may (chown permission)."""
    with transaction.atomic():
        if parent is not None:
            p_type, p_id = parent
            container = access_any(ctx, p_type, p_id, Action.LINK)
            if p_type == "project":
                created: Any = do_create_dataset(ctx, name, description, project=container)
            elif p_type == "tagset":
                created = do_create_tag(ctx, name, description)
                do_annotate(ctx, container, created)
            else:
                raise InputInvalidError(f"cannot create a container in a {p_type}")
        elif folder_type == "project":
            created = do_create_project(ctx, name, description)
        elif folder_type == "dataset":
            created = do_create_dataset(ctx, name, description)
            for image_id in image_ids or []:
                do_link(ctx, created, access_image(ctx, image_id, Action.LINK))
        elif folder_type == "screen":
            created = do_create_screen(ctx, name, description)
        elif folder_type == "tag":
            created = do_create_tag(ctx, name, description)
        elif folder_type == "tagset":
            created = do_create_tagset(ctx, name, description)
        else:
            choices = ", ".join(FOLDER_TYPES)
            raise InputInvalidError(f"folder_type must be one of {choices}")
        if owner_id is not None and owner_id != ctx.user_id:
            do_chown(ctx, created, access_experimenter(ctx, owner_id))
    return created


def rename(ctx: EventContext, o_type: str, o_id: int, name: str) -> None:
    obj = access_any(ctx, o_type, o_id, Action.EDIT)
    if o_type in ANNOTATION_TYPES:
        do_update_annotation(ctx, obj, text=name)
    else:
        do_update(ctx, obj, name=name)


def describe(ctx: EventContext, o_type: str, o_id: int, description: str) -> None:
    obj = access_any(ctx, o_type, o_id, Action.EDIT)
    if o_type in ANNOTATION_TYPES:
        do_update_annotation(ctx, obj, description=description)
    else:
        do_update(ctx, obj, description=description)


def remove_from(ctx: EventContext, o_type: str, o_id: int, parents: str) -> None:
    """Take annotation ``o_id`` off ``parents`` (``image-1|dataset-2``): ctx's links,
    or any ctx may delete."""
    annotation = access_any(ctx, o_type, o_id)
    with transaction.atomic():
        for parent in filter(None, parents.split("|")):
            p_type, _, p_id = parent.partition("-")
            if not p_id.isdigit():
                raise InputInvalidError(f"parent {parent!r} is not <type>-<id>")
            obj = access_by_type(ctx, p_type, int(p_id))
            links = ANNOTATION_LINKS[obj.omero_type].objects.filter(
                parent_id=obj.pk, child_id=annotation.pk
            )
            if not links.exists():
                raise ObjectNotFoundError(f"{obj.omero_type}AnnotationLink", annotation.pk)
            mine = links.filter(owner_id=ctx.user_id)
            for link in mine if mine.exists() else links:
                remove_annotation(ctx, obj, link.pk)


def delete_one(
    ctx: EventContext, o_type: str, o_id: int, children: bool, annotations: bool
) -> None:
    do_delete(
        ctx,
        access_any(ctx, o_type, o_id, Action.DELETE),
        children=children,
        annotations=annotations,
    )


#: What a moved object may be put into in its new group (OMERO's ``target_id`` and
#: ``new_container_type``): the container type for each moved type.
PARENT_OF = {"dataset": "project", "image": "dataset", "plate": "screen"}


def chgrp_into(
    ctx: EventContext,
    objects: list[Any],
    group: Any,
    *,
    target: str = "",
    new_name: str = "",
    new_type: str = "",
) -> dict[str, Any]:
    """Move ``objects`` to ``group`` and put them into ``target`` (``project-12``) or a
    new container there (owned by the data's owner, as in OMERO); answers OMERO's
    ``update``: what the tree removes, and the containers left empty."""
    parents = _former_parents(objects)
    with transaction.atomic():
        do_chgrp_many(ctx, objects, group)
        for obj in objects:  # they are in the new group now
            obj.refresh_from_db()
        container: Any = None
        if new_name.strip() and new_type:
            if new_type not in ("project", "dataset", "screen"):
                raise InputInvalidError("new_container_type must be project, dataset or screen")
            in_group = ctx.in_group(group.pk)
            if new_type == "project":
                container = do_create_project(in_group, new_name, "")
            elif new_type == "dataset":
                container = do_create_dataset(in_group, new_name, "")
            else:
                container = do_create_screen(in_group, new_name, "")
            owner_id = objects[0].owner_id if objects else ctx.user_id
            if owner_id != ctx.user_id:
                do_chown(ctx, container, access_experimenter(ctx, owner_id))
        elif target:
            t_type, _, t_id = target.partition("-")
            if t_type not in PARENT_OF.values() or not t_id.isdigit():
                raise InputInvalidError(
                    f"target_id {target!r} is not project-, dataset- or screen-<id>"
                )
            container = access_by_type(ctx, t_type, int(t_id), Action.LINK)
        if container is not None:
            for obj in objects:
                if PARENT_OF.get(obj.omero_type.lower()) == container.omero_type.lower():
                    do_link(ctx, container, obj)
    remove: dict[str, list[int]] = {
        t: [] for t in ("project", "plate", "screen", "image", "dataset")
    }
    for obj in objects:
        remove[obj.omero_type.lower()].append(obj.pk)
    childless: dict[str, Any] = {"project": [], "orphaned": False, "dataset": []}
    for p_type, model, link_name in parents:
        if (
            not model.objects.filter(pk=p_type[1])
            .filter(**{f"{link_name}__isnull": False})
            .exists()
        ):
            childless[p_type[0]].append(p_type[1])
    return {"update": {"childless": childless, "remove": remove}}


def _former_parents(objects: list[Any]) -> list[tuple[tuple[str, int], type[Any], str]]:
    """The projects of moved datasets and datasets of moved images, to tell which are
    left empty."""
    found: list[tuple[tuple[str, int], type[Any], str]] = []
    for obj in objects:
        if isinstance(obj, Dataset):
            for pid in obj.project_links.values_list("parent_id", flat=True):
                found.append((("project", pid), Project, "dataset_links"))
        elif isinstance(obj, Image):
            for did in obj.dataset_links.values_list("parent_id", flat=True):
                found.append((("dataset", did), Dataset, "image_links"))
    return found
