"""Absolute ``url:*`` links, as OMERO.web builds them.

``reverse`` gives the path with the site's prefix (``omero.web.prefix`` becomes
Django's ``FORCE_SCRIPT_NAME``); the scheme and host come from the request, or
from ``omero.web.api.absolute_url`` when it is set, else ``omero.web.public_url``
(see :mod:`pyomero.model.site`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from pyomero.api.conf import api_settings
from pyomero.model.site import absolute_link

# An id no object has, reversed in place of a real one to make a URL template.
PLACEHOLDER = 918273645546372819


@dataclass(frozen=True)
class Linker:
    """Builds the absolute URLs of one request (the settings are read once).

    A list links every object to a few URLs that differ only by the object's id: a URL
    with one id (and any other arguments fixed) is reversed once per request, as a
    template.
    """

    request: HttpRequest
    api_version: str
    absolute_url: str
    _templates: dict[tuple[str, str, tuple[Any, ...]], tuple[str, str]] = field(
        default_factory=dict
    )

    def url(self, name: str, **kwargs: Any) -> str:
        ids = [key for key, value in kwargs.items() if type(value) is int]
        if len(ids) != 1:
            return self._absolute(self._reverse(name, kwargs))
        (variable,) = ids
        fixed = tuple(sorted((k, v) for k, v in kwargs.items() if k != variable))
        before, after = self._template(name, variable, fixed)
        return f"{before}{kwargs[variable]}{after}"

    def _reverse(self, name: str, kwargs: dict[str, Any]) -> str:
        return reverse(name, kwargs={"api_version": self.api_version, **kwargs})

    def _template(self, name: str, variable: str, fixed: tuple[Any, ...]) -> tuple[str, str]:
        """The URL before and after the id, reversed once per request."""
        key = (name, variable, fixed)
        if key not in self._templates:
            whole = self._absolute(self._reverse(name, {**dict(fixed), variable: PLACEHOLDER}))
            before, _, after = whole.partition(str(PLACEHOLDER))
            self._templates[key] = (before, after)
        return self._templates[key]

    def _absolute(self, path: str) -> str:
        if self.absolute_url:
            return f"{self.absolute_url.rstrip('/')}{path}"
        return absolute_link(self.request, path)


def linker(request: HttpRequest, api_version: str) -> Linker:
    return Linker(request, api_version, api_settings().absolute_url)
