"""OMERO.web's "Original metadata" of an image: ``load_original_metadata/<id>/`` (the
panel's section: global and series pairs, each table with a filter box) and
``download_orig_metadata/<id>/`` (the same as ``Original_Metadata.txt``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pyomero.model.errors import ModelError
from pyomero.webclient.acquisition import original_metadata
from pyomero.webclient.session import context
from pyomero.webclient.views._common import allow


@allow("GET")
@login_required(redirect_field_name="url")
def load_original_metadata(
    request: HttpRequest, image_id: int, share_id: str | None = None
) -> HttpResponse:
    # share_id: OMERO's path carries a share; pyomero reads the image as the user.
    try:
        found = original_metadata(context(request), image_id)
    except ModelError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
    return render(request, "webclient/original_metadata.html", {"found": found})


@allow("GET")
@login_required(redirect_field_name="url")
def download_orig_metadata(request: HttpRequest, image_id: int) -> HttpResponse:
    try:
        found = original_metadata(context(request), image_id)
    except ModelError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
    answer = HttpResponse(found.text, content_type="text/plain; charset=utf-8")
    answer["Content-Disposition"] = 'attachment; filename="Original_Metadata.txt"'
    return answer
