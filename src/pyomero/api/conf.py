"""The API's versions and its ``omero.web.api.*`` settings, read at request time."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

# Major versions served under /api/v<N>/, and the full version of the header.
API_VERSIONS = ("0",)
API_VERSION = "0.2"
VERSION_HEADER = "X-OMERO-ApiVersion"

# The OME schema the JSON follows; "@type" is SCHEMA_URL#Name for OME types.
SCHEMA_URL = "http://www.openmicroscopy.org/Schemas/OME/2016-06"


def ome_type(name: str) -> str:
    """``@type`` of an OME schema class (``Project``, ``Image``, ``ROI``...)."""
    return f"{SCHEMA_URL}#{name}"


def omero_type(name: str) -> str:
    """``@type`` of an OMERO-only class (``Details``, ``Permissions``, ``LengthI``...)."""
    return f"TBD#{name}"


@dataclass(frozen=True)
class ApiSettings:
    limit: int
    max_limit: int
    absolute_url: str  # empty: absolute URLs are built from each request


def api_settings() -> ApiSettings:
    """``omero.web.api.limit``, ``max_limit`` and ``absolute_url`` from the configuration."""
    config = settings.OMERO_CONFIG
    return ApiSettings(
        limit=max(1, int(config["omero.web.api.limit"])),
        max_limit=max(1, int(config["omero.web.api.max_limit"])),
        absolute_url=str(config["omero.web.api.absolute_url"] or ""),
    )
