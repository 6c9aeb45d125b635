"""OMERO.web keys pyomero accepts so that an OMERO configuration loads unchanged.

They belong to OMERO's Java/Ice server or to libraries pyomero does not use,
or OMERO itself deprecated them. ``omero config set`` accepts them; they have
no effect unless their help says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyomero.conf import parsers as p
from pyomero.conf.keys import Key, Section

SECTION = Section(
    "legacy",
    "Accepted for compatibility",
    "Keys of OMERO.web that pyomero reads without using, so that an existing OMERO "
    "`config.xml` and existing scripts keep working. Deprecated keys name their replacement.",
)


def _key(name: str, default: str, parse: Callable[[str], Any], help: str) -> Key:
    return Key(f"omero.web.{name}", default, parse, help, section=SECTION.id)


def _deprecated(name: str, default: str, parse: Callable[[str], Any], replacement: str) -> Key:
    return _key(name, default, parse, f"Deprecated by OMERO: use {replacement}.")


KEYS: tuple[Key, ...] = (
    _key(
        "server_list",
        '[["localhost", 4064, "omero"]]',
        p.JsonList("a JSON list of [host, port, name] lists", p.is_list),
        "OMERO.servers the web client may connect to. pyomero is its own server.",
    ),
    _key(
        "ping_interval",
        "60000",
        p.Integer(0),
        "Interval of the keep-alive pings the browser sends to OMERO.server, in ms.",
    ),
    _key(
        "check_version",
        "true",
        p.Boolean(),
        "Whether OMERO.web checks for new OMERO releases.",
    ),
    _key("upgrades.url", "", p.Text(), "Address of OMERO's release check."),
    _key(
        "session_serializer",
        "django.contrib.sessions.serializers.PickleSerializer",
        p.Text(non_empty=True),
        "OMERO.web's session serializer. pyomero always stores sessions as JSON.",
    ),
    _key(
        "databases",
        "{}",
        p.JsonObject(),
        "Extra Django databases of OMERO.web. pyomero's database is set by omero.db.*.",
    ),
    _key(
        "system_checks",
        '["1_8.W001"]',
        p.string_list('["1_8.W001"]'),
        "Django system checks OMERO.web silences.",
    ),
    _key(
        "pipeline_js_compressor",
        "",
        p.Text(),
        "django-pipeline's JavaScript compressor (pyomero does not use django-pipeline).",
    ),
    _key(
        "pipeline_css_compressor",
        "",
        p.Text(),
        "django-pipeline's CSS compressor (pyomero does not use django-pipeline).",
    ),
    _key(
        "pipeline_staticfile_storage",
        "pipeline.storage.PipelineStorage",
        p.Text(),
        "django-pipeline's static files storage (pyomero does not use django-pipeline).",
    ),
    _deprecated("force_script_name", "", p.Text(), "omero.web.prefix"),
    _deprecated("server_email", "", p.Text(), "omero.mail.from"),
    _deprecated("email_host", "", p.Text(), "omero.mail.host"),
    _deprecated("email_host_password", "", p.Text(), "omero.mail.password"),
    _deprecated("email_host_user", "", p.Text(), "omero.mail.username"),
    _deprecated("email_port", "", p.Text(), "omero.mail.port"),
    _deprecated("email_subject_prefix", "[OMERO.web]", p.Text(), "nothing (no longer used)"),
    _deprecated("email_use_tls", "false", p.Boolean(), "omero.mail.smtp.starttls.enable"),
    _deprecated("plate_download.enabled", "false", p.Boolean(), "omero.policy.binary_access"),
    _deprecated(
        "viewer.initial_zoom_level", "", p.Text(), "omero.client.viewer.initial_zoom_level"
    ),
    _deprecated("send_broken_link_emails", "false", p.Boolean(), "omero.web.admins (error emails)"),
)
