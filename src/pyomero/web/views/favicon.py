"""``/favicon.ico``: browsers ask every site for it; OMERO.web answers with its icon."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(static("web/favicon.ico"))
