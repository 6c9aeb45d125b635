"""The webclient's page: top bar, tree, thumbnails and the right-hand panel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pyomero.model.queries import visible_experimenters, visible_groups
from pyomero.webclient.config import webclient_config
from pyomero.webclient.navigation import follow_show
from pyomero.webclient.session import ACTIVE_GROUP, ALL_MEMBERS, context, shown_experimenter
from pyomero.webclient.views._common import allow


@allow("GET")
@login_required(redirect_field_name="url")
def index(request: HttpRequest) -> HttpResponse:
    if request.GET.get("show"):
        follow_show(request, request.GET["show"])
    ctx = context(request)
    groups = visible_groups(ctx).exclude(pk__in=ctx.system_group_ids)
    members = visible_experimenters(ctx)
    if ctx.group_id is not None:
        members = members.filter(group_maps__parent_id=ctx.group_id).distinct()
    page = {
        "ctx": ctx,
        "groups": groups,
        "members": members,
        "shown": shown_experimenter(request, ctx),
        "all_members": ALL_MEMBERS,
        "show": request.GET.get("show", ""),
        "config": webclient_config(),
    }
    return render(request, "webclient/index.html", page)


@allow("GET")
@login_required(redirect_field_name="url")
def active_group(request: HttpRequest) -> HttpResponse:
    """``active_group/?active_group=<id>``: switch group (checked when next used)."""
    group = request.GET.get("active_group", "")
    if group.lstrip("-").isdigit():
        request.session[ACTIVE_GROUP] = int(group)
    return redirect("webindex")
