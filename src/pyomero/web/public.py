"""The public user: anonymous visitors browse chosen URLs as one shared account.

With ``omero.web.public.enabled``, a request from a visitor who is not signed
in, for a page that needs a signed-in user, whose path the regular expression
``omero.web.public.url_filter`` finds (``re.search``, as OMERO.web), is served
as ``omero.web.public.user``. Any other page sends the visitor to the login
page, as usual.

Which path the filter sees: the path *without* ``omero.web.prefix``
(Django's ``request.path_info``), as in OMERO.web. Under ``/omero`` a request
for ``/omero/webclient/`` is matched as ``/webclient/``, so ``^/webclient``
keeps working when the site moves under a prefix; a filter that starts with
the prefix matches nothing.

Nothing persists: the middleware sets ``request.user`` for the one request and
never signs the visitor in, so no session is created, and the next request for
a non-public page is anonymous again. Signing in with a real account works as
usual; a signed-in user is never replaced by the public user.

With ``omero.web.public.get_only`` (the default) a public request other than
GET or HEAD is refused with 403 and a message. Pages that do not need a
signed-in user (marked with Django's ``login_not_required``, such as the login
page) are left alone, so visitors can still sign in under a public filter.

The password of the public user is checked once, as OMERO does when it opens
the public connection, and again only when the account's password changes.
When the account is missing, inactive or the password is wrong, the error is
logged (at most once a minute) and visitors are treated as anonymous;
``omero web`` system check ``pyomero.web.E012`` reports the same.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse

from pyomero.model.models import Experimenter

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD"})
RETRY_SECONDS = 60.0
READ_ONLY_MESSAGE = (
    "The public user may only read (GET) here: sign in to make changes.\n"
    "(omero.web.public.get_only is true.)\n"
)


class PublicUserError(Exception):
    """The public user is misconfigured; ``code`` is stable, ``str()`` says what to fix."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class PublicUserSettings:
    login: str
    password: str
    url_filter: re.Pattern[str]
    get_only: bool

    @classmethod
    def from_settings(cls) -> PublicUserSettings | None:
        """The public user's settings, or None when it is off."""
        if not getattr(settings, "PUBLIC_ENABLED", False):
            return None
        url_filter = settings.PUBLIC_URL_FILTER
        if isinstance(url_filter, str):
            url_filter = re.compile(url_filter)
        return cls(
            login=settings.PUBLIC_USER,
            password=settings.PUBLIC_PASSWORD,
            url_filter=url_filter,
            get_only=settings.PUBLIC_GET_ONLY,
        )

    def matches(self, request: HttpRequest) -> bool:
        """Whether the filter finds the request's path, without the prefix."""
        return self.url_filter.search(request.path_info) is not None


def authenticate_public_user(login: str, password: str) -> Experimenter:
    """The public account, if it exists, is active and ``password`` is its password."""
    if not login:
        raise PublicUserError(
            "no_user", "omero.web.public.enabled is true but omero.web.public.user is empty"
        )
    user = Experimenter.objects.filter(ome_name=login).first()
    if user is None:
        raise PublicUserError(
            "unknown_user", f"omero.web.public.user {login!r} is not an existing user"
        )
    if not user.is_active:
        raise PublicUserError("inactive_user", f"omero.web.public.user {login!r} is disabled")
    if not user.check_password(password):
        raise PublicUserError(
            "wrong_password",
            f"omero.web.public.password is not the password of {login!r}",
        )
    return user


def is_public_request(request: HttpRequest) -> bool:
    """Whether this request is served as the public user."""
    return bool(getattr(request, "is_public_user", False))


class PublicUserMiddleware:
    """Serve anonymous requests for public URLs as the public user (after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        public = PublicUserSettings.from_settings()
        if public is None:
            raise MiddlewareNotUsed("omero.web.public.enabled is false")
        self.get_response = get_response
        self.public = public
        self._lock = threading.Lock()
        self._verified: tuple[int, str] | None = None  # (pk, password hash) that matched
        self._failed_at: float | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.is_public_user = False  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if request.user.is_authenticated or not getattr(view_func, "login_required", True):
            return None
        if not self.public.matches(request):
            return None
        if self.public.get_only and request.method not in SAFE_METHODS:
            return HttpResponse(READ_ONLY_MESSAGE, status=403, content_type="text/plain")
        user = self.public_user()
        if user is None:
            return None

        async def auser() -> Experimenter:
            return user

        request.user = user
        request.auser = auser
        request.is_public_user = True  # type: ignore[attr-defined]
        return None

    def public_user(self) -> Experimenter | None:
        """The public account, its password checked once; None (logged) when misconfigured."""
        verified = self._verified
        if verified is not None:
            user = Experimenter.objects.filter(pk=verified[0], is_active=True).first()
            if user is not None and user.password == verified[1]:
                return user
        if self._failed_at is not None and time.monotonic() - self._failed_at < RETRY_SECONDS:
            return None
        with self._lock:
            try:
                user = authenticate_public_user(self.public.login, self.public.password)
            except PublicUserError as exc:
                self._verified = None
                self._failed_at = time.monotonic()
                logger.error("Public user disabled: %s; visitors are anonymous.", exc)
                return None
            self._verified = (user.pk, user.password)
            self._failed_at = None
            return user
