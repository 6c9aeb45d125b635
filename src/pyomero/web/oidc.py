"""The one module that speaks OpenID Connect (through Authlib's Django client).

Authorization code flow with PKCE (S256): :func:`begin` sends the browser to the
provider with a fresh state, nonce and code verifier kept in the session;
:func:`finish` checks the state, exchanges the code, verifies the ID token
(signature against the provider's keys, issuer, audience, expiry, nonce) and
returns the claims. The provider is found through its discovery document
(``omero.web.oidc.discovery_url``). Every failure becomes an :class:`OidcError`
with a message for the login page.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import Any

import requests
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.django_client import OAuth
from django.http import HttpRequest, HttpResponse
from joserfc.errors import JoseError

from pyomero.model.actions.directory import ExternalAccount, ExternalGroup

log = logging.getLogger(__name__)

CLIENT_NAME = "institution"
TIMEOUT = 10  # seconds, for each request to the provider


class OidcError(Exception):
    """Sign-in through the provider failed; ``str()`` is for the user."""


@dataclass(frozen=True)
class OidcSettings:
    enabled: bool
    discovery_url: str
    client_id: str
    client_secret: str
    scopes: str
    label: str
    username_claim: str
    first_name_claim: str
    last_name_claim: str
    email_claim: str
    groups_claim: str

    @classmethod
    def from_config(cls, config: Any) -> OidcSettings:
        def get(name: str) -> Any:
            return config[f"omero.web.oidc.{name}"]

        return cls(*(get(name) for name in cls.__dataclass_fields__))

    @property
    def usable(self) -> bool:
        return self.enabled and bool(self.discovery_url and self.client_id)


@functools.lru_cache(maxsize=8)
def _client(settings: OidcSettings) -> Any:
    """Authlib's client for these settings (it caches the discovery document)."""
    registry = OAuth()
    return registry.register(
        CLIENT_NAME,
        client_id=settings.client_id,
        client_secret=settings.client_secret or None,
        server_metadata_url=settings.discovery_url,
        client_kwargs={
            "scope": settings.scopes,
            "code_challenge_method": "S256",
            "timeout": TIMEOUT,
            # a public client (no secret) names itself in the token request
            "token_endpoint_auth_method": (
                "client_secret_basic" if settings.client_secret else "none"
            ),
        },
    )


def begin(settings: OidcSettings, request: HttpRequest, redirect_uri: str) -> HttpResponse:
    """A redirect to the provider's authorization endpoint."""
    try:
        response: HttpResponse = _client(settings).authorize_redirect(request, redirect_uri)
        return response
    except (requests.RequestException, OAuthError, ValueError, KeyError) as exc:
        log.warning("OIDC: the provider's discovery document failed: %s", exc)
        raise OidcError(f"{settings.label} cannot be reached for sign-in") from None


def finish(settings: OidcSettings, request: HttpRequest) -> dict[str, Any]:
    """The verified claims of the user the provider sends back (ID token, then userinfo)."""
    client = _client(settings)
    try:
        token = client.authorize_access_token(request)
    except OAuthError as exc:
        log.warning("OIDC: refused callback: %s", exc)
        if exc.error == "mismatching_state":
            raise OidcError("the answer does not match this browser's request") from None
        raise OidcError(f"{settings.label} refused it: {exc.description or exc.error}") from None
    except JoseError as exc:
        log.warning("OIDC: ID token refused: %s", exc)
        raise OidcError("the identity token is not valid") from None
    except (requests.RequestException, ValueError, KeyError) as exc:
        log.warning("OIDC: token exchange failed: %s", exc)
        raise OidcError(f"{settings.label} did not complete the sign-in") from None
    claims = dict(token.get("userinfo") or {})
    if not claims:
        raise OidcError("the provider sent no identity token")
    try:
        extra = client.userinfo(token=token)
    except (requests.RequestException, OAuthError, ValueError, KeyError, RuntimeError):
        extra = {}
    if extra.get("sub") == claims.get("sub"):
        claims = {**extra, **claims}
    return claims


def account_from_claims(oidc: OidcSettings, claims: dict[str, Any]) -> ExternalAccount:
    """The user the claims describe, named by omero.web.oidc.*_claim."""

    def text(name: str) -> str:
        value = claims.get(name) if name else None
        return value.strip() if isinstance(value, str) else ""

    name = text(oidc.username_claim)
    if not name:
        raise OidcError(f"the provider sent no {oidc.username_claim!r} claim")
    groups = claims.get(oidc.groups_claim) if oidc.groups_claim else None
    if isinstance(groups, str):
        groups = [groups]
    names = [g.strip() for g in groups or [] if isinstance(g, str) and g.strip()]
    return ExternalAccount(
        name,
        first_name=text(oidc.first_name_claim),
        last_name=text(oidc.last_name_claim),
        email=text(oidc.email_claim),
        groups=tuple(ExternalGroup(g) for g in dict.fromkeys(names)),
        sso_subject=f"{claims.get('iss', '')} {claims.get('sub', '')}",
    )
