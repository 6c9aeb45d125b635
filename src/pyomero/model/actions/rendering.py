"""Writes of rendering settings (one RenderingDef per user per image)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from pyomero.model.access import check
from pyomero.model.actions._base import new
from pyomero.model.context import EventContext
from pyomero.model.errors import InputInvalidError
from pyomero.model.models import ChannelBinding, Image, Pixels, RenderingDef
from pyomero.model.permissions import Action

RDEF_FIELDS = frozenset(
    {
        "model",
        "default_z",
        "default_t",
        "projection",
        "projection_start",
        "projection_end",
        "bit_resolution",
        "codomain_start",
        "codomain_end",
        "name",
    }
)
BINDING_FIELDS = frozenset(
    {
        "active",
        "input_start",
        "input_end",
        "red",
        "green",
        "blue",
        "alpha",
        "lut",
        "family",
        "coefficient",
        "noise_reduction",
        "inverted",
    }
)


def do_save_rendering_def(
    ctx: EventContext,
    image: Image,
    channels: Sequence[dict[str, Any]] = (),
    *,
    for_owner: bool = False,
    **fields: Any,
) -> RenderingDef:
    """Save rendering settings of ``image``: ctx's own, or the owner's with ``for_owner``.

    One's own settings of someone else's image need the annotate permission; changing
    the owner's settings (the image's defaults) needs edit. Each save bumps ``version``;
    a thumbnail of an older version is stale.
    """
    if set(fields) - RDEF_FIELDS:
        raise InputInvalidError(f"unknown rendering field(s): {sorted(set(fields) - RDEF_FIELDS)}")
    for spec in channels:
        if set(spec) - BINDING_FIELDS:
            raise InputInvalidError(
                f"unknown channel field(s): {sorted(set(spec) - BINDING_FIELDS)}"
            )
    with transaction.atomic():
        check(ctx, Action.EDIT if for_owner else Action.ANNOTATE, image)
        pixels = Pixels.objects.get(image=image)
        owner_id = image.owner_id if for_owner else ctx.user_id
        rdef = RenderingDef.objects.filter(pixels=pixels, owner_id=owner_id).first()
        if rdef is None:
            rdef = new(RenderingDef, ctx, group_id=image.group_id, pixels=pixels)
            if owner_id != ctx.user_id:
                RenderingDef.objects.filter(pk=rdef.pk).update(owner_id=owner_id)
                rdef.owner_id = owner_id
        for name, value in fields.items():
            setattr(rdef, name, value)
        rdef.version += 1
        rdef.updated = timezone.now()
        rdef.save()
        for index, spec in enumerate(channels):
            binding = rdef.channel_bindings.filter(index=index).first()
            if binding is None:
                binding = ChannelBinding(
                    rendering_def=rdef, index=index, owner_id=owner_id, group_id=rdef.group_id
                )
            for name, value in spec.items():
                setattr(binding, name, value)
            binding.updated = timezone.now()
            binding.save()
    return rdef
