"""``omero import``: import files and directories, as OMERO's CLI does.

::

    omero import PATH... [-d DATASET_ID | -r SCREEN_ID | -T Dataset:name:NAME]
                 [-n NAME] [-x DESCRIPTION] [--transfer cp|ln|ln_s|upload_rm]
                 [--skip minmax|thumbnails|checksum|all] [-f] [--reader NAME]
                 [-s SERVER] [-u USER [-w PASSWORD]] [-g GROUP] [--sudo ADMIN]

A progress bar per fileset on stderr; one summary line per fileset on stdout
(``Image:12,13``); the exit code is 0 only if every fileset was imported. ``-f``
imports nothing: it lists each fileset with the reader that claims it and the images it
will make, and each file that is not importable with the reason. Readers are asked in
the order ``omero.import.readers`` sets; ``--reader`` forces one (docs/formats.md).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyomero.cli.errors import CommandError
from pyomero.cli.sessions import LOCAL_NAMES, add_login_arguments, context_for
from pyomero.cli.user import model_errors

if TYPE_CHECKING:
    from pyomero.imports import Discovery, ImportOptions, ImportProgress, ImportResult
    from pyomero.pixels import ReaderRegistry

TRANSFERS = ("cp", "ln", "ln_s", "upload_rm")
SKIPS = ("minmax", "thumbnails", "checksum", "all")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "import",
        help="Import images: files, or every importable fileset in directories.",
        description="Import images into the local server, as OMERO's 'omero import'.",
    )
    parser.add_argument("path", nargs="+", type=Path, help="Files or directories to import.")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("-d", dest="dataset", type=int, metavar="DATASET_ID", help="Dataset.")
    target.add_argument("-r", dest="screen", type=int, metavar="SCREEN_ID", help="Screen.")
    target.add_argument("-T", dest="target", metavar="TARGET", help="Dataset:name:NAME ...")
    parser.add_argument("-n", "--name", help="Image name.")
    parser.add_argument("-x", "--description", default="", help="Image description.")
    parser.add_argument("--transfer", choices=TRANSFERS, default="cp", help="How files move.")
    parser.add_argument(
        "--skip", action="append", choices=SKIPS, default=[], help="Steps to leave out."
    )
    parser.add_argument(
        "-f",
        action="store_true",
        dest="list_only",
        help="List the filesets, their readers and images; import nothing.",
    )
    parser.add_argument(
        "--reader",
        metavar="NAME",
        help="Read the files with this reader only (e.g. bioformats); see docs/formats.md.",
    )
    add_login_arguments(parser, sudo=True)
    parser.set_defaults(handler=import_command)


def options_of(args: argparse.Namespace) -> ImportOptions:
    from pyomero.imports import ImportOptions, Skip, Target, Transfer

    try:
        target = (
            Target.parse(args.target) if args.target else Target(args.dataset, None, args.screen)
        )
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    return ImportOptions(
        target=target,
        name=args.name,
        description=args.description,
        transfer=Transfer(args.transfer),
        skip=Skip.parse(args.skip),
        allowed_roots=allowed_roots(),
        readers=reader_order(),
        reader=args.reader,
    )


def reader_order() -> tuple[str, ...]:
    """``omero.import.readers`` of the config store (docs/formats.md)."""
    from pyomero.conf import load_config

    return tuple(load_config()["omero.import.readers"])


def allowed_roots() -> tuple[Path, ...] | None:
    """``omero.import.allowed_roots``; None (any readable path) when empty."""
    from pyomero.conf import load_config

    roots = load_config()["omero.import.allowed_roots"]
    return tuple(Path(root) for root in roots) or None


@model_errors
def import_command(args: argparse.Namespace) -> int:
    if args.server.strip().lower() not in LOCAL_NAMES:
        return _remote(args)
    from pyomero.imports import ImportOptions, discover
    from pyomero.imports.readers import reader_registry

    paths = [p.absolute() for p in args.path]
    from pyomero.conf import load_config

    try:
        options = ImportOptions(readers=reader_order(), reader=args.reader)
        registry = reader_registry(options, load_config())
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if args.list_only:
        roots = allowed_roots()
        found = discover(paths, registry=registry, allowed_roots=roots, reader=args.reader)
        return _list(found, registry, args.reader, roots)
    options = options_of(args)
    ctx = context_for(args)
    found = discover(
        paths, registry=registry, allowed_roots=options.allowed_roots, reader=args.reader
    )
    for path in found.skipped:
        print(f"omero import: {path}: not importable: {NOT_CLAIMED}", file=sys.stderr)
    if args.group and (args.dataset or args.screen or args.target):
        _check_target_group(ctx, options)
    return _run(ctx, args.path, options, found)


def _remote(args: argparse.Namespace) -> int:
    """``-s https://host[/prefix]``: upload through the webclient's protocol."""
    from getpass import getpass

    from pyomero.cli.remote_import import remote_import

    given = {"-T": args.target, "-f": args.list_only, "--sudo": args.sudo, "-n": args.name}
    unsupported = [flag for flag, value in {**given, "-x": args.description}.items() if value]
    if unsupported:
        raise CommandError(f"{', '.join(unsupported)} cannot be used with -s yet")
    if not args.user:
        raise CommandError("a remote import needs -u USER (and -w PASSWORD or a prompt)")
    if args.dataset is None and args.screen is None:
        raise CommandError("a remote import needs a target: -d DATASET_ID or -r SCREEN_ID")
    target = {"dataset": args.dataset} if args.dataset is not None else {"screen": args.screen}
    password = args.password or getpass(f"Password for {args.user}: ")
    return remote_import(args.server, args.user, password, list(args.path), target)


def _check_target_group(ctx: Any, options: ImportOptions) -> None:
    from pyomero.imports.targets import resolve_target

    resolved = resolve_target(ctx, options.target)
    if resolved.ctx.group_id != ctx.group_id:
        raise CommandError("the target is in another group than -g names")


NOT_CLAIMED = "no reader recognises this file's format"


def _list(
    found: Discovery,
    registry: ReaderRegistry,
    reader: str | None,
    roots: tuple[Path, ...] | None,
) -> int:
    """OMERO's ``-f``: each fileset's group header (with its reader and the images it will
    make) and files; then every file that is not importable, with the reason."""
    from pyomero.imports import ImportFailed
    from pyomero.imports.discover import check_allowed, probe

    problems: list[tuple[Path, str]] = []
    count = 0
    for candidate in found.candidates:
        if candidate.reader is None and candidate.problem is None:
            try:
                check_allowed(candidate.path, roots)
            except ImportFailed as exc:
                problems.append((candidate.path, exc.cause))
                continue
            candidate = probe(candidate.path, registry, reader=reader) or candidate
        if candidate.problem is not None or candidate.reader is None:
            problems.append((candidate.path, candidate.problem or NOT_CLAIMED))
            continue
        files = candidate.files or (candidate.path,)
        count += 1
        print("#======================================")
        images = "?" if candidate.images is None else candidate.images
        print(f"# Group: {candidate.path} Reader: {candidate.reader} Images: {images}")
        for file in files:
            print(file)
    problems.extend((path, NOT_CLAIMED) for path in found.skipped)
    problems.extend((Path(f.path), f.cause) for f in found.failures)
    for path, reason in problems:
        print(f"# Not importable: {path}: {reason}")
    files = sum(len(c.files) or 1 for c in found.candidates)
    print(
        f"# {count} fileset(s), {files} file(s), {len(problems)} not importable",
        file=sys.stderr,
    )
    return 0 if not problems else 1


class Bars:
    """One rich progress bar per fileset: bytes read, planes written, elapsed, rate."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[read]} read"),
            TextColumn("{task.fields[planes]} planes"),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            console=Console(file=sys.stderr),
        )
        self.tasks: dict[Path, tuple[Any, float]] = {}

    def update(self, event: ImportProgress) -> None:
        if event.path not in self.tasks:
            fields = {"read": "0 B", "planes": "0/?", "rate": ""}
            task = self.progress.add_task(event.path.name, total=None, **fields)
            self.tasks[event.path] = (task, time.monotonic())
        task, started = self.tasks[event.path]
        elapsed = max(time.monotonic() - started, 1e-6)
        done = event.bytes_done + event.planes_done
        self.progress.update(
            task,
            completed=done,
            total=(event.bytes_total + event.planes_total) or None,
            read=_size(event.bytes_done),
            planes=f"{event.planes_done}/{event.planes_total or '?'}",
            rate=(
                f"{_size(event.bytes_done / elapsed)}/s"
                if event.stage == "copy"
                else f"{event.planes_done / elapsed:.1f} planes/s"
            ),
        )


def _size(count: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if count < 1000:
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1000
    return f"{count:.1f} TB"


def _run(ctx: Any, paths: list[Path], options: ImportOptions, found: Discovery) -> int:
    from pyomero.imports import run_import

    bars = Bars()
    started = time.monotonic()
    with bars.progress:
        results = run_import(ctx, paths, options, progress=bars.update, found=found)
    return _summary(results, time.monotonic() - started)


def _summary(results: list[ImportResult], seconds: float) -> int:
    failed = [r for r in results if not r.ok]
    for result in results:
        if result.ok:
            print(result.summary)
            for warning in result.warnings:
                print(f"warning: {warning}", file=sys.stderr)
        else:
            print(f"omero import: {result.error}", file=sys.stderr)
    images = sum(len(r.image_ids) for r in results)
    print("==> Summary", file=sys.stderr)
    print(
        f"{len(results) - len(failed)} fileset(s) imported, {images} image(s), "
        f"{len(failed)} error(s) in {seconds:.1f} s",
        file=sys.stderr,
    )
    if not results:
        raise CommandError("nothing to import")
    return 1 if failed else 0
