"""Errors of the webadmin app that are not the model's (mail delivery)."""

from __future__ import annotations


class WebadminError(Exception):
    status = 400
    code = "webadmin_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MailUnavailableError(WebadminError):
    """Mail is off (``omero.mail.config``) or the SMTP server refused it."""

    status = 503
    code = "mail_unavailable"
