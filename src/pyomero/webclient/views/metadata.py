"""The right-hand panel of an object (OMERO's ``metadata_details/<type>/<id>/``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from pyomero.model.errors import ModelError
from pyomero.webclient.views._common import allow, render_panel


@allow("GET")
@login_required(redirect_field_name="url")
def metadata_details(request: HttpRequest, c_type: str, c_id: int) -> HttpResponse:
    try:
        return render_panel(request, c_type, c_id)
    except ModelError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
