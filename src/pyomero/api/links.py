"""Absolute ``url:*`` links, as OMERO.web builds them.

``reverse`` gives the path with the site's prefix (``omero.web.prefix`` becomes
Django's ``FORCE_SCRIPT_NAME``); the scheme and host come from the request, or
from ``omero.web.api.absolute_url`` when it is set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from pyomero.api.conf import api_settings


@dataclass(frozen=True)
class Linker:
    """Builds the absolute URLs of one request (the settings are read once)."""

    request: HttpRequest
    api_version: str
    absolute_url: str

    def url(self, name: str, **kwargs: Any) -> str:
        path = reverse(name, kwargs={"api_version": self.api_version, **kwargs})
        if self.absolute_url:
            return f"{self.absolute_url.rstrip('/')}{path}"
        return self.request.build_absolute_uri(path)


def linker(request: HttpRequest, api_version: str) -> Linker:
    return Linker(request, api_version, api_settings().absolute_url)
