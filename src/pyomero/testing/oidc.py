"""A real OpenID Connect provider for the single sign-on tests, on a free loopback port.

:func:`oidc_provider` runs :mod:`pyomero.testing.oidc_provider` (a small Django
project with django-oauth-toolkit's OIDC provider, RS256-signed ID tokens, PKCE
required) in a child process with a throwaway database and signing key, and
ends it afterwards. Without django-oauth-toolkit a test is skipped, except under
``CI=true``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyomero.testing.services import die_with_parent, free_port, unavailable, wait_for_port

CLIENT_ID = "pyomero-test-client"
CLIENT_SECRET = "pyomero-test-client-secret"

GRACE: dict[str, Any] = {
    "login": "grace",
    "password": "grace-password",
    "first_name": "Grace",
    "last_name": "Hopper",
    "email": "grace@example.org",
    "groups": ["cell-lab", "navy-lab"],
}
# A provider user named like pyomero's own administrator, which must not take it over.
IMPOSTOR: dict[str, Any] = {"login": "root", "password": "root-at-provider", "groups": []}


@dataclass(frozen=True)
class Provider:
    url: str  # http://127.0.0.1:PORT

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/o/.well-known/openid-configuration"

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    def settings(self, **overrides: str) -> dict[str, str]:
        """pyomero's ``omero.web.oidc.*`` properties for this provider (short names)."""
        values = {
            "enabled": "true",
            "discovery_url": self.discovery_url,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "label": "Example University",
            "groups_claim": "groups",
            **overrides,
        }
        return {f"omero.web.oidc.{name}": value for name, value in values.items()}


def _signing_key(path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


@contextmanager
def oidc_provider(
    redirect_uri: str, people: Sequence[dict[str, Any]] = (GRACE, IMPOSTOR)
) -> Iterator[Provider]:
    """The provider, with ``people`` and one confidential client sending users back
    to ``redirect_uri``; ended (and its files removed) afterwards."""
    if importlib.util.find_spec("oauth2_provider") is None:
        unavailable("django-oauth-toolkit is not installed (pip install -e '.[dev]')")
    folder = Path(tempfile.mkdtemp(prefix="pyomero-oidc-"))
    process: subprocess.Popen[bytes] | None = None
    try:
        _signing_key(folder / "signing.pem")
        port = free_port()
        spec = {
            "port": port,
            "client": {"id": CLIENT_ID, "secret": CLIENT_SECRET, "redirect_uri": redirect_uri},
            "people": list(people),
        }
        (folder / "spec.json").write_text(json.dumps(spec))
        env = {
            **os.environ,
            "PYOMERO_OIDC_DIR": str(folder),
            "DJANGO_SETTINGS_MODULE": "pyomero.testing.oidc_provider.settings",
        }
        log = (folder / "provider.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "pyomero.testing.oidc_provider", str(folder / "spec.json")],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent,
        )
        log.close()
        if not wait_for_port("127.0.0.1", port, seconds=60):
            text = (folder / "provider.log").read_text(errors="replace")[-1500:]
            unavailable(f"the OpenID Connect provider did not start: {text}")
        yield Provider(f"http://127.0.0.1:{port}")
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(folder, ignore_errors=True)
