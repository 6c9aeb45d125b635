"""Single sign-on with OpenID Connect: the login page's "Sign in with ..." button.

``login/oidc/`` sends the browser to the provider; ``login/oidc/callback/`` takes
it back, verifies the answer (:mod:`pyomero.web.oidc`), finds or creates the user
from the claims and signs it in. Refusals go back to the login page with a message.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from pyomero.model.actions.directory import do_sso_sign_in
from pyomero.model.errors import ModelError
from pyomero.web.oidc import OidcError, OidcSettings, account_from_claims, begin, finish
from pyomero.web.views.auth import login_page, next_url

NEXT = "pyomero_oidc_next"


def _settings() -> OidcSettings:
    return OidcSettings.from_config(settings.OMERO_CONFIG)


@login_not_required
@never_cache
@require_GET
def oidc_login(request: HttpRequest) -> HttpResponse:
    oidc = _settings()
    if not oidc.usable:
        return login_page(request, "Single sign-on is not enabled on this server.", 404)
    request.session[NEXT] = next_url(request)
    try:
        return begin(oidc, request, request.build_absolute_uri(reverse("weboidccallback")))
    except OidcError as exc:
        return login_page(request, f"Sign-in failed: {exc}.", 502)


@login_not_required
@never_cache
@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    oidc = _settings()
    if not oidc.usable:
        return login_page(request, "Single sign-on is not enabled on this server.", 404)
    try:
        user = do_sso_sign_in(account_from_claims(oidc, finish(oidc, request)))
    except (OidcError, ModelError) as exc:
        return login_page(request, f"Sign-in failed: {exc}.", 403)
    auth.login(request, user, backend="pyomero.web.backends.ExperimenterBackend")
    return HttpResponseRedirect(request.session.pop(NEXT, None) or reverse("webindex"))
