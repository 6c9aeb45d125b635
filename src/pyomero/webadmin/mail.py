"""Sending mail through the SMTP server of ``omero.mail.*`` (Django's mail, wrapped here).

``omero.mail.config`` turns sending on; host, port, user, password, STARTTLS or
SMTPS, timeouts and sender become Django's ``EMAIL_*`` settings in
``web/build_settings.py``.
"""

from __future__ import annotations

import smtplib
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from pyomero.webadmin.errors import MailUnavailableError


def mail_enabled() -> bool:
    return bool(settings.OMERO_CONFIG["omero.mail.config"])


def send(subject: str, body: str, recipients: Sequence[str], *, bcc: bool = True) -> int:
    """Send one message to ``recipients`` (in Bcc unless ``bcc`` is false); returns their count."""
    if not mail_enabled():
        raise MailUnavailableError("sending mail is turned off (omero.mail.config)")
    if not recipients:
        return 0
    to, hidden = ([], list(recipients)) if bcc else (list(recipients), [])
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to=to, bcc=hidden)
    try:
        with get_connection() as connection:
            connection.send_messages([message])
    except (smtplib.SMTPException, OSError) as exc:
        raise MailUnavailableError(f"the mail server refused the message: {exc}") from None
    return len(recipients)
