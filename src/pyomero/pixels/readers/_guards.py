"""What every native reader does around its library: one place for the failures.

A library raises whatever it likes; a user must read one line naming the file and what
is wrong. :func:`closed_on_failure` wraps opening a file (the reader is closed, the
library's error becomes ``not a readable <format> file: ...``), :func:`plane_errors`
wraps reading pixels (``cannot read plane: ...``); the readers' own errors pass through
as they are. :func:`refuse_unmapped_axes` refuses by name an axis a reader cannot map
(λ, angle, phase...), never dropping its planes silently.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from pyomero.pixels.contract import Reader
from pyomero.pixels.errors import CorruptFile, PixelsError, UnsupportedFormat


@contextmanager
def closed_on_failure(reader: Reader, what: str) -> Iterator[None]:
    """Open a file for ``reader`` (of format ``what``): on failure close it and raise."""
    try:
        yield
    except PixelsError:
        reader.close()
        raise
    except Exception as exc:
        reader.close()
        raise CorruptFile(reader.path, f"not a readable {what} file: {exc}") from exc


@contextmanager
def plane_errors(path: Path, message: str = "cannot read plane") -> Iterator[None]:
    """Read pixels of ``path``: a library's error becomes ``<message>: <error>``."""
    try:
        yield
    except PixelsError:
        raise
    except Exception as exc:
        raise CorruptFile(path, f"{message}: {exc}") from exc


def refuse_unmapped_axes(path: Path, axes: str, sizes: Mapping[str, int]) -> None:
    """Refuse a file with an axis other than T, C, Z, Y and X, naming it and its size."""
    unknown = [axis for axis in axes if axis not in "TCZYX"]
    if unknown:
        listed = ", ".join(f"{axis} ({sizes[axis]})" for axis in unknown)
        raise UnsupportedFormat(path, f"axes {listed} cannot be mapped; use --reader bioformats")
