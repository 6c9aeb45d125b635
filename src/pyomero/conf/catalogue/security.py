"""``omero.web.*`` keys for sessions, caches and security (cookies, proxies, origins)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyomero.conf import parsers as p
from pyomero.conf.keys import Key, Section

SESSIONS = Section(
    "sessions",
    "Sessions and caches",
    "Where OMERO.web keeps the sessions of logged-in users and which caches it uses. "
    "Files (the default) suit one machine; a cache backend on Redis or memcached suits "
    "several.",
)

SECURITY = Section(
    "security",
    "Security",
    "Secret key, cookies, allowed hosts and origins, and how OMERO.web trusts the proxy "
    "in front of it. For HTTPS sites set the `*_secure` keys to true.",
)

SESSION_ENGINES = (
    "django.contrib.sessions.backends.file",
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cache",
    "django.contrib.sessions.backends.cached_db",
    "omeroweb.filesessionstore",
)

SAMESITE = p.Choice(("Lax", "Strict", "None"), ignore_case=True)


def _key(
    section: Section,
    name: str,
    default: str,
    parse: Callable[[str], Any],
    help: str,
    secret: bool = False,
) -> Key:
    return Key(f"omero.web.{name}", default, parse, help, secret, section.id)


KEYS: tuple[Key, ...] = (
    _key(
        SESSIONS,
        "session_engine",
        "django.contrib.sessions.backends.file",
        p.Choice(SESSION_ENGINES),
        "Django session backend. `file` keeps sessions in files (cleared by `omero web "
        "clearsessions`); `cache` and `cached_db` use the default cache of "
        "omero.web.caches; `db` uses the database. `omeroweb.filesessionstore` is "
        "OMERO's deprecated name, read as `file`.",
    ),
    _key(
        SESSIONS,
        "session_expire_at_browser_close",
        "true",
        p.Boolean(),
        "End the session when the browser closes. When false the session lasts "
        "omero.web.session_cookie_age seconds.",
    ),
    _key(
        SESSIONS,
        "session_cookie_age",
        "86400",
        p.Integer(1),
        "Lifetime of the session cookie, in seconds (86400 is one day).",
    ),
    _key(
        SESSIONS,
        "session_cookie_name",
        "",
        p.Text(),
        "Name of the session cookie. Empty uses Django's `sessionid`; set a different "
        "name for each OMERO.web served from the same domain.",
    ),
    _key(
        SESSIONS,
        "session_cookie_domain",
        "",
        p.Text(),
        "Domain of the session cookie, e.g. `.example.org` to share it with subdomains. "
        "Empty limits it to the host that set it.",
    ),
    _key(
        SESSIONS,
        "session_cookie_path",
        "",
        p.Text(),
        "Path of the session cookie. Empty uses `/`.",
    ),
    _key(
        SESSIONS,
        "caches",
        '{"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}',
        p.JsonObject(
            'a JSON object of Django caches with a "default" entry, such as '
            '{"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", '
            '"LOCATION": "redis://127.0.0.1:6379"}}',
            required=("default",),
        ),
        "Django's CACHES as a JSON object. The default cache does nothing; point it at "
        "Redis or memcached to share sessions (with the cache session engine) and "
        "rendered images between workers and machines.",
    ),
    _key(
        SECURITY,
        "secret_key",
        "",
        p.Text(),
        "Django's SECRET_KEY, which signs cookies and tokens. Empty: a random key is "
        "generated once into `$OMERODIR/var/django_secret_key`. Set it to the same value "
        "on every machine of a load-balanced site.",
        secret=True,
    ),
    _key(
        SECURITY,
        "allowed_hosts",
        '["*"]',
        p.string_list('["omero.example.org"]'),
        "Host names this site answers to, as a JSON list (Django's ALLOWED_HOSTS). `*` "
        "accepts any Host header; list your public names in production.",
    ),
    _key(
        SECURITY,
        "public_url",
        "",
        p.Origin(),
        "Scheme and host this site is reached at by its users, e.g. "
        "`https://omero.example.org` (the prefix comes from omero.web.prefix). Links that "
        "leave the server (password reset mail, zarr links, API URLs) are built from it, "
        "never from the request's Host header. Empty: with omero.web.allowed_hosts `*` "
        "the password reset page says it is not configured.",
    ),
    _key(
        SECURITY,
        "trusted_proxies",
        '["127.0.0.1", "::1"]',
        p.string_list('["127.0.0.1", "10.0.0.5"]'),
        "Addresses of the proxies in front of OMERO.web whose X-Forwarded-For header is "
        "believed. The client address (used by the login throttle) is the last "
        "X-Forwarded-For entry that is not one of them.",
    ),
    _key(
        SECURITY,
        "max_body_size",
        "10485760",
        p.Integer(1024),
        "Largest request body, in bytes, read into memory (JSON, form fields): a larger "
        "one is answered 413. Uploaded files and import chunks have their own limits.",
    ),
    Key(
        "omero.security.login_failure_throttle_count",
        "1",
        p.Integer(0),
        "Failed logins tolerated per account and per client address before throttling "
        "begins: one more failure within omero.security.login_failure_throttle_time "
        "of the previous one, and further attempts are answered 429 with Retry-After "
        "until that time has passed (0 turns throttling off).",
        False,
        SECURITY.id,
    ),
    Key(
        "omero.security.login_failure_throttle_time",
        "3000",
        p.Integer(1),
        "Milliseconds after the last failed login during which a throttled account or "
        "address is refused; attempts stop being refused this long after the last failure.",
        False,
        SECURITY.id,
    ),
    _key(
        SECURITY,
        "secure",
        "false",
        p.Boolean(),
        "In OMERO, forces encrypted connections from OMERO.web to OMERO.server. pyomero "
        "has no separate server process, so this key is accepted and has no effect.",
    ),
    _key(
        SECURITY,
        "session_cookie_secure",
        "false",
        p.Boolean(),
        "Send the session cookie over HTTPS only. Set to true on any site served over HTTPS.",
    ),
    _key(
        SECURITY,
        "session_cookie_samesite",
        "Lax",
        SAMESITE,
        "SameSite attribute of the session cookie, which keeps browsers from sending it "
        "with requests started by other sites: `Lax`, `Strict` or `None` (the last one "
        "requires session_cookie_secure).",
    ),
    _key(
        SECURITY,
        "csrf_cookie_secure",
        "false",
        p.Boolean(),
        "Send the CSRF cookie over HTTPS only. Set to true on any site served over HTTPS.",
    ),
    _key(
        SECURITY,
        "csrf_cookie_httponly",
        "false",
        p.Boolean(),
        "Hide the CSRF cookie from JavaScript. Left false because the web client's "
        "scripts read it to send their POST requests.",
    ),
    _key(
        SECURITY,
        "csrf_cookie_samesite",
        "Lax",
        SAMESITE,
        "SameSite attribute of the CSRF cookie: `Lax`, `Strict` or `None`.",
    ),
    _key(
        SECURITY,
        "csrf_trusted_origins",
        "[]",
        p.JsonList(
            'a JSON list of origins with their scheme, such as ["https://omero.example.org"]',
            p.is_origin,
        ),
        "Origins trusted for unsafe (POST, PUT, DELETE) requests besides the site itself, "
        "e.g. when a proxy changes the host name. Each entry includes the scheme: "
        "`https://omero.example.org` (a `*.` host covers its subdomains).",
    ),
    _key(
        SECURITY,
        "secure_proxy_ssl_header",
        "[]",
        p.JsonList(
            'a JSON list of a header and its value, such as ["HTTP_X_FORWARDED_PROTO", "https"]',
            p.is_string,
            lengths=(0, 2),
        ),
        "Header, and its value, by which the proxy tells OMERO.web that the browser used "
        'HTTPS, e.g. `["HTTP_X_FORWARDED_PROTO", "https"]`. Only set it when the proxy '
        "always sets or strips that header.",
    ),
    _key(
        SECURITY,
        "use_x_forwarded_host",
        "false",
        p.Boolean(),
        "Build URLs from the X-Forwarded-Host header instead of Host. Only behind a proxy "
        "that sets it.",
    ),
    _key(
        SECURITY,
        "x_frame_options",
        "SAMEORIGIN",
        p.Choice(("SAMEORIGIN", "DENY"), ignore_case=True),
        "Whether other pages may show OMERO.web in a frame: `SAMEORIGIN` allows only "
        "pages of this site, `DENY` none.",
    ),
    _key(
        SECURITY,
        "html_meta_referrer",
        "origin-when-crossorigin",
        p.Text(non_empty=True),
        "Content of the referrer meta tag of every page, i.e. how much of the page address "
        "the browser sends to other sites (a W3C referrer policy such as `origin` or "
        "`same-origin`).",
    ),
    _key(
        SECURITY,
        "cors_origin_whitelist",
        "[]",
        p.string_list('["https://viewer.example.org"]'),
        "Origins allowed to make cross-site requests to OMERO.web (CORS), as a JSON list.",
    ),
    _key(
        SECURITY,
        "cors_origin_allow_all",
        "false",
        p.Boolean(),
        "Allow cross-site requests from every origin, ignoring omero.web.cors_origin_whitelist.",
    ),
    _key(
        SECURITY,
        "redirect_allowed_hosts",
        "[]",
        p.string_list('["example.org"]'),
        "Other sites OMERO.web may redirect to after login (by default only its own).",
    ),
)
