"""OME-NGFF image metadata: written as version 0.4 by the store, read as 0.4 or 0.5.

0.4 keeps its attributes at the top of a zarr v2 group's ``.zattrs``; 0.5 puts them under
``attributes.ome`` of a zarr v3 ``zarr.json``. :func:`ome_attrs` hides the difference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from pyomero.pixels.metadata import Length, SeriesMetadata

WRITE_VERSION = "0.4"
READ_VERSIONS = ("0.4", "0.5")

_NGFF_UNITS = {
    "Å": "angstrom",
    "pm": "picometer",
    "nm": "nanometer",
    "µm": "micrometer",
    "um": "micrometer",
    "mm": "millimeter",
    "cm": "centimeter",
    "m": "meter",
    "in": "inch",
}
_OME_UNITS = {name: symbol for symbol, name in _NGFF_UNITS.items() if symbol != "um"}
_OME_UNITS["micron"] = "µm"


def ome_attrs(attrs: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """The NGFF version and the OME attributes of a group's attributes (0.4 or 0.5)."""
    if isinstance(attrs.get("ome"), dict):
        ome: dict[str, Any] = attrs["ome"]
        return str(ome.get("version", "0.5")), ome
    version = None
    for key in ("multiscales", "plate", "well"):
        value = attrs.get(key)
        item = value[0] if isinstance(value, list) and value else value
        if isinstance(item, dict) and "version" in item:
            version = str(item["version"])
            break
    return version, attrs


@dataclass(frozen=True)
class NgffImage:
    """One multiscale image: axes, dataset paths largest first, and each level's scale."""

    version: str | None
    name: str | None
    axes: tuple[str, ...]
    units: tuple[str | None, ...]
    paths: tuple[str, ...]
    scales: tuple[tuple[float, ...], ...]
    omero: dict[str, Any] | None

    def length(self, axis: str, level: int = 0) -> Length | None:
        if axis not in self.axes:
            return None
        index = self.axes.index(axis)
        unit = self.units[index]
        symbol = _OME_UNITS.get(unit or "", "µm" if unit is None else None)
        if symbol is None:
            return None
        return Length(self.scales[level][index], symbol)


def _scale(transforms: list[dict[str, Any]] | None, ndim: int) -> list[float]:
    scale = [1.0] * ndim
    for item in transforms or []:
        if item.get("type") == "scale" and "scale" in item:
            scale = [a * float(b) for a, b in zip(scale, item["scale"], strict=False)]
    return scale


def parse_image(attrs: dict[str, Any]) -> NgffImage | None:
    """The first multiscale image of a group's attributes, or None if there is none."""
    version, ome = ome_attrs(attrs)
    multiscales = ome.get("multiscales")
    if not isinstance(multiscales, list) or not multiscales:
        return None
    first: dict[str, Any] = multiscales[0]
    raw_axes = first.get("axes") or ["t", "c", "z", "y", "x"]
    names = tuple(a["name"] if isinstance(a, dict) else str(a) for a in raw_axes)
    units = tuple(a.get("unit") if isinstance(a, dict) else None for a in raw_axes)
    top = _scale(first.get("coordinateTransformations"), len(names))
    paths, scales = [], []
    for dataset in first["datasets"]:
        level = _scale(dataset.get("coordinateTransformations"), len(names))
        paths.append(str(dataset["path"]))
        scales.append(tuple(a * b for a, b in zip(level, top, strict=True)))
    omero = ome.get("omero") if isinstance(ome.get("omero"), dict) else None
    return NgffImage(
        version or first.get("version"),
        first.get("name"),
        names,
        units,
        tuple(paths),
        tuple(scales),
        omero,
    )


def _micrometres(length: Length | None) -> float:
    if length is None:
        return 1.0
    try:
        return length.micrometres
    except ValueError:
        return 1.0


def factor(full: int, size: int) -> float:
    """The downsampling factor of a level: the power of two when the level is one (its
    size rounded up), else the plain ratio."""
    ratio = full / size
    power = 2.0 ** round(math.log2(ratio)) if ratio >= 1 else ratio
    return power if math.ceil(full / power) == size else ratio


def multiscales(
    metadata: SeriesMetadata, level_sizes: list[tuple[int, int]], downsample: str
) -> list[dict[str, Any]]:
    """The 0.4 ``multiscales`` block of a t, c, z, y, x pyramid."""
    px = _micrometres(metadata.physical_size_x)
    py = _micrometres(metadata.physical_size_y)
    pz = _micrometres(metadata.physical_size_z)
    dt = metadata.time_increment or 1.0
    size_y, size_x = level_sizes[0]
    datasets = []
    for index, (height, width) in enumerate(level_sizes):
        datasets.append(
            {
                "path": str(index),
                "coordinateTransformations": [
                    {
                        "type": "scale",
                        "scale": [
                            dt,
                            1.0,
                            pz,
                            py * factor(size_y, height),
                            px * factor(size_x, width),
                        ],
                    }
                ],
            }
        )
    return [
        {
            "version": WRITE_VERSION,
            "name": metadata.name,
            "axes": [
                {"name": "t", "type": "time", "unit": "second"},
                {"name": "c", "type": "channel"},
                {"name": "z", "type": "space", "unit": "micrometer"},
                {"name": "y", "type": "space", "unit": "micrometer"},
                {"name": "x", "type": "space", "unit": "micrometer"},
            ],
            "datasets": datasets,
            "type": downsample,
            "metadata": {"method": f"pyomero 2x2 {downsample}", "version": "1"},
        }
    ]
