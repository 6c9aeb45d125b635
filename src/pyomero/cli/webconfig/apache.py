"""``omero web config apache | apache-proxy``: Apache 2.4 sites for OMERO.web.

``apache`` runs pyomero inside Apache with mod_wsgi in daemon mode: a
``WSGIDaemonProcess`` whose ``python-home`` is the virtualenv of the ``omero``
that generated the site, mounted with ``WSGIScriptAlias`` at the prefix.
``apache-proxy`` puts Apache (mod_proxy_http) in front of the gunicorn that
``omero web start`` runs and, as the nginx configuration, strips the prefix
before proxying. Both serve the static files themselves and answer with
pyomero's maintenance page and HTTP 503 while the application is unavailable.

mod_wsgi does not copy ``SetEnv`` values into ``os.environ``, and its daemons
have no option to set one; so the daemon starts in the server directory
(``home=``) and :data:`WSGI_SCRIPT` exports that directory as ``$OMERODIR``
before pyomero reads its configuration.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from pyomero.cli.webconfig import Options
from pyomero.cli.webconfig.nginx import MAINTENANCE_PAGE
from pyomero.conf import Config, paths

WSGI_SCRIPT = Path(__file__).resolve().parent / "templates" / "apache.wsgi"
MAINTENANCE_URL = "/pyomero-maintenance.html"  # under the prefix, as nginx's

DEBIAN_MOD_WSGI = Path("/usr/lib/apache2/modules/mod_wsgi.so")  # -> mod_wsgi.so-3.11
DEBIAN_PYTHON_PREFIX = "/usr"  # where /usr/bin/python3, mod_wsgi's Python, lives
DAEMON_USER = "www-data"  # Debian's and Ubuntu's Apache user
DEFAULT_PORT = 80  # Debian's ports.conf already says `Listen 80`
LIMIT_REQUEST_BODY_MAX = 2_147_483_647  # the most Apache's LimitRequestBody takes
INDENT = "    "

_SIZE = re.compile(r"(\d+)([kKmMgG]?)")
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
_UNSAFE = re.compile(r'["\\\s]')


def wsgi_site(config: Config, options: Options) -> str:
    """``apache``: a site that runs pyomero under mod_wsgi in daemon mode."""
    prefix = _prefix(config)
    group = process_group(prefix)
    body = [
        *_common(config, options),
        "",
        f"# pyomero in mod_wsgi daemon processes, run as {DAEMON_USER} by the virtualenv's",
        "# Python; templates/apache.wsgi exports the working directory (home=) as $OMERODIR.",
        *_continued(f"WSGIDaemonProcess {group}", _daemon_options(config)),
        f"WSGIScriptAlias {prefix or '/'} {_quote(WSGI_SCRIPT)} "
        f"process-group={group} application-group=%{{GLOBAL}}",
        *_directory(WSGI_SCRIPT.parent, *_files(WSGI_SCRIPT.name)),
        f"ErrorDocument 503 {prefix}{MAINTENANCE_URL}",
    ]
    return _site("apache", config, options, body, _wsgi_notes(config))


def proxy_site(config: Config, options: Options) -> str:
    """``apache-proxy``: a site that proxies to gunicorn with mod_proxy_http."""
    prefix = _prefix(config)
    host = config["omero.web.application_server.host"]
    port = config["omero.web.application_server.port"]
    target = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
    timeout = config["omero.web.wsgi_timeout"]
    mount = f"{prefix}/"
    excluded = [f"{prefix}{MAINTENANCE_URL}"]
    static_url = _static_url(config)
    if static_url:
        excluded.insert(0, static_url)
    body = [
        *_common(config, options),
        "",
        f"# Everything else goes to gunicorn at {target}"
        + (f", without the prefix {prefix}." if prefix else "."),
        "# retry=0: Apache tries gunicorn again at once after it was down.",
        "ProxyRequests Off",
        "ProxyPreserveHost On",
        f"ProxyTimeout {timeout}" if timeout else "# wsgi_timeout 0: Apache's own Timeout.",
        "RequestHeader set X-Forwarded-Proto expr=%{REQUEST_SCHEME}",
        *(f"ProxyPass {path} !" for path in excluded),
        f"ProxyPass {mount} {target} retry=0",
        f"ProxyPassReverse {mount} {target}",
        *([f"RedirectMatch 301 ^{re.escape(prefix)}$ {mount}"] if prefix else []),
        f"ErrorDocument 502 {prefix}{MAINTENANCE_URL}",
        f"ErrorDocument 503 {prefix}{MAINTENANCE_URL}",
    ]
    return _site("apache-proxy", config, options, body, _proxy_notes(config))


GENERATORS = {"apache": wsgi_site, "apache-proxy": proxy_site}


def process_group(prefix: str) -> str:
    """The daemon's name, unique per prefix so that two instances can share one Apache."""
    return "omeroweb" + re.sub(r"[^A-Za-z0-9]+", "_", prefix).rstrip("_")


def limit_request_body(size: str | None) -> int:
    """``--max-body-size`` (nginx's syntax: ``0``, ``512k``, ``10m``, ``1g``) in bytes.

    No size means 0, no limit, as in the nginx configuration: imports upload large files.
    """
    match = _SIZE.fullmatch((size or "0").strip())
    if not match:
        raise ValueError(
            f"--max-body-size {size!r}: expected a size such as 0 (no limit), 512k, 10m or 1g"
        )
    number = int(match.group(1)) * _UNITS[match.group(2).lower()]
    if number > LIMIT_REQUEST_BODY_MAX:
        raise ValueError(
            f"--max-body-size {size}: Apache's LimitRequestBody takes at most "
            f"{LIMIT_REQUEST_BODY_MAX} bytes (2g - 1); use 0 for no limit"
        )
    return number


def python_home() -> Path:
    """The virtualenv (or installation) of the running Python: mod_wsgi's python-home."""
    return Path(sys.prefix)


def package_root() -> Path:
    """The directory that holds the ``pyomero`` package (``src`` of a checkout)."""
    spec = importlib.util.find_spec("pyomero")
    assert spec is not None and spec.origin is not None, "pyomero is importable: we run in it"
    return Path(spec.origin).resolve().parent.parent


def _site(kind: str, config: Config, options: Options, body: list[str], notes: list[str]) -> str:
    port = options.http or DEFAULT_PORT
    lines = [
        f"# OMERO.web on Apache 2.4, written by `omero web config {kind}` from",
        f"# {paths.config_path(config.omerodir)}; generate it again after changing omero.web.*.",
        *(f"# {note}".rstrip() for note in notes),
        "",
    ]
    if port != DEFAULT_PORT:
        lines.append(f"Listen {port}")
    lines.append(f"<VirtualHost *:{port}>")
    lines += [f"{INDENT}{line}" if line else "" for line in body]
    lines.append("</VirtualHost>")
    return "\n".join(lines) + "\n"


def _common(config: Config, options: Options) -> list[str]:
    """Server name, body limit, static files and the maintenance page: both sites."""
    prefix = _prefix(config)
    lines = []
    if options.servername:
        if not re.fullmatch(r"[A-Za-z0-9.:*_-]+", options.servername):
            raise ValueError(f"--servername {options.servername!r} is not a host name")
        lines.append(f"ServerName {options.servername}")
    lines.append(f"LimitRequestBody {limit_request_body(options.max_body_size)}")
    static_url = _static_url(config)
    if static_url:
        lines += ["", "# Static files, collected by `omero web start` or `omero web syncmedia`."]
        lines.append(f"Alias {static_url} {_quote(config.static_root(), '/')}")
        lines += _directory(config.static_root(), "Options -Indexes", "Require all granted")
    else:
        lines += ["", "# omero.web.static_url is a full URL: that server serves static files."]
    maintenance = f"{prefix}{MAINTENANCE_URL}"
    lines += ["", "# The maintenance page, sent with 503 while OMERO.web is unavailable."]
    lines.append(f"Alias {maintenance} {_quote(MAINTENANCE_PAGE)}")
    lines += _directory(MAINTENANCE_PAGE.parent, *_files(MAINTENANCE_PAGE.name))
    lines += [
        "<IfModule mod_headers.c>",
        f'{INDENT}<Location "{maintenance}">',
        f'{INDENT * 2}Header always set Cache-Control "no-store"',
        f"{INDENT * 2}Header always set Retry-After 60",
        f"{INDENT}</Location>",
        "</IfModule>",
    ]
    return lines


def _daemon_options(config: Config) -> list[str]:
    options: dict[str, object] = {
        "processes": config["omero.web.wsgi_workers"],
        "threads": config["omero.web.wsgi_threads"],
        "python-home": python_home(),
    }
    root = package_root()
    if not root.is_relative_to(python_home()):  # a checkout, or an editable install
        options["python-path"] = root
    options |= {"home": config.omerodir, "user": DAEMON_USER, "group": DAEMON_USER}
    options["display-name"] = "%{GROUP}"
    if config["omero.web.wsgi_timeout"]:
        options["request-timeout"] = config["omero.web.wsgi_timeout"]
    if config["omero.web.application_server.max_requests"]:
        options["maximum-requests"] = config["omero.web.application_server.max_requests"]
    words = [f"{name}={value}" for name, value in options.items()]
    for word in words:
        if _UNSAFE.search(word):
            raise ValueError(f"{word!r}: Apache cannot take a path with spaces or quotes here")
    return words


def _wsgi_notes(config: Config) -> list[str]:
    var = paths.var_dir(config.omerodir)
    reads = [python_home(), package_root(), paths.config_path(config.omerodir)]
    writes = [var]
    elsewhere = [config.data_dir(), config.log_dir()]
    if config["omero.db.engine"] == "sqlite":
        elsewhere.append(config.sqlite_path().parent)
    writes += [path for path in elsewhere if not path.is_relative_to(var)]
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    return [
        *python_warnings(DEBIAN_MOD_WSGI, sys.base_prefix, version),
        f"Needs mod_wsgi built for Python {version}, the Python of python-home (on Debian:",
        "libapache2-mod-wsgi-py3 and a virtualenv made with /usr/bin/python3): `a2enmod wsgi`.",
        f"The daemon runs as {DAEMON_USER} (Apache refuses to run it as root), which must",
        f"  read {', '.join(map(str, reads))},",
        f"  write {', '.join(map(str, writes))}",
        "and search (x) every directory above them; Apache's workers read the static files",
        f"({config.static_root()}) and {MAINTENANCE_PAGE}.",
        "Set omero.web.application_server to wsgi: Apache runs OMERO.web, not `omero web start`.",
    ]


def python_warnings(mod_wsgi: Path, base_prefix: str, version: str) -> list[str]:
    """Why Debian's mod_wsgi, when installed, may not load this virtualenv's Python."""
    if not mod_wsgi.exists():
        return []
    built_for = mod_wsgi.resolve().name.rsplit("-", 1)[-1]
    if re.fullmatch(r"\d+\.\d+", built_for) and built_for != version:
        problem = f"mod_wsgi here is built for Python {built_for}, this virtualenv has {version}"
    elif base_prefix != DEBIAN_PYTHON_PREFIX:
        problem = f"this virtualenv comes from {base_prefix}, not Debian's /usr/bin/python3"
    else:
        return []
    return [
        f"WARNING: {problem}.",
        "mod_wsgi may fail to load it: make the virtualenv with `/usr/bin/python3 -m venv`,",
        "install pyomero in it and generate this file with its `omero`.",
        "",
    ]


def _proxy_notes(config: Config) -> list[str]:
    return [
        "Needs mod_proxy, mod_proxy_http and mod_headers: `a2enmod proxy proxy_http headers`.",
        "gunicorn runs with `omero web start`; Apache's workers (www-data on Debian) read the",
        f"static files ({config.static_root()}) and {MAINTENANCE_PAGE}.",
    ]


def _prefix(config: Config) -> str:
    prefix: str = config["omero.web.prefix"].rstrip("/")
    if not re.fullmatch(r"(/[A-Za-z0-9._~!*+,=:@%-]+)*", prefix):
        raise ValueError(f"omero.web.prefix {prefix!r} cannot be used in an Apache URL path")
    return prefix


def _static_url(config: Config) -> str | None:
    """``omero.web.static_url`` when Apache serves it (a path), None for a full URL."""
    url: str = config["omero.web.static_url"]
    if not url.startswith("/"):
        return None
    if _UNSAFE.search(url):
        raise ValueError(f"omero.web.static_url {url!r} cannot be used in an Apache URL path")
    return url


def _continued(directive: str, words: list[str]) -> list[str]:
    """A long directive, one word a line, joined by Apache's line continuations."""
    lines = [f"{directive} \\"]
    lines += [f"{INDENT * 2}{word} \\" for word in words[:-1]]
    return [*lines, f"{INDENT * 2}{words[-1]}"]


def _directory(path: Path, *lines: str) -> list[str]:
    return [f"<Directory {_quote(path)}>", *(INDENT + line for line in lines), "</Directory>"]


def _files(name: str) -> list[str]:
    return [f'<Files "{name}">', f"{INDENT}Require all granted", "</Files>"]


def _quote(path: Path, suffix: str = "") -> str:
    text = f"{path}{suffix}"
    if '"' in text or "\\" in text:
        raise ValueError(f"{text!r}: Apache cannot take a path with quotes or backslashes")
    return f'"{text}"'
