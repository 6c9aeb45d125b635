"""The errors of an import: one hierarchy, each with a stable code and an HTTP status.

Every message names the file and the cause (``/data/a.tif: the file is empty``), so
the CLI, the activities panel and a JSON body can show ``str(error)`` as it is. A
pixels error keeps its code and status (``too_large`` and 413, ``corrupt_file``...).
"""

from __future__ import annotations

import errno
from os import PathLike

from pyomero.pixels import PixelsError, StoreWriteFailed


class ImportFailed(Exception):
    """Base of the import's errors."""

    code: str = "import_failed"
    status: int = 500

    def __init__(self, path: str | PathLike[str], cause: str) -> None:
        self.path = str(path)
        self.cause = cause
        super().__init__(f"{self.path}: {cause}")

    @classmethod
    def of(cls, exc: BaseException, path: str | PathLike[str]) -> ImportFailed:
        """The import error for any exception raised while importing ``path``."""
        if isinstance(exc, ImportFailed):
            return exc
        if isinstance(exc, StoreWriteFailed) and isinstance(exc.__cause__, OSError):
            return StorageFailed.of_os_error(exc.__cause__, path, "writing the pixel pyramid")
        if isinstance(exc, PixelsError):
            return PixelsFailed(exc)
        if isinstance(exc, OSError):
            return StorageFailed.of_os_error(exc, path, "storing the file")
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        return cls(path, message)

    def read_by(self, reader: str) -> ImportFailed:
        """This error, naming the reader when the reader refused the file."""
        return self


class PixelsFailed(ImportFailed):
    """The pixels layer refused the file: unsupported, corrupt, too large, mismatched."""

    def __init__(self, error: PixelsError) -> None:
        super().__init__(error.path, error.cause)
        self.error = error
        self.code = error.code
        self.status = error.status

    def read_by(self, reader: str) -> ImportFailed:
        if self.cause.startswith(f"{reader} reader"):
            return self  # the reader named itself
        named = PixelsFailed(self.error)
        named.cause = f"{reader} reader: {self.cause}"
        named.args = (f"{named.path}: {named.cause}",)
        return named


class PathNotAllowed(ImportFailed):
    """The path is outside the directories imports may read (``allowed_roots``)."""

    code = "path_not_allowed"
    status = 403


class NothingToImport(ImportFailed):
    """A path holds no file any reader recognises."""

    code = "nothing_to_import"
    status = 400


class ChecksumMismatch(ImportFailed):
    """A copy in the managed repository does not have the bytes of its original."""

    code = "checksum_mismatch"
    status = 500


class StorageFailed(ImportFailed):
    """Copying or writing failed (disk full, permission, another filesystem)."""

    code = "storage_failed"
    status = 507

    @classmethod
    def of_os_error(cls, exc: OSError, path: str | PathLike[str], doing: str) -> StorageFailed:
        if exc.errno == errno.ENOSPC:
            return cls(path, f"no space left on the device (disk full) while {doing}")
        if exc.errno == errno.EXDEV:
            return cls(path, "--transfer ln needs the file on the data directory's filesystem")
        return cls(path, f"{doing} failed: {exc.strerror or exc}")
