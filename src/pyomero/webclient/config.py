"""The ``omero.web.*`` values the webclient reads, at request time (never at import)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class WebclientConfig:
    page_size: int
    thumbnails_batch: int


def webclient_config() -> WebclientConfig:
    config = settings.OMERO_CONFIG
    return WebclientConfig(
        page_size=max(1, int(config["omero.web.page_size"])),
        thumbnails_batch=max(1, int(config["omero.web.thumbnails_batch"])),
    )
