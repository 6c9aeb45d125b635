"""What every native reader does around its library: one place for the failures.

A library raises whatever it likes; a user must read one line naming the file and what
is wrong. :func:`closed_on_failure` wraps opening a file (the reader is closed, the
library's error becomes ``not a readable <format> file: ...``), :func:`plane_errors`
wraps reading pixels (``cannot read plane: ...``); the readers' own errors pass through
as they are. :func:`what_is_wrong` words a library's error for a user: Python's own
errors (``KeyError(5)``, ``tuple index out of range``) say what they mean for the file,
and any message is kept to one short line. :func:`refuse_unmapped_axes` refuses by name
an axis a reader cannot map (λ, angle, phase...), never dropping its planes silently.
"""

from __future__ import annotations

import re
import struct
import zlib
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
        raise CorruptFile(reader.path, f"not a readable {what} file: {what_is_wrong(exc)}") from exc


@contextmanager
def plane_errors(path: Path, message: str = "cannot read plane") -> Iterator[None]:
    """Read pixels of ``path``: a library's error becomes ``<message>: <error>``."""
    try:
        yield
    except PixelsError:
        raise
    except Exception as exc:
        raise CorruptFile(path, f"{message}: {what_is_wrong(exc)}") from exc


def refuse_unmapped_axes(path: Path, axes: str, sizes: Mapping[str, int]) -> None:
    """Refuse a file with an axis other than T, C, Z, Y and X, naming it and its size."""
    unknown = [axis for axis in axes if axis not in "TCZYX"]
    if unknown:
        listed = ", ".join(f"{axis} ({sizes[axis]})" for axis in unknown)
        raise UnsupportedFormat(path, f"axes {listed} cannot be mapped; use --reader bioformats")


DAMAGED = "the file is damaged or incomplete"
#: Python's own words for a value that did not convert: a field of the file is garbled.
_CONVERSION = ("invalid literal for", "could not convert", "cannot fit", "int too big")
#: numpy's words for a memory map of data the file ends before.
_PAST_THE_END = ("mmap length is greater than file size", "mmap offset is greater than file size")
_LONG_BYTES = re.compile(r"b(['\"])(?:[^'\"\\]|\\.){24,}?\1")
_MAX_CHARS = 200


def what_is_wrong(exc: BaseException) -> str:
    """One short line saying what ``exc``, raised by a format library, means for the file.

    A lookup that fails (``KeyError(5)``: the file's index has no block 5) is a part of
    the file that is missing; a value that does not unpack or convert is a garbled
    field; a library's own sentence is kept, on one line, its byte dumps cut short."""
    if isinstance(exc, KeyError) and _is_sentence(exc.args[0] if exc.args else None):
        return _one_line(str(exc.args[0]))
    if isinstance(exc, LookupError):
        named = exc.args[0] if isinstance(exc, KeyError) and exc.args else None
        part = f" ({_one_line(repr(named), 40)})" if isinstance(named, int | str | bytes) else ""
        return f"a part of the file that its index points to{part} is missing: {DAMAGED}"
    if isinstance(exc, EOFError) or str(exc) in _PAST_THE_END:
        return f"the data end before they should: {DAMAGED}"
    if isinstance(exc, MemoryError):
        return "not enough memory to decode it"
    if isinstance(exc, zlib.error):
        return f"its compressed data do not decompress: {DAMAGED}"
    if isinstance(exc, OSError):
        return f"cannot read the file: {_one_line(exc.strerror or str(exc))}"
    text = str(exc)
    garbled = isinstance(
        exc, struct.error | OverflowError | TypeError | AttributeError | ArithmeticError
    ) or (isinstance(exc, ValueError) and text.startswith(_CONVERSION))
    if garbled or not text.strip():
        return f"a field of the file holds a value that makes no sense: {DAMAGED}"
    return _one_line(text)


def _is_sentence(value: object) -> bool:
    return isinstance(value, str) and " " in value.strip()


def _one_line(text: str, limit: int = _MAX_CHARS) -> str:
    text = _LONG_BYTES.sub(lambda m: m.group(0)[:18] + "..." + m.group(1), text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
