"""Sign in and out (OMERO.web's /webclient/login/ and /webclient/logout/)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from pyomero.model.directory.ldap import DirectoryError, DirectoryUnavailableError
from pyomero.model.throttle import LoginThrottledError, authenticate
from pyomero.web.forms import LoginForm
from pyomero.web.oidc import OidcSettings

log = logging.getLogger(__name__)

DIRECTORY_DOWN = (
    "Sign-in failed: the directory (LDAP) cannot be reached. Local accounts still work; "
    "directory users can sign in again when it is back."
)
DIRECTORY_FAILED = (
    "Sign-in failed: the directory (LDAP) could not check this sign-in. Please tell your "
    "administrator."
)


def next_url(request: HttpRequest) -> str:
    """Where to go after signing in: ``?url=`` when it is ours, else the default."""
    candidate = request.POST.get("url") or request.GET.get("url") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("webindex")


@login_not_required
@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    # a refused sign-in is the form again with its message, 200 as in OMERO.web
    status, retry_after, error = 200, 0, ""
    if request.method == "POST" and form.is_valid():
        try:
            user = authenticate(
                request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except LoginThrottledError as exc:
            user, status, retry_after, error = None, exc.status, exc.retry_after, exc.message
        except DirectoryError as exc:
            log.warning("LDAP sign-in of %r failed: %s", form.cleaned_data["username"], exc)
            down = isinstance(exc, DirectoryUnavailableError)
            user, status, error = None, 503, DIRECTORY_DOWN if down else DIRECTORY_FAILED
        if user is not None:
            auth.login(request, user)
            return HttpResponseRedirect(next_url(request))
        error = error or refusal(form.cleaned_data["username"])
    response = login_page(request, error, status, form)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def refusal(username: str) -> str:
    """OMERO.web's messages: guests are not supported, others get
    ``omero.web.login_incorrect_credentials_text``."""
    if username == "guest":
        return "Guest account is not supported."
    return str(settings.OMERO_CONFIG["omero.web.login_incorrect_credentials_text"])


def login_page(
    request: HttpRequest, error: str, status: int, form: LoginForm | None = None
) -> HttpResponse:
    """The login page, with ``error`` above the form, and the single sign-on button."""
    oidc = OidcSettings.from_config(settings.OMERO_CONFIG)
    context = {
        "form": form if form is not None else LoginForm(),
        "error": error,
        "url": request.GET.get("url", ""),
        "omerodir": settings.OMERODIR,
        "oidc_label": oidc.label if oidc.usable else "",
    }
    return render(request, "web/login.html", context, status=status)


@login_not_required
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth.logout(request)
    return redirect("weblogin")
