"""The one module that talks to image codecs: JPEG, PNG and TIFF in, bytes out.

- JPEG through simplejpeg (libjpeg-turbo; releases the GIL while encoding, so tiles
  encode in parallel threads). OMERO's quality ``q`` (0-1, default 0.9) maps to
  libjpeg's 1-100; chroma is subsampled 4:2:0 as Java's ImageIO (OMERO's encoder) does,
  which halves the encoding time of 4:4:4.
- PNG through Pillow, TIFF through tifffile.

Images are uint8 arrays: (H, W) grey, (H, W, 3) RGB or (H, W, 4) RGBA. An RGB image
that is a view of an RGBX buffer (what :func:`pyomero.rendering.render.render`
returns) goes to libjpeg-turbo as RGBX, without a copy.
"""

from __future__ import annotations

import io

import numpy as np
import simplejpeg  # type: ignore[import-untyped]
import tifffile
from numpy.typing import NDArray
from PIL import Image

from pyomero.rendering.formats import DEFAULT_QUALITY, ImageFormat


def jpeg_quality(quality: float) -> int:
    """OMERO's 0-1 compression quality as libjpeg's 1-100."""
    return max(1, min(100, round(quality * 100)))


def _check(image: NDArray[np.generic]) -> NDArray[np.uint8]:
    if image.dtype != np.uint8:
        raise ValueError(f"images are uint8, got {image.dtype}")
    if image.ndim == 2 or (image.ndim == 3 and image.shape[2] in (3, 4)):
        return image.astype(np.uint8, copy=False)
    raise ValueError(f"images are (H, W), (H, W, 3) or (H, W, 4), got {image.shape}")


def _rgbx_base(image: NDArray[np.uint8]) -> NDArray[np.uint8] | None:
    """The (H, W, 4) buffer an (H, W, 3) view was cut from, if that is what it is."""
    base = image.base
    if (
        image.ndim == 3
        and image.shape[2] == 3
        and isinstance(base, np.ndarray)
        and image.strides == (image.shape[1] * 4, 4, 1)
        and base.nbytes == image.shape[0] * image.shape[1] * 4
        and base.flags.c_contiguous
        and image.__array_interface__["data"][0] == base.__array_interface__["data"][0]
    ):
        return base.view(np.uint8).reshape(image.shape[0], image.shape[1], 4)
    return None


def encode_jpeg(
    image: NDArray[np.generic], quality: float = DEFAULT_QUALITY, *, subsampling: str = "420"
) -> bytes:
    """JPEG bytes of a grey or RGB image; ``quality`` is OMERO's 0-1."""
    pixels = _check(image)
    level = jpeg_quality(quality)
    if pixels.ndim == 2:
        gray = np.ascontiguousarray(pixels)[:, :, np.newaxis]
        return bytes(simplejpeg.encode_jpeg(gray, level, colorspace="GRAY"))
    if pixels.shape[2] == 4:
        raise ValueError("JPEG has no alpha channel")
    rgbx = _rgbx_base(pixels)
    if rgbx is not None:
        return bytes(
            simplejpeg.encode_jpeg(rgbx, level, colorspace="RGBX", colorsubsampling=subsampling)
        )
    rgb = np.ascontiguousarray(pixels)
    return bytes(simplejpeg.encode_jpeg(rgb, level, colorspace="RGB", colorsubsampling=subsampling))


def encode_png(image: NDArray[np.generic]) -> bytes:
    """PNG bytes of a grey, RGB or RGBA image (lossless)."""
    pixels = np.ascontiguousarray(_check(image))
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def encode_tiff(image: NDArray[np.generic]) -> bytes:
    """TIFF bytes of a grey, RGB or RGBA image (uncompressed, lossless)."""
    pixels = np.ascontiguousarray(_check(image))
    buffer = io.BytesIO()
    photometric = "minisblack" if pixels.ndim == 2 else "rgb"
    extrasamples = ("unassalpha",) if pixels.ndim == 3 and pixels.shape[2] == 4 else None
    tifffile.imwrite(buffer, pixels, photometric=photometric, extrasamples=extrasamples)
    return buffer.getvalue()


def encode(
    image: NDArray[np.generic], format: ImageFormat, quality: float = DEFAULT_QUALITY
) -> bytes:
    """Bytes of ``image`` in ``format``; ``quality`` only matters for JPEG."""
    if format is ImageFormat.JPEG:
        return encode_jpeg(image, quality)
    if format is ImageFormat.PNG:
        return encode_png(image)
    return encode_tiff(image)


def decode(data: bytes) -> NDArray[np.uint8]:
    """Pixels of JPEG, PNG or TIFF bytes (what the tests compare encoders with)."""
    if data[:2] == b"\xff\xd8":
        header = simplejpeg.decode_jpeg_header(data)
        colorspace = "GRAY" if header[2] == "Gray" else "RGB"
        pixels = simplejpeg.decode_jpeg(data, colorspace=colorspace)
        return np.asarray(pixels[:, :, 0] if colorspace == "GRAY" else pixels)
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return np.asarray(tifffile.imread(io.BytesIO(data)))
    with Image.open(io.BytesIO(data)) as opened:
        return np.asarray(opened)
