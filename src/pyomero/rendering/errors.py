"""The one error hierarchy of the rendering layer.

Every error carries the HTTP ``status`` a view should answer with, a stable ``code`` a
client (or a test) can match on, and the ``parameter`` of the request it is about, so one
place in the web layer turns any of them into a 400 response that names the culprit.
"""

from __future__ import annotations


class RenderingError(Exception):
    """Base class: a request the rendering layer cannot honour, answered with ``status``."""

    status: int = 400
    code: str = "rendering_error"

    def __init__(self, message: str, *, parameter: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.parameter = parameter

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, parameter={self.parameter!r})"


class InvalidParameterError(RenderingError):
    """A parameter is malformed: not a number, an unknown keyword, bad JSON, ..."""

    code = "invalid_parameter"


class ParameterOutOfRangeError(RenderingError):
    """A well-formed parameter points outside the image: Z, T, channel, level, tile."""

    code = "parameter_out_of_range"


class UnknownLookupTableError(RenderingError):
    """A channel asks for a lookup table (``$name.lut``) that is not installed."""

    code = "unknown_lookup_table"


class ProjectionTooLargeError(RenderingError):
    """A Z projection would read more than ``omero.pixeldata.max_projection_bytes``."""

    code = "projection_too_large"


class RegionTooLargeError(RenderingError):
    """A region asks for more pixels than the caller allows in one response."""

    code = "region_too_large"
