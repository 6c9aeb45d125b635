"""Sign in and out: ``POST /api/v0/login/`` (OMERO's) and ``/api/v0/logout/`` (pyomero's).

The login takes form fields or a JSON object (``username``, ``password``,
``server``) with the CSRF token of ``/api/v0/token/``, and answers with OMERO's
event context. OMERO.web keeps the CSRF token across the login, and scripts send
the token they fetched before it with every later request; so does pyomero (see
"Decisions" in docs/api.md).
"""

from __future__ import annotations

from typing import Any

from django.contrib import auth
from django.http import HttpRequest

from pyomero.api.body import read_fields
from pyomero.api.errors import LoginFailedError, MethodNotSupportedError
from pyomero.api.respond import api_view
from pyomero.api.schema import Json
from pyomero.model.context import EventContext, event_context
from pyomero.model.models import Experimenter, ExperimenterGroup
from pyomero.model.throttle import authenticate

BAD_CREDENTIALS = "Connection not available, please check your user name and password."
FIELDS = (("username", "Username"), ("password", "Password"))
SERVER_IDS = ("1",)


def check_fields(fields: dict[str, Any]) -> None:
    """OMERO's form errors: ``"Username: This field is required."``."""
    errors = [f"{label}: This field is required." for key, label in FIELDS if not fields.get(key)]
    server = fields.get("server")
    if server not in (None, "") and str(server) not in SERVER_IDS:
        errors.append(
            "Server: Select a valid choice. That choice is not one of the available choices."
        )
    if errors:
        raise LoginFailedError(" ".join(errors))


def sign_in(request: HttpRequest, user: Experimenter) -> None:
    """Django's login, keeping the CSRF secret the client already holds."""
    secret = request.META.get("CSRF_COOKIE")
    auth.login(request, user)
    if secret:
        request.META["CSRF_COOKIE"] = secret


def event_context_json(ctx: EventContext) -> Json:
    group_name = ExperimenterGroup.objects.filter(pk=ctx.group_id).values_list("name", flat=True)
    return {
        "userId": ctx.user_id,
        "userName": ctx.user_name,
        "groupId": ctx.group_id,
        "groupName": group_name.first(),
        "isAdmin": ctx.is_admin,
        "eventId": -1,
        "eventType": "User",
        "memberOfGroups": sorted(ctx.member_of_groups),
        "leaderOfGroups": sorted(ctx.leader_of_groups),
    }


@api_view("GET", "POST", login=False)
def login(request: HttpRequest, api_version: str) -> Json:
    if request.method != "POST":
        raise MethodNotSupportedError("POST only with username, password, server and csrftoken")
    fields = read_fields(request)
    check_fields(fields)
    user = authenticate(request, username=str(fields["username"]), password=str(fields["password"]))
    if user is None:
        raise LoginFailedError(BAD_CREDENTIALS)
    sign_in(request, user)  # type: ignore[arg-type]
    return {"success": True, "eventContext": event_context_json(event_context(user))}


@api_view("POST", login=False)
def logout(request: HttpRequest, api_version: str) -> Json:
    auth.logout(request)
    return {"success": True}
