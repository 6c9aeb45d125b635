"""OME-TIFF: single file, multi-file (with or without a ``.companion.ome``), multi-series,
tiled and pyramidal (SubIFDs) BigTIFF; plates, wells and fields from the OME-XML."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import tifffile

from pyomero.pixels.contract import DEFAULT_LIMITS, Limits, Reader, Series
from pyomero.pixels.errors import CorruptFile, MetadataMismatch, PixelsError, UnsupportedFormat
from pyomero.pixels.metadata import Plate, WellPlacement
from pyomero.pixels.original import tiff_tags
from pyomero.pixels.readers._tiffio import first_description, is_tiff, open_tiff
from pyomero.pixels.readers.omexml import (
    OmeDocument,
    OmeImage,
    original_metadata,
    parse_ome_xml,
)
from pyomero.pixels.readers.tiff import TiffSeries, layout_of, tiff_series

COMPANION_SUFFIX = ".companion.ome"


def _is_companion(path: Path) -> bool:
    return path.name.lower().endswith(COMPANION_SUFFIX) and path.is_file()


class OmeTiffReader(Reader):
    """OME-TIFF through tifffile's OME series, metadata from its OME-XML (omexml)."""

    format_name = "ome-tiff"
    priority = 100
    document: OmeDocument

    @classmethod
    def claims(cls, path: Path) -> bool:
        if _is_companion(path):
            return True
        return is_tiff(path) and "<OME" in first_description(path)[:4096]

    def __init__(self, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(path, limits)
        self._lock = threading.RLock()
        self._companion: Path | None = None
        self._tif = self._open_root(self.path)
        try:
            self._build()
        except PixelsError:
            self._tif.close()
            raise
        except Exception as exc:
            self._tif.close()
            raise CorruptFile(self.path, f"cannot read the OME-TIFF's layout: {exc}") from exc

    def _open_root(self, path: Path) -> tifffile.TiffFile:
        if _is_companion(path):
            xml = path.read_text(encoding="utf-8", errors="replace")
            self._xml = xml
            self._companion = path
            self.document = parse_ome_xml(path, xml)
            names = self.document.data_files
            if not names:
                raise CorruptFile(path, "the companion file names no TIFF file")
            return open_tiff(self._existing(path.parent / names[0]), omexml=xml)
        tif = open_tiff(path)
        xml = tif.ome_metadata or ""
        document = parse_ome_xml(path, xml)
        self._xml = xml
        if document.binary_only is not None:
            tif.close()
            target = path.parent / document.binary_only
            if target == path:
                raise CorruptFile(path, "BinaryOnly points at the file itself")
            return self._open_root(self._existing(target))
        self.document = document
        return tif

    def _existing(self, path: Path) -> Path:
        if not path.is_file():
            raise CorruptFile(self.path, f"file {path.name} of the fileset is missing")
        return path

    def _build(self) -> None:
        self._plates, placements = self.document.plates, self.document.placements
        series_list = [s for s in self._tif.series if s.kind == "ome"]
        if not series_list and self.document.images:
            raise MetadataMismatch(
                self.path,
                f"the OME-XML describes {len(self.document.images)} image(s) that do not match "
                "the TIFF's pages (sizes or plane count differ)",
            )
        if not series_list:
            raise UnsupportedFormat(self.path, "the OME-XML describes no image")
        images = self.document.images
        if len(series_list) != len(images):
            raise MetadataMismatch(
                self.path,
                f"the OME-XML describes {len(images)} images, the TIFF holds "
                f"{len(series_list)} series",
            )
        self._series: list[Series] = []
        for index, (series, image) in enumerate(zip(series_list, images, strict=True)):
            self._check(series, image)
            fields = {**image.fields, "dimension_order": image.dimension_order}
            self._series.append(
                tiff_series(
                    self.path, series, self._lock, placement=placements.get(index), **fields
                )
            )

    def _check(self, series: tifffile.TiffPageSeries, image: OmeImage) -> None:
        layout = layout_of(self.path, series)
        claimed = image.sizes
        found = (layout.size_x, layout.size_y, layout.size("Z"), layout.size("C"), layout.size("T"))
        if claimed != found:
            raise MetadataMismatch(
                self.path,
                f"image {image.name or image.id!r}: the OME-XML claims XYZCT sizes {claimed}, "
                f"the pixel data has {found}",
            )
        for page in series.pages:
            if page is None:
                raise CorruptFile(self.path, f"image {image.name or image.id!r} misses planes")

    def close(self) -> None:
        for series in getattr(self, "_series", []):
            if isinstance(series, TiffSeries):
                series.close_files()
        self._tif.close()

    @property
    def files(self) -> tuple[Path, ...]:
        found = [self._companion] if self._companion else []
        root = Path(self._tif.filehandle.path)
        found.append(root)
        for name in self.document.data_files:
            found.append(root.parent / name)
        found.append(self.path)
        unique: list[Path] = []
        for item in found:
            if item is not None and item.resolve() not in [u.resolve() for u in unique]:
                unique.append(item)
        return tuple(unique)

    @property
    def plates(self) -> tuple[Plate, ...]:
        return self._plates

    @property
    def global_metadata(self) -> tuple[tuple[str, str], ...]:
        """The first page's TIFF tags (not its description, the OME-XML) and the
        original metadata a converter kept in the OME-XML."""
        with self._lock:
            tags = tiff_tags(self._tif.pages.first, skip={"ImageDescription"})
        return tags + original_metadata(self._xml)

    @property
    def series(self) -> Sequence[Series]:
        return self._series

    def placement(self, index: int) -> WellPlacement | None:
        return self._series[index].metadata.placement
