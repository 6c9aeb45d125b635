"""``omero web config nginx | nginx-development | nginx-location``.

nginx serves the collected static files itself and proxies everything else to
gunicorn on ``omero.web.application_server.host:port``; while gunicorn is down
it answers with pyomero's maintenance page and HTTP 503.

Under a prefix (``omero.web.prefix=/omero``) nginx strips the prefix before
proxying: gunicorn sees ``/webclient/``, as mod_wsgi's ``WSGIScriptAlias /omero``
would pass it, and Django puts the prefix back in every URL it builds from
``FORCE_SCRIPT_NAME``. The upstream is named after the prefix
(``omeroweb_omero``), and so is the maintenance location, so that two instances
with different prefixes can share one nginx.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from pyomero.cli.webconfig import Options
from pyomero.conf import Config, paths

TEMPLATES = Path(__file__).parent / "templates"
MAINTENANCE_PAGE = TEMPLATES / "maintenance.html"

DEFAULT_PORT = {"nginx": 80, "nginx-development": 8080}
DEFAULT_SERVERNAME = "$hostname"
DEFAULT_MAX_BODY_SIZE = "0"  # no limit, as OMERO: imports upload large files
# nginx cannot wait forever: wsgi_timeout 0 (gunicorn never kills a worker) waits a day.
NO_TIMEOUT = "86400s"
# Several upstreams: how long a host may stay silent before nginx tries the next one, and
# how long a host that failed is left out (nginx has no active health checks).
DEFAULT_READ_TIMEOUT = "10s"
CONNECT_TIMEOUT = "2s"
FAIL_TIMEOUT = "10s"
MAX_FAILS = 1
#: Paths whose requests may stay silent long (uploads, downloads made on the fly): they
#: keep omero.web.wsgi_timeout and are never resent (a POST never is anyway).
LONG_PATHS = (
    "/webclient/upload/",
    "/webgateway/archived_files/",
    "/webgateway/download_as/",
    "/webgateway/render_ome_tiff/",
)

_PLACEHOLDER = re.compile(r"{{ (\w+) }}")
_SIZE = re.compile(r"\d+[kKmMgG]?")
_TIME = re.compile(r"\d+(ms|s|m)?")
_HOST_PORT = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})")
_URL_PATH = re.compile(r"/[A-Za-z0-9._~!*+,=:@%/-]*")
_UNSAFE_IN_PATH = re.compile(r"[\s\"';{}$#\\]")


@dataclass(frozen=True)
class Site:
    """What the templates need, computed once from the configuration and options."""

    name: str  # upstream name, unique per prefix: omeroweb, omeroweb_omero
    prefix: str  # "" or "/omero"
    address: str  # gunicorn's host:port (the first of ``addresses``)
    static_url: str | None  # a path served by nginx, or None when on another host
    static_root: str
    timeout: str
    max_body_size: str
    extra_config: tuple[str, ...]
    omerodir: Path
    logdir: str
    addresses: tuple[str, ...] = ()  # every gunicorn (several hosts: failover settings)
    read_timeout: str = ""

    @property
    def several(self) -> bool:
        return len(self.addresses) > 1

    @property
    def app_location(self) -> str:
        return f"{self.prefix}/"

    @property
    def maintenance_uri(self) -> str:
        return f"{self.prefix}/pyomero-maintenance.html"


def site(config: Config, options: Options) -> Site:
    """Read and check every value the generated configuration uses."""
    prefix = config["omero.web.prefix"].rstrip("/")
    if prefix and not _URL_PATH.fullmatch(prefix):
        raise ValueError(f"omero.web.prefix {prefix!r} cannot be used in an nginx location")
    static_url: str | None = config["omero.web.static_url"]
    if not static_url or not static_url.startswith("/"):
        static_url = None  # a full URL: another server serves the static files
    elif not _URL_PATH.fullmatch(static_url):
        raise ValueError(f"omero.web.static_url {static_url!r} cannot be used in nginx")
    max_body_size = options.max_body_size or DEFAULT_MAX_BODY_SIZE
    if not _SIZE.fullmatch(max_body_size):
        raise ValueError(
            f"--max-body-size {max_body_size!r}: expected a size such as 0 (no limit), "
            "512k, 10m or 1g"
        )
    timeout = config["omero.web.wsgi_timeout"]
    addresses = tuple(_upstream_address(u) for u in options.upstreams) or (
        _address(
            config["omero.web.application_server.host"],
            config["omero.web.application_server.port"],
        ),
    )
    if len(set(addresses)) != len(addresses):
        raise ValueError("--upstream: each gunicorn may be named once")
    read_timeout = options.read_timeout or (
        DEFAULT_READ_TIMEOUT if len(addresses) > 1 else (f"{timeout}s" if timeout else NO_TIMEOUT)
    )
    if not _TIME.fullmatch(read_timeout):
        raise ValueError(f"--read-timeout {read_timeout!r}: expected a time such as 10s or 500ms")
    return Site(
        name="omeroweb" + re.sub(r"[^A-Za-z0-9]+", "_", prefix).rstrip("_"),
        prefix=prefix,
        address=addresses[0],
        addresses=addresses,
        read_timeout=read_timeout,
        static_url=static_url,
        static_root=_path(config.static_root(), "omero.web.static_root") + "/",
        timeout=f"{timeout}s" if timeout else NO_TIMEOUT,
        max_body_size=max_body_size,
        extra_config=tuple(config["omero.web.nginx_server_extra_config"]),
        omerodir=config.omerodir,
        logdir=_path(config.log_dir(), "omero.web.logdir"),
    )


def server_block(config: Config, options: Options) -> str:
    """``nginx``: an upstream and a server block for the system nginx (``conf.d/``)."""
    s = site(config, options)
    head = f"""\
        # OMERO.web behind the system nginx, generated by `omero web config nginx`
        # from {s.omerodir}. Install it in the http context, e.g. on Debian:
        #
        #   omero web config nginx > /etc/nginx/conf.d/{s.name}.conf
        #   nginx -t && systemctl reload nginx
        #
        # nginx's worker user (www-data on Debian) must be able to read
        # {s.static_root} and {_path(MAINTENANCE_PAGE, "the maintenance page")}.
        """
    return "\n".join([textwrap.dedent(head), _upstream(s), _server(s, options, "nginx")])


def development_conf(config: Config, options: Options) -> str:
    """``nginx-development``: a whole nginx.conf that a normal user runs with ``-c``."""
    s = site(config, options)
    var = _path(paths.var_dir(s.omerodir), "$OMERODIR")
    return _render(
        "development.conf",
        var=var,
        logdir=s.logdir,
        error_log=f"{s.logdir}/nginx_error.log",
        upstream=_indent(_upstream(s)),
        server=_indent(_server(s, options, "nginx-development")),
    )


def location_blocks(config: Config, options: Options) -> str:
    """``nginx-location``: location blocks to include in a server block of your own."""
    s = site(config, options)
    head = f"""\
        # OMERO.web's location blocks, generated by `omero web config nginx-location`
        # from {s.omerodir}. Include this file inside one of your server {{ }} blocks;
        # it proxies to gunicorn at {s.address} directly (no upstream block).

        """
    return textwrap.dedent(head) + _locations(s, standalone=True)


GENERATORS = {
    "nginx": server_block,
    "nginx-development": development_conf,
    "nginx-location": location_blocks,
}


def _upstream(s: Site) -> str:
    if not s.several:
        servers = f"    server {s.address} fail_timeout=0;\n"
        return _render("upstream.conf", name=s.name, note="", servers=servers)
    servers = "".join(
        f"    server {address} max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT};\n"
        for address in s.addresses
    )
    note = (
        f" of each host.\n# A host that fails {MAX_FAILS} request (no connection within "
        f"{CONNECT_TIMEOUT}, no answer within {s.read_timeout}, 502-504)\n# is left out for "
        f"{FAIL_TIMEOUT}, then tried again"
    )
    return _render("upstream.conf", name=s.name, note=note, servers=servers)


def _upstream_address(value: str) -> str:
    found = _HOST_PORT.fullmatch(value.strip())
    if found is None or not 0 < int(found.group(2)) < 65536:
        raise ValueError(f"--upstream {value!r}: expected HOST:PORT, such as 10.0.0.5:4080")
    return value.strip()


def _server(s: Site, options: Options, kind: str) -> str:
    port = DEFAULT_PORT[kind] if options.http is None else options.http
    if not 0 < port < 65536:
        raise ValueError(f"--http {port}: expected a TCP port, 1 to 65535")
    lines = "".join(f"    {line.strip()}\n" for line in s.extra_config)
    return _render(
        "server.conf",
        port=str(port),
        servername=_servername(options.servername),
        max_body_size=s.max_body_size,
        extra_config=lines,
        locations=_indent(_locations(s, standalone=False)),
    )


def _locations(s: Site, *, standalone: bool) -> str:
    static = ""
    if s.static_url:
        static = _render("static.conf", static_url=s.static_url, static_root=s.static_root)
    else:
        static = "# omero.web.static_url is a full URL: that server serves the static files.\n"
    # The location-only variant cannot declare an upstream (http context only) and
    # carries the body size limit itself, since the server block is not ours.
    if standalone and s.several:
        raise ValueError(
            "nginx-location proxies to one gunicorn: use `omero web config nginx` for several"
        )
    target = f"http://{s.address}" if standalone else f"http://{s.name}"
    app_extra = f"    client_max_body_size {s.max_body_size};\n" if standalone else ""
    failover = ""
    if s.several:
        failover = (
            "    # Several hosts: a host that does not connect or answer in time is left out\n"
            "    # and the request goes to the next (nginx resends only idempotent requests).\n"
            f"    proxy_connect_timeout {CONNECT_TIMEOUT};\n"
            "    proxy_next_upstream error timeout http_502 http_503 http_504;\n"
            "    proxy_next_upstream_tries 2;\n"
        )
    return _render(
        "locations.conf",
        maintenance_uri=s.maintenance_uri,
        maintenance_page=_path(MAINTENANCE_PAGE, "the maintenance page"),
        static_location=static.rstrip("\n"),
        mount_note=f" under {s.prefix} (stripped: gunicorn sees /...)" if s.prefix else "",
        app_location=s.app_location,
        app_extra=app_extra,
        # With a URI part, nginx replaces the matched prefix with it: /omero/x -> /x.
        proxy_pass=target + ("/" if s.prefix else ""),
        timeout=s.timeout,
        read_timeout=s.read_timeout,
        timeout_note=_timeout_note(s),
        failover=failover,
        long_locations=_long_locations(s, target) if s.several else "",
    )


def _timeout_note(s: Site) -> str:
    if s.several:
        return (
            f" (sending); reads {s.read_timeout}: a host silent that long is taken for hung,"
            " except on the long paths below"
        )
    return " (0: no limit, one day here)" if s.timeout == NO_TIMEOUT else ""


def _long_locations(s: Site, target: str) -> str:
    """Uploads and downloads keep the long timeout and go to one host only."""
    blocks = []
    for path in LONG_PATHS:
        upstream = f"{target}{path}" if s.prefix else target
        blocks.append(
            f"""
location {s.prefix}{path} {{
    proxy_pass {upstream};
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_redirect off;
    proxy_buffering off;
    proxy_request_buffering off;
    proxy_connect_timeout {CONNECT_TIMEOUT};
    proxy_read_timeout {s.timeout};
    proxy_send_timeout {s.timeout};
    proxy_next_upstream error;
    error_page 502 503 =503 {s.maintenance_uri};
}}"""
        )
    return "\n# Uploads and downloads: long silences are normal there." + "".join(blocks) + "\n"


def _render(template: str, **values: str) -> str:
    """Fill ``{{ name }}`` placeholders; nginx's own ``$variables`` pass through."""
    text = (TEMPLATES / "nginx" / template).read_text()
    missing = set(_PLACEHOLDER.findall(text)) - values.keys()
    if missing:
        raise KeyError(f"template {template} needs {sorted(missing)}")
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def _indent(text: str) -> str:
    return textwrap.indent(text.rstrip("\n"), "    ")


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _path(path: Path, what: str) -> str:
    text = str(path)
    if _UNSAFE_IN_PATH.search(text):
        raise ValueError(
            f"{what} {text!r} contains a space, quote, ';', '{{', '}}', '$', '#' or "
            "backslash, which nginx would misread: choose another directory"
        )
    return text


def _servername(value: str | None) -> str:
    names = (value or DEFAULT_SERVERNAME).split()
    for name in names:
        if not re.fullmatch(r"[A-Za-z0-9.*_~$:\[\]-]+", name):
            raise ValueError(f"--servername {name!r} is not a valid nginx server name")
    return " ".join(names)
