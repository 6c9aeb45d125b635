"""Where a deep link (``?show=image-12``) takes the user: OMERO.web switches to the
object's group and shows its owner's data, so that a link into another group (or
root's, whose own data is empty) opens on the object rather than on an empty tree."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pyomero.model.access import access_well
from pyomero.model.errors import ModelError
from pyomero.webclient.objects import access_by_type
from pyomero.webclient.session import ACTIVE_GROUP, ALL_MEMBERS, SHOW_OF, context


def shown_object(request: HttpRequest, show: str) -> Any | None:
    """The object of ``show`` (``type-id``, OMERO's ``|``-joined list: its first) in any
    group the user may read, or None when it is malformed, missing or not visible."""
    c_type, _, c_id = show.split("|")[0].partition("-")
    if not c_id.isdigit():
        return None
    everywhere = context(request).in_group(None)
    try:
        if c_type == "well":
            return access_well(everywhere, int(c_id))
        return access_by_type(everywhere, c_type, int(c_id))
    except ModelError:
        return None


def follow_show(request: HttpRequest, show: str) -> None:
    """Make the session's group the object's, and whose data is shown its owner's
    (unless all members' data is shown). Nothing changes for an unknown object."""
    obj = shown_object(request, show)
    if obj is None:
        return
    if obj.group_id != context(request).group_id:
        request.session[ACTIVE_GROUP] = obj.group_id
        request.__dict__.pop("_webclient_context", None)
    if request.session.get(SHOW_OF) != ALL_MEMBERS:
        request.session[SHOW_OF] = obj.owner_id
