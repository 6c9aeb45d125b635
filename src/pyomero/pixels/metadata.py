"""Pure values describing an image series: sizes, pixel type, channels, planes, plates.

OMERO's names and OME's units: a length keeps the unit symbol the file used (``µm``,
``nm``...) and converts on demand; times are seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

import numpy as np

DIMENSION_ORDERS = ("XYZCT", "XYZTC", "XYCTZ", "XYCZT", "XYTCZ", "XYTZC")


class PixelType(StrEnum):
    """OMERO's pixel types, by their OMERO value."""

    INT8 = "int8"
    UINT8 = "uint8"
    INT16 = "int16"
    UINT16 = "uint16"
    INT32 = "int32"
    UINT32 = "uint32"
    FLOAT = "float"
    DOUBLE = "double"
    BIT = "bit"

    @property
    def dtype(self) -> np.dtype[np.generic]:
        """The numpy dtype pixels of this type are read as (``bit`` is ``bool``)."""
        return np.dtype(_DTYPES[self])

    @property
    def range(self) -> tuple[float, float]:
        """The smallest and largest value of the type (floats: their finite range)."""
        if self is PixelType.BIT:
            return (0.0, 1.0)
        dtype = self.dtype
        info: np.iinfo[np.integer] | np.finfo[np.floating]
        info = np.finfo(dtype) if dtype.kind == "f" else np.iinfo(dtype)  # type: ignore[arg-type]
        return (float(info.min), float(info.max))

    @classmethod
    def from_dtype(cls, dtype: np.dtype[np.generic] | type | str) -> PixelType:
        """The pixel type of a numpy dtype; raises ``ValueError`` for others."""
        dtype = np.dtype(dtype)
        for pixel_type, name in _DTYPES.items():
            if np.dtype(name) == dtype.newbyteorder("="):
                return pixel_type
        raise ValueError(f"pixel type {dtype} is not one of OMERO's pixel types")


_DTYPES: dict[PixelType, str] = {
    PixelType.INT8: "int8",
    PixelType.UINT8: "uint8",
    PixelType.INT16: "int16",
    PixelType.UINT16: "uint16",
    PixelType.INT32: "int32",
    PixelType.UINT32: "uint32",
    PixelType.FLOAT: "float32",
    PixelType.DOUBLE: "float64",
    PixelType.BIT: "bool",
}

_MICROMETRES_PER: dict[str, float] = {
    "Å": 1e-4,
    "pm": 1e-6,
    "nm": 1e-3,
    "µm": 1.0,
    "um": 1.0,
    "mm": 1e3,
    "cm": 1e4,
    "m": 1e6,
    "in": 25_400.0,
    "pixel": float("nan"),
}


@dataclass(frozen=True)
class Length:
    """A length in the unit the source gave (OME's unit symbols)."""

    value: float
    unit: str = "µm"

    def to(self, unit: str) -> float:
        """The value in another unit; raises ``ValueError`` for an unknown unit."""
        try:
            factor = _MICROMETRES_PER[self.unit] / _MICROMETRES_PER[unit]
        except KeyError as exc:
            raise ValueError(f"unknown length unit {exc.args[0]!r}") from None
        return self.value * factor

    @property
    def micrometres(self) -> float:
        return self.to("µm")


@dataclass(frozen=True)
class Channel:
    """One channel: what OMERO's Channel and LogicalChannel keep."""

    name: str | None = None
    color: str | None = None  # "RRGGBB", upper case
    emission_wavelength: Length | None = None
    excitation_wavelength: Length | None = None


@dataclass(frozen=True)
class ChannelStats:
    """The smallest and largest value of one channel over all planes (OMERO's StatsInfo)."""

    min: float
    max: float


@dataclass(frozen=True)
class Plane:
    """What is known of one plane (OMERO's PlaneInfo); times in seconds."""

    the_z: int
    the_c: int
    the_t: int
    delta_t: float | None = None
    exposure_time: float | None = None


@dataclass(frozen=True)
class Level:
    """One resolution level of a source that is a pyramid, largest first."""

    size_x: int
    size_y: int
    tile_width: int | None = None
    tile_height: int | None = None


@dataclass(frozen=True)
class WellSample:
    """A field of a well: which series of the fileset images it."""

    index: int
    series: int
    acquisition: int | None = None
    position_x: Length | None = None
    position_y: Length | None = None


@dataclass(frozen=True)
class Well:
    row: int
    column: int
    samples: tuple[WellSample, ...] = ()


@dataclass(frozen=True)
class PlateAcquisition:
    index: int
    name: str | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None


@dataclass(frozen=True)
class Plate:
    """A plate layout: rows and columns counted from 0, wells and their fields."""

    name: str | None
    rows: int
    columns: int
    wells: tuple[Well, ...] = ()
    acquisitions: tuple[PlateAcquisition, ...] = ()
    row_naming: str = "letter"
    column_naming: str = "number"


@dataclass(frozen=True)
class WellPlacement:
    """Where one series sits in a plate of the fileset."""

    plate: int
    row: int
    column: int
    field: int
    acquisition: int | None = None


@dataclass(frozen=True)
class Objective:
    """The objective a series was acquired with and the microscope it sits on (OME's
    Objective, ObjectiveSettings and Instrument's Microscope)."""

    model: str | None = None
    manufacturer: str | None = None
    nominal_magnification: float | None = None
    lens_na: float | None = None
    immersion: str | None = None  # OME's Immersion: Oil, Water, Air...
    microscope: str | None = None  # the microscope's manufacturer and model

    def __bool__(self) -> bool:
        return any(value is not None for value in vars(self).values())


@dataclass(frozen=True)
class SeriesMetadata:
    """Everything a reader knows about one series (one future OMERO Image)."""

    name: str
    size_x: int
    size_y: int
    size_z: int
    size_c: int
    size_t: int
    pixel_type: PixelType
    dimension_order: str = "XYZCT"
    description: str | None = None
    acquisition_date: datetime | None = None
    physical_size_x: Length | None = None
    physical_size_y: Length | None = None
    physical_size_z: Length | None = None
    time_increment: float | None = None
    channels: tuple[Channel, ...] = ()
    planes: tuple[Plane, ...] = ()
    levels: tuple[Level, ...] = field(default=())
    placement: WellPlacement | None = None
    objective: Objective | None = None
    #: The reader's own key-value pairs of this series (OMERO's series metadata).
    original: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.dimension_order not in DIMENSION_ORDERS:
            raise ValueError(f"dimension order {self.dimension_order!r} is not an OME order")
        sizes = (self.size_x, self.size_y, self.size_z, self.size_c, self.size_t)
        if min(sizes) < 1:
            raise ValueError(f"sizes must be positive, got {sizes}")
        if not self.channels:
            object.__setattr__(self, "channels", tuple(Channel() for _ in range(self.size_c)))
        elif len(self.channels) != self.size_c:
            raise ValueError(f"{len(self.channels)} channels for size C {self.size_c}")
        if not self.levels:
            object.__setattr__(self, "levels", (Level(self.size_x, self.size_y),))
        elif (self.levels[0].size_x, self.levels[0].size_y) != (self.size_x, self.size_y):
            raise ValueError("level 0 must have the size of the image")

    @property
    def plane_count(self) -> int:
        return self.size_z * self.size_c * self.size_t

    @property
    def dtype(self) -> np.dtype[np.generic]:
        return self.pixel_type.dtype


def plane_index(order: str, sizes: tuple[int, int, int], z: int, c: int, t: int) -> int:
    """The linear index of plane (z, c, t) in dimension order ``order`` (``XYZCT``...)."""
    size = {"Z": sizes[0], "C": sizes[1], "T": sizes[2]}
    where = {"Z": z, "C": c, "T": t}
    first, second, third = order[2], order[3], order[4]
    return where[first] + size[first] * (where[second] + size[second] * where[third])


def color_from_rgba(value: int) -> str:
    """``RRGGBB`` from OME's signed 32-bit RGBA integer."""
    rgba = value & 0xFFFFFFFF
    return f"{rgba >> 8:06X}"
