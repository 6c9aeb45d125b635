"""What the viewer's JSON views share: the acting context, query parsing, and the one
place that turns the layers' errors (each with ``status`` and ``code``) into JSON."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from pyomero.imaging import ImagingError
from pyomero.model import values
from pyomero.model.context import ALL_GROUPS, EventContext, event_context
from pyomero.model.errors import InputInvalidError, ModelError
from pyomero.pixels import PixelsError
from pyomero.rendering import InvalidParameterError, RenderingError, parse_plane_index

ERRORS = (RenderingError, ModelError, PixelsError, ImagingError)
View = Callable[..., Any]


def context(request: HttpRequest) -> EventContext:
    """The acting user in all their groups, as the viewer reads any image it may see."""
    return event_context(request.user, ALL_GROUPS)  # type: ignore[arg-type]


def json_view(view: View) -> View:
    """Answer the view's value as JSON, the layers' errors as ``{"message", "code"}``;
    anonymous visitors get 403 (a script cannot follow a login redirect)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return JsonResponse({"message": "not signed in", "code": "login"}, status=403)
        try:
            result = view(request, *args, **kwargs)
        except ERRORS as exc:
            body = {"message": getattr(exc, "message", str(exc)), "code": exc.code}
            parameter = getattr(exc, "parameter", None)
            if parameter:
                body["parameter"] = parameter
            return JsonResponse(body, status=int(exc.status))
        if isinstance(result, HttpResponse):
            return result
        return JsonResponse(result, safe=False)

    return wrapper


def index(request: HttpRequest, name: str, default: int = 0) -> int:
    """A 0-based plane index or coordinate from the query (``default`` when missing)."""
    value = request.GET.get(name, "")
    return default if value == "" else parse_plane_index(value, name)


def channels(request: HttpRequest) -> list[int] | None:
    """``c=0,2``: 0-based channel indices; None (all) when missing."""
    value = request.GET.get("c", "")
    if not value:
        return None
    return [parse_plane_index(part, "c") for part in value.split(",")]


def json_body(request: HttpRequest) -> dict[str, Any]:
    """The request's JSON object, or a 400."""
    try:
        found = values.loads(request.body or b"{}")
    except InputInvalidError as exc:
        raise InvalidParameterError(exc.message, parameter="body") from None
    if not isinstance(found, dict):
        raise InvalidParameterError("the body is not a JSON object", parameter="body")
    return found
