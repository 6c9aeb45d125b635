"""TIFF-family readers on tifffile: plain TIFF (RGB, multi-page), ImageJ hyperstacks,
Zeiss LSM and MetaMorph STK. OME-TIFF has its own module on top of the same series."""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import tifffile
from numpy.typing import NDArray

from pyomero.pixels.contract import DEFAULT_LIMITS, Limits, Reader, Series
from pyomero.pixels.errors import CorruptFile, PixelsError, UnsupportedFormat
from pyomero.pixels.metadata import Channel, Length, Level, SeriesMetadata
from pyomero.pixels.original import flatten, pairs, tiff_tags
from pyomero.pixels.readers._tiffio import (
    Page,
    PageReader,
    check_segments,
    first_description,
    is_tiff,
    open_tiff,
    pixel_type_of,
)

#: An RGB TIFF's channels: coloured, unnamed (Bio-Formats names none).
RGB_CHANNELS = (
    Channel(color="FF0000"),
    Channel(color="00FF00"),
    Channel(color="0000FF"),
)

#: ResolutionUnit -> units per micrometre. Without a unit (1), Bio-Formats takes the
#: resolution as pixels per micrometre, and so do we.
RESOLUTION_UNITS = {1: 1.0, 2: 1 / 25_400, 3: 1e-4}


@dataclass(frozen=True)
class TiffLayout:
    """How (t, c, z) maps onto the pages and samples of a tifffile series."""

    axes: str  # the page axes, outermost first, as T, C and Z
    shape: tuple[int, ...]
    samples: int
    size_x: int
    size_y: int

    def size(self, letter: str) -> int:
        size = self.shape[self.axes.index(letter)] if letter in self.axes else 1
        return size * self.samples if letter == "C" else size

    @property
    def dimension_order(self) -> str:
        inner = "".join(reversed(self.axes))
        return "XY" + inner + "".join(a for a in "ZCT" if a not in inner)

    def locate(self, t: int, c: int, z: int) -> tuple[int, int]:
        """The page index and sample index of plane (t, c, z)."""
        c_page, sample = divmod(c, self.samples)
        where = {"T": t, "C": c_page, "Z": z}
        if not self.axes:
            return 0, sample
        index = np.ravel_multi_index(tuple(where[a] for a in self.axes), self.shape)
        return int(index), sample


def layout_of(path: Path, series: tifffile.TiffPageSeries, unknown: str = "TZC") -> TiffLayout:
    """Map a tifffile series' axes to T, C, Z; unknown page axes take the first free of
    ``unknown`` (a plain multi-page TIFF is a time series, as in Bio-Formats)."""
    key = series.keyframe
    axes, shape = series.axes, tuple(int(s) for s in series.shape)
    samples = int(key.samplesperpixel) if key.samplesperpixel > 1 else 1
    page_ndim = len(key.shape)
    page_axes = axes[len(axes) - page_ndim :] if page_ndim <= len(axes) else axes
    lead_axes, lead_shape = axes[: len(axes) - len(page_axes)], shape[: len(axes) - len(page_axes)]
    letters: list[str] = []
    for axis in lead_axes:
        if axis in "TCZ" and axis not in letters:
            letters.append(axis)
            continue
        free = [a for a in unknown if a not in letters and a not in lead_axes]
        if not free:
            raise UnsupportedFormat(path, f"cannot map TIFF axes {axes!r} to Z, C and T")
        letters.append(free[0])
    if math.prod(lead_shape) > len(series.pages) and series.dataoffset is None:
        raise UnsupportedFormat(
            path, f"series has {len(series.pages)} pages for shape {shape} ({axes})"
        )
    return TiffLayout(
        "".join(letters), lead_shape, samples, int(key.imagewidth), int(key.imagelength)
    )


def levels_of(series: tifffile.TiffPageSeries) -> tuple[Level, ...]:
    levels = []
    for level in series.levels:
        key = level.keyframe
        tiled = bool(key.is_tiled)
        levels.append(
            Level(
                int(key.imagewidth),
                int(key.imagelength),
                int(key.tilewidth) if tiled else None,
                int(key.tilelength) if tiled else None,
            )
        )
    return tuple(levels)


class TiffSeries(Series):
    """A tifffile series: region reads page by page, segment by segment."""

    def __init__(
        self,
        path: Path,
        metadata: SeriesMetadata,
        layout: TiffLayout,
        level_pages: Sequence[Sequence[Page | None]],
        lock: threading.RLock,
    ) -> None:
        super().__init__(path, metadata)
        self.layout = layout
        self._pages = level_pages
        self._lock = lock
        self._readers: dict[tuple[int, int], PageReader] = {}
        for pages in level_pages:
            check_segments(path, [pages[0], pages[-1]] if pages else [])
        self._contiguous: NDArray[Any] | None = None

    def close_files(self) -> None:
        """Close the files of other members of a multi-file set this series reopened."""
        for reader in self._readers.values():
            handle = reader.page.parent.filehandle
            if not handle.closed:
                handle.close()

    def use_memmap(self, data: NDArray[Any]) -> None:
        """Read from a memory map of the series (planes stored after one page: STK)."""
        size = self.metadata
        self._contiguous = data.reshape(
            (*self.layout.shape, size.size_y, size.size_x, self.layout.samples)
        )

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        index, sample = self.layout.locate(t, c, z)
        if self._contiguous is not None:
            lead: tuple[Any, ...] = ()
            if self.layout.shape:
                lead = tuple(int(i) for i in np.unravel_index(index, self.layout.shape))
            where: tuple[Any, ...] = (*lead, slice(y, y + h), slice(x, x + w), sample)
            plane = self._contiguous[where]
            return np.array(plane, dtype=self.metadata.dtype)
        page = self._pages[level][index]
        if page is None:  # a plane missing from a multi-file set
            return np.zeros((h, w), self.metadata.dtype)
        reader = self._readers.get((level, index))
        if reader is None:
            reader = PageReader(self.path, page, self._lock)
            self._readers[(level, index)] = reader
        return reader.read(sample, y, x, h, w).astype(self.metadata.dtype, copy=False)


def tiff_series(
    path: Path,
    series: tifffile.TiffPageSeries,
    lock: threading.RLock,
    *,
    name: str,
    channels: tuple[Channel, ...] = (),
    unknown: str = "TZC",
    **fields: Any,
) -> TiffSeries:
    """A :class:`TiffSeries` with metadata from the series' shape plus ``fields``."""
    layout = layout_of(path, series, unknown)
    key = series.keyframe
    size_c = layout.size("C")
    if not channels and layout.samples == 3 and key.photometric in (2, 6) and size_c == 3:
        channels = RGB_CHANNELS
    metadata = SeriesMetadata(
        name=name,
        size_x=layout.size_x,
        size_y=layout.size_y,
        size_z=layout.size("Z"),
        size_c=size_c,
        size_t=layout.size("T"),
        pixel_type=pixel_type_of(path, series.dtype),
        channels=channels,
        levels=levels_of(series),
        **{"dimension_order": layout.dimension_order, **fields},
    )
    pages = [list(level.pages) for level in series.levels]
    found = TiffSeries(path, metadata, layout, pages, lock)
    if math.prod(layout.shape) > len(series.pages):
        check_segments(path, [])
        if (series.dataoffset or 0) + series.size * series.dtype.itemsize > path.stat().st_size:
            raise CorruptFile(path, "truncated: the planes end past the end of the file")
        found.use_memmap(series.asarray(out="memmap"))
    return found


def resolution_size(page: tifffile.TiffPage, unit_per_micrometre: float | None) -> Length | None:
    """A pixel's width from XResolution when the unit is known (cm for plain TIFF)."""
    if unit_per_micrometre is None:
        return None
    xres = page.tags.get("XResolution")
    if xres is None:
        return None
    num, den = xres.value
    if not num or not den:
        return None
    return Length(den / num / unit_per_micrometre, "µm")


class TiffReaderBase(Reader):
    """Shared life cycle of the tifffile readers."""

    def __init__(self, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(path, limits)
        self._lock = threading.RLock()
        self._tif = open_tiff(self.path)
        try:
            self._series = self._build()
        except PixelsError:
            self._tif.close()
            raise
        except Exception as exc:
            self._tif.close()
            raise UnsupportedFormat(self.path, f"cannot read the TIFF's layout: {exc}") from exc

    def _build(self) -> list[Series]:
        raise NotImplementedError

    def close(self) -> None:
        self._tif.close()

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.path,)

    @property
    def series(self) -> Sequence[Series]:
        return self._series

    @property
    def global_metadata(self) -> tuple[tuple[str, str], ...]:
        """The first page's TIFF tags, then the metadata of the TIFF's flavour (ImageJ,
        LSM, MetaMorph...) flattened, as tifffile parses it."""
        with self._lock:
            tags = tiff_tags(self._tif.pages.first)
            extra: list[tuple[str, object]] = []
            for flavour in sorted(self._tif.flags):
                try:
                    found = getattr(self._tif, f"{flavour}_metadata", None)
                except Exception:  # a flavour whose parser fails adds nothing
                    continue
                if isinstance(found, dict):
                    extra.extend(flatten(found, flavour))
        return tags + pairs(extra)


class PlainTiffReader(TiffReaderBase):
    """Any TIFF: each tifffile series is a series; RGB is three channels."""

    format_name = "tiff"
    priority = 10

    @classmethod
    def claims(cls, path: Path) -> bool:
        return is_tiff(path)

    def _build(self) -> list[Series]:
        found: list[Series] = []
        for index, series in enumerate(self._tif.series):
            key = series.keyframe
            unit = key.tags.get("ResolutionUnit")
            per_um = RESOLUTION_UNITS.get(int(unit.value)) if unit is not None else None
            # Bio-Formats gives the first series (the image, not its thumbnail) a size.
            size = resolution_size(key, per_um) if index == 0 else None
            name = self.path.name if index == 0 else f"{self.path.name} [{index}]"
            found.append(
                tiff_series(
                    self.path,
                    series,
                    self._lock,
                    name=name,
                    physical_size_x=size,
                    physical_size_y=size,
                )
            )
        if not found:
            raise UnsupportedFormat(self.path, "the TIFF holds no image")
        return found


class ImageJReader(TiffReaderBase):
    """ImageJ hyperstacks: Z/C/T from the description, calibration, channel LUT colours."""

    format_name = "imagej-tiff"
    priority = 80

    @classmethod
    def claims(cls, path: Path) -> bool:
        return is_tiff(path) and first_description(path).startswith("ImageJ=")

    def _build(self) -> list[Series]:
        meta: dict[str, Any] = self._tif.imagej_metadata or {}
        series = self._tif.series[0]
        raw_unit = str(meta.get("unit", "")).replace("\\u00B5", "µ").replace("micron", "µm")
        unit = {"um": "µm", "microns": "µm", "µm": "µm", "nm": "nm", "mm": "mm"}.get(raw_unit)
        size_x = resolution_size(series.keyframe, 1.0) if unit else None
        if size_x is not None and unit:
            size_x = Length(size_x.value, unit)
        spacing = meta.get("spacing")
        interval = meta.get("finterval")
        layout = layout_of(self.path, series)
        channels = _lut_channels(meta.get("LUTs"), layout.size("C"))
        return [
            tiff_series(
                self.path,
                series,
                self._lock,
                name=self.path.name,
                channels=channels,
                physical_size_x=size_x,
                physical_size_y=size_x,
                physical_size_z=Length(float(spacing), unit) if spacing and unit else None,
                time_increment=float(interval) if interval else None,
            )
        ]


def _lut_channels(luts: Any, size_c: int) -> tuple[Channel, ...]:
    if not isinstance(luts, list) or len(luts) != size_c:
        return ()
    channels = []
    for lut in luts:
        top = np.asarray(lut)[:, -1]
        channels.append(Channel(color="".join(f"{int(v):02X}" for v in top[:3])))
    return tuple(channels)


class LsmReader(TiffReaderBase):
    """Zeiss LSM: the image series (not the thumbnails), voxel sizes, channel colours."""

    format_name = "zeiss-lsm"
    priority = 80

    @classmethod
    def claims(cls, path: Path) -> bool:
        return path.suffix.lower() == ".lsm" and is_tiff(path)

    def _build(self) -> list[Series]:
        meta: dict[str, Any] = self._tif.lsm_metadata or {}
        series = self._tif.series[0]

        def voxel(key: str) -> Length | None:
            value = meta.get(key)
            return Length(float(value) * 1e6, "µm") if value else None

        layout = layout_of(self.path, series)
        names = (meta.get("ChannelColors") or {}).get("ColorNames") or []
        channels: tuple[Channel, ...] = ()
        if len(names) == layout.size("C"):
            channels = tuple(Channel(name=str(n)) for n in names)
        interval = meta.get("TimeIntervall")
        return [
            tiff_series(
                self.path,
                series,
                self._lock,
                name=self.path.name,
                channels=channels,
                physical_size_x=voxel("VoxelSizeX"),
                physical_size_y=voxel("VoxelSizeY"),
                physical_size_z=voxel("VoxelSizeZ"),
                time_increment=float(interval) if interval else None,
            )
        ]


class StkReader(TiffReaderBase):
    """MetaMorph STK stacks: planes are Z unless tifffile names them; calibration."""

    format_name = "metamorph-stk"
    priority = 80

    @classmethod
    def claims(cls, path: Path) -> bool:
        return path.suffix.lower() == ".stk" and is_tiff(path)

    def _build(self) -> list[Series]:
        meta: dict[str, Any] = self._tif.stk_metadata or {}
        series = self._tif.series[0]
        unit = str(meta.get("CalibrationUnits") or "")
        unit = {"um": "µm", "µm": "µm", "micron": "µm", "nm": "nm"}.get(unit, "")
        xcal, ycal, zdist = meta.get("XCalibration"), meta.get("YCalibration"), None
        distances = meta.get("ZDistance")
        if distances is not None and len(distances) > 1 and unit:
            zdist = Length(float(np.asarray(distances)[1]), unit)
        return [
            tiff_series(
                self.path,
                series,
                self._lock,
                name=str(meta.get("Name") or self.path.name),
                unknown="ZTC",
                physical_size_x=Length(float(xcal), unit) if xcal and unit else None,
                physical_size_y=Length(float(ycal), unit) if ycal and unit else None,
                physical_size_z=zdist,
            )
        ]
