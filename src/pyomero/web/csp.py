"""The Content-Security-Policy header of every response (django-csp, wrapped here).

Our pages load scripts and styles from the static files only: no inline script,
no inline style, no ``eval``. The policy says so, and so a script injected into a
page does not run. Images may be ``data:`` and ``blob:`` URLs (thumbnails, drawn
planes); the page talks to this site only; nobody may frame it unless
``omero.web.x_frame_options`` is ``SAMEORIGIN`` (then this site may).

The header is set by :mod:`pyomero.web.csp_middleware`, the one module that
imports django-csp. A page we do not write (OMERO.iviewer's, from its package) sets
``response.csp_trust_own_scripts = True``: every ``<script>`` tag of the page as
rendered gets a nonce of this response, and the policy trusts that nonce and what
those scripts load (``'strict-dynamic'``); a script injected by a user's data has no
nonce and does not run. Such a page may use inline styles, and, if it also sets
``response.csp_allow_eval = True`` (OMERO.figure, whose templates are compiled in the
browser), ``eval``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from pyomero.conf import Config

MIDDLEWARE = "pyomero.web.csp_middleware.CspMiddleware"
SELF = "'self'"
SCRIPT_TAG = re.compile(rb"<script\b", re.I)


def _origin(url: str) -> list[str]:
    """The origin of an absolute STATIC_URL (a CDN), to allow alongside 'self'."""
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


def policy(config: Config) -> dict[str, Any]:
    """django-csp's ``CONTENT_SECURITY_POLICY`` setting for this configuration."""
    static = _origin(config["omero.web.static_url"])
    frame = SELF if str(config["omero.web.x_frame_options"]).upper() == "SAMEORIGIN" else "'none'"
    redirects = [f"https://{host}" for host in config["omero.web.redirect_allowed_hosts"]]
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, *static],
            "style-src": [SELF, *static],
            "img-src": [SELF, "data:", "blob:", *static],
            "font-src": [SELF, "data:", *static],
            "connect-src": [SELF],
            "worker-src": [SELF, "blob:"],
            "object-src": ["'none'"],
            "base-uri": [SELF],
            "form-action": [SELF, *redirects],
            "frame-ancestors": [frame],
        }
    }


def with_nonce(html: bytes, nonce: str) -> bytes:
    """``html`` with ``nonce`` on every ``<script>`` tag the server wrote."""
    return SCRIPT_TAG.sub(b'<script nonce="' + nonce.encode() + b'"', html)
