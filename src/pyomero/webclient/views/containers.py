"""Create projects and datasets; rename and re-describe objects (through the actions)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pyomero.model.access import access_project
from pyomero.model.actions import (
    do_create_dataset,
    do_create_project,
    do_create_screen,
    do_create_tag,
    do_create_tagset,
    do_update,
)
from pyomero.model.errors import ModelError
from pyomero.model.permissions import Action
from pyomero.webclient.objects import access_by_type
from pyomero.webclient.session import context
from pyomero.webclient.views import omero_actions
from pyomero.webclient.views._common import allow, panel_action, show_url


def wants_json(request: HttpRequest) -> bool:
    """OMERO.web answers ``action/addnewcontainer/`` with JSON: to jQuery's XHR
    (``X-Requested-With``), to ``Accept: application/json`` and to scripts and test
    clients (no ``Sec-Fetch-Mode``, which browsers send). A browser's form or ``fetch``
    asking for neither gets pyomero's redirect to the new object."""
    headers = request.headers
    if headers.get("X-Requested-With") == "XMLHttpRequest":
        return True
    accept = headers.get("Accept", "")
    if "application/json" in accept:
        return True
    return "Sec-Fetch-Mode" not in headers and "text/html" not in accept


@allow("POST")
@login_required(redirect_field_name="url")
def addnewcontainer(request: HttpRequest) -> HttpResponse:
    """``folder_type`` project, dataset, screen, tag or tagset; ``name``, ``description``,
    optional ``project`` (for a dataset). The page's form and its background post go on
    to the new object; scripts and OMERO.web's own clients get its JSON ``{"id": ...}``
    (see :func:`wants_json`)."""
    if wants_json(request):
        return omero_actions.manage_action_containers(request, "addnewcontainer")  # type: ignore[no-any-return]
    ctx, form = context(request), request.POST
    created: Any
    kind = form.get("folder_type")
    try:
        if kind == "project":
            created = do_create_project(ctx, form.get("name", ""), form.get("description", ""))
        elif kind == "screen":
            created = do_create_screen(ctx, form.get("name", ""), form.get("description", ""))
        elif kind == "tag":
            do_create_tag(ctx, form.get("name", ""), form.get("description", ""))
            return redirect("webindex")
        elif kind == "tagset":
            do_create_tagset(ctx, form.get("name", ""), form.get("description", ""))
            return redirect("webindex")
        else:
            parent = form.get("project", "")
            project = access_project(ctx, parent, Action.LINK) if parent else None
            created = do_create_dataset(
                ctx, form.get("name", ""), form.get("description", ""), project=project
            )
    except ModelError as exc:
        return render(request, "webclient/error.html", {"error": exc}, status=exc.status)
    return redirect(show_url(created.omero_type.lower(), created.pk))


@allow("POST")
@panel_action
def save(request: HttpRequest, c_type: str, c_id: int) -> None:
    """``name`` and/or ``description``; fields not sent are left as they are."""
    ctx = context(request)
    obj = access_by_type(ctx, c_type, c_id, Action.EDIT)
    do_update(ctx, obj, name=request.POST.get("name"), description=request.POST.get("description"))
