"""The login throttle: failed logins per account and per client address, on every worker.

After OMERO's ``omero.security.login_failure_throttle_count`` failed logins, one
more within ``omero.security.login_failure_throttle_time`` milliseconds of the
previous makes the account, or the client address, refused until that time has
passed since its last failure: the caller answers 429 with ``Retry-After``. (OMERO
slows each failure beyond the count; refusing before the password is checked holds
across workers and cannot be raced by parallel guesses.) The counters are rows of the database
(:class:`~pyomero.model.models.LoginFailure`), so every gunicorn worker and every
host sees the same counts.

Failures are counted from Django's ``user_login_failed`` signal, which
``django.contrib.auth.authenticate`` sends whatever backend refused (passwords,
LDAP, ...): a new backend or sign-in view is counted without calling this module.
A sign-in view calls :func:`authenticate` (or :func:`check` before its own
authentication) so that a throttled account or address is refused before any
password is tried. A successful login clears its account's count; an address's
count only expires, so one's own account cannot reset a guesser's address.

The interface::

    check(username, address)          # raises LoginThrottledError(retry_after)
    record_failure(username, address) # what the signal does
    clear(username)                   # what a successful login does
    client_address(request)           # REMOTE_ADDR, or X-Forwarded-For from a trusted proxy
    authenticate(request, username=..., password=...)  # check, then Django's authenticate
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from pyomero.model.errors import ModelError
from pyomero.model.models import LoginFailure


class LoginThrottledError(ModelError):
    """Too many failed logins for this account or address: wait ``retry_after`` seconds."""

    status = 429
    code = "login_throttled"

    def __init__(self, retry_after: int) -> None:
        unit = "second" if retry_after == 1 else "seconds"
        super().__init__(f"Too many failed sign-ins: try again in {retry_after} {unit}.")
        self.retry_after = retry_after


def _limits() -> tuple[int, timedelta]:
    config = settings.OMERO_CONFIG
    count = int(config["omero.security.login_failure_throttle_count"])
    window = timedelta(milliseconds=int(config["omero.security.login_failure_throttle_time"]))
    return count, window


def _keys(username: str | None, address: str | None) -> list[str]:
    names = []
    if username:
        names.append(f"account:{username}")
    if address:
        names.append(f"address:{address}")
    return [hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest() for name in names]


def check(username: str | None, address: str | None) -> None:
    """Raise :class:`LoginThrottledError` if the account or the address is throttled."""
    count, window = _limits()
    if count <= 0:
        return
    now = timezone.now()
    rows = LoginFailure.objects.filter(
        key__in=_keys(username, address), failures__gt=count, last_failure__gt=now - window
    )
    last = max((row.last_failure for row in rows), default=None)
    if last is not None:
        raise LoginThrottledError(max(1, math.ceil((last + window - now).total_seconds())))


def record_failure(username: str | None, address: str | None) -> None:
    """Count one failed login of ``username`` from ``address`` (either may be unknown)."""
    count, window = _limits()
    if count <= 0:
        return
    now = timezone.now()
    with transaction.atomic():
        LoginFailure.objects.filter(last_failure__lte=now - window).delete()
        for key in _keys(username, address):
            _count(key, now, window)


def _count(key: str, now: datetime, window: timedelta) -> None:
    try:
        with transaction.atomic():
            row, created = LoginFailure.objects.select_for_update().get_or_create(
                key=key, defaults={"failures": 1, "last_failure": now}
            )
    except IntegrityError:  # another worker made the row first
        row, created = LoginFailure.objects.select_for_update().get(key=key), False
    if created:
        return
    row.failures = 1 if now - row.last_failure > window else row.failures + 1
    row.last_failure = now
    row.save(update_fields=["failures", "last_failure"])


def clear(username: str) -> None:
    """Forget the failures of ``username`` (after it signed in)."""
    LoginFailure.objects.filter(key__in=_keys(username, None)).delete()


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or, when that is one of
    ``omero.web.trusted_proxies``, the last X-Forwarded-For entry that is not."""
    if request is None:
        return None
    address = str(request.META.get("REMOTE_ADDR") or "")
    trusted = set(settings.OMERO_CONFIG["omero.web.trusted_proxies"])
    if address in trusted:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
        for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
            address = hop
            if hop not in trusted:
                break
    return address or None


def authenticate(request: HttpRequest, *, username: str, password: str) -> Any:
    """Django's ``authenticate`` behind the throttle: the user, or None.

    Raises :class:`LoginThrottledError` without trying the password when the
    account or the address is throttled.
    """
    check(username, client_address(request))
    return auth.authenticate(request, username=username, password=password)


@receiver(user_login_failed, dispatch_uid="pyomero.model.throttle.failed")
def _on_failure(sender: Any, credentials: dict[str, Any], request: Any = None, **_: Any) -> None:
    username = credentials.get("username")
    record_failure(str(username) if username else None, client_address(request))


@receiver(user_logged_in, dispatch_uid="pyomero.model.throttle.signed_in")
def _on_success(sender: Any, request: Any, user: Any, **_: Any) -> None:
    clear(user.get_username())
