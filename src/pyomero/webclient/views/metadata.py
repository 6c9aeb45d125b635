"""The right-hand panel of an object (OMERO's ``metadata_details/<type>/<id>/``) and
the edits made from its General section that answer JSON (``edit_channel_names``)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from pyomero.model.actions import do_set_channel_names
from pyomero.model.errors import ModelError
from pyomero.model.permissions import Action
from pyomero.webclient.objects import access_by_type
from pyomero.webclient.session import context
from pyomero.webclient.views._common import allow, json_view, render_panel

CHANNEL_FIELD = re.compile(r"^channel(\d+)$")


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
    """``channel0=...&channel1=...`` (0-based): the image's new channel names. Answers
    OMERO's ``{"channelNames": {"channel0": ...}, "imageCount", "updateCount"}``."""
    names = {
        int(match.group(1)): str(value)
        for key, value in request.POST.items()
        if (match := CHANNEL_FIELD.match(key))
    }
    ctx = context(request)
    image = access_by_type(ctx, "image", image_id, Action.EDIT)
    renamed = do_set_channel_names(ctx, image, names)
    return {
        "channelNames": {f"channel{index}": name for index, name in sorted(renamed.items())},
        "imageCount": 1,
        "updateCount": len(renamed),
    }
