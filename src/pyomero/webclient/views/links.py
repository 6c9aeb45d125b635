"""``api/links/`` (POST to link, DELETE to unlink; a JSON body), ``api/parent_links/``
and ``keepalive_ping/``: what the tree's drag and drop, cut and paste use."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from pyomero.model import values
from pyomero.webclient import linking
from pyomero.webclient.session import context
from pyomero.webclient.targets import Targets
from pyomero.webclient.views._common import allow, json_view


def _body(request: HttpRequest) -> Any:
    return values.loads(request.body or b"null")


@allow("POST", "DELETE")
@json_view
def api_links(request: HttpRequest) -> dict[str, Any]:
    ctx, body = context(request), _body(request)
    if request.method == "POST":
        linking.link(ctx, body)
        return {"success": True}
    return {"success": True, **linking.unlink(ctx, body)}


@allow("GET")
@json_view
def api_parent_links(request: HttpRequest) -> dict[str, Any]:
    """``?image=1,2&dataset=3``: ``{"data": [{"id", "parent", "child"}]}``."""
    targets = Targets.parse(request.GET)
    return {"data": linking.parent_links(context(request), list(targets.keys))}


@allow("GET")
@login_required(redirect_field_name="url")
def keepalive_ping(request: HttpRequest) -> HttpResponse:
    """Keeps the session alive while a page is open (the session is saved each request)."""
    request.session.modified = True
    return HttpResponse("OK", content_type="text/plain")
