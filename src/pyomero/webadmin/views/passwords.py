"""``change_password/<eid>/``, and the forgotten password: a single-use, expiring link.

The link carries Django's password reset token: it is signed with the secret key,
expires after ``PASSWORD_RESET_TIMEOUT`` and becomes invalid once the password (or
the last login) changes, so it works once.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.views.decorators.http import require_http_methods

from pyomero.model.access import access_experimenter
from pyomero.model.actions.accounts import (
    LDAP_PASSWORD,
    do_change_password,
    do_reset_password,
)
from pyomero.model.errors import ModelError
from pyomero.model.models import Experimenter
from pyomero.model.permissions import can_set_password
from pyomero.model.site import SiteUrlUnknownError, absolute_link
from pyomero.webadmin import mail
from pyomero.webadmin.errors import WebadminError
from pyomero.webadmin.forms import ForgottenPasswordForm, PasswordForm, ResetPasswordForm
from pyomero.webadmin.views._common import context, form_error, page, require


@require_http_methods(["GET", "POST"])
@page
def change_password(request: HttpRequest, eid: int) -> HttpResponse:
    ctx = context(request)
    experimenter = access_experimenter(ctx, eid)
    own = experimenter.pk == ctx.user_id
    allowed = can_set_password(ctx, experimenter.pk, experimenter.privileges())
    require(allowed, f"change the password of {experimenter}")
    if experimenter.ldap:
        message = LDAP_PASSWORD.format(user=experimenter) + "."
        return render(request, "webadmin/error.html", {"error": message}, status=403)
    form = PasswordForm(request.POST or None)
    error, status = "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                do_change_password(
                    ctx, experimenter, data["password"], data["old_password"] if own else None
                )
                if own:
                    update_session_auth_hash(request, experimenter)
                return redirect("wamyaccount" if own else "waexperimenters")
            except ModelError as exc:
                error, status = form_error(exc)
    data = {"form": form, "error": error, "experimenter": experimenter, "own": own}
    return render(request, "webadmin/change_password.html", data, status=status)


class ResetLinkInvalidError(WebadminError):
    status = 404
    code = "reset_link_invalid"


@require_http_methods(["GET", "POST"])
@login_not_required
def forgotten_password(request: HttpRequest) -> HttpResponse:
    """Mail a reset link when login name and email match an active user; the answer is
    the same either way, so the page tells nobody who has an account."""
    form = ForgottenPasswordForm(request.POST or None)
    sent, error, status = False, "", 200
    try:
        absolute_link(request, "/", strict=True)  # refuse to trust Host for mailed links
    except SiteUrlUnknownError as exc:
        data = {"form": form, "sent": False, "error": exc.message, "unconfigured": True}
        status = exc.status if request.method == "POST" else 200  # the page itself is fine
        return render(request, "webadmin/forgotten_password.html", data, status=status)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            user = Experimenter.objects.filter(
                ome_name=form.cleaned_data["username"],
                email__iexact=form.cleaned_data["email"],
                is_active=True,
            ).first()
            try:
                if user is not None:
                    _send_reset_link(request, user)
                sent, status = True, 200
            except WebadminError as exc:
                error, status = exc.message, exc.status
    ldap = bool(settings.OMERO_CONFIG["omero.ldap.config"])
    data = {"form": form, "sent": sent, "error": error, "ldap": ldap}
    return render(request, "webadmin/forgotten_password.html", data, status=status)


def _send_reset_link(request: HttpRequest, user: Experimenter) -> None:
    if user.ldap:
        body = (
            f"Someone asked to reset the OMERO password of {user.ome_name}.\n\n"
            "This account signs in with your institution's directory (LDAP): OMERO has no "
            "password of its own for it. Change or reset your password with your "
            "institution's IT service; OMERO will accept the new one at once.\n"
        )
        mail.send("OMERO password reset", body, [user.email], bcc=False)
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = absolute_link(request, reverse("waresetpassword", args=[uid, token]), strict=True)
    body = (
        f"Someone asked to reset the OMERO password of {user.ome_name}.\n\n"
        f"To choose a new password, open this link (it works once):\n{link}\n\n"
        "If you did not ask for it, ignore this message: your password stays as it is.\n"
    )
    mail.send("OMERO password reset", body, [user.email], bcc=False)


def _user_of(uidb64: str, token: str) -> Experimenter:
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError):
        pk = None
    user = Experimenter.objects.filter(pk=pk, is_active=True).first() if pk else None
    if user is None or not default_token_generator.check_token(user, token):
        raise ResetLinkInvalidError("this reset link is not valid: it expired or was used")
    return user


@require_http_methods(["GET", "POST"])
@login_not_required
def reset_password(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        user = _user_of(uidb64, token)
    except WebadminError as exc:
        data = {"error": exc.message, "status": exc.status}
        return render(request, "webadmin/error.html", data, status=exc.status)
    form = ResetPasswordForm(request.POST or None)
    error, status = "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                do_reset_password(user, form.cleaned_data["password"])
                return redirect(reverse("weblogin") + "?reset=1")
            except ModelError as exc:
                error, status = form_error(exc)
    data = {"form": form, "error": error, "user_name": user.ome_name}
    return render(request, "webadmin/reset_password.html", data, status=status)
