"""The one place where API views become HTTP: methods, CSRF, sign-in, JSON, errors.

:func:`api_view` wraps a view that returns a JSON-able dict (or :class:`Created`).
In this order, as OMERO.web: a POST, PUT or DELETE needs a CSRF token (403), the
user must be signed in (403 ``{"message": "Not logged in"}``, never a redirect),
and the method must be one the URL takes (405). Errors become ``{"message": ...}``
with their status (see ``errors.py``); every response carries
``X-OMERO-ApiVersion``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware

from pyomero.api.conf import API_VERSION, VERSION_HEADER
from pyomero.api.errors import (
    CsrfFailedError,
    MethodNotSupportedError,
    NotLoggedInError,
    status_and_message,
)
from pyomero.model.values import StandardJSONEncoder

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD"})
View = Callable[..., HttpResponseBase]


@dataclass(frozen=True)
class Created:
    """A view's result for a new object: answered with 201."""

    payload: dict[str, Any]


def json_response(payload: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(payload, StandardJSONEncoder, status=status, safe=False)
    response[VERSION_HEADER] = API_VERSION
    return response


def error_response(error: Exception) -> JsonResponse:
    known = status_and_message(error)
    if known is None:
        logger.exception("JSON API error")
        return json_response({"message": "Internal server error"}, status=500)
    status, message = known
    response = json_response({"message": message}, status=status)
    if isinstance(error, MethodNotSupportedError) and error.allow:
        response["Allow"] = error.allow
    if getattr(error, "retry_after", None):  # the login throttle
        response["Retry-After"] = str(error.retry_after)  # type: ignore[attr-defined]
    return response


def respond(result: Any) -> HttpResponseBase:
    """A view's result as a response: 201 for :class:`Created`, else 200."""
    if isinstance(result, HttpResponseBase):  # bytes: a zarr chunk, a file
        result[VERSION_HEADER] = API_VERSION
        return result
    if isinstance(result, Created):
        return json_response(result.payload, status=201)
    return json_response(result)


def check_csrf(request: HttpRequest) -> None:
    """Django's CSRF check of an unsafe request, failing with a JSON error."""
    rejected = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(request, None, (), {})
    if rejected is not None:
        # the site's CSRF failure view says why, as OMERO: "CSRF Failed: <reason>"
        try:
            message = json.loads(rejected.content)["message"]
        except (ValueError, KeyError, TypeError):
            message = "CSRF Failed: send the token of /api/v0/token/ in X-CSRFToken"
        raise CsrfFailedError(message)


#: OMERO's verbs in its "<Verb> of <Type> not supported" answers.
VERBS = {"DELETE": "Delete", "PUT": "Update", "POST": "Creation"}


def check_method(
    request: HttpRequest, methods: frozenset[str], omero_type: str | None = None
) -> None:
    if request.method not in methods:
        allow = ", ".join(sorted(methods))
        verb = VERBS.get(request.method or "")
        if omero_type and verb:
            message = f"{verb} of {omero_type} not supported"
        else:
            message = f"Method {request.method} not allowed"
        raise MethodNotSupportedError(message, allow)


def api_view(
    *methods: str, login: bool = True, csrf: bool = True, omero_type: str | None = None
) -> Callable[[Callable[..., Any]], View]:
    """Make an API view of ``view`` taking ``methods`` (HEAD comes with GET).

    With ``login=False`` the view answers anonymous users too (versions, token,
    login); other views are open to the public user where it is enabled.
    ``csrf=False`` only for the catch-all 404, which changes nothing. ``omero_type``
    names the object in OMERO's 405 message (``Delete of Image not supported``).
    """
    allowed = frozenset(methods) | ({"HEAD"} if "GET" in methods else set())

    def decorate(view: Callable[..., Any]) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            try:
                if csrf and request.method not in SAFE_METHODS:
                    check_csrf(request)
                if login and not request.user.is_authenticated:
                    raise NotLoggedInError()
                check_method(request, allowed, omero_type)
                result = view(request, *args, **kwargs)
            except Exception as error:
                return error_response(error)
            return respond(result)

        wrapped.csrf_exempt = True  # type: ignore[attr-defined]  # checked above, in JSON
        wrapped.api_methods = allowed  # type: ignore[attr-defined]
        if not login:
            wrapped.login_required = False  # type: ignore[attr-defined]
        return wrapped

    return decorate
