"""``omero login``, ``omero logout``, ``omero sessions list``: the CLI's sessions.

As OMERO's CLI: ``omero login -u USER [-w PASSWORD] [-g GROUP]`` opens a session on the
server and remembers its key in the user's session directory (``$OMERO_SESSIONDIR``,
else ``$OMERO_USERDIR/sessions``, else ``~/omero/sessions``), one file per session under
``<server>/<user>/<key>``; later commands (``omero import``) act in it. The session is
a server session (Django's session store, the one OMERO.web uses), so it expires, and
``logout`` ends it on the server too.

Only the local server directory is served for now: ``-s`` naming another server is
refused with one line (remote import over HTTP is a later step).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pyomero.cli.errors import CommandError
from pyomero.cli.user import model_errors

if TYPE_CHECKING:
    from pyomero.model.context import EventContext

LOCAL = "localhost"
LOCAL_NAMES = ("", "localhost", "127.0.0.1", "local")
CURRENT = "._LASTSESSION_"
NOT_LOGGED_IN = "not logged in: run 'omero login -u USER' or pass -u USER (and -w PASSWORD)"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    login = subparsers.add_parser("login", help="Start a session on the server.")
    add_login_arguments(login)
    login.set_defaults(handler=login_command)
    logout = subparsers.add_parser("logout", help="End the current session.")
    logout.set_defaults(handler=logout_command)
    sessions = subparsers.add_parser("sessions", help="List and manage CLI sessions.")
    commands = sessions.add_subparsers(dest="sessions_command", metavar="SUBCOMMAND")
    listing = commands.add_parser("list", help="List the sessions kept in the session dir.")
    listing.set_defaults(handler=list_command)
    commands.add_parser("logout", help="End the current session.").set_defaults(
        handler=logout_command
    )
    sessions.set_defaults(handler=list_command)


def add_login_arguments(parser: argparse.ArgumentParser, *, sudo: bool = False) -> None:
    """``-s``, ``-u``, ``-w``, ``-g`` (and ``--sudo``), as OMERO's CLI has them."""
    parser.add_argument("-s", "--server", default="", help="Server (only the local one now).")
    parser.add_argument("-u", "--user", help="User name.")
    parser.add_argument("-w", "--password", help="Password (else asked for).")
    parser.add_argument("-g", "--group", help="Group name or id (default: the user's).")
    if sudo:
        parser.add_argument("--sudo", metavar="ADMIN", help="Act as -u USER, as this admin.")


def session_dir() -> Path:
    """Where the CLI keeps its sessions, as OMERO decides it."""
    if os.environ.get("OMERO_SESSIONDIR"):
        return Path(os.environ["OMERO_SESSIONDIR"]).expanduser()
    if os.environ.get("OMERO_USERDIR"):
        return Path(os.environ["OMERO_USERDIR"]).expanduser() / "sessions"
    return Path.home() / "omero" / "sessions"


def check_local(server: str, what: str = "remote servers are not supported yet") -> None:
    if server.strip().lower() not in LOCAL_NAMES:
        raise CommandError(f"{what}: omit -s to use the local server directory")


@dataclass(frozen=True)
class SessionFile:
    """One remembered session: ``omero.host``, ``omero.user``, ``omero.sess``, ..."""

    path: Path
    values: dict[str, str]

    @classmethod
    def read(cls, path: Path) -> SessionFile:
        values = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            if key:
                values[key.strip()] = value.strip()
        return cls(path, values)

    @property
    def key(self) -> str:
        return self.values.get("omero.sess", "")


def _write_session(user: str, key: str, group: str) -> SessionFile:
    folder = session_dir() / LOCAL / user
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / key
    text = f"omero.host={LOCAL}\nomero.user={user}\nomero.sess={key}\nomero.group={group}\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    (session_dir() / CURRENT).write_text(str(path.relative_to(session_dir())), encoding="utf-8")
    return SessionFile(path, {"omero.user": user, "omero.sess": key, "omero.group": group})


def current_session() -> SessionFile | None:
    pointer = session_dir() / CURRENT
    if not pointer.is_file():
        return None
    path = session_dir() / pointer.read_text(encoding="utf-8").strip()
    return SessionFile.read(path) if path.is_file() else None


def _store(key: str | None = None):  # type: ignore[no-untyped-def]
    import importlib

    from django.conf import settings

    return importlib.import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)


def read_password(args: argparse.Namespace, who: str) -> str:
    if args.password is not None:
        return str(args.password)
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    return getpass.getpass(f"Password for {who}: ")


def authenticate(login: str, password: str):  # type: ignore[no-untyped-def]
    """The experimenter of ``login`` if the password is right and the account active."""
    from django.contrib.auth import authenticate as check

    from pyomero.model.directory.errors import DirectoryError

    try:
        user = check(username=login, password=password)
    except DirectoryError as exc:
        raise CommandError(f"login failed for {login}: {exc.message}", 2) from None
    if user is None:
        raise CommandError(f"login failed for {login}: wrong user name or password", 2)
    return user


def direct_context(args: argparse.Namespace) -> EventContext:
    """The context of ``-u``/``-w``/``-g`` (or ``--sudo ADMIN -u USER``), no session kept."""
    from pyomero.model.context import event_context
    from pyomero.model.models import AdminPrivilege, Experimenter

    sudo = getattr(args, "sudo", None)
    if sudo:
        admin = authenticate(sudo, read_password(args, sudo))
        admin_ctx = event_context(admin, None)
        if not admin_ctx.has_privilege(AdminPrivilege.SUDO):
            raise CommandError(f"{sudo} may not act for other users (no Sudo privilege)", 2)
        user = Experimenter.objects.filter(ome_name=args.user, is_active=True).first()
        if user is None:
            raise CommandError(f"Unknown user: {args.user}")
        target = event_context(user, None)
        if target.is_admin and not admin_ctx.is_full_admin:
            raise CommandError(f"{sudo} may not act as the administrator {args.user}", 2)
    else:
        user = authenticate(args.user, read_password(args, args.user))
    return event_context(user, _group(args.group))


def _group(group: str | None) -> int | str | None:
    if group is None:
        return None
    return int(group) if group.isdigit() else group


def session_context() -> EventContext:
    """The context of the current CLI session; says how to log in when there is none."""
    from pyomero.model.context import event_context
    from pyomero.model.models import Experimenter

    found = current_session()
    if found is None or not found.key:
        raise CommandError(NOT_LOGGED_IN, 2)
    data = _store(found.key).load()
    user = Experimenter.objects.filter(pk=data.get("_auth_user_id"), is_active=True).first()
    if user is None or data.get("_auth_user_hash") != user.get_session_auth_hash():
        raise CommandError(
            f"the session of {found.values.get('omero.user')} ended: run 'omero login' again", 2
        )
    return event_context(user, data.get("omero_group"))


def context_for(args: argparse.Namespace) -> EventContext:
    """``-u`` (and ``--sudo``) if given, else the current session."""
    if getattr(args, "user", None):
        return direct_context(args)
    if getattr(args, "sudo", None):
        raise CommandError("--sudo ADMIN needs -u USER: the user to act as")
    ctx = session_context()
    if getattr(args, "group", None):
        from pyomero.model.context import event_context

        ctx = event_context(ctx.user_id, _group(args.group))
    return ctx


@model_errors
def login_command(args: argparse.Namespace) -> int:
    check_local(args.server)
    if not args.user:
        raise CommandError("name the user: omero login -u USER")
    from django.conf import settings

    from pyomero.model.context import event_context

    user = authenticate(args.user, read_password(args, args.user))
    ctx = event_context(user, _group(args.group))
    store = _store()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[0])
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store["omero_group"] = ctx.group_id
    store["omero_cli"] = True
    store.create()
    _write_session(user.ome_name, store.session_key, str(ctx.group_id or ""))
    print(f"Created session for {user.ome_name}@{LOCAL} (group {ctx.group_id})")
    return 0


@model_errors
def logout_command(args: argparse.Namespace) -> int:
    found = current_session()
    if found is None:
        print("Not logged in")
        return 0
    _store(found.key).delete(found.key)
    found.path.unlink(missing_ok=True)
    (session_dir() / CURRENT).unlink(missing_ok=True)
    print(f"Logged out {found.values.get('omero.user')}@{LOCAL}")
    return 0


@model_errors
def list_command(args: argparse.Namespace) -> int:
    from pyomero.cli.user import table

    current = current_session()
    rows = []
    for path in sorted(session_dir().glob("*/*/*")):
        found = SessionFile.read(path)
        active = bool(found.key) and bool(_store(found.key).exists(found.key))
        mark = "*" if current is not None and current.path == path else ""
        rows.append(
            [
                found.values.get("omero.host", ""),
                found.values.get("omero.user", ""),
                found.values.get("omero.group", ""),
                found.key,
                "Active" if active else "Expired",
                mark,
            ]
        )
    print(table(["server", "name", "group", "session", "active", "current"], rows))
    return 0
