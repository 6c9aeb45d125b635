"""Who acts, in which group, showing whose data: read from the request and its session.

OMERO.web keeps the active group in the session (``active_group``) and the member
whose data the tree shows (``user_id``; -1 for all members).
"""

from __future__ import annotations

from django.http import HttpRequest

from pyomero.model.context import EventContext, event_context
from pyomero.model.errors import ObjectNotFoundError

ACTIVE_GROUP = "active_group"
SHOW_OF = "user_id"
ALL_MEMBERS = -1


def context(request: HttpRequest) -> EventContext:
    """The signed-in user acting in the session's active group (else their default)."""
    found = getattr(request, "_webclient_context", None)
    if found is None:
        try:
            found = event_context(request.user, request.session.get(ACTIVE_GROUP))  # type: ignore[arg-type]
        except ObjectNotFoundError:  # no longer a member: back to the default group
            request.session.pop(ACTIVE_GROUP, None)
            found = event_context(request.user)  # type: ignore[arg-type]
        request._webclient_context = found  # type: ignore[attr-defined]
    return found


def shown_experimenter(request: HttpRequest, ctx: EventContext) -> int:
    """Whose data the tree shows: ``?experimenter=`` (remembered), else the session's."""
    asked = request.GET.get("experimenter", "")
    if asked.lstrip("-").isdigit():
        request.session[SHOW_OF] = int(asked)
    shown = request.session.get(SHOW_OF, ctx.user_id)
    return shown if isinstance(shown, int) else ctx.user_id
