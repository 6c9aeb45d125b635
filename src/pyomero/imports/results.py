"""What an import reports: progress while it runs, a result per fileset when done."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pyomero.imports.errors import ImportFailed


@dataclass(frozen=True)
class ImportProgress:
    """Where one fileset's import stands: ``stage`` is ``copy``, ``pixels`` or ``done``."""

    path: Path
    stage: str
    bytes_done: int = 0
    bytes_total: int = 0
    planes_done: int = 0
    planes_total: int = 0
    fileset_id: int | None = None


Progress = Callable[[ImportProgress], None]


@dataclass(frozen=True)
class ImportResult:
    """One fileset's outcome: its new objects, or the error that failed it."""

    path: Path
    fileset_id: int | None = None
    image_ids: tuple[int, ...] = ()
    plate_ids: tuple[int, ...] = ()
    error: ImportFailed | None = None
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def summary(self) -> str:
        """OMERO's summary line: ``Image:12,13`` (``Plate:4`` first for a plate)."""
        if self.error is not None:
            return f"Failed: {self.error}"
        parts = []
        if self.plate_ids:
            parts.append("Plate:" + ",".join(str(i) for i in self.plate_ids))
        parts.append("Image:" + ",".join(str(i) for i in self.image_ids))
        return " ".join(parts)

    def as_dict(self) -> dict[str, object]:
        """A plain payload (task results, JSON)."""
        return {
            "path": str(self.path),
            "fileset": self.fileset_id,
            "images": list(self.image_ids),
            "plates": list(self.plate_ids),
            "error": None if self.error is None else str(self.error),
            "code": None if self.error is None else self.error.code,
            "warnings": list(self.warnings),
        }
