"""Readers by priority: the registry asks each reader whether it claims a path and opens
the highest-priority one that does (as large_image's sources do)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pyomero.pixels.contract import DEFAULT_LIMITS, Limits, Reader
from pyomero.pixels.errors import EmptyFile, UnsupportedFormat


class ReaderRegistry:
    """An ordered set of reader classes."""

    def __init__(self, readers: Iterable[type[Reader]] = ()) -> None:
        self._readers: list[type[Reader]] = []
        for reader in readers:
            self.register(reader)

    def register(self, reader: type[Reader]) -> type[Reader]:
        """Add a reader class (usable as a class decorator); a name may be registered once."""
        if any(r.format_name == reader.format_name for r in self._readers):
            raise ValueError(f"a reader named {reader.format_name!r} is already registered")
        self._readers.append(reader)
        self._readers.sort(key=lambda r: -r.priority)
        return reader

    @property
    def readers(self) -> tuple[type[Reader], ...]:
        """The registered readers, highest priority first."""
        return tuple(self._readers)

    def candidates(self, path: str | Path) -> list[type[Reader]]:
        """The readers that claim ``path``, highest priority first."""
        path = Path(path)
        if not path.exists():
            raise UnsupportedFormat(path, "no such file or directory")
        if path.is_file() and path.stat().st_size == 0:
            raise EmptyFile(path, "the file is empty (0 bytes)")
        return [reader for reader in self._readers if reader.claims(path)]

    def choose(self, path: str | Path) -> type[Reader]:
        """The highest-priority reader that claims ``path``."""
        found = self.candidates(path)
        if not found:
            raise UnsupportedFormat(path, "no reader recognises this file's format")
        return found[0]

    def open(self, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Reader:
        """Open ``path`` with the reader :meth:`choose` picks; check the size limits."""
        reader = self.choose(path)(path, limits)
        try:
            reader.check_limits()
        except BaseException:
            reader.close()
            raise
        return reader


def default_registry() -> ReaderRegistry:
    """A registry of every reader pyomero ships."""
    from pyomero.pixels.readers import ALL_READERS

    return ReaderRegistry(ALL_READERS)


def open_image(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Reader:
    """Open ``path`` with the best reader pyomero ships."""
    return default_registry().open(path, limits)
