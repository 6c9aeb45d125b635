"""Whole-slide TIFFs as Bio-Formats reads them: Aperio SVS and Akoya/PerkinElmer QPTIFF.

- SVS: the baseline (its pyramid levels as levels), then the label and the macro images;
  the thumbnail is a reduced copy of the baseline and, as in Bio-Formats, not a series.
  The pixel size is the description's ``MPP``.
- QPTIFF: the full-resolution pages are the channels of the first series, named by each
  page's ``<Name>`` (the marker: DAPI, FITC, ...), reduced-resolution pages its levels;
  the thumbnail, overview and label follow as series of their own, in the file's order.
  Pixel sizes come from each page's resolution tags.

Other whole-slide TIFFs (NDPI, SCN) have no corpus file to prove a native reader equal,
so Bio-Formats reads them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import tifffile

from pyomero.pixels.contract import Series
from pyomero.pixels.errors import UnsupportedFormat
from pyomero.pixels.metadata import Channel, Length
from pyomero.pixels.original import Pairs, pairs, tiff_tags, xml_pairs
from pyomero.pixels.readers._tiffio import Page, is_tiff
from pyomero.pixels.readers.tiff import TiffReaderBase, resolution_size, tiff_series

#: Unnamed channels of an RGB slide (Bio-Formats names none).
_RGB = (Channel(), Channel(), Channel())


class WholeSlideTiffReader(TiffReaderBase):
    """Aperio SVS and Akoya/PerkinElmer QPTIFF, through tifffile."""

    format_name = "whole-slide-tiff"
    priority = 70

    @classmethod
    def claims(cls, path: Path) -> bool:
        return path.suffix.lower() in (".svs", ".qptiff") and is_tiff(path)

    def _build(self) -> list[Series]:
        if self._tif.is_svs:
            return self._svs()
        if self._tif.is_qpi:
            return self._qptiff()
        raise UnsupportedFormat(self.path, "neither an SVS nor a QPTIFF")

    @property
    def global_metadata(self) -> Pairs:
        """The first page's TIFF tags (as the TIFF readers give them), then the vendor's
        description parsed: an SVS's ``|Key = value`` fields by key (``AppMag``, ``MPP``,
        ``Header`` for the text before them), a QPTIFF's XML of each full-resolution
        channel as ``PerkinElmer-QPI-ImageDescription|ExposureTime`` (``#2``, ``#3``...
        for the later channels)."""
        with self._lock:
            first = self._tif.pages.first
            tags = tiff_tags(first, skip={"ImageDescription"})
            if self._tif.is_svs:
                return tags + _svs_pairs(str(first.description or ""))
            channels = ET.Element("")
            for page in self._tif.pages:
                root = _qpi_root(page) if isinstance(page, tifffile.TiffPage) else None
                if root is not None and (root.findtext("ImageType") or "").strip() == (
                    "FullResolution"
                ):
                    channels.append(root)
            return tags + xml_pairs(channels)

    # -- Aperio SVS

    def _svs(self) -> list[Series]:
        found: list[Series] = []
        for series in self._tif.series:
            if series.name == "Thumbnail":
                continue
            if series.name == "Baseline":
                if "Z" in series.axes and series.shape[series.axes.index("Z")] > 1:
                    raise UnsupportedFormat(self.path, "SVS focal planes (Z) cannot be mapped")
                mpp = _mpp(str(series.keyframe.description or ""))
                found.append(
                    tiff_series(
                        self.path,
                        _squeezed(series),
                        self._lock,
                        name=self.path.name,
                        channels=_RGB,
                        physical_size_x=mpp,
                        physical_size_y=mpp,
                    )
                )
            else:
                found.append(
                    tiff_series(
                        self.path,
                        series,
                        self._lock,
                        name=f"{series.name.lower()} image",
                        channels=_RGB,
                    )
                )
        return found

    # -- Akoya/PerkinElmer QPTIFF

    def _qptiff(self) -> list[Series]:
        groups: list[tuple[str, list[Page]]] = []
        reduced: list[list[Page]] = []
        full: list[tifffile.TiffPage] = []
        for page in self._tif.pages:
            assert isinstance(page, tifffile.TiffPage)
            kind, _ = _qpi(page)
            if kind == "FullResolution":
                full.append(page)
            elif kind == "ReducedResolution":
                if not reduced or reduced[-1][0].shape != page.shape:
                    reduced.append([])
                reduced[-1].append(page)
            else:
                groups.append((kind, [page]))
        if not full:
            raise UnsupportedFormat(self.path, "QPTIFF has no full resolution")
        found: list[Series] = []
        names = tuple(
            Channel(name=_qpi(page)[1]) for page in full if isinstance(page, tifffile.TiffPage)
        )
        first = _page_series(full, [level for level in reduced if len(level) == len(full)])
        found.append(self._slide_series(first, "resolution #1", names if len(full) > 1 else ()))
        for kind, pages in groups:
            found.append(self._slide_series(_page_series(pages, []), kind, ()))
        return found

    def _slide_series(
        self, series: tifffile.TiffPageSeries, name: str, channels: tuple[Channel, ...]
    ) -> Series:
        key = series.keyframe
        unit = key.tags.get("ResolutionUnit")
        per_um = {3: 1e-4, 2: 1 / 25_400}.get(int(unit.value) if unit is not None else 0)
        size = resolution_size(key, per_um)
        rgb = int(key.samplesperpixel) == 3
        return tiff_series(
            self.path,
            series,
            self._lock,
            name=name,
            channels=_RGB if rgb else channels,
            physical_size_x=size,
            physical_size_y=size,
        )


def _mpp(description: str) -> Length | None:
    match = re.search(r"\|\s*MPP\s*=\s*([0-9.eE+-]+)", description)
    return Length(float(match[1])) if match else None


def _svs_pairs(description: str) -> Pairs:
    """An Aperio description: a header, then ``|Key = value`` fields."""
    header, *fields = description.split("|")
    found = [("Header", header.strip())]
    for field in fields:
        key, equals, value = field.partition("=")
        if equals:
            found.append((key.strip(), value.strip()))
    return pairs(found)


def _qpi_root(page: tifffile.TiffPage) -> ET.Element | None:
    try:
        return ET.fromstring(str(page.description or "").encode("utf-16"))
    except ET.ParseError:
        return None


def _qpi(page: tifffile.TiffPage) -> tuple[str, str | None]:
    """A QPTIFF page's ``ImageType`` and ``Name`` from its XML description."""
    root = _qpi_root(page)
    if root is None:
        return "", None
    name = root.findtext("Name")
    return (root.findtext("ImageType") or "").strip(), name.strip() if name else None


def _squeezed(series: tifffile.TiffPageSeries) -> tifffile.TiffPageSeries:
    """An SVS baseline without its one-plane Z axis (levels kept)."""
    if "Z" not in series.axes:
        return series
    levels = [
        _page_series([p for p in level.pages if p is not None], []) for level in series.levels
    ]
    first = levels[0]
    first.levels = levels
    return first


def _page_series(pages: Sequence[Page], reduced: list[list[Page]]) -> tifffile.TiffPageSeries:
    """A series of ``pages`` (channels, or one RGB page), levels from ``reduced``."""
    key = pages[0]
    assert isinstance(key, tifffile.TiffPage)
    shape: tuple[int, ...] = tuple(key.shape)
    axes = str(key.axes)
    if len(pages) > 1:
        shape, axes = (len(pages), *shape), "C" + axes
    series = tifffile.TiffPageSeries(pages, shape, np.dtype(key.dtype), axes, kind="generic")
    for level in reduced:
        series.levels.append(_page_series(level, []))
    return series
