"""Path converters of the API's URLs: the version, object ids, annotatable types."""

from __future__ import annotations

import re

from pyomero.api.conf import API_VERSIONS

# URL segment -> OMERO type, for the objects the annotations extension annotates.
ANNOTATABLE = {
    "projects": "Project",
    "datasets": "Dataset",
    "images": "Image",
    "screens": "Screen",
    "plates": "Plate",
    "plateacquisitions": "PlateAcquisition",
    "wells": "Well",
}


class VersionConverter:
    """A major version of the API (``0``)."""

    regex = "|".join(re.escape(version) for version in API_VERSIONS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


class IdConverter:
    """An object id: digits, at most 18 so that it fits a 64-bit column."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class AnnotatableConverter:
    """``projects``, ``datasets``... as the OMERO type (``Project``, ``Dataset``...)."""

    regex = "|".join(ANNOTATABLE)

    def to_python(self, value: str) -> str:
        return ANNOTATABLE[value]

    def to_url(self, value: str) -> str:
        return {v: k for k, v in ANNOTATABLE.items()}.get(value, value)


class ZarrKeyConverter:
    """A key of a zarr store: ``.zattrs``, ``0/.zarray``, ``0/0/0/0/3/1``...

    Segments are names (never ``.`` or ``..``); only a store's metadata documents
    start with a dot.
    """

    regex = r"(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*(?:[A-Za-z0-9_-][A-Za-z0-9._-]*|\.z[a-z]+)"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ZarrTokenConverter:
    """The token of a zarr link: Django's signed value (URL-safe base64 and colons)."""

    regex = "[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
