"""Laying a parsed query over stored settings, as OMERO.web's ``_get_prepared_image`` does.

- ``c=`` decides which channels are active: those listed with a positive index; every
  channel it does not list is inactive. Windows, colours and LUTs apply to every listed
  channel (OMERO.web applies them to the active ones only; for rendering it makes no
  difference, and saving then keeps what was asked for). A colour clears the LUT.
- ``maps=`` item ``i`` applies to the ``i``-th entry of ``c=``, or to channel ``i``
  when there is no ``c=``.
- ``m=`` and ``p=`` replace the model and the projection (a projection without a range
  projects the whole stack).
"""

from __future__ import annotations

import dataclasses

from pyomero.rendering.channels import ChannelMap, ChannelQuery
from pyomero.rendering.errors import ParameterOutOfRangeError
from pyomero.rendering.lookup import LutSet, default_luts
from pyomero.rendering.query import RenderQuery
from pyomero.rendering.settings import ChannelSettings, RenderSettings


def _with_entry(channel: ChannelSettings, entry: ChannelQuery, luts: LutSet) -> ChannelSettings:
    changes: dict[str, object] = {"active": entry.active}
    if entry.start is not None and entry.end is not None:
        changes.update(start=entry.start, end=entry.end)
    if entry.lut is not None:
        changes["lut"] = luts.get(entry.lut).name
    elif entry.color is not None:
        changes.update(color=entry.color, lut=None)
    return dataclasses.replace(channel, **changes)  # type: ignore[arg-type]


def _with_map(channel: ChannelSettings, item: ChannelMap | None) -> ChannelSettings:
    if item is None:
        return channel
    changes: dict[str, object] = {}
    if item.inverted is not None:
        changes["inverted"] = item.inverted
    if item.family is not None:
        changes["family"] = item.family
    if item.coefficient is not None:
        changes["coefficient"] = item.coefficient
    return dataclasses.replace(channel, **changes)  # type: ignore[arg-type]


def apply_query(
    settings: RenderSettings, query: RenderQuery, *, luts: LutSet | None = None
) -> RenderSettings:
    """The settings to render with: ``settings`` overridden by what ``query`` asks for."""
    luts = default_luts() if luts is None else luts
    channels = list(settings.channels)
    if query.channels is not None:
        listed = {entry.index: entry for entry in query.channels}
        for index in listed:
            if index >= len(channels):
                raise ParameterOutOfRangeError(
                    f"channel {index + 1} is out of range; the image has {len(channels)}",
                    parameter="c",
                )
        channels = [
            _with_entry(ch, listed[i], luts)
            if i in listed
            else dataclasses.replace(ch, active=False)
            for i, ch in enumerate(channels)
        ]
    if query.maps is not None:
        targets = (
            [entry.index for entry in query.channels]
            if query.channels is not None
            else list(range(len(channels)))
        )
        for target, item in zip(targets, query.maps, strict=False):
            channels[target] = _with_map(channels[target], item)
    changes: dict[str, object] = {"channels": tuple(channels)}
    if query.model is not None:
        changes["model"] = query.model
    if query.projection is not None:
        changes.update(
            projection=query.projection.projection,
            projection_start=query.projection.start,
            projection_end=query.projection.end,
        )
    return dataclasses.replace(settings, **changes)  # type: ignore[arg-type]
