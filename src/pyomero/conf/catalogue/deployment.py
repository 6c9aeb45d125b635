"""``omero.web.*`` keys for deploying OMERO.web: application server, URLs, files, logs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyomero.conf import parsers as p
from pyomero.conf.keys import Key, Section

SECTION = Section(
    "deployment",
    "Deployment",
    "How OMERO.web runs: the application server (gunicorn by default), its workers, "
    "the URL prefix, static files, logs and the Django applications it loads.",
)

MIDDLEWARE = (
    '[{"index": 1, "class": "django.middleware.common.BrokenLinkEmailsMiddleware"},'
    '{"index": 2, "class": "django.middleware.common.CommonMiddleware"},'
    '{"index": 3, "class": "django.contrib.sessions.middleware.SessionMiddleware"},'
    '{"index": 4, "class": "django.middleware.csrf.CsrfViewMiddleware"},'
    '{"index": 5, "class": "django.contrib.messages.middleware.MessageMiddleware"},'
    '{"index": 6, "class": "django.middleware.clickjacking.XFrameOptionsMiddleware"}]'
)


def _key(name: str, default: str, parse: Callable[[str], Any], help: str) -> Key:
    return Key(f"omero.web.{name}", default, parse, help, section=SECTION.id)


KEYS: tuple[Key, ...] = (
    _key(
        "metrics.allowed_networks",
        '["127.0.0.1/32", "::1/128"]',
        p.JsonList(
            'a JSON list of IP networks, such as ["127.0.0.1/32", "10.0.0.0/8"]', p.is_network
        ),
        "Who may read the Prometheus metrics at `<prefix>/metrics`: the client and every "
        "proxy named in X-Forwarded-For must be in one of these networks (others get 403). "
        "`/healthz` and `/readyz` are open to all.",
    ),
    _key(
        "application_server",
        "wsgi-tcp",
        p.Choice(("wsgi-tcp", "wsgi", "development")),
        "How `omero web start` serves OMERO.web: `wsgi-tcp` runs gunicorn on "
        "application_server.host:port (behind nginx or Apache); `wsgi` leaves serving to "
        "an external WSGI container such as mod_wsgi; `development` runs Django's "
        "development server in the foreground (never in production).",
    ),
    _key(
        "application_server.host",
        "127.0.0.1",
        p.Text(non_empty=True),
        "Address gunicorn listens on. Keep 127.0.0.1 when the front-end web server runs "
        "on the same machine; use an external address when it runs elsewhere (it then "
        "needs its own copy of the static files).",
    ),
    _key(
        "application_server.port",
        "4080",
        p.port(),
        "TCP port gunicorn listens on; the front-end web server proxies to it.",
    ),
    _key(
        "application_server.max_requests",
        "0",
        p.Integer(0),
        "Restart a gunicorn worker after it has served this many requests, which bounds "
        "slow memory growth. 0 never restarts workers.",
    ),
    _key(
        "wsgi_workers",
        "5",
        p.Integer(1),
        "Number of gunicorn worker processes. A common starting point is (2 x CPU cores) + 1.",
    ),
    _key(
        "wsgi_timeout",
        "60",
        p.Integer(0),
        "Seconds a gunicorn worker may stay silent before it is killed and replaced. "
        "Raise it when large downloads or renderings time out.",
    ),
    _key(
        "wsgi_args",
        "",
        p.Text(),
        "Extra gunicorn command-line arguments, split like a shell would, e.g. "
        "`--log-level=DEBUG --error-logfile=/tmp/gunicorn.err`.",
    ),
    _key(
        "wsgi_worker_class",
        "sync",
        p.Text(non_empty=True),
        "gunicorn worker type: `sync` (the default, one request per worker thread), "
        "`gthread`, or an asynchronous class such as `gevent` (installed separately).",
    ),
    _key(
        "wsgi_worker_connections",
        "1000",
        p.Integer(1),
        "Asynchronous workers only: the most clients one worker serves at the same time.",
    ),
    _key(
        "wsgi_threads",
        "1",
        p.Integer(1),
        "Threads per gunicorn worker; more than 1 makes gunicorn use threaded workers.",
    ),
    _key(
        "prefix",
        "",
        p.UrlPrefix(),
        "URL path under which OMERO.web is mounted, e.g. `/omero` to serve it at "
        "https://example.org/omero/ (Django's FORCE_SCRIPT_NAME). Empty serves it at the root.",
    ),
    _key(
        "static_url",
        "/static/",
        p.SlashUrl(),
        "URL at which the browser fetches static files (scripts, styles, images). A path "
        "served by the front-end web server or a full URL of another host; it must end "
        "with a slash.",
    ),
    _key(
        "static_root",
        "",
        p.Text(),
        "Directory into which `omero web start` collects the static files, for the "
        "front-end web server to serve. Empty means `$OMERODIR/var/static`.",
    ),
    _key(
        "logdir",
        "",
        p.Text(),
        "Directory of OMERO.web's log files (OMEROweb.log and the access log). Empty "
        "means `$OMERODIR/var/log`.",
    ),
    _key(
        "debug",
        "false",
        p.Boolean(),
        "Django's debug mode: detailed error pages and verbose logs. Development only: it "
        "writes sensitive data to the logs and the browser.",
    ),
    _key(
        "time_zone",
        "Europe/London",
        p.TimeZone(),
        "Time zone in which dates are shown, as a tz database name (e.g. `Europe/Berlin`, "
        "`America/New_York`, `UTC`). Dates are always stored in UTC.",
    ),
    _key(
        "admins",
        "[]",
        p.JsonList(
            'a JSON list of [name, email] pairs, such as [["Ann", "ann@example.org"]]',
            p.is_string_pair,
        ),
        "People emailed the details of every server error (requires the omero.mail.* "
        'keys), as a JSON list such as `[["Full Name", "email@example.org"]]`.',
    ),
    _key(
        "admins.email_subject_prefix",
        "[OMERO.web - admin notification]",
        p.Text(),
        "Start of the subject line of the error emails sent to omero.web.admins.",
    ),
    _key(
        "apps",
        "[]",
        p.string_list('["omero_iviewer"]'),
        "Additional Django applications to install, as a JSON list of importable module "
        "names. Use `omero config append omero.web.apps '\"app_name\"'` to add one.",
    ),
    _key(
        "middleware",
        MIDDLEWARE,
        p.JsonList(
            'a JSON list of {"class": "dotted.path", "index": NUMBER} objects', p.is_middleware
        ),
        "For system administrators only: the Django middleware, as a JSON list of "
        '`{"class": "dotted.path", "index": NUMBER}` objects applied in increasing index '
        "order. pyomero always adds the middleware it needs itself.",
    ),
    _key(
        "django_additional_settings",
        "[]",
        p.JsonList(
            'a JSON list of ["SETTING", value] pairs, such as [["USE_I18N", false]]',
            p.is_setting_pair,
        ),
        'Any other Django settings, as a JSON list of `["NAME", value]` pairs. They are '
        "applied last and override the settings computed from omero.web.* keys.",
    ),
    _key(
        "nginx_server_extra_config",
        "[]",
        p.string_list('["client_max_body_size 0;"]'),
        "Extra lines placed in the `server` block written by `omero web config nginx`, as "
        "a JSON list of strings; end each directive with a semicolon.",
    ),
)
