"""``webclient/img_detail/<iid>/``: the viewer named by ``omero.web.viewer.view``.

As in OMERO.web, the key is the dotted path of a view called with the image id as
``iid``. OMERO's own names are mapped to pyomero's views: its default viewer to
pyomero's viewer, OMERO.iviewer's page to pyomero's server side of OMERO.iviewer.
Any other path is imported as it is (a view of an app in ``omero.web.apps``).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import get_callable

DEFAULT_VIEWER = "pyomero.viewer.views.page.img_detail"
#: OMERO's view names -> the pyomero views that answer them.
ALIASES = {
    "omeroweb.webclient.views.image_viewer": DEFAULT_VIEWER,
    "omeroweb.webgateway.views.full_viewer": DEFAULT_VIEWER,
    "omero_iviewer.views.index": "pyomero.iviewer.views.page.index",
}


def viewer_view_path() -> str:
    configured = str(settings.OMERO_CONFIG["omero.web.viewer.view"])
    return ALIASES.get(configured, configured)


def image_viewer(request: HttpRequest, iid: int) -> HttpResponse:
    view = get_callable(viewer_view_path())
    return view(request, iid=iid)  # type: ignore[no-any-return]
