"""``KEY=VALUE`` text, as ``omero config load`` reads it and ``omero config edit`` writes it.

OMERO's rules: blank lines and lines starting with ``#`` are skipped; a line
ending in a backslash continues on the next line (the two are joined without
the backslash); a line without ``=`` sets the key to the empty string.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

EDIT_HEADER = "# Edit your preferences below. Comments are ignored\n"


def parse_properties(lines: Iterable[str]) -> list[tuple[str, str]]:
    """The ``(key, value)`` pairs of ``lines``, in order (a key may repeat)."""
    pairs: list[tuple[str, str]] = []
    pending = ""
    for raw in lines:
        line = (pending + raw).strip()
        pending = ""
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending = line[:-1]
            continue
        key, _, value = line.partition("=")
        if key:
            pairs.append((key.strip(), value))
    if pending:
        key, _, value = pending.strip().partition("=")
        if key:
            pairs.append((key.strip(), value))
    return pairs


def format_properties(properties: Mapping[str, str], header: str = EDIT_HEADER) -> str:
    """Sorted ``KEY=VALUE`` lines; a value spanning lines is continued with backslashes."""
    lines = [header.rstrip("\n")] if header else []
    for key in sorted(properties):
        value = properties[key].replace("\n", "\\\n")
        lines.append(f"{key}={value}")
    return "\n".join(lines) + "\n"
