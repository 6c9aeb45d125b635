"""``experimenters/``, ``experimenter/new/``, ``experimenter/edit/<eid>/`` and the index."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from pyomero.model.access import access_experimenter
from pyomero.model.actions.accounts import do_create_experimenter_with, do_edit_experimenter
from pyomero.model.actions.audit import role_of
from pyomero.model.errors import ModelError
from pyomero.model.permissions import can_administer, can_modify_users, outranks
from pyomero.model.queries import data_groups, search_experimenters
from pyomero.webadmin import privileges
from pyomero.webadmin.forms import ExperimenterForm
from pyomero.webadmin.views._common import context, form_error, page, require


@require_GET
@page
def index(request: HttpRequest) -> HttpResponse:
    """Administrators land on the users, group owners on their groups, others on their
    account."""
    ctx = context(request)
    if can_administer(ctx):
        return redirect("waexperimenters")
    return redirect("wagroupowner" if ctx.leader_of_groups else "wamyaccount")


@require_GET
@page
def experimenters(request: HttpRequest) -> HttpResponse:
    ctx = context(request)
    require(can_administer(ctx), "manage users")
    search = request.GET.get("search", "").strip()
    status = request.GET.get("status", "all")
    sort = request.GET.get("sort", "ome_name")
    people = search_experimenters(ctx, search, status, sort)
    data = {"people": people, "search": search, "status": status, "sort": sort}
    data["can_create"] = can_modify_users(ctx)
    return render(request, "webadmin/experimenters.html", data)


@require_http_methods(["GET", "POST"])
@page
def create_experimenter(request: HttpRequest) -> HttpResponse:
    ctx = context(request)
    require(can_modify_users(ctx), "create users")
    form = ExperimenterForm(request.POST or None, groups=data_groups(ctx), new=True)
    error, status = "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                do_create_experimenter_with(ctx, form.edit(), form.cleaned_data["password"])
                return redirect("waexperimenters")
            except ModelError as exc:
                error, status = form_error(exc)
    data = {"form": form, "error": error, "boxes": privileges.BOXES, "new": True}
    return render(request, "webadmin/experimenter_form.html", data, status=status)


@require_http_methods(["GET", "POST"])
@page
def edit_experimenter(request: HttpRequest, eid: int) -> HttpResponse:
    ctx = context(request)
    require(can_administer(ctx), "manage users")
    experimenter = access_experimenter(ctx, eid)
    require(not outranks(ctx, eid, experimenter.privileges()), f"edit {experimenter}")
    initial = ExperimenterForm.initial_of(experimenter, role_of(experimenter))
    form = ExperimenterForm(request.POST or None, groups=data_groups(ctx), initial=initial)
    error, status = "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                do_edit_experimenter(ctx, experimenter, form.edit(experimenter.privileges()))
                return redirect("waexperimenters")
            except ModelError as exc:
                error, status = form_error(exc)
    data = {"form": form, "error": error, "experimenter": experimenter, "new": False}
    return render(request, "webadmin/experimenter_form.html", data, status=status)
