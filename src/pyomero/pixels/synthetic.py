"""Deterministic synthetic pixels: a formula any test can evaluate at any point, a
:class:`SyntheticSeries` of any size computed on demand (for benchmarks and demo data),
and writers of small files in every format pyomero reads.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

import numpy as np
import tifffile
from numpy.typing import NDArray
from ome_types import model as ome

from pyomero.pixels.contract import Series
from pyomero.pixels.metadata import Channel, Length, Objective, PixelType, SeriesMetadata

_MODULUS = {"int8": 120, "uint8": 251, "int16": 30_000, "bool": 2}


def pattern(pixel_type: PixelType, t: int, c: int, z: int, y: Any, x: Any) -> NDArray[Any]:
    """The synthetic value of (t, c, z, y, x): integers (or index arrays) in, pixels out."""
    dtype = pixel_type.dtype
    value = np.asarray(x, dtype=np.int64) * 7 + np.asarray(y, dtype=np.int64) * 13
    value = value + c * 1000 + z * 97 + t * 311 + 5
    if pixel_type is PixelType.BIT:
        bits: NDArray[Any] = (np.asarray(x) // 4 + np.asarray(y) // 4 + c + z + t) % 2
        return bits.astype(bool)
    modulus = _MODULUS.get(dtype.name, 60_000)
    result: NDArray[Any] = (value % modulus).astype(dtype)
    return result


def plane(
    pixel_type: PixelType, t: int, c: int, z: int, h: int, w: int, y: int = 0, x: int = 0
) -> NDArray[Any]:
    ys, xs = np.ogrid[y : y + h, x : x + w]
    return pattern(pixel_type, t, c, z, ys, xs)


def stack(metadata: SeriesMetadata) -> NDArray[Any]:
    """The whole image as a (T, C, Z, Y, X) array: small images only."""
    m = metadata
    out = np.empty((m.size_t, m.size_c, m.size_z, m.size_y, m.size_x), dtype=m.dtype)
    for t in range(m.size_t):
        for c in range(m.size_c):
            for z in range(m.size_z):
                out[t, c, z] = plane(m.pixel_type, t, c, z, m.size_y, m.size_x)
    return out


class SyntheticSeries(Series):
    """A series of any size whose pixels are computed on demand from :func:`pattern`."""

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        return plane(self.metadata.pixel_type, t, c, z, h, w, y, x)


def synthetic_metadata(
    size_x: int,
    size_y: int,
    *,
    size_z: int = 1,
    size_c: int = 1,
    size_t: int = 1,
    pixel_type: PixelType = PixelType.UINT16,
    name: str = "synthetic",
    pixel_size: float = 0.5,
) -> SeriesMetadata:
    channels = tuple(
        Channel(name=f"ch{c}", emission_wavelength=Length(450.0 + 100 * c, "nm"))
        for c in range(size_c)
    )
    return SeriesMetadata(
        name=name,
        size_x=size_x,
        size_y=size_y,
        size_z=size_z,
        size_c=size_c,
        size_t=size_t,
        pixel_type=pixel_type,
        physical_size_x=Length(pixel_size),
        physical_size_y=Length(pixel_size),
        physical_size_z=Length(2.0) if size_z > 1 else None,
        channels=channels,
    )


def synthetic_series(size_x: int, size_y: int, **kwargs: Any) -> SyntheticSeries:
    """A :class:`SyntheticSeries`; keyword arguments as :func:`synthetic_metadata`."""
    metadata = synthetic_metadata(size_x, size_y, **kwargs)
    return SyntheticSeries(Path(metadata.name), metadata)


# -- files


def write_ome_tiff(
    path: Path,
    metadata: SeriesMetadata,
    *,
    tile: int | None = None,
    subresolutions: int = 0,
    compression: str | None = None,
) -> NDArray[Any]:
    """An OME-TIFF of ``metadata``'s image (pyramidal with SubIFDs if ``subresolutions``);
    returns the (T, C, Z, Y, X) data written."""
    data = stack(metadata)
    kwargs: dict[str, Any] = {"photometric": "minisblack", "compression": compression}
    if tile:
        kwargs["tile"] = (tile, tile)
    m = metadata
    px = m.physical_size_x.value if m.physical_size_x else 1.0
    ome_meta: dict[str, Any] = {
        "axes": "TCZYX",
        "Name": m.name,
        "PhysicalSizeX": px,
        "PhysicalSizeY": px,
        "Channel": {"Name": [ch.name or f"c{i}" for i, ch in enumerate(m.channels)]},
    }
    if m.physical_size_z:
        ome_meta["PhysicalSizeZ"] = m.physical_size_z.value
    with tifffile.TiffWriter(path, bigtiff=bool(subresolutions), ome=True) as tw:
        tw.write(data, subifds=subresolutions, metadata=ome_meta, **kwargs)
        for level in range(1, subresolutions + 1):
            step = 2**level
            tw.write(data[..., ::step, ::step], subfiletype=1, **kwargs)
    return data


def _ome_image(index: int, metadata: SeriesMetadata, ifd: int, file: str | None) -> ome.Image:
    m = metadata
    block: dict[str, Any] = {"ifd": ifd, "plane_count": m.plane_count}
    if file is not None:
        block["uuid"] = ome.TiffData.UUID(value=f"urn:uuid:{uuid.uuid4()}", file_name=file)
    return ome.Image(
        id=f"Image:{index}",
        name=m.name,
        pixels=ome.Pixels(
            id=f"Pixels:{index}",
            dimension_order=ome.Pixels_DimensionOrder.XYZCT,
            type=ome.PixelType(m.pixel_type.value),
            size_x=m.size_x,
            size_y=m.size_y,
            size_z=m.size_z,
            size_c=m.size_c,
            size_t=m.size_t,
            physical_size_x=m.physical_size_x.value if m.physical_size_x else None,
            physical_size_y=m.physical_size_y.value if m.physical_size_y else None,
            channels=[
                ome.Channel(id=f"Channel:{index}:{c}", name=ch.name, samples_per_pixel=1)
                for c, ch in enumerate(m.channels)
            ],
            tiff_data_blocks=[ome.TiffData(**block)],
        ),
    )


def _planes_xyzct(data: NDArray[Any]) -> NDArray[Any]:
    """(T, C, Z, Y, X) data as planes in XYZCT order (Z fastest)."""
    t, c, z, h, w = data.shape
    return data.reshape(t * c * z, h, w)


def write_ome_tiff_xml(
    path: Path, images: Sequence[SeriesMetadata], *, plates: Sequence[ome.Plate] = ()
) -> list[NDArray[Any]]:
    """A multi-series OME-TIFF with hand-made OME-XML (plates, wells, fields)."""
    datas = [stack(m) for m in images]
    ifd, model_images = 0, []
    for index, m in enumerate(images):
        model_images.append(_ome_image(index, m, ifd, None))
        ifd += m.plane_count
    xml = ome.OME(images=model_images, plates=list(plates)).to_xml()
    with tifffile.TiffWriter(path) as tw:
        first = True
        for data in datas:
            for page in _planes_xyzct(data):
                tw.write(
                    page,
                    description=xml if first else None,
                    metadata=None,
                    photometric="minisblack",
                )
                first = False
    return datas


def write_ome_tiff_acquired(
    path: Path,
    metadata: SeriesMetadata,
    *,
    objective: Objective,
    acquired: datetime,
    original: Sequence[tuple[str, str]] = (),
) -> NDArray[Any]:
    """An OME-TIFF as a microscope's converter writes it: an Instrument with its
    microscope and objective, the image's ObjectiveSettings, acquisition date, channel
    wavelengths, and the vendor's pairs as OriginalMetadata annotations."""
    data = stack(metadata)
    image = _ome_image(0, metadata, 0, None)
    scope = (objective.microscope or "").split(" ", 1)
    instrument = ome.Instrument(
        id="Instrument:0",
        microscope=ome.Microscope(manufacturer=scope[0] or None, model=scope[-1] or None),
        objectives=[
            ome.Objective(
                id="Objective:0:0",
                model=objective.model,
                manufacturer=objective.manufacturer,
                nominal_magnification=objective.nominal_magnification,
                lens_na=objective.lens_na,
                immersion=ome.Objective_Immersion(objective.immersion)
                if objective.immersion
                else None,
            )
        ],
    )
    image.acquisition_date = acquired
    image.instrument_ref = ome.InstrumentRef(id=instrument.id)
    image.objective_settings = ome.ObjectiveSettings(id="Objective:0:0")
    for item, channel in zip(image.pixels.channels, metadata.channels, strict=True):
        for side in ("emission", "excitation"):
            wave = getattr(channel, f"{side}_wavelength")
            if wave is not None:
                setattr(item, f"{side}_wavelength", wave.to("nm"))
    xml = ome.OME(images=[image], instruments=[instrument]).to_xml()
    namespace = "openmicroscopy.org/OriginalMetadata"
    entries = "".join(
        f'<XMLAnnotation ID="Annotation:{n}" Namespace="{namespace}"><Value><OriginalMetadata>'
        f"<Key>{escape(key)}</Key><Value>{escape(value)}</Value></OriginalMetadata></Value>"
        "</XMLAnnotation>"
        for n, (key, value) in enumerate(original)
    )
    if entries:
        block = f"<StructuredAnnotations>{entries}</StructuredAnnotations>"
        xml = xml.replace("</OME>", f"{block}</OME>")
    xml = xml.encode("ascii", "xmlcharrefreplace").decode("ascii")  # TIFF text is ASCII
    with tifffile.TiffWriter(path) as tw:
        for n, page in enumerate(_planes_xyzct(data)):
            tw.write(
                page,
                description=xml if n == 0 else None,
                metadata=None,
                photometric="minisblack",
                software="pyomero synthetic",
            )
    return data


def write_companion_ome_tiff(folder: Path, metadata: SeriesMetadata, parts: int) -> Path:
    """A multi-file OME-TIFF: ``parts`` TIFFs splitting the time points, and a
    ``.companion.ome`` holding the metadata; returns the companion's path."""
    data = stack(metadata)
    per = metadata.size_t // parts
    companion = folder / "multi.companion.ome"
    blocks = []
    for part in range(parts):
        name = f"multi_{part}.ome.tif"
        file_uuid = f"urn:uuid:{uuid.uuid4()}"
        binary = ome.OME(
            uuid=file_uuid,
            binary_only=ome.OME.BinaryOnly(metadata_file=companion.name, uuid=file_uuid),
        )
        with tifffile.TiffWriter(folder / name) as tw:
            for n, page in enumerate(_planes_xyzct(data[part * per : (part + 1) * per])):
                tw.write(
                    page,
                    description=binary.to_xml() if n == 0 else None,
                    metadata=None,
                    photometric="minisblack",
                )
        blocks.append(
            ome.TiffData(
                ifd=0,
                first_t=part * per,
                plane_count=per * metadata.size_c * metadata.size_z,
                uuid=ome.TiffData.UUID(value=file_uuid, file_name=name),
            )
        )
    image = _ome_image(0, metadata, 0, None)
    image.pixels.tiff_data_blocks = blocks
    companion.write_text(ome.OME(images=[image]).to_xml(), encoding="utf-8")
    return companion


def write_ome_zarr(
    path: Path,
    metadata: SeriesMetadata,
    *,
    version: str = "0.4",
    labels: bool = False,
    levels: int = 2,
) -> NDArray[Any]:
    """An NGFF image (0.4 on zarr v2, 0.5 on zarr v3) written with zarr-python, nearest
    downsampled levels, an ``omero`` block, and optionally a ``cells`` label image."""
    import zarr

    data = stack(metadata)
    fmt: Literal[2, 3] = 2 if version == "0.4" else 3
    root = zarr.open_group(path, mode="w", zarr_format=fmt)
    _ngff_image(root, data, metadata, version, levels)
    if labels:
        group = root.create_group("labels")
        _set_ome(group, {"labels": ["cells"]}, version)
        cells = group.create_group("cells")
        mask = (data[:, :1] % 7 == 0).astype(np.uint8)
        meta = synthetic_metadata(
            metadata.size_x,
            metadata.size_y,
            size_z=metadata.size_z,
            size_t=metadata.size_t,
            pixel_type=PixelType.UINT8,
        )
        _ngff_image(cells, mask, meta, version, levels)
        colors = {"colors": [{"label-value": 1, "rgba": [255, 0, 0, 255]}]}
        _set_ome(cells, {"image-label": {"version": version, **colors}}, version)
    return data


def _set_ome(group: Any, attrs: dict[str, Any], version: str) -> None:
    if version == "0.4":
        group.attrs.update(attrs)
    else:
        ome_attrs = dict(group.attrs.get("ome", {"version": version}))
        ome_attrs.update(attrs)
        group.attrs["ome"] = ome_attrs


def _ngff_image(
    group: Any, data: NDArray[Any], metadata: SeriesMetadata, version: str, levels: int
) -> None:
    datasets = []
    px = metadata.physical_size_x.value if metadata.physical_size_x else 1.0
    for level in range(levels):
        step = 2**level
        level_data = data[..., ::step, ::step]
        array = group.create_array(
            str(level), shape=level_data.shape, dtype=level_data.dtype, chunks=(1, 1, 1, 64, 64)
        )
        array[...] = level_data
        datasets.append(
            {
                "path": str(level),
                "coordinateTransformations": [
                    {"type": "scale", "scale": [1.0, 1.0, 1.0, px * step, px * step]}
                ],
            }
        )
    axes = [{"name": "t", "type": "time", "unit": "second"}, {"name": "c", "type": "channel"}]
    axes += [{"name": a, "type": "space", "unit": "micrometer"} for a in "zyx"]
    multiscale: dict[str, Any] = {"axes": axes, "datasets": datasets, "name": metadata.name}
    if version == "0.4":
        multiscale["version"] = version
    omero = {
        "channels": [
            {
                "label": ch.name or f"c{i}",
                "color": "00FF00",
                "active": True,
                "window": {"start": 0, "end": 255, "min": 0, "max": 255},
            }
            for i, ch in enumerate(metadata.channels)
        ]
    }
    _set_ome(group, {"multiscales": [multiscale], "omero": omero}, version)


def write_ome_zarr_plate(
    path: Path,
    metadata: SeriesMetadata,
    *,
    version: str = "0.4",
    rows: int = 2,
    columns: int = 3,
    fields: int = 2,
) -> None:
    """An NGFF HCS plate of ``rows`` x ``columns`` wells with ``fields`` images each."""
    import zarr

    fmt: Literal[2, 3] = 2 if version == "0.4" else 3
    root = zarr.open_group(path, mode="w", zarr_format=fmt)
    row_names = [chr(ord("A") + r) for r in range(rows)]
    col_names = [str(c + 1) for c in range(columns)]
    wells = []
    for r, row in enumerate(row_names):
        for c, col in enumerate(col_names):
            well = root.require_group(row).require_group(col)
            images = []
            for field in range(fields):
                _ngff_image(well.create_group(str(field)), stack(metadata), metadata, version, 1)
                images.append({"path": str(field), "acquisition": 0})
            _set_ome(well, {"well": {"images": images, "version": version}}, version)
            wells.append({"path": f"{row}/{col}", "rowIndex": r, "columnIndex": c})
    plate = {
        "name": "synthetic plate",
        "version": version,
        "field_count": fields,
        "rows": [{"name": n} for n in row_names],
        "columns": [{"name": n} for n in col_names],
        "wells": wells,
        "acquisitions": [{"id": 0, "name": "run 1"}],
    }
    _set_ome(root, {"plate": plate}, version)


def write_stk(path: Path, planes: int, h: int, w: int, z_step: float = 2.0) -> NDArray[Any]:
    """A MetaMorph STK stack: planes stored after one IFD, UIC tags with the Z distance."""
    import struct

    meta = synthetic_metadata(w, h, size_z=planes)
    data: NDArray[Any] = stack(meta)[0, 0]
    uic2: list[int] = []
    for _ in range(planes):  # ZDistance (rational), date and time created, modified
        uic2 += [int(z_step * 1000), 1000, 2_460_000, 0, 2_460_000, 0]
    tifffile.imwrite(
        path,
        data,
        contiguous=True,
        metadata=None,
        photometric="minisblack",
        extratags=[(33628, "I", 2, [0, 0], True), (33629, 5, 3 * planes, uic2, True)],
    )
    raw = bytearray(path.read_bytes())  # the UIC2 tag counts planes, not rationals
    entry = struct.pack("<HHI", 33629, 5, 3 * planes)
    at = raw.find(entry)
    raw[at : at + 8] = struct.pack("<HHI", 33629, 5, planes)
    path.write_bytes(bytes(raw))
    return data


def write_lsm(path: Path, size_z: int, h: int, w: int) -> NDArray[Any]:
    """A Zeiss LSM: 3 channels, image pages alternating with thumbnails, CZ_LSMINFO."""
    meta = synthetic_metadata(w, h, size_z=size_z, size_c=3)
    data: NDArray[Any] = stack(meta)[0].transpose(1, 0, 2, 3)  # Z, C, Y, X
    info = np.zeros(1, dtype=tifffile.TIFF.CZ_LSMINFO)
    values = {
        "MagicNumber": 0x00400494C,
        "StructureSize": info.dtype.itemsize,
        "DimensionX": w,
        "DimensionY": h,
        "DimensionZ": size_z,
        "DimensionChannels": 3,
        "DimensionTime": 1,
        "DataType": 2,
        "VoxelSizeX": 0.2e-6,
        "VoxelSizeY": 0.2e-6,
        "VoxelSizeZ": 1e-6,
        "ScanType": 0,
    }
    for key, value in values.items():
        info[key] = value
    with tifffile.TiffWriter(path) as tw:
        for z in range(size_z):
            tags = [(34412, "B", info.nbytes, info.tobytes(), True)] if z == 0 else []
            kwargs: dict[str, Any] = {
                "photometric": "minisblack",
                "planarconfig": "separate",
                "metadata": None,
            }
            tw.write(data[z], extratags=tags, **kwargs)
            tw.write(data[z, :, ::4, ::4], subfiletype=1, **kwargs)
    return data
