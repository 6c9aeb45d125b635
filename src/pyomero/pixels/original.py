"""Original metadata: the key-value pairs a reader found in the files, as it found them.

OMERO shows them as "Original metadata" (global pairs for the fileset, series pairs for
each image): what Bio-Formats' ``getGlobalMetadata`` and ``getSeriesMetadata`` give, the
TIFF tags of tifffile, the vendor XML of native readers flattened to ``path|to|key``.
Values are text; long values and huge lists are cut so that a file's metadata stays a
few hundred kilobytes at worst.
"""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping
from enum import Enum
from typing import Any

#: One file's pairs, in the reader's order.
Pairs = tuple[tuple[str, str], ...]

#: At most this many pairs per fileset or series, and characters per value.
MAX_PAIRS = 20_000
MAX_VALUE = 2_000
MAX_ITEMS = 64  # a list longer than this shows its first items and its length

# Tags that locate bytes in the file or hold binary blocks: no meaning to a user.
_LOCATION_TAGS = {
    "StripOffsets",
    "StripByteCounts",
    "TileOffsets",
    "TileByteCounts",
    "FreeOffsets",
    "FreeByteCounts",
    "JPEGTables",
    "SubIFDs",
    "IJMetadata",  # ImageJ's binary block: its parsed form comes with the flavour's
    "IJMetadataByteCounts",
}


def text(value: Any) -> str:
    """A value as OMERO shows it: numbers plainly, lists in brackets, bytes decoded."""
    if isinstance(value, Enum):
        return value.name  # COMPRESSION.NONE -> NONE
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace").rstrip("\x00")
    elif hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
    if isinstance(value, list | tuple):
        items = [text(v) for v in value[:MAX_ITEMS]]
        more = f", ... ({len(value)} values)" if len(value) > MAX_ITEMS else ""
        value = f"[{', '.join(items)}{more}]"
    found = str(value)
    return found if len(found) <= MAX_VALUE else found[: MAX_VALUE - 1] + "…"


def pairs(items: Iterable[tuple[str, Any]]) -> Pairs:
    """Clean pairs: keys stripped, empty keys dropped, values as :func:`text`, capped."""
    found: list[tuple[str, str]] = []
    for key, value in items:
        name = str(key).strip()
        if not name:
            continue
        found.append((name, text(value)))
        if len(found) >= MAX_PAIRS:
            break
    return tuple(found)


def flatten(mapping: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Nested dicts as ``outer|inner`` keys (Bio-Formats joins vendor paths with ``|``)."""
    for key, value in mapping.items():
        name = f"{prefix}|{key}" if prefix else str(key)
        if isinstance(value, Mapping):
            yield from flatten(value, name)
        else:
            yield name, value


def tree(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Nested mappings, dataclasses and named tuples as ``outer|inner`` keys; the items of
    a list of such records numbered ``key #1``, ``key #2``; unset (``None``) values left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    elif isinstance(value, tuple) and hasattr(value, "_asdict"):
        value = value._asdict()
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from tree(item, f"{prefix}|{key}" if prefix else str(key))
    elif isinstance(value, list | tuple) and value and all(_record(v) for v in value):
        for number, item in enumerate(value, 1):
            yield from tree(item, f"{prefix} #{number}")
    elif value is not None and prefix:
        yield prefix, value


def text_lines(block: str) -> Iterator[tuple[str, str]]:
    """``Key: value`` lines of a vendor's free text as pairs (lines without one skipped),
    repeated keys numbered ``Key #2`` as Bio-Formats does."""
    seen: dict[str, int] = {}
    for line in block.replace("\r", "\n").split("\n"):
        key, colon, value = line.partition(":")
        key, value = key.strip(" -\t"), value.strip()
        if not colon or not key or not value or "{" in key:
            continue
        count = seen[key] = seen.get(key, 0) + 1
        yield (key if count == 1 else f"{key} #{count}"), value


def _record(value: Any) -> bool:
    return isinstance(value, Mapping) or (
        dataclasses.is_dataclass(value) and not isinstance(value, type)
    )


def tiff_tags(page: Any, *, skip: Iterable[str] = ()) -> Pairs:
    """The TIFF tags of a tifffile page by name, as Bio-Formats lists them for a TIFF
    (byte locations left out); ``skip``: more tag names to leave out."""
    left_out = _LOCATION_TAGS | set(skip)
    return pairs(
        (tag.name, _tag_value(tag))
        for tag in page.tags.values()
        if tag.name not in left_out and not tag.name.isdigit()
    )


def _tag_value(tag: Any) -> Any:
    """A tag's value; numbers of TIFF type BYTE (which tifffile gives as bytes) as numbers."""
    value = tag.value
    if isinstance(value, bytes) and int(getattr(tag, "dtype", 0)) == 1:
        numbers = list(value)
        return numbers[0] if len(numbers) == 1 else numbers
    return value


def xml_pairs(root: ET.Element, *, prefix: str = "") -> Pairs:
    """An XML tree flattened: each attribute and each text as ``A|B|C`` (the element
    path) ``= value``; repeated paths are numbered as Bio-Formats does (``key #2``)."""
    found: list[tuple[str, str]] = []
    seen: dict[str, int] = {}

    def add(key: str, value: str) -> None:
        count = seen.get(key, 0) + 1
        seen[key] = count
        found.append((key if count == 1 else f"{key} #{count}", value))

    def walk(element: ET.Element, path: str) -> None:
        if len(found) >= MAX_PAIRS:
            return
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        here = f"{path}|{tag}" if path else tag
        for name, value in element.attrib.items():
            add(f"{here}|{name.rsplit('}', 1)[-1]}", value)
        content = (element.text or "").strip()
        if content:
            add(here, content)
        for child in element:
            walk(child, here)

    walk(root, prefix)
    return pairs(found)


def as_text(global_pairs: Pairs, series_pairs: Pairs) -> str:
    """OMERO's ``original_metadata.txt``: ``[Global Metadata]`` then ``[Series Metadata]``,
    one ``key=value`` a line."""
    lines = ["[Global Metadata]", *(f"{k}={v}" for k, v in global_pairs)]
    lines += ["[Series Metadata]", *(f"{k}={v}" for k, v in series_pairs)]
    return "\n".join(lines) + "\n"
