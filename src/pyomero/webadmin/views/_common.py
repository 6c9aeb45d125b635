"""What the webadmin views share: who acts, the one place errors become pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from pyomero.model.context import ALL_GROUPS, EventContext, event_context
from pyomero.model.errors import ActionForbiddenError, ModelError
from pyomero.webadmin.errors import WebadminError

View = Callable[..., HttpResponse]


def context(request: HttpRequest) -> EventContext:
    """The signed-in user, acting across all their groups."""
    return event_context(request.user, ALL_GROUPS)  # type: ignore[arg-type]


def require(allowed: bool, what: str) -> None:
    """Refuse with 403 unless ``allowed`` (a page the user knows of but may not use)."""
    if not allowed:
        raise ActionForbiddenError(f"you may not {what}")


def page(view: View) -> View:
    """A signed-in page; a refused or missing object becomes an error page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "is_public_user", False):  # visitors never administer
            return redirect_to_login(request.get_full_path(), redirect_field_name="url")
        try:
            return view(request, *args, **kwargs)
        except (ModelError, WebadminError) as exc:
            data = {"error": exc.message, "status": exc.status}
            return render(request, "webadmin/error.html", data, status=exc.status)

    return login_required(wrapper, redirect_field_name="url")


def json_page(view: Callable[..., Any]) -> View:
    """A signed-in JSON view; errors become ``{"message", "code"}`` with their status."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "is_public_user", False):
            return JsonResponse({"message": "sign in first", "code": "forbidden"}, status=403)
        try:
            return JsonResponse(view(request, *args, **kwargs), safe=False)
        except (ModelError, WebadminError) as exc:
            return JsonResponse({"message": exc.message, "code": exc.code}, status=exc.status)

    return login_required(wrapper, redirect_field_name="url")


def form_error(exc: ModelError) -> tuple[str, int]:
    """A refusal shown above the form (bad input, taken name); others re-raised."""
    if exc.status in (403, 404):
        raise exc
    return exc.message, exc.status
