"""Django settings computed from the ``omero.*`` configuration, in one place.

Nothing else turns ``omero.web.*`` keys into Django settings: the settings
module, the test settings and the system checks all call :func:`build`.
"""

from __future__ import annotations

from typing import Any

from pyomero.conf import Config, paths
from pyomero.web import csp, limits
from pyomero.web.caches import resolve_caches, with_tile_alias
from pyomero.web.secret import read_or_create_secret_key

FILE_SESSIONS = "django.contrib.sessions.backends.file"
# OMERO.web's own name for its file store; Django's file backend does the job.
SESSION_ENGINE_ALIASES = {"omeroweb.filesessionstore": FILE_SESSIONS}

# Middleware pyomero cannot run without, and the neighbour each must follow.
REQUIRED_MIDDLEWARE = (
    ("django.middleware.security.SecurityMiddleware", None),
    ("whitenoise.middleware.WhiteNoiseMiddleware", "django.middleware.security.SecurityMiddleware"),
    ("django.contrib.sessions.middleware.SessionMiddleware", None),
    ("django.middleware.csrf.CsrfViewMiddleware", None),
    (
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
    ),
    ("django.contrib.messages.middleware.MessageMiddleware", None),
    ("django.middleware.clickjacking.XFrameOptionsMiddleware", None),
    (
        "pyomero.web.public.PublicUserMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ),
    # Times requests by view for /metrics; right after security, so it sees them all.
    (
        "pyomero.web.request_metrics.RequestMetricsMiddleware",
        "django.middleware.security.SecurityMiddleware",
    ),
    (csp.MIDDLEWARE, "django.middleware.clickjacking.XFrameOptionsMiddleware"),
    (limits.MIDDLEWARE, "django.middleware.security.SecurityMiddleware"),
    (limits.OUT_OF_RANGE_MIDDLEWARE, None),
)


def database_settings(config: Config) -> dict[str, Any]:
    """DATABASES["default"] for ``omero.db.*``: SQLite under $OMERODIR or PostgreSQL."""
    if config["omero.db.engine"] == "postgresql":
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": config["omero.db.name"],
            "HOST": config["omero.db.host"],
            "PORT": str(config["omero.db.port"]),
            "USER": config["omero.db.user"],
            "PASSWORD": config["omero.db.pass"],
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            # A database host that hangs fails requests (and /readyz) in seconds.
            "OPTIONS": {"connect_timeout": 5},
        }
    path = config.sqlite_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # Kept open between requests: opening the file and running the init command
        # cost a cached tile about a quarter of its time.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


def middleware(config: Config) -> list[str]:
    """``omero.web.middleware`` in index order, with pyomero's required pieces added."""
    entries = sorted(config["omero.web.middleware"], key=lambda entry: entry["index"])
    classes = [entry["class"] for entry in entries]
    for name, after in REQUIRED_MIDDLEWARE:
        if name in classes:
            continue
        position = classes.index(after) + 1 if after in classes else len(classes)
        if after is None and name.endswith("SecurityMiddleware"):
            position = 0
        classes.insert(position, name)
    return classes


def session_settings(config: Config) -> dict[str, Any]:
    """Sessions: files under ``$OMERODIR/var/sessions`` unless another engine is chosen.

    With ``session_expire_at_browser_close`` (the default) the cookie has no
    expiry and ends with the browser; the stored session still expires after
    ``session_cookie_age`` seconds without a request, after which
    ``omero web clearsessions`` removes it.
    """
    engine = config["omero.web.session_engine"]
    engine = SESSION_ENGINE_ALIASES.get(engine, engine)
    session_dir = paths.var_dir(config.omerodir) / "sessions"
    settings: dict[str, Any] = {
        "SESSION_ENGINE": engine,
        "SESSION_FILE_PATH": str(session_dir),
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": config["omero.web.session_expire_at_browser_close"],
        "SESSION_COOKIE_AGE": config["omero.web.session_cookie_age"],
        "SESSION_COOKIE_SECURE": config["omero.web.session_cookie_secure"],
        "SESSION_COOKIE_SAMESITE": config["omero.web.session_cookie_samesite"],
        "CACHES": with_tile_alias(resolve_caches(config["omero.web.caches"])[0]),
    }
    if engine == FILE_SESSIONS:
        session_dir.mkdir(parents=True, exist_ok=True)
    for key, setting in (
        ("omero.web.session_cookie_name", "SESSION_COOKIE_NAME"),
        ("omero.web.session_cookie_domain", "SESSION_COOKIE_DOMAIN"),
        ("omero.web.session_cookie_path", "SESSION_COOKIE_PATH"),
    ):
        if config[key]:
            settings[setting] = config[key]
    return settings


def security_settings(config: Config) -> dict[str, Any]:
    """Cookies, origins and proxy trust.

    ``omero.web.secure`` is not read: in OMERO it encrypts the connection from
    OMERO.web to OMERO.server, which pyomero does not have. HTTPS between the
    browser and the site is the front server's job; the ``*_secure`` keys and
    ``secure_proxy_ssl_header`` tell Django about it.
    """
    proxy_header = config["omero.web.secure_proxy_ssl_header"]
    return {
        "ALLOWED_HOSTS": config["omero.web.allowed_hosts"],
        "CSRF_COOKIE_SECURE": config["omero.web.csrf_cookie_secure"],
        "CSRF_COOKIE_HTTPONLY": config["omero.web.csrf_cookie_httponly"],
        "CSRF_COOKIE_SAMESITE": config["omero.web.csrf_cookie_samesite"],
        "CSRF_TRUSTED_ORIGINS": config["omero.web.csrf_trusted_origins"],
        # OMERO.web answers a refused token with {"message": "CSRF Failed: <reason>"}
        "CSRF_FAILURE_VIEW": "pyomero.web.views.csrf.csrf_failure",
        "SECURE_PROXY_SSL_HEADER": tuple(proxy_header) if proxy_header else None,
        "USE_X_FORWARDED_HOST": config["omero.web.use_x_forwarded_host"],
        "X_FRAME_OPTIONS": config["omero.web.x_frame_options"],
        "CONTENT_SECURITY_POLICY": csp.policy(config),
        "DATA_UPLOAD_MAX_MEMORY_SIZE": config["omero.web.max_body_size"],
    }


def public_user_settings(config: Config) -> dict[str, Any]:
    """The public user, under OMERO.web's setting names (see :mod:`pyomero.web.public`)."""
    return {
        "PUBLIC_ENABLED": config["omero.web.public.enabled"],
        "PUBLIC_USER": config["omero.web.public.user"],
        "PUBLIC_PASSWORD": config["omero.web.public.password"],
        "PUBLIC_URL_FILTER": config["omero.web.public.url_filter"],
        "PUBLIC_GET_ONLY": config["omero.web.public.get_only"],
        "PUBLIC_CACHE_ENABLED": config["omero.web.public.cache.enabled"],
        "PUBLIC_CACHE_KEY": config["omero.web.public.cache.key"],
        "PUBLIC_CACHE_TIMEOUT": config["omero.web.public.cache.timeout"],
    }


def mail_settings(config: Config) -> dict[str, Any]:
    """Django's mail settings from ``omero.mail.*`` (``webadmin/email/``, reset links)."""
    smtps = config["omero.mail.transport.protocol"] == "smtps"
    timeout_ms = max(config["omero.mail.smtp.timeout"], config["omero.mail.smtp.connectiontimeout"])
    auth = config["omero.mail.smtp.auth"]  # Django logs in only with a user and a password
    return {
        "EMAIL_HOST": config["omero.mail.host"],
        "EMAIL_PORT": config["omero.mail.port"],
        "EMAIL_HOST_USER": config["omero.mail.username"] if auth else "",
        "EMAIL_HOST_PASSWORD": config["omero.mail.password"] if auth else "",
        "EMAIL_USE_TLS": config["omero.mail.smtp.starttls.enable"] and not smtps,
        "EMAIL_USE_SSL": smtps,
        "EMAIL_TIMEOUT": timeout_ms / 1000,
        "DEFAULT_FROM_EMAIL": config["omero.mail.from"] or f"omero@{config['omero.mail.host']}",
        "SERVER_EMAIL": config["omero.mail.from"] or "root@localhost",
        "ADMINS": [tuple(admin) for admin in config["omero.web.admins"]],
        "EMAIL_SUBJECT_PREFIX": config["omero.web.admins.email_subject_prefix"],
    }


def build(config: Config) -> dict[str, Any]:
    """Every Django setting pyomero uses, from the configuration."""
    var_dir = paths.var_dir(config.omerodir)
    prefix = config["omero.web.prefix"].rstrip("/")
    secret_key = config["omero.web.secret_key"] or read_or_create_secret_key(var_dir)
    settings: dict[str, Any] = {
        "DEBUG": config["omero.web.debug"],
        "SECRET_KEY": secret_key,
        "FORCE_SCRIPT_NAME": prefix or None,
        "INSTALLED_APPS": [
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.staticfiles",
            "pyomero.model",
            "pyomero.web",
            "pyomero.webgateway",
            "pyomero.api",
            "pyomero.webclient",
            "pyomero.viewer",
            "pyomero.webadmin",
            *config["omero.web.apps"],
        ],
        "MIDDLEWARE": middleware(config),
        "ROOT_URLCONF": "pyomero.web.urls",
        "WSGI_APPLICATION": "pyomero.web.wsgi.application",
        "TEMPLATES": [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [],
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        "DATABASES": {"default": database_settings(config)},
        "AUTH_USER_MODEL": "model.Experimenter",
        "AUTHENTICATION_BACKENDS": [
            "pyomero.web.backends.ExperimenterBackend",
            "pyomero.web.backends.LdapBackend",
        ],
        "AUTH_PASSWORD_VALIDATORS": [
            {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
            {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
        ],
        "LOGIN_URL": "weblogin",
        "LANGUAGE_CODE": "en-us",
        "TIME_ZONE": config["omero.web.time_zone"],
        "USE_I18N": True,
        "USE_TZ": True,
        "STATIC_URL": config["omero.web.static_url"],
        "STATIC_ROOT": str(config.static_root()),
        "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
        "OMERODIR": config.omerodir,
        "OMERO_CONFIG": config,
        **session_settings(config),
        **security_settings(config),
        **public_user_settings(config),
        **mail_settings(config),
    }
    for name, value in config["omero.web.django_additional_settings"]:
        settings[name] = value
    return settings
