"""Readers by priority: the registry asks each reader whether it claims a path and opens
the first one that does (as large_image's sources do).

The order for one path is, from weakest to strongest:

1. the readers' priorities (native readers first, Bio-Formats last);
2. the default reader of the path's format, ``preferred`` by file suffix: the reader that
   passes ``tests/pixels/test_conformance.py`` on every corpus file of that format;
3. ``order`` (``omero.import.readers``): reader names first, in that order; ``-name``
   disables a reader;
4. one reader forced by name (``omero import --reader NAME``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from pyomero.pixels.contract import DEFAULT_LIMITS, Limits, Reader
from pyomero.pixels.errors import EmptyFile, UnsupportedFormat


class ReaderRegistry:
    """An ordered set of reader classes."""

    def __init__(
        self,
        readers: Iterable[type[Reader]] = (),
        *,
        preferred: Mapping[str, str] | None = None,
        order: Sequence[str] = (),
    ) -> None:
        self._readers: list[type[Reader]] = []
        for reader in readers:
            self.register(reader)
        self._preferred = {k.lower(): v for k, v in (preferred or {}).items()}
        self._order = tuple(order)
        for name in [*self._preferred.values(), *(n.removeprefix("-") for n in self._order)]:
            self.reader_named(name)

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

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(r.format_name for r in self._readers)

    def reader_named(self, name: str) -> type[Reader]:
        """The registered reader called ``name``; ``ValueError`` listing the names if none."""
        for reader in self._readers:
            if reader.format_name == name:
                return reader
        raise ValueError(f"no reader is called {name!r} (readers: {', '.join(self.names)})")

    def preferred_for(self, path: str | Path) -> str | None:
        """The name of the default reader of ``path``'s format, if the suffix table has one."""
        name = Path(path).name.lower()
        found = [s for s in self._preferred if name.endswith(s)]
        return self._preferred[max(found, key=len)] if found else None

    def ordered(self, path: str | Path) -> list[type[Reader]]:
        """Every enabled reader in the order they are asked for ``path``."""
        readers = list(self._readers)
        preferred = self.preferred_for(path)
        if preferred is not None:
            chosen = self.reader_named(preferred)
            readers = [chosen, *(r for r in readers if r is not chosen)]
        named = [self.reader_named(n) for n in self._order if not n.startswith("-")]
        disabled = {self.reader_named(n[1:]) for n in self._order if n.startswith("-")}
        readers = [*named, *(r for r in readers if r not in named)]
        return [r for r in readers if r not in disabled]

    def candidates(self, path: str | Path) -> list[type[Reader]]:
        """The readers that claim ``path``, in the order they are asked."""
        path = _existing(path)
        return [reader for reader in self.ordered(path) if reader.claims(path)]

    def choose(self, path: str | Path, reader: str | None = None) -> type[Reader]:
        """The first reader that claims ``path``, or the one named ``reader``."""
        path = _existing(path)
        if reader is not None:
            forced = self.reader_named(reader)
            if not forced.claims(path):
                raise UnsupportedFormat(path, f"the {reader} reader does not read this file")
            return forced
        for found in self.ordered(path):
            if found.claims(path):
                return found
        raise UnsupportedFormat(path, "no reader recognises this file's format")

    def open(
        self, path: str | Path, limits: Limits = DEFAULT_LIMITS, reader: str | None = None
    ) -> Reader:
        """Open ``path`` with the reader :meth:`choose` picks; check the size limits."""
        opened = self.choose(path, reader)(path, limits)
        try:
            opened.check_limits()
        except BaseException:
            opened.close()
            raise
        return opened


def _existing(path: str | Path) -> Path:
    """``path``, refused when missing or empty (0 bytes), before any reader looks at it."""
    path = Path(path)
    if not path.exists():
        raise UnsupportedFormat(path, "no such file or directory")
    if path.is_file() and path.stat().st_size == 0:
        raise EmptyFile(path, "the file is empty (0 bytes)")
    return path


def default_registry(order: Sequence[str] = ()) -> ReaderRegistry:
    """A registry of every reader pyomero ships, each format read by its default reader;
    ``order`` as ``omero.import.readers``."""
    from pyomero.pixels.readers import ALL_READERS, DEFAULT_FOR_SUFFIX

    return ReaderRegistry(ALL_READERS, preferred=DEFAULT_FOR_SUFFIX, order=order)


def open_image(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Reader:
    """Open ``path`` with the best reader pyomero ships."""
    return default_registry().open(path, limits)
