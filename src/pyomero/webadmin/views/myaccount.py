"""``myaccount/``: one's own details and default group, and the picture (avatar)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pyomero.model.access import access_experimenter
from pyomero.model.actions.accounts import AVATAR_MAX_BYTES, do_set_avatar, do_update_my_account
from pyomero.model.errors import ModelError
from pyomero.model.models import ExperimenterAvatar
from pyomero.model.queries import data_groups
from pyomero.webadmin.forms import AvatarForm, MyAccountForm
from pyomero.webadmin.views._common import context, form_error, page

PLACEHOLDER = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    '<rect width="64" height="64" fill="#d5dbe1"/><circle cx="32" cy="24" r="12" fill="#5b6673"/>'
    '<ellipse cx="32" cy="58" rx="22" ry="16" fill="#5b6673"/></svg>'
)


@require_http_methods(["GET", "POST"])
@page
def myaccount(request: HttpRequest) -> HttpResponse:
    ctx = context(request)
    me = access_experimenter(ctx, ctx.user_id)
    fields = ("first_name", "middle_name", "last_name", "email", "institution")
    initial = {name: getattr(me, name) for name in fields}
    initial["default_group"] = me.default_group_id
    mine = data_groups(ctx).filter(pk__in=ctx.member_of_groups)
    form = MyAccountForm(request.POST or None, groups=mine, initial=initial)
    error, status, saved = "", 200, request.GET.get("saved") == "1"
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                do_update_my_account(ctx, me, default_group=data.pop("default_group"), **data)
                return redirect(reverse("wamyaccount") + "?saved=1")
            except ModelError as exc:
                error, status = form_error(exc)
    data = {"form": form, "me": me, "error": error, "saved": saved, "avatar_form": AvatarForm()}
    return render(request, "webadmin/myaccount.html", data, status=status)


@require_POST
@page
def upload_avatar(request: HttpRequest) -> HttpResponse:
    ctx = context(request)
    me = access_experimenter(ctx, ctx.user_id)
    form = AvatarForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["photo"]
        do_set_avatar(ctx, me, upload.read(AVATAR_READ_LIMIT))
    return redirect("wamyaccount")


AVATAR_READ_LIMIT = AVATAR_MAX_BYTES + 1  # one byte over the action's limit, so it can refuse


@require_GET
@page
def myphoto(request: HttpRequest, eid: int | None = None) -> HttpResponse:
    """The picture of a user ctx may see (one's own without ``eid``), or a placeholder."""
    ctx = context(request)
    user = access_experimenter(ctx, eid if eid is not None else ctx.user_id)
    avatar = ExperimenterAvatar.objects.filter(experimenter=user).first()
    if avatar is None:
        return HttpResponse(PLACEHOLDER, content_type="image/svg+xml")
    response = HttpResponse(bytes(avatar.data), content_type=avatar.content_type)
    response["Cache-Control"] = "private, max-age=60"
    return response
