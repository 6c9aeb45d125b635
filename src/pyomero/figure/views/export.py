"""``make_web_figure/``: export a figure to PDF or TIFF as a background task.

OMERO runs its Figure_To_Pdf script; pyomero queues its own export and answers the
job id (``{"jobId": "export-<activity id>"}``) that OMERO.figure polls in the
webclient's ``activities_json/`` until the result, a FileAnnotation, can be downloaded.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.views.decorators.http import require_POST

from pyomero.imaging.figure_export import start_export
from pyomero.imports import submit_export
from pyomero.model.errors import InputInvalidError
from pyomero.webgateway.views._common import context, json_view


@json_view
@require_POST
def make_web_figure(request: HttpRequest) -> Any:
    figure_json = request.POST.get("figureJSON")
    if figure_json is None:
        raise InputInvalidError("No 'figureJSON' in POST")
    option = request.POST.get("exportOption", "PDF")
    acting, activity_id, figure = start_export(context(request), figure_json, option)
    submit_export(acting, activity_id, figure, option)
    return {"jobId": f"export-{activity_id}"}
