"""Which reader reads a file: the registry an import uses, from ``omero.import.readers``
(the order), ``omero.import.bioformats.heap`` (the JVM) and ``--reader`` (one forced)."""

from __future__ import annotations

from typing import Any

from pyomero.imports.options import ImportOptions
from pyomero.pixels import ReaderRegistry, configure_bioformats, default_registry


def _config() -> Any:
    """The server's configuration: Django's when it runs, else the config store's."""
    try:
        from django.conf import settings

        if settings.configured and hasattr(settings, "OMERO_CONFIG"):
            return settings.OMERO_CONFIG
    except ImportError:  # pragma: no cover - Django is a dependency
        pass
    from pyomero.conf import load_config

    return load_config()


def reader_registry(options: ImportOptions, config: Any = None) -> ReaderRegistry:
    """The registry an import with ``options`` uses (keys from ``config``, by default the
    server's); ``ValueError`` naming an unknown reader (in the key or in ``--reader``)."""
    config = config if config is not None else _config()
    order = options.readers
    if order is None:
        order = tuple(config["omero.import.readers"])
    configure_bioformats(str(config["omero.import.bioformats.heap"]))
    registry = default_registry(order)
    if options.reader is not None:
        registry.reader_named(options.reader)
    return registry
