"""The errors of the pixels layer: one hierarchy, a stable code and an HTTP status each.

Every message names the file (or store) and the cause, so an import log line, a CLI error
and a JSON error body can all show ``str(error)`` as it is.
"""

from __future__ import annotations

from os import PathLike
from typing import ClassVar


class PixelsError(Exception):
    """Base of every error raised by :mod:`pyomero.pixels`."""

    code: ClassVar[str] = "pixels_error"
    status: ClassVar[int] = 500

    def __init__(self, path: str | PathLike[str], cause: str) -> None:
        self.path = str(path)
        self.cause = cause
        super().__init__(f"{self.path}: {cause}")


class UnsupportedFormat(PixelsError):
    """No reader claims the file."""

    code = "unsupported_format"
    status = 415


class MissingExtra(PixelsError):
    """The format needs an optional package that is not installed."""

    code = "missing_extra"
    status = 501

    def __init__(self, path: str | PathLike[str], format_name: str, extra: str) -> None:
        self.extra = extra
        super().__init__(
            path,
            f"reading {format_name} files needs the '{extra}' extra: "
            f"pip install 'pyomero[{extra}]'",
        )


class CorruptFile(PixelsError):
    """The file is damaged: truncated, zero bytes long, undecodable."""

    code = "corrupt_file"
    status = 422


class EmptyFile(CorruptFile):
    """The file is zero bytes long."""

    code = "empty_file"


class TooLarge(PixelsError):
    """The image claims more pixels than pyomero accepts."""

    code = "too_large"
    status = 413


class MetadataMismatch(PixelsError):
    """The metadata contradicts the pixel data."""

    code = "metadata_mismatch"
    status = 422


class RegionOutOfBounds(PixelsError):
    """A read asked for a level, plane or region the image does not have."""

    code = "region_out_of_bounds"
    status = 400


class StoreError(PixelsError):
    """A pyramid store cannot be read or written."""

    code = "store_error"
    status = 500


class StoreNotFound(StoreError):
    """No pyramid store at that location."""

    code = "store_not_found"
    status = 404


class StoreExists(StoreError):
    """A pyramid store is already at that location; pixels are written once."""

    code = "store_exists"
    status = 409


class StoreWriteFailed(StoreError):
    """Writing the store failed (disk full, permission, network); nothing was left."""

    code = "store_write_failed"
