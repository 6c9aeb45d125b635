"""The viewer's ROIs: ``<iid>/rois/`` (GET the shapes, POST the edits), the ROI table
``<iid>/rois/stats/`` as JSON and ``<iid>/rois/stats.csv``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_safe

from pyomero.model.access import access_image
from pyomero.model.actions import do_save_roi_edits
from pyomero.viewer import rois
from pyomero.viewer.views._json import channels, context, index, json_body, json_view


@json_view
@require_http_methods(["GET", "POST"])
def image_rois(request: HttpRequest, iid: int) -> Any:
    """GET: ``{"shapes": [...]}``; POST the edits: ``{"ids": {client id: "roi:shape"}}``."""
    ctx = context(request)
    if request.method == "POST":
        edits = rois.parse_edits(json_body(request))
        return {"ids": do_save_roi_edits(ctx, access_image(ctx, iid), edits)}
    return {"shapes": rois.image_shapes(ctx, iid)}


@json_view
@require_http_methods(["GET", "HEAD", "POST"])
def roi_stats(request: HttpRequest, iid: int) -> Any:
    """``?z=&t=&c=`` (0-based): the statistics of every shape of the image; POST the
    viewer's unsaved shapes (:func:`~pyomero.viewer.rois.parse_drafts`) to have them
    measured too."""
    z, t = index(request, "z"), index(request, "t")
    drafts = rois.parse_drafts(json_body(request)) if request.method == "POST" else []
    return rois.stats_table(context(request), iid, z, t, channels(request), drafts)


@json_view
@require_safe
def roi_stats_csv(request: HttpRequest, iid: int) -> HttpResponse:
    """The ROI table as a CSV download."""
    z, t = index(request, "z"), index(request, "t")
    table = rois.stats_table(context(request), iid, z, t, channels(request))
    response = HttpResponse(rois.stats_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="image-{iid}-rois.csv"'
    return response
