"""``figure/``: OMERO.figure's own page, from the installed ``omero_figure`` app.

OMERO.figure's page is a static build whose start-up constants (where OMERO.web is,
the user, limits, whether export works) are written in it as placeholders that the
server replaces; the placeholders and what replaces them are OMERO.figure's contract.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.template import Context, Engine
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

from pyomero.imaging.config import imaging_config
from pyomero.imaging.figures import length_units
from pyomero.model.context import ALL_GROUPS, event_context

APP = "omero_figure"
NOT_INSTALLED = (
    "OMERO.figure is not installed: run `pip install --no-deps omero-figure` and "
    "`omero config append omero.web.apps '\"omero_figure\"'`, then restart the server."
)
NOT_INSTALLED_PAGE = (
    "<!doctype html><html lang=en><head><title>OMERO.figure is not installed</title></head>"
    f"<body><h1>OMERO.figure is not installed</h1><p>{escape(NOT_INSTALLED)}</p></body></html>"
)
#: OMERO.figure's own default of its ``omero.web.figure.max_active_channels``.
MAX_ACTIVE_CHANNELS = 10


def figure_version() -> str | None:
    """The installed OMERO.figure, when it is also in ``omero.web.apps``."""
    if not apps.is_installed(APP):
        return None
    try:
        return version("omero-figure")
    except PackageNotFoundError:
        return None


@cache
def page_template() -> Engine:
    spec = find_spec(APP)
    folders = list(spec.submodule_search_locations or []) if spec else []
    return Engine(dirs=[str(Path(folder) / "templates") for folder in folders])


def _js(value: object) -> str:
    """A JavaScript literal of ``value`` that cannot end the page's script."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e")


def start_constants(request: HttpRequest, figure: str) -> dict[str, str]:
    """The page's placeholders and what they become for this user and server."""
    user = request.user
    ctx = event_context(user, ALL_GROUPS)  # type: ignore[arg-type]
    config = imaging_config()
    static_dir = static("omero_figure/")
    public = getattr(request, "is_public_user", False)
    replaced = {
        "const APP_SERVED_BY_OMERO = false;": "const APP_SERVED_BY_OMERO = true;",
        "const BASE_OMEROWEB_URL = dev_omeroweb_url;": (
            f"const BASE_OMEROWEB_URL = {_js(get_script_prefix())};"
        ),
        'const APP_ROOT_URL = "";': f"const APP_ROOT_URL = {_js(reverse('figure_index'))};",
        "const USER_ID = 0;": f"const USER_ID = {ctx.user_id};",
        'const PING_URL = "";': f"const PING_URL = {_js(reverse('keepalive_ping'))};",
        'const USER_FULL_NAME = "OME";': (
            f"const USER_FULL_NAME = {_js(f'{user.first_name} {user.last_name}'.strip())};"
        ),
        "const IS_PUBLIC_USER = false;": f"const IS_PUBLIC_USER = {_js(bool(public))};",
        "const MAX_PLANE_SIZE = 10188864;": (f"const MAX_PLANE_SIZE = {config.max_plane_pixels};"),
        "const LENGTH_UNITS = LENGTHUNITS;": f"const LENGTH_UNITS = {_js(length_units())};",
        "const MAX_ACTIVE_CHANNELS = 10;": f"const MAX_ACTIVE_CHANNELS = {MAX_ACTIVE_CHANNELS};",
        "const MAX_PROJECTION_BYTES = 1024 * 1024 * 256;": (
            f"const MAX_PROJECTION_BYTES = {config.max_projection_bytes};"
        ),
        'const STATIC_DIR = "";': f"const STATIC_DIR = {_js(static_dir.rstrip('/'))};",
        'href="/assets': f'href="{static_dir}assets',
        'src="/assets': f'src="{static_dir}assets',
        "https://cdn.jsdelivr.net/npm/bootstrap-icons@1.11.0/font/": static_dir,
    }
    # pyomero exports figures itself (figure_export), in step with the installed page.
    replaced["const EXPORT_ENABLED = false;"] = "const EXPORT_ENABLED = true;"
    replaced['const SCRIPT_VERSION = "";'] = f"const SCRIPT_VERSION = {_js(figure)};"
    if ctx.is_admin:
        replaced["const IS_ADMIN = false;"] = "const IS_ADMIN = true;"
    return replaced


@login_required(redirect_field_name="url")
@require_safe
@ensure_csrf_cookie
def index(request: HttpRequest, file_id: int | None = None) -> HttpResponse:
    """The OMERO.figure page (also at ``new/``, ``open/``, ``recover/``, ``file/<id>/``:
    the front end reads which from its own URL)."""
    figure = figure_version()
    if figure is None:
        return HttpResponseNotFound(NOT_INSTALLED_PAGE)
    html = page_template().get_template("omero_figure/index.html").render(Context({}))
    for placeholder, value in start_constants(request, figure).items():
        html = html.replace(placeholder, value)
    response = HttpResponse(html)
    response.csp_trust_own_scripts = True  # type: ignore[attr-defined]  # its inline script
    response.csp_allow_eval = True  # type: ignore[attr-defined]  # its templates compile
    return response
