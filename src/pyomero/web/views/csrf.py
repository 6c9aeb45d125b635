"""What a request refused by the CSRF check gets: OMERO.web's JSON, for browsers and
API clients alike (its ``feedback.views.csrf_failure``)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse


def csrf_failure(request: HttpRequest, reason: str = "") -> JsonResponse:
    return JsonResponse({"message": f"CSRF Failed: {reason}"}, status=403)
