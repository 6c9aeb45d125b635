"""The errors of the imaging use cases; each carries its HTTP status and a stable code.

Malformed or out-of-range request values are the rendering layer's errors
(:class:`~pyomero.rendering.InvalidParameterError` and friends, 400); missing or
invisible objects are the model's (:class:`~pyomero.model.errors.ObjectNotFoundError`,
404). What is left is the state of an image's pixels.
"""

from __future__ import annotations

#: How long a client is told to wait before asking again for pixels being written.
BACK_OFF_MS = 5000


class ImagingError(Exception):
    """Base class: ``status`` is the HTTP answer, ``code`` a stable name."""

    status = 400
    code = "imaging_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PixelsNotReadyError(ImagingError):
    """The pyramid is still being written by an import: ask again after ``back_off_ms``.

    OMERO answers this with a ``ConcurrencyException`` carrying a back-off time.
    """

    status = 503
    code = "pixels_not_ready"

    def __init__(self, image_id: int, back_off_ms: int = BACK_OFF_MS) -> None:
        super().__init__(f"the pixels of Image {image_id} are still being written")
        self.back_off_ms = back_off_ms


class PixelsUnavailableError(ImagingError):
    """The image has no readable pixels (its import failed, or it has no pyramid)."""

    status = 404
    code = "pixels_unavailable"


class TableRequestError(ImagingError):
    """An OMERO.table that cannot answer this request: the file is not a table, the
    query is malformed, or the answer would pass a configured limit."""

    code = "bad_table_request"

    def __init__(self, message: str, code: str | None = None, status: int = 400) -> None:
        super().__init__(message)
        self.status = status
        if code:
            self.code = code
