"""The viewer's page: the image's identity and URLs; the front end does the rest."""

from __future__ import annotations

import secrets

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

from pyomero.model.access import access_image
from pyomero.model.context import ALL_GROUPS, event_context
from pyomero.model.errors import ObjectNotFoundError
from pyomero.model.models import Pixels

#: The most images side by side.
MAX_SIDE_BY_SIDE = 4
#: The shapes the viewer draws (a Mask is shown, not drawn; an Arrow is a Line with an
#: arrowhead at its end).
DRAWN_KINDS = ("Rectangle", "Ellipse", "Point", "Line", "Arrow", "Polyline", "Polygon", "Label")


def not_found(request: HttpRequest, missing: ObjectNotFoundError) -> HttpResponse:
    """The viewer's 404 page: which image, and the way back to the data."""
    page = {"kind": missing.omero_type, "object_id": missing.object_id}
    return render(request, "viewer/not_found.html", page, status=404)


@login_required(redirect_field_name="url")
@require_safe
@ensure_csrf_cookie
def img_detail(request: HttpRequest, iid: int) -> HttpResponse:
    """``img_detail/<iid>/``: the viewer's 404 page when the image is missing or not
    visible (the two look the same)."""
    ctx = event_context(request.user, ALL_GROUPS)  # type: ignore[arg-type]
    try:
        image = access_image(ctx, iid)
    except ObjectNotFoundError as exc:
        return not_found(request, exc)
    page = {
        "image": image,
        "img_data_url": reverse("webgateway:webgateway_imageData_json", kwargs={"iid": image.pk}),
        "save_url": reverse("webgateway:webgateway_save_image_rdef_json", kwargs={"iid": image.pk}),
        "rois_url": reverse("viewer_rois", kwargs={"iid": image.pk}),
        "stats_url": reverse("viewer_roi_stats", kwargs={"iid": image.pk}),
        "pixel_url": reverse("viewer_pixel", kwargs={"iid": image.pk}),
        "delta_url": reverse("viewer_delta_t", kwargs={"iid": image.pk}),
        "viewer_base": reverse("web_image_viewer", kwargs={"iid": 0}).removesuffix("0/"),
        "shape_kinds": DRAWN_KINDS,
        # Side by side, the compare page's one panel drives the map: only the map shows.
        "embedded": request.GET.get("embed") == "1",
    }
    return render(request, "viewer/img_detail.html", page)


@login_required(redirect_field_name="url")
@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    """``img_detail/compare/?images=1,2``: viewers side by side (maps only), following
    each other and one shared panel (Z, T, zoom)."""
    ctx = event_context(request.user, ALL_GROUPS)  # type: ignore[arg-type]
    ids = [part for part in request.GET.get("images", "").split(",") if part.strip()]
    if not 1 <= len(ids) <= MAX_SIDE_BY_SIDE:
        return render(
            request, "viewer/compare.html", {"error": "Choose 1 to 4 images."}, status=400
        )
    try:
        images = [access_image(ctx, part) for part in ids]
    except ObjectNotFoundError as exc:
        return not_found(request, exc)
    sizes = list(Pixels.objects.filter(image__in=images).values_list("size_z", "size_t"))
    page = {
        "images": images,
        "sync": secrets.token_hex(6),
        "size_z": max((z for z, _ in sizes), default=1),
        "size_t": max((t for _, t in sizes), default=1),
    }
    return render(request, "viewer/compare.html", page)
