"""The site's own 404 page, instead of Django's bare "Not Found".

A browser gets a page in the site's style with the way back to the data; a script
(webgateway's JSON URLs, a request that asks for JSON) gets ``{"message": ...}``, as
the JSON API answers under /api/.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def wants_json(request: HttpRequest) -> bool:
    """A script rather than a page: webgateway's URLs, an XHR, or JSON asked for first."""
    accept = request.headers.get("Accept", "")
    return (
        "/webgateway/" in request.path
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
        or accept.split(",")[0].strip().startswith("application/json")
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler404``: what was asked for, and that it does not exist here."""
    message = f"No such page: {request.path}"
    if wants_json(request):
        return JsonResponse({"message": message}, status=404)
    return render(request, "web/not_found.html", {"path": request.path}, status=404)
