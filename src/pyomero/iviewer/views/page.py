"""``iviewer/``: OMERO.iviewer's own page, from the installed ``omero_iviewer`` app.

The page's template reads ``params`` (the front end's start-up parameters, upper
case, as ``window.INITIAL_REQUEST_PARAMS``) and ``iviewer_url_suffix`` (appended to
its static URLs, a cache breaker).
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.template import Context, Engine
from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

from pyomero import __version__ as pyomero_version
from pyomero.imaging.config import imaging_config
from pyomero.model.access import access_image
from pyomero.model.context import ALL_GROUPS, event_context
from pyomero.model.errors import ObjectNotFoundError

APP = "omero_iviewer"
NOT_INSTALLED = (
    "OMERO.iviewer is not installed: run `pip install --no-deps omero-iviewer` and "
    "`omero config append omero.web.apps '\"omero_iviewer\"'`, then restart the server."
)
NOT_INSTALLED_PAGE = (
    "<!doctype html><html lang=en><head><title>OMERO.iviewer is not installed</title></head>"
    f"<body><h1>OMERO.iviewer is not installed</h1><p>{escape(NOT_INSTALLED)}</p></body></html>"
)
#: Defaults of OMERO.iviewer's own ``omero.web.iviewer.*`` settings.
ROI_PAGE_SIZE = 500
MAX_ACTIVE_CHANNELS = 10


def iviewer_version() -> str | None:
    """The installed OMERO.iviewer, when it is also in ``omero.web.apps``."""
    if not apps.is_installed(APP):
        return None
    try:
        return version("omero-iviewer")
    except PackageNotFoundError:
        return None


@cache
def page_template() -> Engine:
    """OMERO.iviewer's page template, loaded from the installed package.

    Its template uses ``{% static %}`` without loading it (OMERO.web makes the tag a
    builtin), so it gets an engine of its own with our ``static`` tag as a builtin.
    """
    spec = find_spec(APP)
    folders = list(spec.submodule_search_locations or []) if spec else []
    engine = Engine(
        dirs=[str(Path(folder) / "templates") for folder in folders],
        builtins=["pyomero.iviewer.static_tag"],
    )
    return engine


def start_params(request: HttpRequest, iviewer: str, iid: int | None) -> dict[str, object]:
    """The front end's start-up parameters: the query string, upper-cased, then URLs
    and limits, as OMERO's page passes them."""
    params: dict[str, object] = {"VERSION": iviewer, "OMERO_VERSION": pyomero_version}
    if iid is not None:
        params["IMAGES"] = iid
    for key, value in request.GET.items():
        if value:
            params[key.upper()] = value
    prefix = get_script_prefix()
    config = imaging_config()
    params.update(
        {
            "INTERPOLATE": config.interpolate_pixels,
            "WEBGATEWAY": f"{prefix}webgateway/",
            "WEBCLIENT": reverse("webindex"),
            "WEB_API_BASE": reverse("api_base", kwargs={"api_version": "0"}),
            "ROI_PAGE_SIZE": ROI_PAGE_SIZE,
            "MAX_PROJECTION_BYTES": config.max_projection_bytes,
            "MAX_ACTIVE_CHANNELS": MAX_ACTIVE_CHANNELS,
            "NODEDESCRIPTORS": None,
            "ROI_COLOR_PALETTE": "",
            "SHOW_PALETTE_ONLY": False,
            "ENABLE_MIRROR": False,
        }
    )
    if settings.FORCE_SCRIPT_NAME:
        params["URI_PREFIX"] = settings.FORCE_SCRIPT_NAME
    return params


def check_images(request: HttpRequest, iid: int | None) -> None:
    """404 (the page, not a broken viewer) when an image asked for is not visible."""
    asked = [str(iid)] if iid is not None else request.GET.get("images", "").split(",")
    ctx = event_context(request.user, ALL_GROUPS)  # type: ignore[arg-type]
    for image_id in filter(None, (part.strip() for part in asked)):
        try:
            access_image(ctx, image_id)
        except ObjectNotFoundError as exc:
            raise Http404(str(exc)) from exc


@login_required(redirect_field_name="url")
@require_safe
@ensure_csrf_cookie
def index(request: HttpRequest, iid: int | None = None, **kwargs: object) -> HttpResponse:
    """The OMERO.iviewer page (``?images=<id>``; ``iid`` when it is the default viewer)."""
    iviewer = iviewer_version()
    if iviewer is None:
        return HttpResponseNotFound(NOT_INSTALLED_PAGE)
    check_images(request, iid)
    page = {
        "params": start_params(request, iviewer, iid),
        "iviewer_url_suffix": f"?_iviewer-{iviewer}",
    }
    template = page_template().get_template("omero_iviewer/index.html")
    response = HttpResponse(template.render(Context(page)))
    response.csp_trust_own_scripts = True  # type: ignore[attr-defined]  # its inline script
    return response
