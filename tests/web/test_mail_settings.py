"""Django's mail settings follow the ``omero.mail.*`` keys."""

from __future__ import annotations

from pathlib import Path

from pyomero.conf import Config
from pyomero.web.build_settings import build


def test_it_sends_from_omero_at_the_mail_host_by_default(tmp_path: Path) -> None:
    settings = build(Config({"omero.mail.host": "smtp.example.org"}, tmp_path))
    assert settings["DEFAULT_FROM_EMAIL"] == "omero@smtp.example.org"
    assert (settings["EMAIL_USE_TLS"], settings["EMAIL_USE_SSL"]) == (False, False)
    assert settings["EMAIL_TIMEOUT"] == 60


def test_it_uses_tls_from_the_first_byte_for_smtps(tmp_path: Path) -> None:
    stored = {
        "omero.mail.transport.protocol": "smtps",
        "omero.mail.smtp.starttls.enable": "true",
        "omero.mail.smtp.timeout": "5000",
        "omero.mail.smtp.connectiontimeout": "2000",
        "omero.mail.from": "facility@example.org",
    }
    settings = build(Config(stored, tmp_path))
    assert (settings["EMAIL_USE_TLS"], settings["EMAIL_USE_SSL"]) == (False, True)
    assert settings["EMAIL_TIMEOUT"] == 5
    assert settings["DEFAULT_FROM_EMAIL"] == "facility@example.org"
