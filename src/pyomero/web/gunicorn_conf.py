"""Gunicorn's configuration, read from ``omero.web.*`` (``gunicorn -c python:...``).

Gunicorn imports this module in its master process and reads its module-level
names; ``omero web start`` adds ``--pid``, ``--daemon`` and
``omero.web.wsgi_args`` on the command line, which win over these. Logs go to
``omero.web.logdir`` (default ``$OMERODIR/var/log``): ``OMEROweb.log`` for
gunicorn's and the application's messages, ``OMEROweb.access.log`` for
requests, each rotated at 5 MB with 10 old files kept (OMERO.web's sizes).
Messages also go to standard error, which is the journal under systemd
(``--foreground``) and ``/dev/null`` once gunicorn has daemonised.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from pyomero.conf import Config, load_config, paths

LOG_FILE = "OMEROweb.log"
ACCESS_LOG_FILE = "OMEROweb.access.log"
LOG_MAX_BYTES = 5 * 1024 * 1024
LOG_BACKUPS = 10
# A Unix socket path must fit in sockaddr_un (108 bytes on Linux).
_MAX_SOCKET_PATH = 100


def bind_address(host: str, port: int) -> str:
    """``host:port`` as gunicorn's ``--bind`` wants it (IPv6 addresses in brackets)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def control_socket_path(config: Config) -> Path | None:
    """Where gunicornc reaches this instance: one socket per $OMERODIR, not one per user."""
    path = paths.var_dir(config.omerodir) / "gunicorn.ctl"
    return path if len(str(path)) <= _MAX_SOCKET_PATH else None


def logging_config(log_dir: Path) -> dict[str, Any]:
    """``logging.config.dictConfig`` input: rotating files under ``log_dir`` and stderr."""

    def rotating(filename: str, formatter: str) -> dict[str, Any]:
        return {
            "class": "logging.handlers.RotatingFileHandler",
            "filename": str(log_dir / filename),
            "maxBytes": LOG_MAX_BYTES,
            "backupCount": LOG_BACKUPS,
            "formatter": formatter,
        }

    stderr = {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {
                "format": "%(asctime)s %(levelname)-5s [%(name)s] (proc.%(process)d) %(message)s"
            },
            "message": {"format": "%(message)s"},
        },
        "handlers": {
            "file": rotating(LOG_FILE, "plain"),
            "access": rotating(ACCESS_LOG_FILE, "message"),
            "stderr": stderr,
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["file", "stderr"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
        "root": {"handlers": ["file", "stderr"], "level": "INFO"},
    }


_config = load_config()
_logdir = _config.log_dir()
_logdir.mkdir(parents=True, exist_ok=True)
_control = control_socket_path(_config)

bind = bind_address(
    _config["omero.web.application_server.host"], _config["omero.web.application_server.port"]
)
workers = _config["omero.web.wsgi_workers"]
threads = _config["omero.web.wsgi_threads"]  # more than 1 turns `sync` into `gthread`
worker_class = _config["omero.web.wsgi_worker_class"]
worker_connections = _config["omero.web.wsgi_worker_connections"]
timeout = _config["omero.web.wsgi_timeout"]
max_requests = _config["omero.web.application_server.max_requests"]
max_requests_jitter = max_requests // 10
chdir = str(_config.omerodir)
# Metrics: each worker counts in files here, a scrape adds them up (pyomero.telemetry).
_metrics = paths.var_dir(_config.omerodir) / "metrics"
raw_env = [
    f"OMERODIR={_config.omerodir}",
    "DJANGO_SETTINGS_MODULE=pyomero.web.settings",
    f"PROMETHEUS_MULTIPROC_DIR={_metrics}",
]
proc_name = "omeroweb"
logconfig_dict = logging_config(_logdir)
if _control is not None:
    control_socket = str(_control)  # gunicorn >= 25.1
else:
    control_socket_disable = True


def post_worker_init(worker: object) -> None:
    """With the ``thread`` task backend, one worker (the one holding the lock) also works
    the task queue (uploads' imports); see :mod:`pyomero.imports.consumer`."""
    from pyomero.imports import consumer

    consumer.start_in_process()


def on_starting(server: object) -> None:
    """In the master, before any worker: an empty metrics folder for this run (set before
    prometheus_client is imported anywhere, as it reads the variable then)."""
    shutil.rmtree(_metrics, ignore_errors=True)
    _metrics.mkdir(parents=True, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(_metrics)


def child_exit(server: object, worker: Any) -> None:
    """In the master: forget the live gauges of a worker that ended."""
    from pyomero import telemetry

    telemetry.process_ended(worker.pid)


def worker_exit(server: object, worker: object) -> None:
    """Stop the worker's task consumer within seconds: a running import is queued again."""
    from pyomero.imports import consumer

    consumer.stop_in_process()
