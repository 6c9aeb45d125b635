"""What an import is asked to do: where the images go, how files are transferred, what to
skip, and the limits. Plain values, parsed once by the CLI or a view."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pyomero.pixels import DEFAULT_LIMITS, Limits, WriteOptions


class Transfer(StrEnum):
    """OMERO's ``--transfer``: how originals get into the managed repository."""

    CP = "cp"  # copy (the default, as OMERO's upload)
    LN = "ln"  # hard link: same filesystem, no extra space
    LN_S = "ln_s"  # symbolic link: in-place import, the original must stay where it is
    UPLOAD_RM = "upload_rm"  # copy, then delete the original once the import succeeded


class Skip(StrEnum):
    """OMERO's ``--skip``: steps an import may leave out."""

    MINMAX = "minmax"  # channel min/max (windows then default to the pixel type's range)
    THUMBNAILS = "thumbnails"
    CHECKSUM = "checksum"  # record sizes instead of SHA-1 (nothing is verified)

    @classmethod
    def parse(cls, names: Sequence[str]) -> frozenset[Skip]:
        """``["minmax", "all"]`` -> skips; ``all`` is every one; unknown names raise."""
        found: set[Skip] = set()
        for name in names:
            if name == "all":
                found.update(cls)
                continue
            try:
                found.add(cls(name))
            except ValueError:
                choices = ", ".join([*cls, "all"])
                raise ValueError(f"unknown --skip {name!r} (choose from {choices})") from None
        return frozenset(found)


@dataclass(frozen=True)
class Target:
    """Where new images go: a dataset (by id, or by name, created if missing) or a screen."""

    dataset_id: int | None = None
    dataset_name: str | None = None
    screen_id: int | None = None

    @classmethod
    def parse(cls, spec: str) -> Target:
        """OMERO's ``-T``: ``Dataset:name:NAME`` or ``Dataset:id:ID`` (also Screen:id)."""
        kind, _, rest = spec.partition(":")
        key, _, value = rest.partition(":")
        if kind == "Dataset" and key == "name" and value:
            return cls(dataset_name=value)
        if kind in ("Dataset", "Screen") and key == "id" and value.isdigit():
            return cls(dataset_id=int(value)) if kind == "Dataset" else cls(screen_id=int(value))
        raise ValueError(
            f"bad target {spec!r}: use Dataset:name:NAME, Dataset:id:ID or Screen:id:ID"
        )


@dataclass(frozen=True)
class ImportOptions:
    """How to import; the defaults are OMERO's."""

    target: Target = Target()
    name: str | None = None  # -n: the image name (each series adds " [n]")
    description: str = ""  # -x
    transfer: Transfer = Transfer.CP
    skip: frozenset[Skip] = frozenset()
    #: Directories imports may read; None: anywhere (the server operator's CLI).
    allowed_roots: tuple[Path, ...] | None = None
    limits: Limits = DEFAULT_LIMITS
    write: WriteOptions = field(default_factory=WriteOptions)
    #: Reader names in the order they are asked (``omero.import.readers``; None: the key).
    readers: tuple[str, ...] | None = None
    #: One reader forced by name (``--reader``), or None for the default of each format.
    reader: str | None = None
