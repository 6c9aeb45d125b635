"""``/healthz`` (liveness), ``/readyz`` (readiness) and ``/metrics`` (Prometheus); see
:mod:`pyomero.web.health`. Open to anonymous clients (the allow-list guards metrics)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from pyomero import telemetry
from pyomero.web import health


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    checks = health.readiness()
    ready = all(value == "ok" for value in checks.values())
    body = {"status": "ready" if ready else "unavailable", "checks": checks}
    return JsonResponse(body, status=200 if ready else 503)


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    allowed = settings.OMERO_CONFIG["omero.web.metrics.allowed_networks"]
    client = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not health.client_allowed(client, forwarded, allowed):
        return HttpResponse(
            "Metrics are readable only from omero.web.metrics.allowed_networks.\n",
            status=403,
            content_type="text/plain",
        )
    return HttpResponse(telemetry.exposition(health.gauges), content_type=telemetry.CONTENT_TYPE)
