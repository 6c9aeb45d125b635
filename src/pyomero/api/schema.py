"""The JSON shapes of the API, as TypedDicts: what a client may rely on.

Keys are omero-marshal's: ``@id``, ``@type``, CamelCase OME fields, ``omero:*``
OMERO-only fields and ``url:*`` links. Every object key is optional
(``total=False``) because OMERO leaves out null fields. ``endpoints.py`` names the
shape each endpoint returns; the contract tests check every key a response
carries is declared here, so that an OpenAPI document generated from these
classes describes the real responses.
"""

from __future__ import annotations

from typing import Any, Generic, TypedDict, TypeVar

T = TypeVar("T")

Json = dict[str, Any]

PermissionsJson = TypedDict(
    "PermissionsJson",
    {
        "@type": str,
        "perm": str,
        "canAnnotate": bool,
        "canDelete": bool,
        "canEdit": bool,
        "canLink": bool,
        "canChgrp": bool,
        "canChown": bool,
        "isUserRead": bool,
        "isUserWrite": bool,
        "isGroupRead": bool,
        "isGroupAnnotate": bool,
        "isGroupWrite": bool,
        "isWorldRead": bool,
        "isWorldWrite": bool,
    },
)

UnitJson = TypedDict("UnitJson", {"@type": str, "Unit": str, "Symbol": str, "Value": float})

# The nested Experimenter and ExperimenterGroup of details; normalized: only "@id".
DetailsJson = TypedDict(
    "DetailsJson",
    {"@type": str, "owner": "ExperimenterJson", "group": "ExperimenterGroupJson",
     "permissions": PermissionsJson},
    total=False,
)  # fmt: skip

ObjectJson = TypedDict(
    "ObjectJson", {"@id": int, "@type": str, "omero:details": DetailsJson}, total=False
)

EnumJson = TypedDict(
    "EnumJson", {"@id": int, "@type": str, "value": str, "omero:details": DetailsJson}, total=False
)


class NamedJson(ObjectJson, total=False):
    Name: str
    Description: str


ExperimenterExtras = TypedDict(
    "ExperimenterExtras",
    {"url:experimenter": str, "url:experimentergroups": str},
    total=False,
)


class ExperimenterJson(ObjectJson, ExperimenterExtras, total=False):
    FirstName: str
    MiddleName: str
    LastName: str
    Email: str
    Institution: str
    UserName: str


GroupExtras = TypedDict(
    "GroupExtras",
    {"url:experimentergroup": str, "url:experimenters": str},
    total=False,
)


class ExperimenterGroupJson(NamedJson, GroupExtras, total=False):
    pass


ProjectExtras = TypedDict(
    "ProjectExtras",
    {"url:project": str, "url:datasets": str, "omero:childCount": int},
    total=False,
)


class ProjectJson(NamedJson, ProjectExtras, total=False):
    pass


DatasetExtras = TypedDict(
    "DatasetExtras",
    {"url:dataset": str, "url:images": str, "url:projects": str, "omero:childCount": int},
    total=False,
)


class DatasetJson(NamedJson, DatasetExtras, total=False):
    pass


ScreenExtras = TypedDict(
    "ScreenExtras", {"url:screen": str, "url:plates": str, "omero:childCount": int}, total=False
)


class ScreenJson(NamedJson, ScreenExtras, total=False):
    pass


class ChannelJson(ObjectJson, total=False):
    Name: str
    Color: int
    EmissionWavelength: UnitJson
    ExcitationWavelength: UnitJson


class PixelsJson(ObjectJson, total=False):
    SizeX: int
    SizeY: int
    SizeZ: int
    SizeC: int
    SizeT: int
    SignificantBits: int
    PhysicalSizeX: UnitJson
    PhysicalSizeY: UnitJson
    PhysicalSizeZ: UnitJson
    TimeIncrement: UnitJson
    DimensionOrder: EnumJson
    Type: EnumJson
    Channels: list[ChannelJson]


ImageExtras = TypedDict(
    "ImageExtras",
    {
        "omero:archived": bool,
        "omero:series": int,
        "url:image": str,
        "url:datasets": str,
        "url:rois": str,
        "url:pyomero:rendering": str,
        "url:pyomero:zarr": str,
        "url:pyomero:zarr_link": str,
    },
    total=False,
)


class ImageJson(NamedJson, ImageExtras, total=False):
    AcquisitionDate: int
    Pixels: PixelsJson


PlateExtras = TypedDict(
    "PlateExtras",
    {
        "url:plate": str,
        "url:screens": str,
        "url:wells": str,
        "url:plateacquisitions": str,
        "url:wellsampleindex_wells": list[str],
        "omero:wellsampleIndex": list[int],
    },
    total=False,
)


class PlateJson(NamedJson, PlateExtras, total=False):
    Rows: int
    Columns: int
    RowNamingConvention: str
    ColumnNamingConvention: str
    FieldIndex: int
    ExternalIdentifier: str
    Status: str


AcquisitionExtras = TypedDict(
    "AcquisitionExtras",
    {
        "url:plateacquisition": str,
        "url:wellsampleindex_wells": list[str],
        "omero:wellsampleIndex": list[int],
    },
    total=False,
)


class PlateAcquisitionJson(NamedJson, AcquisitionExtras, total=False):
    MaximumFieldCount: int
    StartTime: int
    EndTime: int


class WellSampleJson(ObjectJson, total=False):
    PositionX: UnitJson
    PositionY: UnitJson
    Image: ImageJson
    PlateAcquisition: PlateAcquisitionJson


WellExtras = TypedDict("WellExtras", {"url:well": str, "url:plates": str}, total=False)


class WellJson(ObjectJson, WellExtras, total=False):
    Column: int
    Row: int
    ExternalDescription: str
    Type: str
    WellSamples: list[WellSampleJson]


class AffineTransformJson(TypedDict, total=False):
    A00: float
    A10: float
    A01: float
    A11: float
    A02: float
    A12: float


ShapeJson = TypedDict(
    "ShapeJson",
    {
        "@id": int,
        "@type": str,
        "omero:details": DetailsJson,
        "TheZ": int,
        "TheT": int,
        "TheC": int,
        "FillColor": int,
        "StrokeColor": int,
        "StrokeWidth": UnitJson,
        "FontFamily": str,
        "FontSize": UnitJson,
        "FontStyle": str,
        "Locked": bool,
        "Text": str,
        "Transform": AffineTransformJson,
        "X": float,
        "Y": float,
        "Width": float,
        "Height": float,
        "RadiusX": float,
        "RadiusY": float,
        "X1": float,
        "Y1": float,
        "X2": float,
        "Y2": float,
        "Points": str,
        "MarkerStart": str,
        "MarkerEnd": str,
        "url:roi": str,  # a shape alone (m/shapes/<id>/) links to its ROI
    },
    total=False,
)

RoiExtras = TypedDict("RoiExtras", {"url:roi": str, "shapes": list[ShapeJson]}, total=False)


class RoiJson(NamedJson, RoiExtras, total=False):
    pass


class OriginalFileJson(ObjectJson, total=False):
    name: str
    path: str
    size: int
    hash: str
    mimetype: str
    hasher: EnumJson


LinkJson = TypedDict(
    "LinkJson", {"@id": int, "@type": str, "omero:details": DetailsJson}, total=False
)

AnnotationExtras = TypedDict(
    "AnnotationExtras",
    {"Namespace": str, "Value": Any, "File": OriginalFileJson, "omero:link": LinkJson},
    total=False,
)


class AnnotationJson(ObjectJson, AnnotationExtras, total=False):
    Description: str


class MetaJson(TypedDict):
    offset: int
    limit: int
    maxLimit: int
    totalCount: int


class ListPage(TypedDict, Generic[T]):
    """A page of objects; ``normalize=true`` adds the two top-level lists."""

    data: list[T]
    meta: MetaJson


class NormalizedListPage(ListPage[T], total=False):
    experimenters: list[ExperimenterJson]
    experimenterGroups: list[ExperimenterGroupJson]


class One(TypedDict, Generic[T]):
    data: T


class MessageJson(TypedDict):
    message: str


VersionJson = TypedDict("VersionJson", {"version": str, "url:base": str})


class VersionsJson(TypedDict):
    data: list[VersionJson]


# GET /api/v0/: OMERO's starting URLs, and pyomero's extension ("url:pyomero:*").
BaseJson = TypedDict(
    "BaseJson",
    {
        "url:experimenters": str,
        "url:experimentergroups": str,
        "url:projects": str,
        "url:datasets": str,
        "url:images": str,
        "url:screens": str,
        "url:plates": str,
        "url:rois": str,
        "url:token": str,
        "url:servers": str,
        "url:login": str,
        "url:save": str,
        "url:schema": str,
        "url:pyomero:logout": str,
        "url:pyomero:annotations": str,
        "url:pyomero:openapi": str,
    },
)


class ServerJson(TypedDict, total=False):
    id: int
    host: str
    port: int
    server: str


class ServersJson(TypedDict):
    data: list[ServerJson]


class TokenJson(TypedDict):
    data: str


class EventContextJson(TypedDict):
    userId: int
    userName: str
    groupId: int
    groupName: str
    isAdmin: bool
    eventId: int
    eventType: str
    memberOfGroups: list[int]
    leaderOfGroups: list[int]


class LoginJson(TypedDict):
    success: bool
    eventContext: EventContextJson


class LogoutJson(TypedDict):
    success: bool


# pyomero's extension: a store URL that carries its own credential.
ZarrLinkJson = TypedDict("ZarrLinkJson", {"url:zarr": str, "expires": int})


# pyomero's extension: an image's rendering settings (imgData's names).


class WindowJson(TypedDict, total=False):
    """The rendered range (``start``, ``end``) and the channel's (``min``, ``max``)."""

    start: float
    end: float
    min: float
    max: float


class RenderingChannelJson(TypedDict, total=False):
    label: str
    active: bool
    color: str  # RRGGBB
    lut: str  # a lookup table (``fire.lut``) used instead of the colour
    family: str  # linear, polynomial, exponential, logarithmic
    coefficient: float
    inverted: bool
    window: WindowJson


RenderingJson = TypedDict(
    "RenderingJson",
    {
        "@id": int,  # the stored rendering def; left out for the imported defaults
        "@type": str,
        "omero:owner": int,  # whose settings these are (the user's, else the image owner's)
        "omero:image": int,
        "model": str,  # color or greyscale
        "projection": str,
        "defaultZ": int,
        "defaultT": int,
        "channels": list[RenderingChannelJson],
        "url:image": str,
        "url:rendering": str,
    },
    total=False,
)
