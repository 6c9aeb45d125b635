"""OMERO.webadmin's own paths, which scripts and OMERO's tests post to:
``experimenter/<new|create|edit|save>/[<eid>/]``, ``group/<new|create|edit|save>/[<gid>/]``,
``group_owner/<edit|save>/<gid>/``, ``myaccount/<action>/``,
``change_avatar/[<eid>/][<action>/]`` and ``forgottenpassword/``. Each reads OMERO's
field names and hands over to pyomero's view of the same page."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from pyomero.webadmin import omero_forms
from pyomero.webadmin.views import experimenters, groups, myaccount, passwords

CREATE, SAVE = ("new", "create"), ("edit", "save")


def _posted(request: HttpRequest, translate: Any) -> HttpRequest:
    if request.method == "POST":
        request.POST = translate(request.POST)
    return request


def manage_experimenter(request: HttpRequest, action: str, eid: str | None = None) -> HttpResponse:
    request = _posted(request, omero_forms.experimenter_form)
    if action in CREATE:
        return experimenters.create_experimenter(request)
    if action in SAVE and eid is not None:
        return experimenters.edit_experimenter(request, int(eid))
    raise Http404(f"no experimenter action {action!r}")


def manage_group(request: HttpRequest, action: str, gid: str | None = None) -> HttpResponse:
    request = _posted(request, omero_forms.group_form)
    if action in CREATE:
        return groups.create_group(request)
    if action in SAVE and gid is not None:
        return groups.edit_group(request, int(gid))
    raise Http404(f"no group action {action!r}")


def manage_group_owner(request: HttpRequest, action: str, gid: str) -> HttpResponse:
    return groups.group_owner_edit(request, int(gid))


def my_account(request: HttpRequest, action: str | None = None) -> HttpResponse:
    """``myaccount/save/`` saves the form, any other action shows the page."""
    if action not in (None, "save", "edit"):
        return redirect("wamyaccount")
    return myaccount.myaccount(request)


def manage_avatar(
    request: HttpRequest, eid: str | None = None, action: str | None = None
) -> HttpResponse:
    """``change_avatar/[<eid>/]upload/`` takes the picture (``photo``); the page otherwise."""
    if action == "upload" and request.method == "POST":
        return myaccount.upload_avatar(request)
    return redirect("wamyaccount")


def forgotten_password(request: HttpRequest) -> HttpResponse:
    """OMERO's ``forgottenpassword/``: the same view as ``forgotten_password/``."""
    return passwords.forgotten_password(request)
