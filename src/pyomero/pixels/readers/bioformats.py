"""Bio-Formats, OMERO's own reader, as pyomero's universal reader (through :mod:`._jvm`).

It claims every file whose name ends in a suffix Bio-Formats knows; the registry asks it
last, so it reads what no native reader claims (DeltaVision, MRC, Olympus OIB/OIF, Imaris,
Princeton SPE, DICOM, Opera Phenix plates, and some 150 more formats), and the formats
whose native reader does not yet match it (``DEFAULT_FOR_SUFFIX`` in the package).

As OMERO's importer does, resolutions are not flattened (a pyramid is one image with its
levels) and RGB samples are separate channels (``ChannelSeparator``). Regions are read with
``openBytes(plane, x, y, w, h)``: nothing loads a whole image. The OME-XML metadata
Bio-Formats fills is mapped onto :class:`~pyomero.pixels.metadata.SeriesMetadata`:
names, descriptions, acquisition dates, channels (names, colours, wavelengths), physical
sizes, time increments, plane timings, plates with wells, fields and runs.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.pixels.contract import DEFAULT_LIMITS, Limits, Reader, Series
from pyomero.pixels.errors import CorruptFile, PixelsError, TooLarge, UnsupportedFormat
from pyomero.pixels.metadata import (
    Channel,
    Length,
    Level,
    Objective,
    PixelType,
    Plane,
    Plate,
    PlateAcquisition,
    SeriesMetadata,
    Well,
    WellPlacement,
    WellSample,
    color_from_rgba,
)
from pyomero.pixels.original import pairs
from pyomero.pixels.readers import _jvm
from pyomero.pixels.readers._bfsuffixes import SUFFIXES


class BioformatsSeries(Series):
    """One Bio-Formats series: regions read through the reader's ``openBytes``."""

    def __init__(
        self, path: Path, metadata: SeriesMetadata, owner: BioformatsReader, index: int
    ) -> None:
        super().__init__(path, metadata)
        self._owner = owner
        self._index = index

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        return self._owner.read_region(self._index, level, t, c, z, y, x, h, w)


class BioformatsReader(Reader):
    """Any format Bio-Formats reads, through JPype and one JVM per process."""

    format_name = "bioformats"
    priority = 10

    @classmethod
    def claims(cls, path: Path) -> bool:
        if not path.is_file():
            return False
        name = path.name.lower()
        return any(name.endswith(suffix) for suffix in SUFFIXES)

    def __init__(self, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(path, limits)
        self._lock = threading.RLock()
        self._reader: Any = None
        jpype = _jvm.jvm(self.path)
        self._jpype = jpype
        try:
            self._open(jpype)
        except PixelsError:
            self.close()
            raise
        except jpype.JException as exc:
            self.close()
            raise self._error(exc) from None
        except Exception as exc:
            self.close()
            raise CorruptFile(self.path, f"Bio-Formats cannot read it: {exc}") from exc

    # Opening and metadata

    def _open(self, jpype: Any) -> None:
        jclass = jpype.JClass
        reader = jclass("loci.formats.ChannelSeparator")(jclass("loci.formats.ImageReader")())
        self._reader = reader
        store = jclass("loci.formats.services.OMEXMLServiceImpl")().createOMEXMLMetadata()
        reader.setMetadataStore(store)
        reader.setFlattenedResolutions(False)
        reader.setOriginalMetadataPopulated(False)
        with _jvm.java_work():
            reader.setId(str(self.path))
        self.bioformats_format = str(reader.getFormat())
        units = jclass("ome.units.UNITS")
        self._units = units
        self._tools = jclass("loci.formats.FormatTools")
        self._files = tuple(Path(str(f)) for f in reader.getUsedFiles())
        self._global = _table(reader.getGlobalMetadata())
        self._little: list[bool] = []
        plates, placements = self._plates(store)
        self._plate_list = plates
        self._series: list[Series] = []
        for index in range(int(reader.getSeriesCount())):
            reader.setSeries(index)
            reader.setResolution(0)
            self._little.append(bool(reader.isLittleEndian()))
            metadata = self._metadata(reader, store, index, placements.get(index))
            self._series.append(BioformatsSeries(self.path, metadata, self, index))

    def _metadata(
        self, reader: Any, store: Any, index: int, placement: WellPlacement | None
    ) -> SeriesMetadata:
        size_c = int(reader.getSizeC())
        pixel_type = PixelType(str(self._tools.getPixelTypeString(reader.getPixelType())))
        levels = []
        for level in range(int(reader.getResolutionCount())):
            reader.setResolution(level)
            levels.append(
                Level(
                    int(reader.getSizeX()),
                    int(reader.getSizeY()),
                    int(reader.getOptimalTileWidth()),
                    int(reader.getOptimalTileHeight()),
                )
            )
        reader.setResolution(0)
        images = int(store.getImageCount())
        known = index < images
        name = _text(store.getImageName(index)) if known else None
        return SeriesMetadata(
            name=name or (self.path.name if reader.getSeriesCount() == 1 else f"{index}"),
            size_x=int(reader.getSizeX()),
            size_y=int(reader.getSizeY()),
            size_z=int(reader.getSizeZ()),
            size_c=size_c,
            size_t=int(reader.getSizeT()),
            pixel_type=pixel_type,
            dimension_order=str(reader.getDimensionOrder()),
            description=_text(store.getImageDescription(index)) if known else None,
            acquisition_date=_date(store.getImageAcquisitionDate(index)) if known else None,
            physical_size_x=self._length(store.getPixelsPhysicalSizeX(index)) if known else None,
            physical_size_y=self._length(store.getPixelsPhysicalSizeY(index)) if known else None,
            physical_size_z=self._length(store.getPixelsPhysicalSizeZ(index)) if known else None,
            time_increment=self._seconds(store.getPixelsTimeIncrement(index)) if known else None,
            channels=self._channels(store, index, size_c) if known else (),
            planes=self._planes(store, index) if known else (),
            levels=tuple(levels),
            placement=placement,
            objective=self._objective(store, index) if known else None,
            original=_table(reader.getSeriesMetadata()),
        )

    def _objective(self, store: Any, index: int) -> Objective | None:
        """The objective of the image's ObjectiveSettings, with its instrument's microscope
        (OME-XML's getters throw where an element in the path is missing: then none)."""
        optional = self._optional
        wanted = _text(optional(store.getObjectiveSettingsID, index))
        if wanted is None:
            return None
        for i in range(int(store.getInstrumentCount())):
            for o in range(int(store.getObjectiveCount(i))):
                if _text(optional(store.getObjectiveID, i, o)) != wanted:
                    continue
                maker = _text(optional(store.getMicroscopeManufacturer, i))
                model = _text(optional(store.getMicroscopeModel, i))
                scope = " ".join(part for part in (maker, model) if part)
                immersion = optional(store.getObjectiveImmersion, i, o)
                found = Objective(
                    model=_text(optional(store.getObjectiveModel, i, o)),
                    manufacturer=_text(optional(store.getObjectiveManufacturer, i, o)),
                    nominal_magnification=_number(
                        optional(store.getObjectiveNominalMagnification, i, o)
                    ),
                    lens_na=_number(optional(store.getObjectiveLensNA, i, o)),
                    immersion=_text(immersion.getValue()) if immersion is not None else None,
                    microscope=scope or None,
                )
                return found or None
        return None

    def _optional(self, getter: Any, *args: int) -> Any:
        """``getter(*args)``, or None when the element it reads through is missing."""
        try:
            return getter(*args)
        except self._jpype.JException:
            return None

    def _length(self, value: Any, unit: str = "µm") -> Length | None:
        if value is None:
            return None
        target = self._units.NANOMETER if unit == "nm" else self._units.MICROMETER
        converted = value.value(target)
        if converted is None:  # a unit that is no length (pixels, reference frame)
            return None
        number = float(converted.doubleValue())
        return Length(number, unit) if np.isfinite(number) else None

    def _seconds(self, value: Any) -> float | None:
        if value is None:
            return None
        converted = value.value(self._units.SECOND)
        return None if converted is None else float(converted.doubleValue())

    def _channels(self, store: Any, index: int, size_c: int) -> tuple[Channel, ...]:
        count = int(store.getChannelCount(index))
        if count != size_c:
            return ()  # RGB samples of one OME channel: no per-sample names to give
        found = []
        for c in range(count):
            color = store.getChannelColor(index, c)
            found.append(
                Channel(
                    name=_text(store.getChannelName(index, c)),
                    color=color_from_rgba(int(color.getValue())) if color is not None else None,
                    emission_wavelength=self._length(
                        store.getChannelEmissionWavelength(index, c), "nm"
                    ),
                    excitation_wavelength=self._length(
                        store.getChannelExcitationWavelength(index, c), "nm"
                    ),
                )
            )
        return tuple(found)

    def _planes(self, store: Any, index: int) -> tuple[Plane, ...]:
        found = []
        for p in range(int(store.getPlaneCount(index))):
            found.append(
                Plane(
                    the_z=int(store.getPlaneTheZ(index, p).getValue()),
                    the_c=int(store.getPlaneTheC(index, p).getValue()),
                    the_t=int(store.getPlaneTheT(index, p).getValue()),
                    delta_t=self._seconds(store.getPlaneDeltaT(index, p)),
                    exposure_time=self._seconds(store.getPlaneExposureTime(index, p)),
                )
            )
        return tuple(found)

    def _plates(self, store: Any) -> tuple[tuple[Plate, ...], dict[int, WellPlacement]]:
        series_of = {_text(store.getImageID(i)): i for i in range(int(store.getImageCount()))}
        plates: list[Plate] = []
        placements: dict[int, WellPlacement] = {}
        for p in range(int(store.getPlateCount())):
            sample_run: dict[str, int] = {}
            runs = []
            for a in range(int(store.getPlateAcquisitionCount(p))):
                runs.append(
                    PlateAcquisition(
                        index=a,
                        name=_text(store.getPlateAcquisitionName(p, a)),
                        start_time=_date(store.getPlateAcquisitionStartTime(p, a)),
                        end_time=_date(store.getPlateAcquisitionEndTime(p, a)),
                    )
                )
                for r in range(int(store.getWellSampleRefCount(p, a))):
                    sample_run[_text(store.getPlateAcquisitionWellSampleRef(p, a, r)) or ""] = a
            wells = []
            for w in range(int(store.getWellCount(p))):
                row = int(store.getWellRow(p, w).getValue())
                column = int(store.getWellColumn(p, w).getValue())
                samples = []
                for s in range(int(store.getWellSampleCount(p, w))):
                    series = series_of.get(_text(store.getWellSampleImageRef(p, w, s)))
                    if series is None:
                        continue
                    sample_index = store.getWellSampleIndex(p, w, s)
                    run = sample_run.get(_text(store.getWellSampleID(p, w, s)) or "")
                    samples.append(
                        WellSample(
                            index=int(sample_index.getValue()) if sample_index else series,
                            series=series,
                            acquisition=run,
                            position_x=self._length(store.getWellSamplePositionX(p, w, s)),
                            position_y=self._length(store.getWellSamplePositionY(p, w, s)),
                        )
                    )
                    placements[series] = WellPlacement(p, row, column, len(samples) - 1, run)
                wells.append(Well(row, column, tuple(samples)))
            rows = store.getPlateRows(p)
            columns = store.getPlateColumns(p)
            plates.append(
                Plate(
                    name=_text(store.getPlateName(p)),
                    rows=int(rows.getValue())
                    if rows
                    else max((w.row + 1 for w in wells), default=1),
                    columns=int(columns.getValue())
                    if columns
                    else max((w.column + 1 for w in wells), default=1),
                    wells=tuple(wells),
                    acquisitions=tuple(runs),
                    row_naming=_naming(store.getPlateRowNamingConvention(p), "letter"),
                    column_naming=_naming(store.getPlateColumnNamingConvention(p), "number"),
                )
            )
        return tuple(plates), placements

    def _error(self, exc: Any) -> PixelsError:
        """A Java exception as one line naming the cause."""
        kind = str(exc.getClass().getSimpleName())
        message = _text(exc.getMessage()) or kind
        if kind == "UnknownFormatException":
            return UnsupportedFormat(self.path, "Bio-Formats does not recognise this file's format")
        if kind == "OutOfMemoryError":
            return TooLarge(
                self.path,
                f"Bio-Formats ran out of memory (omero.import.bioformats.heap is {_jvm.heap()})",
            )
        return CorruptFile(self.path, f"Bio-Formats cannot read it ({kind}): {message}")

    # Pixels

    def read_region(
        self, series: int, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        meta = self._series[series].metadata
        little = self._little[series]
        with self._lock:
            reader = self._reader
            if reader is None:
                raise CorruptFile(self.path, "the reader is closed")
            try:
                reader.setSeries(series)
                reader.setResolution(level)
                with _jvm.java_work():
                    data = reader.openBytes(int(reader.getIndex(z, c, t)), x, y, w, h)
            except self._jpype.JException as exc:
                raise CorruptFile(
                    self.path,
                    f"Bio-Formats cannot read plane z={z} c={c} t={t}: {self._error(exc).cause}",
                ) from None
        raw = np.asarray(data).view(np.uint8)
        if meta.pixel_type is PixelType.BIT:
            return raw.reshape(h, w).astype(bool)
        dtype = meta.dtype.newbyteorder("<" if little else ">")
        return raw.view(dtype).reshape(h, w).astype(meta.dtype, copy=False)

    # The contract

    def close(self) -> None:
        with self._lock:
            if self._reader is not None:
                try:
                    self._reader.close()
                finally:
                    self._reader = None

    @property
    def files(self) -> tuple[Path, ...]:
        return self._files or (self.path,)

    @property
    def plates(self) -> tuple[Plate, ...]:
        return self._plate_list

    @property
    def global_metadata(self) -> tuple[tuple[str, str], ...]:
        """Bio-Formats' global metadata of the fileset, sorted by key (as OMERO shows it)."""
        return self._global

    @property
    def series(self) -> Sequence[Series]:
        return self._series


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text or None


def _number(value: Any) -> float | None:
    return None if value is None else float(value.doubleValue())


def _table(table: Any) -> tuple[tuple[str, str], ...]:
    """A Bio-Formats metadata hashtable as pairs sorted by key."""
    if table is None:
        return ()
    return pairs(sorted((str(key), str(table.get(key))) for key in table.keySet()))


def _naming(value: Any, default: str) -> str:
    text = _text(value)
    return text.lower() if text else default


def _date(value: Any) -> datetime | None:
    """An OME Timestamp as an aware datetime (naive ones are taken as UTC)."""
    text = _text(value.getValue()) if value is not None else None
    if not text:
        return None
    try:
        found = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return found if found.tzinfo is not None else found.replace(tzinfo=UTC)
