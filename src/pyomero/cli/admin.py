"""``omero admin``: housekeeping of the server's data, and the task workers.

::

    omero admin cleanse [--idle MINUTES] [--upload-age HOURS]
    omero admin check [--fix]
    omero admin worker [-w N]

``cleanse`` (named after OMERO's command that removes unused binary data) fails imports
whose worker died, removing what they half wrote, removes abandoned uploads and indexes
the changes queued for search since the last search; task consumers run the same every
few minutes, so cron is needed only without one.
``check`` cross-checks the database, the data directory and the object store: it lists
files rows name that are missing, and files no row names (orphans), read-only; with
``--fix`` it removes the orphans. It exits 1 when it found anything (for cron and
monitoring).
``worker`` consumes the task queue in the foreground (the ``redis`` backend's separate
worker processes, one per machine or per systemd unit) until SIGTERM or Ctrl-C.
"""

from __future__ import annotations

import argparse
from datetime import timedelta

from pyomero.cli.errors import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "admin", help="Server housekeeping and task workers.", description=__doc__
    )
    commands = parser.add_subparsers(dest="admin_command", metavar="SUBCOMMAND", required=True)
    cleanse = commands.add_parser(
        "cleanse",
        help="Fail interrupted imports, remove abandoned uploads, index for search.",
        description="Fail imports silent for --idle minutes (their worker died), removing "
        "their half-written files and rows, and remove uploads untouched for --upload-age "
        "hours. Task consumers do this every 5 minutes; run it from cron without one.",
    )
    cleanse.add_argument(
        "--idle", type=float, default=10.0, metavar="MINUTES", help="default: %(default)g"
    )
    cleanse.add_argument(
        "--upload-age", type=float, default=24.0, metavar="HOURS", help="default: %(default)g"
    )
    cleanse.set_defaults(handler=cleanse_command)
    check = commands.add_parser(
        "check",
        help="List missing and orphaned files of the data directory and object store.",
        description="Cross-check the database with omero.data.dir and the object stores "
        "of omero.data.store_url and omero.pixeldata.store_url: originals, attached files "
        "and pyramids rows name that are missing, files, pyramids and thumbnails no row "
        "names. Read-only unless --fix, which removes the "
        "orphans (never a file a row names). Exits 1 when something was found.",
    )
    check.add_argument("--fix", action="store_true", help="remove the orphans")
    check.set_defaults(handler=check_command)
    worker = commands.add_parser(
        "worker",
        help="Run imports queued by the web server (omero.tasks.backend redis).",
        description="Consume the task queue in the foreground until SIGTERM or Ctrl-C; a "
        "running import is then queued again for the next worker.",
    )
    worker.add_argument(
        "-w",
        "--workers",
        type=int,
        metavar="N",
        help="imports run at the same time (default: omero.tasks.workers)",
    )
    worker.set_defaults(handler=worker_command)


def cleanse_command(args: argparse.Namespace) -> int:
    if args.idle < 0 or args.upload_age < 0:
        raise CommandError("--idle and --upload-age must be >= 0")
    from pyomero.cli.django import setup

    setup()
    from pyomero.imports import data_dir
    from pyomero.imports.recovery import run_maintenance
    from pyomero.imports.uploads import uploads_root

    done = run_maintenance(
        data_dir(),
        uploads_root(),
        idle=timedelta(minutes=args.idle),
        upload_age=timedelta(hours=args.upload_age),
    )
    filesets = ", ".join(f"Fileset:{pk}" for pk in done.failed_filesets) or "none"
    print(f"Interrupted imports marked failed: {filesets}")
    print(f"Abandoned uploads removed: {done.removed_uploads}")
    print(f"Search updates indexed: {done.reindexed}")
    print(f"Database statistics refreshed: {'yes' if done.analyzed else 'no'}")
    return 0


def check_command(args: argparse.Namespace) -> int:
    from pyomero.cli.django import setup

    setup()
    from pyomero.imports import data_dir, pixels_root
    from pyomero.imports.audit import check_storage, remove_orphans

    where = data_dir()
    audit = check_storage(where, pixels_root())
    for location in audit.missing:
        print(f"missing: {location}")
    for location in audit.orphans:
        print(f"orphan: {location}")
    print(f"{len(audit.missing)} missing, {len(audit.orphans)} orphaned")
    if args.fix and audit.orphans:
        print(f"removed {remove_orphans(where, audit)} orphan(s)")
        return 1 if audit.missing else 0
    return 0 if audit.clean else 1


#: A worker's log lines (standard error: the journal under systemd): time, level, process.
WORKER_LOG_FORMAT = "%(asctime)s %(levelname)-5s [%(name)s] (proc.%(process)d) %(message)s"


def worker_command(args: argparse.Namespace) -> int:
    import logging

    from pyomero.cli.django import setup

    # One line per task (pyomero.imports.tasks), with its time; huey's own two lines per
    # task only when something goes wrong.
    logging.basicConfig(level=logging.INFO, format=WORKER_LOG_FORMAT)
    logging.getLogger("huey").setLevel(logging.WARNING)
    setup()
    from django.conf import settings

    from pyomero.imports import tasks
    from pyomero.imports.consumer import run_worker

    config = settings.OMERO_CONFIG
    backend = config["omero.tasks.backend"]
    if backend == "immediate":
        raise CommandError("omero.tasks.backend is immediate: tasks run where they are queued")
    workers = args.workers if args.workers is not None else config["omero.tasks.workers"]
    if workers < 1:
        raise CommandError("-w must be at least 1")
    name = config["omero.tasks.queue_name"]

    def ready() -> None:
        print(f"Worker consuming the {backend} task queue {name!r} with {workers} thread(s)")
        print("Stop it with Ctrl-C or SIGTERM.", flush=True)

    run_worker(tasks.queue(), workers, ready=ready)
    print("Worker stopped.", flush=True)
    return 0
