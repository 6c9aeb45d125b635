"""Objects by OMERO.web's lower-case type names, and what the right-hand panel shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pyomero.model.access import (
    access_dataset,
    access_image,
    access_plate,
    access_plate_acquisition,
    access_project,
    access_screen,
)
from pyomero.model.context import EventContext
from pyomero.model.errors import ObjectNotFoundError
from pyomero.model.models import (
    CLIENT_MAP_NS,
    RATING_NS,
    AnnotationKind,
    Channel,
    Image,
    Pixels,
)
from pyomero.model.models.images import LENGTH_UNITS
from pyomero.model.permissions import (
    Action,
    ObjectPermissions,
    can,
    details_of,
    permissions_of,
)
from pyomero.model.queries import annotation_links, visible_datasets, visible_plates
from pyomero.webclient import annotating
from pyomero.webclient.acquisition import ObjectiveFacts, objective_of
from pyomero.webclient.open_with import open_with, viewer_url
from pyomero.webclient.preview import Preview, preview_of

ACCESS: dict[str, Callable[..., Any]] = {
    "project": access_project,
    "dataset": access_dataset,
    "image": access_image,
    "screen": access_screen,
    "plate": access_plate,
    "acquisition": access_plate_acquisition,
}
UNIT_SYMBOLS = dict(LENGTH_UNITS)


def access_by_type(
    ctx: EventContext, c_type: str, c_id: object, action: Action = Action.VIEW
) -> Any:
    """``project``, ``dataset``, ``image``, ``screen``, ``plate`` or ``acquisition`` ``c_id``:
    404 when missing or not visible."""
    if c_type not in ACCESS:
        raise ObjectNotFoundError(c_type, c_id)
    return ACCESS[c_type](ctx, c_id, action)


@dataclass(frozen=True)
class TagChip:
    """One tag on the object, however many users linked it: who did, and the link the
    user may take off (their own first), if any."""

    tag: Any
    added_by: list[str]
    removable_link: int | None


@dataclass
class Annotations:
    """The annotations on one object, by kind, in the order they were added."""

    tags: list[Any] = field(default_factory=list)
    maps: list[Any] = field(default_factory=list)
    comments: list[Any] = field(default_factory=list)
    my_rating: int = 0
    others: list[Any] = field(default_factory=list)
    files: list[Any] = field(default_factory=list)
    # ids of the links ctx may remove, and of the maps ctx may edit in the panel
    removable: set[int] = field(default_factory=set)
    editable_maps: set[int] = field(default_factory=set)
    user_id: int = 0

    @property
    def tag_chips(self) -> list[TagChip]:
        """The tags, each once (OMERO shows a tag two users added as one chip)."""
        by_tag: dict[int, list[Any]] = {}
        for link in self.tags:
            by_tag.setdefault(link.child_id, []).append(link)
        chips = []
        for links in by_tag.values():
            mine = sorted(
                (link for link in links if link.pk in self.removable),
                key=lambda link: link.owner_id != self.user_id,
            )
            names = list(dict.fromkeys(link.owner.ome_name for link in links))
            chips.append(TagChip(links[0].child, names, mine[0].pk if mine else None))
        return chips


def annotations_of(ctx: EventContext, obj: Any) -> Annotations:
    found = Annotations(user_id=ctx.user_id)
    links = annotation_links(ctx, obj).prefetch_related("child__map_values")
    for link in links.select_related("child__file", "owner"):
        annotation = link.child
        if can(ctx, Action.DELETE, details_of(link)):
            found.removable.add(link.pk)
        if annotation.kind == AnnotationKind.TAG:
            found.tags.append(link)
        elif annotation.kind == AnnotationKind.MAP:
            found.maps.append(link)
            if annotation.ns == CLIENT_MAP_NS and can(ctx, Action.EDIT, details_of(annotation)):
                found.editable_maps.add(annotation.pk)
        elif annotation.kind == AnnotationKind.COMMENT:
            found.comments.append(link)
        elif annotation.kind == AnnotationKind.FILE:
            found.files.append(link)
        elif annotation.ns == RATING_NS:
            if annotation.owner_id == ctx.user_id:
                found.my_rating = int(annotation.long_value or 0)
            else:
                found.others.append(link)
        else:
            found.others.append(link)
    return found


@dataclass(frozen=True)
class ChannelFacts:
    """One channel as the General, Acquisition and Preview sections show it."""

    index: int
    name: str
    emission: str
    excitation: str
    colour: str  # "RRGGBB", "" when the channel has none

    @property
    def label(self) -> str:
        return self.name or f"Channel {self.index + 1}"


@dataclass(frozen=True)
class Panel:
    """Everything the General and annotation sections of the panel need."""

    c_type: str
    obj: Any
    perms: ObjectPermissions
    annotations: Annotations
    pixels: Pixels | None
    physical_sizes: list[str]
    channels: list[ChannelFacts] = field(default_factory=list)
    preview: Preview | None = None
    tag_choices: list[Any] = field(default_factory=list)
    move_groups: list[Any] = field(default_factory=list)
    new_owners: list[Any] = field(default_factory=list)
    viewer_url: str = ""
    open_with: list[Any] = field(default_factory=list)
    # (parentId, label) of the containers whose images can take the channel names too
    name_targets: list[tuple[str, str]] = field(default_factory=list)
    objective: ObjectiveFacts | None = None


def panel_of(ctx: EventContext, c_type: str, c_id: object) -> Panel:
    obj = access_by_type(ctx, c_type, c_id)
    pixels = _pixels(obj)
    perms = permissions_of(ctx, obj)
    rows = list(Channel.objects.filter(pixels=pixels).order_by("index")) if pixels else []
    return Panel(
        c_type=c_type,
        obj=obj,
        perms=perms,
        annotations=annotations_of(ctx, obj),
        pixels=pixels,
        physical_sizes=_physical_sizes(pixels),
        channels=[_channel_facts(row) for row in rows],
        preview=preview_of(ctx, obj, pixels, rows, perms.can_annotate) if pixels else None,
        tag_choices=annotating.tag_choices(ctx, obj) if perms.can_annotate else [],
        move_groups=annotating.move_groups(ctx, obj),
        new_owners=annotating.new_owners(ctx, obj),
        viewer_url=viewer_url(obj.pk) if c_type == "image" else "",
        open_with=open_with(c_type, obj.pk),
        name_targets=_name_targets(ctx, obj) if rows and perms.can_edit else [],
        objective=objective_of(obj) if isinstance(obj, Image) else None,
    )


def _name_targets(ctx: EventContext, image: Image) -> list[tuple[str, str]]:
    """The image's datasets and plates, for "apply the channel names to all images in"."""
    datasets = visible_datasets(ctx).filter(image_links__child=image).order_by("name")
    plates = visible_plates(ctx).filter(wells__samples__image=image).distinct().order_by("name")
    return [(f"dataset-{d.pk}", f"Dataset {d.name}") for d in datasets] + [
        (f"plate-{p.pk}", f"Plate {p.name}") for p in plates
    ]


def _pixels(obj: Any) -> Pixels | None:
    if not isinstance(obj, Image):
        return None
    return Pixels.objects.filter(image=obj).first()


def _physical_sizes(pixels: Pixels | None) -> list[str]:
    if pixels is None:
        return []
    sizes = []
    for axis in ("x", "y", "z"):
        value = getattr(pixels, f"physical_size_{axis}")
        if value is not None:
            unit = UNIT_SYMBOLS.get(getattr(pixels, f"physical_size_{axis}_unit"), "")
            sizes.append(f"{axis.upper()}: {value:g} {unit}".strip())
    return sizes


def _channel_facts(channel: Channel) -> ChannelFacts:
    return ChannelFacts(
        index=channel.index,
        name=channel.name,
        emission=_length(channel.emission_wave, channel.emission_wave_unit),
        excitation=_length(channel.excitation_wave, channel.excitation_wave_unit),
        colour=_colour(channel),
    )


def _length(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    return f"{value:g} {UNIT_SYMBOLS.get(unit, '')}".strip()


def _colour(channel: Channel) -> str:
    rgb = (channel.red, channel.green, channel.blue)
    if any(part is None for part in rgb):
        return ""
    return "".join(f"{part:02X}" for part in rgb)
