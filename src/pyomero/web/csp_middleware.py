"""django-csp's middleware (the one module importing django-csp), and the nonce of the
pages we do not write (see :mod:`pyomero.web.csp`)."""

from __future__ import annotations

import secrets

from csp.middleware import CSPMiddleware as _LibraryMiddleware
from django.http import HttpRequest, HttpResponseBase

from pyomero.web.csp import with_nonce


class CspMiddleware(_LibraryMiddleware):
    """django-csp's middleware; a flagged page's scripts run by a nonce of this response."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(response, "csp_trust_own_scripts", False) and not response.streaming:
            nonce = secrets.token_urlsafe(18)
            response.content = with_nonce(response.content, nonce)  # type: ignore[attr-defined]
            response._csp_update = {  # type: ignore[attr-defined]
                # What the page's scripts load is trusted too (OMERO.iviewer's jQuery
                # evaluates scripts it creates); nothing injected into the markup is.
                "script-src": [f"'nonce-{nonce}'", "'strict-dynamic'"],
                # Its bundle writes style attributes.
                "style-src": ["'unsafe-inline'"],
            }
            if getattr(response, "csp_allow_eval", False):
                # OMERO.figure compiles its (underscore) templates in the browser.
                response._csp_update["script-src"].append("'unsafe-eval'")  # type: ignore[attr-defined]
        return super().process_response(request, response)
