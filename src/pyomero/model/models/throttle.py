"""Counters of failed logins, shared by every worker and host through the database."""

from __future__ import annotations

from django.db import models


class LoginFailure(models.Model):
    """Recent failed logins of one account or one client address.

    ``key`` is a digest of ``account:<login>`` or ``address:<ip>`` (never the raw
    text, which may be anything a client typed). Rows older than the throttle
    window mean nothing and are removed as new failures come in.
    """

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key[:12]}: {self.failures} at {self.last_failure:%H:%M:%S}"
