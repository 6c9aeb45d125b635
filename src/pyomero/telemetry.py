"""Prometheus metrics: the one module that names ``prometheus_client`` (pure: no Django).

Counted where things happen (:func:`observe_request`, :func:`count_render_cache`),
sampled when scraped (:func:`exposition` with gauges a caller computes then: queue depth,
imports, worker heartbeats). Under gunicorn each worker process counts for itself in
files under ``PROMETHEUS_MULTIPROC_DIR`` (``$OMERODIR/var/metrics``, emptied when the
server starts; :mod:`pyomero.web.gunicorn_conf`), and a scrape adds them all up, so the
numbers are the server's whatever worker answers. That variable must be set before
this module is first imported (prometheus_client reads it then).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST

_REQUEST_SECONDS = Histogram(
    "pyomero_request_duration_seconds",
    "Time to answer a request (to the first byte of a streamed answer), by view.",
    ["view", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
_RENDER_CACHE = Counter(
    "pyomero_render_cache_requests",
    "Rendered tiles and images asked of the render cache, by result (hit or miss).",
    ["result"],
)


def observe_request(view: str, method: str, seconds: float) -> None:
    _REQUEST_SECONDS.labels(view=view, method=method).observe(seconds)


def count_render_cache(hit: bool) -> None:
    _RENDER_CACHE.labels(result="hit" if hit else "miss").inc()


@dataclass(frozen=True)
class Gauge:
    """A gauge sampled at scrape time: one value per set of label values."""

    name: str
    help: str
    labels: Sequence[str] = ()
    samples: Sequence[tuple[Sequence[str], float]] = ()


class _Sampled(Collector):
    def __init__(self, sample: Callable[[], Iterable[Gauge]]) -> None:
        self.sample = sample

    def collect(self) -> Iterable[GaugeMetricFamily]:
        for gauge in self.sample():
            family = GaugeMetricFamily(gauge.name, gauge.help, labels=list(gauge.labels))
            for values, value in gauge.samples:
                family.add_metric(list(values), value)
            yield family


def exposition(sample: Callable[[], Iterable[Gauge]] = lambda: ()) -> bytes:
    """The text a Prometheus server scrapes: the counters of every worker process, and
    the gauges ``sample`` computes now."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        registry.register(_Sampled(sample))
        return bytes(generate_latest(registry))
    registry = CollectorRegistry()
    registry.register(_Sampled(sample))
    return bytes(generate_latest(REGISTRY)) + bytes(generate_latest(registry))


def process_ended(pid: int) -> None:
    """Forget the live gauges of a worker process that ended (its counters stay)."""
    if os.environ.get(MULTIPROC_ENV):
        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]
