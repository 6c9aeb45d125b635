"""Absolute ``url:*`` links, as OMERO.web builds them.

``reverse`` gives the path with the site's prefix (``omero.web.prefix`` becomes
Django's ``FORCE_SCRIPT_NAME``); the scheme and host come from the request, or
from ``omero.web.api.absolute_url`` when it is set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from pyomero.api.conf import api_settings

# An id no object has, reversed in place of a real one to make a URL template.
PLACEHOLDER = 918273645546372819


@dataclass(frozen=True)
class Linker:
    """Builds the absolute URLs of one request (the settings are read once).

    A list links every object to a few URLs that differ only by the object's id:
    each URL name with one id is reversed once per request, as a template.
    """

    request: HttpRequest
    api_version: str
    absolute_url: str
    _templates: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    def url(self, name: str, **kwargs: Any) -> str:
        if len(kwargs) == 1:
            ((kwarg, value),) = kwargs.items()
            if isinstance(value, int) and not isinstance(value, bool):
                before, after = self._template(name, kwarg)
                return f"{before}{value}{after}"
        return self._absolute(reverse(name, kwargs={"api_version": self.api_version, **kwargs}))

    def _template(self, name: str, kwarg: str) -> tuple[str, str]:
        if (name, kwarg) not in self._templates:
            whole = self._absolute(
                reverse(name, kwargs={"api_version": self.api_version, kwarg: PLACEHOLDER})
            )
            before, _, after = whole.partition(str(PLACEHOLDER))
            self._templates[name, kwarg] = (before, after)
        return self._templates[name, kwarg]

    def _absolute(self, path: str) -> str:
        if self.absolute_url:
            return f"{self.absolute_url.rstrip('/')}{path}"
        return self.request.build_absolute_uri(path)


def linker(request: HttpRequest, api_version: str) -> Linker:
    return Linker(request, api_version, api_settings().absolute_url)
