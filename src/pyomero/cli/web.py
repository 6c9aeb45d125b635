"""``omero web``: run OMERO.web on gunicorn (or Django's development server).

As OMERO's ``omero web`` plugin: ``start`` collects static files, clears
expired sessions and starts the application server on
``omero.web.application_server.host:port``, daemonised with its pid file in
``$OMERODIR/var/django.pid``, or in the foreground for systemd. Django's own
commands (collectstatic, clearsessions, runserver) run in a child process with
this server directory's settings, as OMERO runs ``manage.py``. The process
mechanics live in :mod:`pyomero.cli.webserver`.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Iterator
from typing import Any, NoReturn

from pyomero.cli import webserver as server
from pyomero.cli.errors import CommandError
from pyomero.conf import KEYS, Config, ConfigError, load_config
from pyomero.conf.registry import REGISTRY
from pyomero.conf.sharing import SECRET_KEY_HINT, secret_key_problem

# Exit codes, one per failure an admin (or a script) must tell apart.
ALREADY_RUNNING = 10
NOT_RUNNING = 11
PORT_IN_USE = server.PORT_IN_USE
INVALID_CONFIG = server.INVALID_CONFIG
START_FAILED = server.START_FAILED
STOP_FAILED = 15
EXTERNAL_SERVER = 16  # omero.web.application_server=wsgi: Apache's mod_wsgi runs the app
COMMAND_FAILED = 17  # a Django command (collectstatic, clearsessions) failed

MASK = "*" * 8

DESCRIPTION = """\
Run and manage OMERO.web, configured with `omero config set omero.web.*`.

Example (gunicorn behind the system's nginx):

    omero config set omero.web.application_server.port 4080
    omero web config nginx --http 80 > /etc/nginx/conf.d/omeroweb.conf
    omero web start
    omero web status
    omero web stop
"""

EPILOG = f"""\
exit codes: {ALREADY_RUNNING} already running, {NOT_RUNNING} not running, {PORT_IN_USE} port \
in use,
  {INVALID_CONFIG} invalid configuration, {START_FAILED} start failed, {STOP_FAILED} stop \
failed,
  {EXTERNAL_SERVER} served by Apache's mod_wsgi, {COMMAND_FAILED} a Django command failed
"""


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "web",
        help="Run and manage OMERO.web.",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        add_help=False,
    )
    parser.add_argument(
        "-h", "--help", action=_HelpAction, help="show this help and the omero.web.* settings"
    )
    parser.set_defaults(web_parser=parser)
    commands = parser.add_subparsers(dest="web_command", metavar="SUBCOMMAND", required=True)

    commands.add_parser("help", help="This help and every omero.web.* setting.").set_defaults(
        handler=help_command
    )
    start = commands.add_parser("start", help="Collect static files, start OMERO.web.")
    restart = commands.add_parser("restart", help="Stop OMERO.web if it runs, then start it.")
    for command, handler in ((start, start_command), (restart, restart_command)):
        command.add_argument(
            "--foreground", action="store_true", help="do not daemonise (for systemd)"
        )
        command.add_argument(
            "--keep-sessions", action="store_true", help="do not clear expired sessions first"
        )
        command.set_defaults(handler=handler)
    commands.add_parser("stop", help="Stop OMERO.web.").set_defaults(handler=stop_command)
    commands.add_parser("status", help="Say whether OMERO.web runs, and its PID.").set_defaults(
        handler=status_command
    )
    commands.add_parser(
        "clearsessions", help="Delete expired sessions (run it daily from cron)."
    ).set_defaults(handler=clearsessions_command)
    commands.add_parser(
        "syncmedia", help="Collect static files into omero.web.static_root (start does it)."
    ).set_defaults(handler=syncmedia_command)

    config = commands.add_parser(
        "config",
        help="Print a configuration for the front-end web server.",
        description="Print a configuration for the front-end web server, made from "
        "omero.web.*; redirect it into the web server's configuration directory.",
    )
    config.add_argument("type", metavar="TYPE", choices=_ConfigTypes(), help="%(choices)s")
    config.add_argument("--http", type=int, metavar="PORT", help="port the web server listens on")
    config.add_argument("--servername", metavar="NAME", help="virtual server name")
    config.add_argument(
        "--max-body-size",
        metavar="SIZE",
        help="largest request body the web server accepts, e.g. 0 (no limit) or 10m",
    )
    config.add_argument(
        "--upstream",
        action="append",
        default=[],
        metavar="HOST:PORT",
        help="a gunicorn to proxy to (repeat for several hosts; default: this host's)",
    )
    config.add_argument(
        "--read-timeout",
        metavar="TIME",
        help="with several upstreams, how long a host may stay silent before the next "
        "is tried (default 10s)",
    )
    config.set_defaults(handler=config_command)


# Configuration ------------------------------------------------------------------------------


def load() -> Config:
    """The configuration, with every stored value checked (one line naming a bad key)."""
    try:
        config = load_config()
        for name in config.stored:
            if name in REGISTRY:
                config[name]
    except (ConfigError, ValueError) as exc:
        raise CommandError(str(exc), INVALID_CONFIG) from None
    return config


def _wsgi_args(config: Config) -> list[str]:
    try:
        return shlex.split(config["omero.web.wsgi_args"])
    except ValueError as exc:
        raise CommandError(
            f"invalid value for omero.web.wsgi_args: {exc}", INVALID_CONFIG
        ) from None


def _address(config: Config) -> tuple[str, int]:
    return config["omero.web.application_server.host"], config["omero.web.application_server.port"]


# start / stop / restart / status ------------------------------------------------------------


def start_command(args: argparse.Namespace) -> int:
    config = load()
    kind = config["omero.web.application_server"]
    if kind == "wsgi":
        _prepare(config, args.keep_sessions)
        raise CommandError(
            "omero.web.application_server is wsgi: Apache's mod_wsgi runs OMERO.web "
            "(see 'omero web config apache'), so there is nothing to start",
            EXTERNAL_SERVER,
        )
    pid = server.running_pid(config)
    if pid is not None:
        raise CommandError(
            f"OMERO.web is already running (PID {pid}): use 'omero web stop' or 'restart'",
            ALREADY_RUNNING,
        )
    problem = secret_key_problem(config)
    if problem is not None:
        raise CommandError(f"{problem}. {SECRET_KEY_HINT}", INVALID_CONFIG)
    host, port = _address(config)
    server.check_port_free(host, port)
    wsgi_args = _wsgi_args(config)
    _prepare(config, args.keep_sessions)
    if kind == "development":
        print(f"Starting the Django development server on http://{host}:{port}/ ...", flush=True)
        server.exec_development_server(config)
    if args.foreground:
        print(f"Starting OMERO.web on http://{host}:{port}/ in the foreground...", flush=True)
        server.exec_gunicorn(config, wsgi_args)
    print("Starting OMERO.web... ", end="", flush=True)
    try:
        server.start_gunicorn_daemon(config, wsgi_args)
    except CommandError:
        print("[FAILED]", flush=True)
        raise
    print("[OK]")
    return 0


def stop_command(args: argparse.Namespace) -> int:
    config = load()
    pid = server.running_pid(config)
    if pid is None:
        raise CommandError("OMERO.web is not running", NOT_RUNNING)
    print("Stopping OMERO.web... ", end="", flush=True)
    if not server.terminate(config, pid):
        print("[FAILED]", flush=True)
        raise CommandError(
            f"OMERO.web (PID {pid}) did not stop within {server.STOP_TIMEOUT:g} s: "
            f"see {server.log_file(config)}, or end it with 'kill -KILL {pid}'",
            STOP_FAILED,
        )
    print("[OK]")
    print(f"OMERO.web workers (PID {pid}) stopped.")
    return 0


def restart_command(args: argparse.Namespace) -> int:
    config = load()
    if server.running_pid(config) is not None:
        stop_command(args)
    return start_command(args)


def status_command(args: argparse.Namespace) -> int:
    config = load()
    pid = server.running_pid(config)
    if pid is None:
        note = {
            "wsgi": " (omero.web.application_server is wsgi: Apache's mod_wsgi runs OMERO.web)"
        }.get(config["omero.web.application_server"], "")
        print(f"OMERO.web status... [NOT STARTED]{note}")
        return NOT_RUNNING
    print(f"OMERO.web status... [RUNNING] (PID {pid})")
    return 0


# Django's commands --------------------------------------------------------------------------


def _prepare(config: Config, keep_sessions: bool) -> None:
    """What ``start`` does before the server: collect static files, clear old sessions."""
    _collect_static(config, START_FAILED)
    if not keep_sessions:
        _clear_sessions(config, START_FAILED)


def _collect_static(config: Config, code: int) -> None:
    result = server.run_django(config, "collectstatic", "--noinput")
    if result.returncode != 0:
        raise CommandError(
            f"cannot collect static files into {config.static_root()}: "
            f"{server.last_line(result.stderr)}",
            code,
        )
    summary = server.last_line(result.stdout)
    if summary:
        print(summary)


def _clear_sessions(config: Config, code: int) -> None:
    print("Clearing expired sessions... ", end="", flush=True)
    result = server.run_django(config, "clearsessions")
    if result.returncode != 0:
        print("[FAILED]", flush=True)
        raise CommandError(
            f"cannot clear expired sessions: {server.last_line(result.stderr)}", code
        )
    print("[OK]")


def clearsessions_command(args: argparse.Namespace) -> int:
    _clear_sessions(load(), COMMAND_FAILED)
    return 0


def syncmedia_command(args: argparse.Namespace) -> int:
    _collect_static(load(), COMMAND_FAILED)
    return 0


# omero web config TYPE ----------------------------------------------------------------------


class _ConfigTypes:
    """The TYPE choices, read from the generator modules only when argparse needs them.

    Nothing is imported while the parser is built, so ``omero web -h`` works
    even when a generator module is missing or broken; if the generators
    cannot be loaded, any TYPE passes here and the handler says why.
    """

    def _names(self) -> list[str] | None:
        try:
            from pyomero.cli.webconfig import generators

            return list(generators())
        except ImportError:
            return None

    def __contains__(self, value: object) -> bool:
        names = self._names()
        return names is None or value in names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names() or [])


def config_command(args: argparse.Namespace) -> int:
    config = load()
    try:
        from pyomero.cli.webconfig import Options, generators

        available = generators()
    except ImportError as exc:
        raise CommandError(f"cannot load the configuration generators: {exc}") from None
    generate = available.get(args.type)
    if generate is None:
        raise CommandError(f"unknown TYPE {args.type!r}: choose from {', '.join(available)}", 2)
    options = Options(
        http=args.http,
        servername=args.servername,
        max_body_size=args.max_body_size,
        upstreams=tuple(args.upstream),
        read_timeout=args.read_timeout,
    )
    try:
        text = generate(config, options)
    except ValueError as exc:
        raise CommandError(str(exc), INVALID_CONFIG) from None
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


# help ---------------------------------------------------------------------------------------


def settings_table() -> str:
    """Every ``omero.web.*`` key: whether it is the default, and its current value."""
    try:
        config = load_config()
    except ConfigError as exc:
        return f"Configuration: cannot read it ({exc})\n"
    keys = sorted((key for key in KEYS if key.name.startswith("omero.web.")), key=lambda k: k.name)
    width = max(len(key.name) for key in keys)
    lines = [
        f"Configuration ({config.omerodir / 'etc' / 'grid' / 'config.xml'}; "
        "change it with 'omero config set KEY VALUE'):",
        "",
        f"  {'Key':<{width}}  Default?  Current value",
    ]
    for key in keys:
        stored = config.raw(key.name)
        value = key.default if stored is None else stored
        shown = MASK if key.masked and value else (value or "(empty)")
        if stored is not None:
            try:
                config[key.name]
            except ValueError:
                shown += f"   <- INVALID: expected {key.form}"
        default = "yes" if stored is None else "no"
        lines.append(f"  {key.name:<{width}}  {default:<8}  {shown}")
    return "\n".join(lines) + "\n"


def _print_help(parser: argparse.ArgumentParser) -> None:
    print(parser.format_help())
    print(settings_table(), end="")


class _HelpAction(argparse.Action):
    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("nargs", 0)
        kwargs.setdefault("default", argparse.SUPPRESS)
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> NoReturn:
        _print_help(parser)
        parser.exit()


def help_command(args: argparse.Namespace) -> int:
    _print_help(args.web_parser)
    return 0
