"""What the webclient's views share: the one place that turns the model's errors into
responses (JSON for ``api/``, the panel with a readable message for panel actions)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from pyomero.model.errors import ModelError
from pyomero.model.values import StandardJSONEncoder
from pyomero.webclient.objects import panel_of
from pyomero.webclient.session import context

View = Callable[..., Any]


def allow(*methods: str) -> Callable[[View], View]:
    """The methods a URL takes, checked before anything else (the outermost decorator):
    any other answers 405 with an ``Allow`` header and ``{"message", "code"}``.
    GET brings HEAD."""
    allowed = sorted({m.upper() for m in methods} | ({"HEAD"} if "GET" in methods else set()))

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in allowed:
                message = f"{request.method} is not allowed here; use {' or '.join(allowed)}"
                data = {"message": message, "code": "method_not_allowed"}
                answer = JsonResponse(data, status=405)
                answer["Allow"] = ", ".join(allowed)
                return answer
            return view(request, *args, **kwargs)

        wrapper.allowed_methods = allowed  # type: ignore[attr-defined]
        return wrapper

    return decorate


def json_view(view: View) -> View:
    """A view returning a JSON object; model errors become ``{"message", "code"}``.
    Goes under ``@allow``, as every webclient view."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return JsonResponse(view(request, *args, **kwargs), StandardJSONEncoder)
        except ModelError as exc:
            return JsonResponse({"message": exc.message, "code": exc.code}, status=exc.status)

    return login_required(wrapper, redirect_field_name="url")


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def show_url(c_type: str, c_id: int) -> str:
    """The webclient opened at an object (OMERO's ``?show=image-12`` deep link)."""
    return reverse("webindex") + "?" + urlencode({"show": f"{c_type}-{c_id}"})


def render_panel(
    request: HttpRequest, c_type: str, c_id: object, error: str = "", status: int = 200
) -> HttpResponse:
    panel = panel_of(context(request), c_type, c_id)
    data = {"panel": panel, "error": error}
    return render(request, "webclient/panel.html", data, status=status)


def panel_action(view: View) -> View:
    """A POST on the object ``c_type``/``c_id``: answers its panel again (htmx) or goes
    back to the page; a refused action shows its message in the panel."""

    @wraps(view)
    def wrapper(request: HttpRequest, c_type: str, c_id: int) -> HttpResponse:
        try:
            view(request, c_type, c_id)
        except ModelError as exc:
            if not is_htmx(request):
                return render(request, "webclient/error.html", {"error": exc}, status=exc.status)
            try:
                return render_panel(request, c_type, c_id, exc.message, exc.status)
            except ModelError:
                return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
        if is_htmx(request):
            return render_panel(request, c_type, c_id)
        return redirect(show_url(c_type, c_id))

    return login_required(wrapper, redirect_field_name="url")
