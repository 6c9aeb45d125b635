"""Reading an OME-Zarr multiscale image as a :class:`~pyomero.pixels.contract.Series`,
through the chunk fast path (zarr-python only for layouts the fast path cannot read)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.pixels.contract import Label, Series
from pyomero.pixels.errors import CorruptFile, RegionOutOfBounds, StoreNotFound
from pyomero.pixels.metadata import (
    Channel,
    ChannelStats,
    Level,
    PixelType,
    SeriesMetadata,
    WellPlacement,
)
from pyomero.pixels.ngff import NgffImage, parse_image
from pyomero.pixels.store.chunks import ChunkArray, UnsupportedLayout
from pyomero.pixels.store.location import ChunkIO, Location


def read_attrs(io: ChunkIO, group: str) -> dict[str, Any] | None:
    """The attributes of a zarr v2 or v3 group, or None if there is no group there."""
    base = f"{group.strip('/')}/" if group.strip("/") else ""
    raw = io.get(base + ".zattrs")
    if raw is not None:
        attrs: dict[str, Any] = json.loads(raw)
        return attrs
    raw = io.get(base + "zarr.json")
    if raw is not None:
        doc = json.loads(raw)
        return dict(doc.get("attributes") or {})
    if io.get(base + ".zgroup") is not None:
        return {}
    return None


class _ZarrFallback:
    """zarr-python slicing for arrays the fast path does not read."""

    def __init__(self, url: str) -> None:
        import zarr

        self._array: Any = zarr.open_array(url, mode="r")
        self.shape: tuple[int, ...] = tuple(self._array.shape)
        self.dtype = np.dtype(self._array.dtype)
        self.chunks: tuple[int, ...] = tuple(self._array.chunks)

    def read(self, lead: list[tuple[int, ...]], y: int, x: int, h: int, w: int) -> NDArray[Any]:
        return np.stack(
            [np.asarray(self._array[(*p, slice(y, y + h), slice(x, x + w))]) for p in lead]
        )


class NgffSeries(Series):
    """One NGFF image (any subset of t, c, z before y, x) under ``group`` of a store."""

    def __init__(
        self,
        location: Location,
        io: ChunkIO,
        group: str,
        image: NgffImage,
        *,
        name: str | None = None,
        placement: WellPlacement | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        self.location, self.io, self.group, self.image = location, io, group.strip("/"), image
        if image.axes[-2:] != ("y", "x"):
            raise CorruptFile(location.url, f"NGFF axes {image.axes} do not end with y, x")
        self.arrays = [self._open(p) for p in image.paths]
        self._attrs = attrs or {}
        metadata = self._metadata(name, placement)
        super().__init__(Path(location.url), metadata)

    def _open(self, path: str) -> ChunkArray | _ZarrFallback:
        full = f"{self.group}/{path}" if self.group else path
        try:
            return ChunkArray.open(self.io, full)
        except UnsupportedLayout:
            return _ZarrFallback(f"{self.location.url}/{full}")
        except FileNotFoundError as exc:
            raise CorruptFile(self.location.url, f"level {path!r} is missing") from exc

    def _size(self, axis: str) -> int:
        return self.arrays[0].shape[self.image.axes.index(axis)] if axis in self.image.axes else 1

    def _metadata(self, name: str | None, placement: WellPlacement | None) -> SeriesMetadata:
        image = self.image
        first = self.arrays[0]
        dtype = first.spec.dtype if isinstance(first, ChunkArray) else first.dtype
        ours = self._attrs.get("pyomero") or {}
        pixel_type = (
            PixelType(ours["pixel_type"]) if "pixel_type" in ours else (PixelType.from_dtype(dtype))
        )
        size_c = self._size("c")
        channels: tuple[Channel, ...] = ()
        omero_channels = (image.omero or {}).get("channels") or []
        if len(omero_channels) == size_c:
            channels = tuple(
                Channel(
                    name=ch.get("label"),
                    color=str(ch["color"]).upper() if ch.get("color") else None,
                )
                for ch in omero_channels
            )
        levels = []
        for array in self.arrays:
            chunks = array.spec.chunks if isinstance(array, ChunkArray) else array.chunks
            levels.append(Level(array.shape[-1], array.shape[-2], chunks[-1], chunks[-2]))
        t_index = image.axes.index("t") if "t" in image.axes else None
        increment = None
        if t_index is not None and image.units[t_index] in ("second", None):
            increment = image.scales[0][t_index]
        sizes = [image.length(axis) for axis in "xyz"]
        if "physical_sizes" in ours:  # pyomero's writer records which sizes were known
            sizes = [
                s if known is not None else None
                for s, known in zip(sizes, ours["physical_sizes"], strict=True)
            ]
        return SeriesMetadata(
            name=name or image.name or self.location.name,
            size_x=levels[0].size_x,
            size_y=levels[0].size_y,
            size_z=self._size("z"),
            size_c=size_c,
            size_t=self._size("t"),
            pixel_type=pixel_type,
            physical_size_x=sizes[0],
            physical_size_y=sizes[1],
            physical_size_z=sizes[2],
            time_increment=increment if self._size("t") > 1 else None,
            channels=channels,
            levels=tuple(levels),
            placement=placement,
        )

    @property
    def stats(self) -> tuple[ChannelStats, ...] | None:
        """Channel min/max recorded by pyomero's writer, if this store has them."""
        found = (self._attrs.get("pyomero") or {}).get("stats")
        return tuple(ChannelStats(float(a), float(b)) for a, b in found) if found else None

    def _lead(self, t: int, c: int, z: int) -> tuple[int, ...]:
        where = {"t": t, "c": c, "z": z}
        return tuple(where[a] for a in self.image.axes[:-2])

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        data = self.arrays[level].read([self._lead(t, c, z)], y, x, h, w)[0]
        result: NDArray[Any] = data.astype(self.metadata.dtype, copy=False)
        return result

    def read_channels(
        self, level: int, t: int, channels: list[int], z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        """Regions of several channels at once, shape (len(channels), h, w): one fetch of
        every chunk needed, decoded straight into the result when aligned."""
        for c in channels:
            self.check_region(level, t, c, z, y, x, h, w)
        data = self.arrays[level].read([self._lead(t, c, z) for c in channels], y, x, h, w)
        result: NDArray[Any] = data.astype(self.metadata.dtype, copy=False)
        return result

    @property
    def labels(self) -> tuple[Label, ...]:
        base = f"{self.group}/labels" if self.group else "labels"
        attrs = read_attrs(self.io, base) or {}
        names = attrs.get("labels") or (attrs.get("ome") or {}).get("labels") or []
        found = []
        for label_name in names:
            label_attrs = read_attrs(self.io, f"{base}/{label_name}") or {}
            image_label = (
                label_attrs.get("image-label")
                or (label_attrs.get("ome") or {}).get("image-label")
                or {}
            )
            colors = tuple(
                (int(c["label-value"]), "".join(f"{int(v):02X}" for v in c.get("rgba", [])))
                for c in image_label.get("colors", [])
                if "label-value" in c
            )
            found.append(Label(str(label_name), colors))
        return tuple(found)

    def label_series(self, name: str) -> NgffSeries:
        if name not in [label.name for label in self.labels]:
            raise RegionOutOfBounds(self.location.url, f"no label image {name!r}")
        group = f"{self.group}/labels/{name}" if self.group else f"labels/{name}"
        return open_ngff_image(self.location, self.io, group)

    def read_label(
        self, name: str, level: int, t: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        return self.label_series(name).read(level, t, 0, z, y, x, h, w)


def open_ngff_image(location: Location, io: ChunkIO, group: str = "", **kwargs: Any) -> NgffSeries:
    attrs = read_attrs(io, group)
    if attrs is None:
        raise StoreNotFound(location.url, f"no zarr group at {group or '/'!r}")
    image = parse_image(attrs)
    if image is None:
        raise CorruptFile(location.url, f"group {group or '/'!r} has no NGFF multiscales")
    return NgffSeries(location, io, group, image, attrs=attrs, **kwargs)


def open_pyramid(where: str | Location) -> NgffSeries:
    """Open a pyramid store (pyomero's, or any NGFF 0.4/0.5 image) for region reads.

    Open once and keep it: it caches the arrays' metadata, and is safe to share between
    threads.
    """
    location = Location.of(where)
    location.require()
    return open_ngff_image(location, location.io())
