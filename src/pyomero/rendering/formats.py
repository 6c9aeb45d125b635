"""Output formats and quality: the codec-free part of ``format=`` and ``q=``."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from pyomero.rendering.errors import InvalidParameterError

#: OMERO's default compression quality.
DEFAULT_QUALITY: Final = 0.9


class ImageFormat(StrEnum):
    """The formats of ``format=`` (OMERO's ``download_as`` and ``render_image``)."""

    JPEG = "jpeg"
    PNG = "png"
    TIFF = "tif"

    @property
    def content_type(self) -> str:
        return _CONTENT_TYPES[self]

    @property
    def extension(self) -> str:
        return "jpg" if self is ImageFormat.JPEG else self.value


_CONTENT_TYPES: Final = {
    ImageFormat.JPEG: "image/jpeg",
    ImageFormat.PNG: "image/png",
    ImageFormat.TIFF: "image/tiff",
}
_ALIASES: Final = {"jpeg": "jpeg", "jpg": "jpeg", "png": "png", "tif": "tif", "tiff": "tif"}


def parse_format(text: str, *, parameter: str = "format") -> ImageFormat:
    """``jpeg`` (or ``jpg``), ``png``, ``tif`` (or ``tiff``), case-insensitive."""
    value = _ALIASES.get(text.strip().lower())
    if value is None:
        raise InvalidParameterError(
            f"format {text!r} is not one of jpeg, png, tif", parameter=parameter
        )
    return ImageFormat(value)
