"""The limit on request bodies read into memory (``omero.web.max_body_size``).

A body larger than the limit is answered 413 before any view reads it, with a JSON
``{"message": ...}`` (the API's shape, readable anywhere). Django enforces the same
limit (``DATA_UPLOAD_MAX_MEMORY_SIZE``) on bodies without a length and on form
fields. Multipart uploads (their files go to disk) and views that stream their body
(``view.streams_body = True``: the web upload's chunks) have limits of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DataError
from django.http import HttpRequest, HttpResponse, JsonResponse

MIDDLEWARE = "pyomero.web.limits.BodySizeMiddleware"


def too_large(limit: int) -> JsonResponse:
    message = f"The request body is larger than this server accepts ({limit} bytes)."
    return JsonResponse({"message": message}, status=413)


class BodySizeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        multipart = (request.content_type or "").startswith("multipart/")
        if getattr(view, "streams_body", False) or multipart:
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return too_large(limit) if length > limit else None


OUT_OF_RANGE = "A number in the request is beyond what the server can store or look up."
OUT_OF_RANGE_MIDDLEWARE = "pyomero.web.limits.OutOfRangeMiddleware"


class OutOfRangeMiddleware:
    """The last net for numbers a database cannot hold (an id of 10**25, a year of
    10**25): SQLite raises OverflowError, PostgreSQL a DataError. Answered 400 with
    a JSON message; the action's transaction has rolled back, so nothing is written."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OverflowError | DataError):
            return JsonResponse({"message": OUT_OF_RANGE}, status=400)
        return None
