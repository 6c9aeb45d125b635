"""Tags, key-value pairs, ratings and comments on an object (through the actions)."""

from __future__ import annotations

from django.http import HttpRequest

from pyomero.model.actions import do_add_comment, do_set_rating
from pyomero.model.errors import InputInvalidError
from pyomero.model.models import CLIENT_MAP_NS
from pyomero.model.permissions import Action
from pyomero.webclient.annotating import add_pairs, add_tag, edit_map
from pyomero.webclient.objects import access_by_type
from pyomero.webclient.session import context
from pyomero.webclient.views._common import allow, panel_action


@allow("POST")
@panel_action
def annotate_tags(request: HttpRequest, c_type: str, c_id: int) -> None:
    """``tag``: a tag's text (the group's tag of that text, else a new one); or ``tag_id``."""
    ctx = context(request)
    obj = access_by_type(ctx, c_type, c_id, Action.ANNOTATE)
    add_tag(ctx, obj, request.POST.get("tag", ""), request.POST.get("tag_id", ""))


@allow("POST")
@panel_action
def annotate_map(request: HttpRequest, c_type: str, c_id: int) -> None:
    """``key`` and ``value`` (repeated, in order): added to the end of the user's own map
    of ``ns`` (default OMERO's client namespace) on the object, made when there is none;
    with ``annotation_id``, the new rows of that map (none left: the map is removed)."""
    ctx = context(request)
    obj = access_by_type(ctx, c_type, c_id, Action.ANNOTATE)
    pairs = list(zip(request.POST.getlist("key"), request.POST.getlist("value"), strict=False))
    pairs = [(key.strip(), value) for key, value in pairs if key.strip() or value.strip()]
    if request.POST.get("annotation_id"):
        edit_map(ctx, obj, request.POST["annotation_id"], pairs)
        return
    if not pairs:
        raise InputInvalidError("a key-value pair needs a key")
    add_pairs(ctx, obj, pairs, request.POST.get("ns") or CLIENT_MAP_NS)


@allow("POST")
@panel_action
def annotate_rating(request: HttpRequest, c_type: str, c_id: int) -> None:
    """``rating``: 0 (none) to 5 stars; replaces the user's own rating."""
    ctx = context(request)
    obj = access_by_type(ctx, c_type, c_id, Action.ANNOTATE)
    rating = request.POST.get("rating", "")
    if not rating.isdigit():
        raise InputInvalidError("a rating is a number of stars from 0 to 5")
    do_set_rating(ctx, obj, int(rating))


@allow("POST")
@panel_action
def annotate_comment(request: HttpRequest, c_type: str, c_id: int) -> None:
    ctx = context(request)
    obj = access_by_type(ctx, c_type, c_id, Action.ANNOTATE)
    do_add_comment(ctx, obj, request.POST.get("comment", ""))
