"""Where imported images go: ``-d DATASET_ID``, ``-r SCREEN_ID``, ``-T Dataset:name:NAME``."""

from __future__ import annotations

from dataclasses import dataclass

from pyomero.imports.options import Target
from pyomero.model.access import access_dataset, access_screen
from pyomero.model.actions import do_create_dataset
from pyomero.model.context import EventContext
from pyomero.model.models import Dataset, Screen
from pyomero.model.permissions import Action
from pyomero.model.queries import visible_datasets


@dataclass(frozen=True)
class Resolved:
    """The target's objects, and the context to import in (the target's group)."""

    ctx: EventContext
    dataset: Dataset | None = None
    screen: Screen | None = None


def resolve_target(ctx: EventContext, target: Target) -> Resolved:
    """Find (or, by name, create) the target; the import then acts in its group.

    An object ctx may not link to is answered as missing or forbidden by ``access``.
    """
    everywhere = ctx.in_group(None)  # the target may be in any of ctx's groups
    if target.dataset_id is not None:
        dataset = access_dataset(everywhere, target.dataset_id, Action.LINK)
        return Resolved(_in(ctx, dataset.group_id), dataset=dataset)
    if target.screen_id is not None:
        screen = access_screen(everywhere, target.screen_id, Action.LINK)
        return Resolved(_in(ctx, screen.group_id), screen=screen)
    if target.dataset_name:
        mine = visible_datasets(ctx).filter(name=target.dataset_name, owner_id=ctx.user_id)
        if ctx.group_id is not None:
            mine = mine.filter(group_id=ctx.group_id)
        found = mine.order_by("-pk").first()
        if found is None:
            found = do_create_dataset(ctx, target.dataset_name)
        return Resolved(_in(ctx, found.group_id), dataset=found)
    return Resolved(ctx)


def _in(ctx: EventContext, group_id: int) -> EventContext:
    return ctx if ctx.group_id == group_id else ctx.in_group(group_id)
