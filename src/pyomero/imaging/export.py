"""Exports: images rendered with their current settings (``download_as``), and the
pixels themselves as an OME-TIFF with its OME-XML (``render_ome_tiff``).

An OME-TIFF holds every plane at full resolution, so it is refused for an image whose
planes exceed ``omero.pixeldata.max_plane_width x max_plane_height`` or whose pixels
exceed ``omero.web.maximum_multifile_download_size`` bytes; such images are downloaded
as their originals. The file is written to a temporary file, plane by plane, and
streamed from there: memory holds one plane at a time.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import numpy as np
import tifffile
from django.conf import settings

from pyomero.imaging.config import imaging_config
from pyomero.imaging.downloads import check_binary_access, chunk_size
from pyomero.imaging.errors import ImagingError
from pyomero.imaging.render import render_image
from pyomero.imaging.stores import open_pixels
from pyomero.model.access import access_image
from pyomero.model.context import EventContext
from pyomero.model.errors import ObjectNotFoundError
from pyomero.model.models import Channel, Image, Pixels
from pyomero.pixels import NgffSeries
from pyomero.rendering import ImageFormat, RenderQuery

#: OMERO's unit names -> the OME-XML symbols tifffile writes.
_UNITS = {"MICROMETER": "µm", "NANOMETER": "nm", "MILLIMETER": "mm", "PIXEL": "pixel"}


class ExportTooLargeError(ImagingError):
    """The export would be larger than this server writes on the fly."""

    status = 400
    code = "export_too_large"


@dataclass(frozen=True)
class Exported:
    """A file to send: its name, type, and bytes as they are produced."""

    name: str
    content_type: str
    chunks: Iterator[bytes]
    size: int | None = None


def file_name(name: str, extension: str) -> str:
    """A safe attachment name from an image name: no path, commas or spaces."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[\s,;\"]+", "_", base).strip("._") or "image"
    return f"{base}.{extension}"


def rendered_images(
    ctx: EventContext, image_ids: list[int], fmt: ImageFormat
) -> list[tuple[str, bytes]]:
    """The visible images of ``image_ids`` rendered whole with their current settings,
    as ``(file name, bytes)``; images ctx may not see are left out (404 if all are)."""
    found: list[tuple[str, bytes]] = []
    for image_id in dict.fromkeys(image_ids):
        try:
            image = access_image(ctx, image_id)
        except ObjectNotFoundError:
            continue
        rendered = render_image(ctx, image.pk, RenderQuery(format=fmt), use_cache=False)
        assert rendered.body is not None
        found.append((file_name(image.name, fmt.extension), rendered.body))
    if not found:
        raise ObjectNotFoundError("Image", ",".join(map(str, image_ids)))
    return found


def _check_size(pixels: Pixels, series: NgffSeries) -> None:
    config = imaging_config()
    if pixels.size_x * pixels.size_y > config.max_plane_pixels:
        message = (
            f"Image {pixels.image_id} is too large to export as OME-TIFF "
            f"({pixels.size_x} x {pixels.size_y} planes, at most "
            f"{config.max_plane_width} x {config.max_plane_height}): download its originals."
        )
        raise ExportTooLargeError(message)
    planes = pixels.size_z * pixels.size_c * pixels.size_t
    total = planes * pixels.size_x * pixels.size_y * series.metadata.dtype.itemsize
    limit = int(settings.OMERO_CONFIG["omero.web.maximum_multifile_download_size"])
    if total > limit:
        message = f"Image {pixels.image_id} has {total} bytes of pixels, more than {limit}."
        raise ExportTooLargeError(message)


def _metadata(image: Image, pixels: Pixels, channels: list[Channel]) -> dict[str, Any]:
    metadata: dict[str, Any] = {"axes": "TCZYX", "Name": image.name}
    if any(c.name for c in channels):
        # An unnamed channel stays unnamed: a name made up here would come back on import.
        metadata["Channel"] = {"Name": [c.name or "" for c in channels]}
    for axis in ("x", "y", "z"):
        size = getattr(pixels, f"physical_size_{axis}")
        unit = _UNITS.get(getattr(pixels, f"physical_size_{axis}_unit"))
        if size and unit:
            metadata[f"PhysicalSize{axis.upper()}"] = size
            metadata[f"PhysicalSize{axis.upper()}Unit"] = unit
    return metadata


def _planes(series: NgffSeries, pixels: Pixels) -> Iterator[np.ndarray]:
    """Full-resolution planes in TCZ order (the order of ``axes``)."""
    box = (0, 0, pixels.size_y, pixels.size_x)
    for t in range(pixels.size_t):
        for c in range(pixels.size_c):
            for z in range(pixels.size_z):
                yield np.asarray(series.read_channels(0, t, [c], z, *box)[0])


def write_ome_tiff(out: IO[bytes], image: Image, pixels: Pixels, series: NgffSeries) -> None:
    """Write the OME-TIFF of ``image`` to ``out`` (the one place tifffile writes one)."""
    channels = list(Channel.objects.filter(pixels=pixels).order_by("index"))
    shape = (pixels.size_t, pixels.size_c, pixels.size_z, pixels.size_y, pixels.size_x)
    with tifffile.TiffWriter(out, ome=True, bigtiff=True) as tiff:
        tiff.write(
            _planes(series, pixels),
            shape=shape,
            dtype=series.metadata.dtype,
            photometric="minisblack",
            compression="zlib",
            metadata=_metadata(image, pixels, channels),
        )


def ome_tiff(ctx: EventContext, image_id: object) -> Exported:
    """The OME-TIFF export of an image (``<name>.ome.tif``)."""
    image = access_image(ctx, image_id)
    check_binary_access(ctx, image)
    pixels = Pixels.objects.get(image=image)
    series = open_pixels(pixels)
    _check_size(pixels, series)
    out = tempfile.NamedTemporaryFile(suffix=".ome.tif")  # noqa: SIM115 (closed by the stream)
    try:
        write_ome_tiff(out, image, pixels, series)
    except BaseException:
        out.close()
        raise
    # tifffile seeks back to patch the OME-XML in: the file ends where the stream ends,
    # not where the writer last stood.
    size = out.seek(0, 2)
    out.seek(0)
    name = file_name(image.name.removesuffix(".ome.tif").removesuffix(".tif"), "ome.tif")
    return Exported(name, "image/tiff", _Drain(out), size)


class _Drain:
    """The bytes of a temporary file, read as they are sent; closing removes it (the
    server closes a response, so the file goes even when the client hangs up)."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.size = chunk_size()

    def __iter__(self) -> _Drain:
        return self

    def __next__(self) -> bytes:
        chunk = self.out.read(self.size) if not self.out.closed else b""
        if not chunk:
            self.close()
            raise StopIteration
        return chunk

    def close(self) -> None:
        self.out.close()
