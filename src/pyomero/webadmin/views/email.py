"""``email/``: an administrator writes to users and groups through ``omero.mail.*``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from pyomero.model.permissions import can_send_email
from pyomero.model.queries import data_groups, email_recipients, visible_experimenters
from pyomero.webadmin import mail
from pyomero.webadmin.errors import WebadminError
from pyomero.webadmin.forms import EmailForm
from pyomero.webadmin.views._common import context, page, require


@require_http_methods(["GET", "POST"])
@page
def email(request: HttpRequest) -> HttpResponse:
    ctx = context(request)
    require(can_send_email(ctx), "send email to users")
    people = visible_experimenters(ctx).exclude(email="")
    form = EmailForm(request.POST or None, groups=data_groups(ctx), people=people)
    sent, error, status = None, "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            recipients = email_recipients(
                ctx,
                everyone=data["everyone"],
                groups=data["groups"],
                experimenters=data["experimenters"],
                inactive=data["inactive"],
            )
            try:
                sent = mail.send(data["subject"], data["message"], recipients)
                status = 200
            except WebadminError as exc:
                error, status = exc.message, exc.status
    data = {"form": form, "sent": sent, "error": error, "enabled": mail.mail_enabled()}
    return render(request, "webadmin/email.html", data, status=status)
