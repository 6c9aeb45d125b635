"""The ``omero.*`` values the imaging use cases read, as one typed snapshot.

Read from Django's ``OMERO_CONFIG`` (built from the registry in ``pyomero.conf``) at
call time, never at import time, so that tests can override settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class ImagingConfig:
    data_dir: Path
    max_tile_length: int = 1024
    max_projection_bytes: int = 256 * 1024 * 1024
    max_plane_width: int = 3192
    max_plane_height: int = 3192
    thumb_default_size: int = 96
    thumbnails_batch: int = 50
    initial_zoom_level: int = 0
    interpolate_pixels: bool = True

    @property
    def max_plane_pixels(self) -> int:
        """The largest plane rendered whole (``omero.pixeldata.max_plane_*``)."""
        return self.max_plane_width * self.max_plane_height


_snapshot: tuple[object, ImagingConfig] | None = None


def imaging_config() -> ImagingConfig:
    """The snapshot of the current ``settings.OMERO_CONFIG`` (parsed once per config)."""
    global _snapshot
    config = settings.OMERO_CONFIG
    found = _snapshot
    if found is not None and found[0] is config:
        return found[1]
    snapshot = _read(config)
    _snapshot = (config, snapshot)
    return snapshot


def _read(config: Any) -> ImagingConfig:
    return ImagingConfig(
        data_dir=Path(config.data_dir()),
        max_tile_length=int(config["omero.pixeldata.max_tile_length"]),
        max_projection_bytes=int(config["omero.pixeldata.max_projection_bytes"]),
        max_plane_width=int(config["omero.pixeldata.max_plane_width"]),
        max_plane_height=int(config["omero.pixeldata.max_plane_height"]),
        thumb_default_size=int(config["omero.client.browser.thumb_default_size"]),
        thumbnails_batch=int(config["omero.web.thumbnails_batch"]),
        initial_zoom_level=int(config["omero.client.viewer.initial_zoom_level"]),
        interpolate_pixels=bool(config["omero.client.viewer.interpolate_pixels"]),
    )
