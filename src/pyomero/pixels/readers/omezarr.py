"""OME-Zarr (NGFF 0.4 and 0.5): images with their labels, HCS plates, and
bioformats2raw's layout of numbered series."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pyomero.pixels.contract import DEFAULT_LIMITS, Limits, Reader, Series
from pyomero.pixels.errors import CorruptFile, UnsupportedFormat
from pyomero.pixels.metadata import Plate, PlateAcquisition, Well, WellPlacement, WellSample
from pyomero.pixels.ngff import READ_VERSIONS, ome_attrs
from pyomero.pixels.readers._guards import what_is_wrong
from pyomero.pixels.store.location import ChunkIO, Location
from pyomero.pixels.store.pyramid import NgffSeries, open_ngff_image, read_attrs


def _root_attrs(path: Path) -> dict[str, Any] | None:
    for name in (".zattrs", "zarr.json"):
        file = path / name
        if file.is_file():
            try:
                doc = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
            if name == "zarr.json":
                return dict(doc.get("attributes") or {})
            return dict(doc)
    return None


class OmeZarrReader(Reader):
    """A directory holding an NGFF image, plate, or bioformats2raw series."""

    format_name = "ome-zarr"
    priority = 100

    @classmethod
    def claims(cls, path: Path) -> bool:
        if not path.is_dir():
            return False
        attrs = _root_attrs(path)
        if attrs is None:
            return False
        _, ome = ome_attrs(attrs)
        return any(k in ome for k in ("multiscales", "plate", "bioformats2raw.layout"))

    def __init__(self, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(path, limits)
        self.location = Location.of(self.path)
        self.io: ChunkIO = self.location.io()
        attrs = read_attrs(self.io, "")
        if attrs is None:
            raise UnsupportedFormat(self.path, "not a zarr group")
        self.version, ome = ome_attrs(attrs)
        if self.version is not None and self.version not in READ_VERSIONS:
            raise UnsupportedFormat(
                self.path, f"NGFF version {self.version} (pyomero reads {READ_VERSIONS})"
            )
        self._plates: tuple[Plate, ...] = ()
        try:
            if "plate" in ome:
                self._series: list[Series] = self._plate(ome["plate"])
            elif "multiscales" in ome:
                self._series = [open_ngff_image(self.location, self.io, "")]
            else:
                self._series = self._numbered()
        except KeyError as exc:
            missing = exc.args[0] if exc.args else "?"
            raise CorruptFile(self.path, f"malformed NGFF metadata: no {missing!r} entry") from exc
        except (TypeError, ValueError, IndexError) as exc:
            raise CorruptFile(self.path, f"malformed NGFF metadata: {what_is_wrong(exc)}") from exc
        if not self._series:
            raise CorruptFile(self.path, "the OME-Zarr holds no image")

    def _numbered(self) -> list[Series]:
        found: list[Series] = []
        while read_attrs(self.io, str(len(found))) is not None:
            found.append(open_ngff_image(self.location, self.io, str(len(found))))
        return found

    def _plate(self, plate: dict[str, Any]) -> list[Series]:
        rows = [r["name"] for r in plate.get("rows", [])]
        columns = [c["name"] for c in plate.get("columns", [])]
        acquisitions = [
            PlateAcquisition(index=i, name=a.get("name"))
            for i, a in enumerate(plate.get("acquisitions", []))
        ]
        acq_index = {a.get("id", i): i for i, a in enumerate(plate.get("acquisitions", []))}
        series: list[Series] = []
        wells = []
        for well in plate.get("wells", []):
            well_path = str(well["path"])
            row_name, column_name = well_path.split("/")[-2:]
            row = int(well.get("rowIndex", rows.index(row_name)))
            column = int(well.get("columnIndex", columns.index(column_name)))
            _, well_ome = ome_attrs(read_attrs(self.io, well_path) or {})
            samples = []
            for field, image in enumerate((well_ome.get("well") or {}).get("images", [])):
                acquisition = acq_index.get(image.get("acquisition"))
                placement = WellPlacement(0, row, column, field, acquisition)
                name = f"{row_name}{column_name} field {field + 1}"
                series.append(
                    open_ngff_image(
                        self.location,
                        self.io,
                        f"{well_path}/{image['path']}",
                        name=name,
                        placement=placement,
                    )
                )
                samples.append(WellSample(field, len(series) - 1, acquisition))
            wells.append(Well(row, column, tuple(samples)))
        self._plates = (
            Plate(
                name=plate.get("name"),
                rows=len(rows),
                columns=len(columns),
                wells=tuple(wells),
                acquisitions=tuple(acquisitions),
                row_naming="letter" if rows and rows[0].isalpha() else "number",
                column_naming="letter" if columns and columns[0].isalpha() else "number",
            ),
        )
        return series

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(sorted(p for p in self.path.rglob("*") if p.is_file()))

    @property
    def plates(self) -> tuple[Plate, ...]:
        return self._plates

    @property
    def series(self) -> Sequence[Series]:
        return self._series

    def image(self, index: int) -> NgffSeries:
        found = self._series[index]
        assert isinstance(found, NgffSeries)
        return found
