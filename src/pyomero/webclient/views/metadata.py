"""The right-hand panel of an object (OMERO's ``metadata_details/<type>/<id>/``) and
the edits made from its General section that answer JSON (``edit_channel_names``)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from pyomero.model.actions import do_set_channel_names, do_set_channel_names_in
from pyomero.model.actions.containers import channel_names
from pyomero.model.errors import InputInvalidError, ModelError
from pyomero.model.models import Pixels
from pyomero.model.permissions import Action
from pyomero.webclient.objects import access_by_type
from pyomero.webclient.session import context
from pyomero.webclient.views._common import allow, json_view, render_panel

CHANNEL_FIELD = re.compile(r"^channel(\d+)$")
PARENT_FIELD = re.compile(r"^(dataset|plate)-(\d+)$")  # OMERO's parentId


@allow("GET")
@login_required(redirect_field_name="url")
def metadata_details(request: HttpRequest, c_type: str, c_id: int) -> HttpResponse:
    try:
        return render_panel(request, c_type, c_id)
    except ModelError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain")


@allow("POST")
@json_view
def edit_channel_names(request: HttpRequest, image_id: int) -> dict[str, Any]:
    """``channel0=...&channel1=...`` (0-based): the image's new channel names; with
    ``parentId=dataset-<id>`` (or ``plate-<id>``), those of every image there with as
    many channels that the user may edit, as OMERO's "apply to all". Answers OMERO's
    ``{"channelNames": {"channel0": ...}, "imageCount", "updateCount"}``."""
    names = {
        int(match.group(1)): str(value)
        for key, value in request.POST.items()
        if (match := CHANNEL_FIELD.match(key))
    }
    ctx = context(request)
    parent = request.POST.get("parentId", "")
    if parent:
        found = PARENT_FIELD.match(parent)
        if found is None:
            raise InputInvalidError(f"parentId={parent!r} is not dataset-<id> or plate-<id>")
        image = access_by_type(ctx, "image", image_id)
        container = access_by_type(ctx, found.group(1), int(found.group(2)))
        pixels = Pixels.objects.filter(image=image).first()
        if pixels is None:
            raise InputInvalidError(f"Image {image.pk} has no channels to name")
        images, updated = do_set_channel_names_in(ctx, container, names, pixels.size_c)
        shown = channel_names(names, pixels.size_c)
    else:
        image = access_by_type(ctx, "image", image_id, Action.EDIT)
        shown = do_set_channel_names(ctx, image, names)
        images, updated = 1, len(shown)
    return {
        "channelNames": {f"channel{index}": name for index, name in sorted(shown.items())},
        "imageCount": images,
        "updateCount": updated,
    }
