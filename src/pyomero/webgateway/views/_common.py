"""What every /webgateway/ view shares: the acting context, parsing helpers, and the
one place that turns the layers' errors into responses.

Rendering, model, pixels and imaging errors all carry ``status`` and ``code``; an image
view answers them as plain text led by the parameter at fault, a JSON view as
``{"message", "code", "parameter"}``.
Anonymous visitors are sent to the login page (``?url=`` to come back), unless the
public-user middleware serves them as the public user.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.http import parse_etags

from pyomero.imaging import ImagingError, PixelsNotReadyError, Rendered
from pyomero.model.context import ALL_GROUPS, EventContext, event_context
from pyomero.model.errors import ModelError
from pyomero.model.values import StandardJSONEncoder
from pyomero.pixels import PixelsError
from pyomero.rendering import InvalidParameterError, RenderingError, parse_plane_index

ERRORS = (RenderingError, ModelError, PixelsError, ImagingError)
#: Rendered images may be stored by the browser but are revalidated (cheap: a 304).
CACHE_CONTROL = "private, no-cache"

View = Callable[..., Any]


def context(request: HttpRequest) -> EventContext:
    """The acting user in all their groups (as OMERO.web's gateway reads images)."""
    found = getattr(request, "_pyomero_context", None)
    if found is None:
        found = event_context(request.user, ALL_GROUPS)  # type: ignore[arg-type]
        request._pyomero_context = found  # type: ignore[attr-defined]
    return found


def etags(request: HttpRequest) -> frozenset[str]:
    """The entity tags of ``If-None-Match``, without quotes and weakness markers."""
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not header:
        return frozenset()
    return frozenset(tag.removeprefix("W/").strip('"') for tag in parse_etags(header))


def number(value: str | None, parameter: str, default: int | None = None) -> int | None:
    """A non-negative integer query parameter (None or ``default`` when missing)."""
    if value is None or value == "":
        return default
    return parse_plane_index(value, parameter)


def _message(exc: Exception) -> tuple[int, dict[str, Any]]:
    status = int(getattr(exc, "status", 400))
    body: dict[str, Any] = {
        "message": getattr(exc, "message", None) or str(exc),
        "code": getattr(exc, "code", "error"),
    }
    parameter = getattr(exc, "parameter", None)
    if parameter:
        body["parameter"] = parameter
    return status, body


def named(message: str, parameter: str | None) -> str:
    """``message`` led by the parameter it is about (``c: 'x' is not a number``), unless
    it already starts with it (``tile=...``): a text answer has no other field for it."""
    if not parameter or message.startswith((f"{parameter}=", f"{parameter} ")):
        return message
    return f"{parameter}: {message}"


def _retry(response: HttpResponse, exc: Exception) -> HttpResponse:
    if isinstance(exc, PixelsNotReadyError):
        response["Retry-After"] = str(max(1, exc.back_off_ms // 1000))
    return response


def image_view(view: View) -> View:
    """A view answering an image: errors as text, anonymous users to the login page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)  # type: ignore[no-any-return]
        except ERRORS as exc:
            status, body = _message(exc)
            text = named(body["message"], body.get("parameter"))
            response = HttpResponse(text, status=status, content_type="text/plain")
            return _retry(response, exc)

    return login_required(wrapper, redirect_field_name="url")


def json_view(view: View) -> View:
    """A view answering JSON (any JSON value the view returns): errors as JSON too."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            result = view(request, *args, **kwargs)
        except ERRORS as exc:
            status, body = _message(exc)
            return _retry(JsonResponse(body, StandardJSONEncoder, status=status), exc)
        if isinstance(result, HttpResponse):
            return result
        return JsonResponse(result, StandardJSONEncoder, safe=False)

    return login_required(wrapper, redirect_field_name="url")


def image_response(rendered: Rendered) -> HttpResponse:
    """200 with the bytes, or 304 when the client's copy is current; ETag either way."""
    if rendered.body is None:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(rendered.body, content_type=rendered.content_type)
    response["ETag"] = f'"{rendered.etag}"'
    response["Cache-Control"] = CACHE_CONTROL
    return response


def ids(values: list[str], parameter: str) -> list[int]:
    """Object ids from repeated query values (``id=1&id=2``, also ``id=1,2``)."""
    found = []
    for value in values:
        for part in value.split(","):
            if not part.strip().isdigit():
                message = f"{parameter}={part!r} is not an id"
                raise InvalidParameterError(message, parameter=parameter)
            found.append(int(part))
    return found
