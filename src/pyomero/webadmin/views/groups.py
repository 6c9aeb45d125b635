"""``groups/``, ``group/new/``, ``group/edit/<gid>/`` and the owners' ``group_owner/``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from pyomero.model.access import access_group
from pyomero.model.actions.groups import do_create_group, do_edit_group
from pyomero.model.errors import ModelError, ObjectNotFoundError, PermissionsChangeRefusedError
from pyomero.model.models import ExperimenterGroup
from pyomero.model.permissions import can_administer, can_modify_groups
from pyomero.model.queries import (
    group_members,
    groups_with_counts,
    owned_groups,
    visible_experimenters,
)
from pyomero.webadmin.forms import GroupForm, MembersForm
from pyomero.webadmin.views._common import context, form_error, page, require


@require_GET
@page
def groups(request: HttpRequest) -> HttpResponse:
    ctx = context(request)
    require(can_administer(ctx), "manage groups")
    data = {"groups": groups_with_counts(ctx), "can_create": can_modify_groups(ctx)}
    return render(request, "webadmin/groups.html", data)


@require_http_methods(["GET", "POST"])
@page
def create_group(request: HttpRequest) -> HttpResponse:
    ctx = context(request)
    require(can_modify_groups(ctx), "create groups")
    form = GroupForm(request.POST or None, people=visible_experimenters(ctx))
    error, status = "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                do_create_group(
                    ctx,
                    data["name"],
                    data["permissions"],
                    data["description"],
                    owners=list(data["owners"]),
                    members=list(data["members"]),
                )
                return redirect("wagroups")
            except ModelError as exc:
                error, status = form_error(exc)
    context_data = {"form": form, "error": error, "new": True}
    return render(request, "webadmin/group_form.html", context_data, status=status)


def _initial(group: ExperimenterGroup) -> dict[str, object]:
    maps = list(group_members(group))
    return {
        "name": group.name,
        "description": group.description,
        "permissions": group.level.label,
        "owners": [m.child_id for m in maps if m.owner],
        "members": [m.child_id for m in maps],
    }


@require_http_methods(["GET", "POST"])
@page
def edit_group(request: HttpRequest, gid: int) -> HttpResponse:
    ctx = context(request)
    require(can_administer(ctx), "manage groups")
    group = access_group(ctx, gid)
    people = visible_experimenters(ctx)
    form = GroupForm(request.POST or None, people=people, initial=_initial(group))
    error, status, confirm = "", 200, False
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                do_edit_group(
                    ctx,
                    group,
                    name=data["name"],
                    description=data["description"],
                    permissions=data["permissions"],
                    owners=list(data["owners"]),
                    members=list(data["members"]),
                    force=data["confirm"],
                )
                return redirect("wagroups")
            except PermissionsChangeRefusedError as exc:
                error, status, confirm = exc.message, exc.status, True
            except ModelError as exc:
                error, status = form_error(exc)
    data = {"form": form, "error": error, "group": group, "new": False, "confirm": confirm}
    return render(request, "webadmin/group_form.html", data, status=status)


@require_GET
@page
def group_owner(request: HttpRequest) -> HttpResponse:
    ctx = context(request)
    owned = owned_groups(ctx)
    require(bool(ctx.leader_of_groups), "manage groups: you own none")
    rows = [(group, list(group_members(group))) for group in owned]
    return render(request, "webadmin/group_owner.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@page
def group_owner_edit(request: HttpRequest, gid: int) -> HttpResponse:
    ctx = context(request)
    group = owned_groups(ctx).filter(pk=gid).first()
    if group is None:
        raise ObjectNotFoundError("ExperimenterGroup", gid)
    initial = _initial(group)
    form = MembersForm(request.POST or None, people=visible_experimenters(ctx), initial=initial)
    error, status = "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                do_edit_group(
                    ctx,
                    group,
                    name=group.name,
                    description=group.description,
                    permissions=group.level,
                    owners=list(form.cleaned_data["owners"]),
                    members=list(form.cleaned_data["members"]),
                )
                return redirect("wagroupowner")
            except ModelError as exc:
                error, status = form_error(exc)
    data = {"form": form, "error": error, "group": group}
    return render(request, "webadmin/group_owner_form.html", data, status=status)
