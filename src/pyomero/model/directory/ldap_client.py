"""The one module that talks to LDAP servers (through ``ldap3``, a pure-Python client).

It knows connections, not OMERO: servers tried in order with a connect timeout,
StartTLS or LDAPS verified against a CA file, a bind as the search account,
searches whose referrals are ignored, followed or refused, and a password check
by binding as the user. Entries come back as plain :class:`Entry` values with
attribute names in lower case; every library error becomes a
:class:`DirectoryUnavailableError` or a :class:`DirectoryError`.
"""

from __future__ import annotations

import math
import ssl
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

# ldap3 2.9 imports names that recent pyasn1 deprecates; nothing to act on here.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import ldap3
    from ldap3.core import exceptions as ldap_errors
    from ldap3.utils.conv import escape_filter_chars
    from ldap3.utils.dn import parse_dn

from pyomero.conf.ldap import LdapSettings
from pyomero.model.directory.errors import DirectoryError, DirectoryUnavailableError

__all__ = [
    "DirectoryError",
    "DirectoryUnavailableError",
    "Entry",
    "LdapSession",
    "check_password",
    "dn_parts",
    "escape",
    "open_session",
    "same_dn",
]

INVALID_CREDENTIALS = 49


@dataclass(frozen=True)
class Entry:
    dn: str
    attributes: dict[str, list[str]] = field(default_factory=dict)

    def values(self, attribute: str) -> list[str]:
        return self.attributes.get(attribute.lower(), [])

    def first(self, attribute: str) -> str:
        values = self.values(attribute)
        return values[0] if values else ""


def escape(value: str) -> str:
    """``value`` made safe inside a filter (RFC 4515 escapes)."""
    return str(escape_filter_chars(value))


def dn_parts(dn: str) -> list[tuple[str, str]]:
    """The RDNs of ``dn``, leaf first, as (attribute, value) pairs; [] when it is not a DN."""
    try:
        return [(attr, value) for attr, value, _ in parse_dn(dn, escape=False, strip=True)]
    except ldap_errors.LDAPException:
        return []


def same_dn(first: str, second: str) -> bool:
    """Whether two DNs name the same entry (attribute names and values case-insensitive)."""
    one, two = dn_parts(first), dn_parts(second)
    return bool(one) and [(a.lower(), v.lower()) for a, v in one] == [
        (a.lower(), v.lower()) for a, v in two
    ]


class _VerifiedTls(ldap3.Tls):  # type: ignore[misc]
    """TLS by the standard library's default context: the CA file, and the host name
    checked against the certificate (ldap3's own check calls ``ssl.match_hostname``,
    which Python deprecated and then removed)."""

    def __init__(self, ca_file: str, host: str) -> None:
        super().__init__(validate=ssl.CERT_REQUIRED, ca_certs_file=ca_file or None)
        self._context = ssl.create_default_context(cafile=ca_file or None)
        self._host = host

    def wrap_socket(self, connection: Any, do_handshake: bool = False) -> None:
        raw = connection.socket
        try:
            connection.socket = self._context.wrap_socket(
                raw, server_hostname=self._host, do_handshake_on_connect=do_handshake
            )
        except BaseException:
            raw.close()
            raise


def _server(settings: LdapSettings, url: str) -> ldap3.Server:
    parts = urlsplit(url)
    secure = parts.scheme.lower() == "ldaps"
    host = parts.hostname or "localhost"
    tls = _VerifiedTls(settings.ca_file, host) if secure or settings.starttls else None
    return ldap3.Server(
        host,
        port=parts.port or (636 if secure else 389),
        use_ssl=secure,
        tls=tls,
        get_info=ldap3.NONE,
        connect_timeout=settings.connect_timeout,
    )


def _connect(settings: LdapSettings, url: str, user: str, password: str) -> ldap3.Connection:
    """A bound connection to ``url`` (StartTLS first when asked); raises the library's errors."""
    secure = urlsplit(url).scheme.lower() == "ldaps"
    connection = ldap3.Connection(
        _server(settings, url),
        user=user or None,
        password=password or None,
        authentication=ldap3.SIMPLE if user else ldap3.ANONYMOUS,
        receive_timeout=max(1, math.ceil(settings.read_timeout)),
        auto_referrals=settings.referral == "follow",
        read_only=True,
        raise_exceptions=False,
    )
    try:
        connection.open()
        if settings.starttls and not secure:
            connection.start_tls()
        connection.bind()
    except BaseException:
        _close(connection)
        raise
    return connection


def _close(connection: ldap3.Connection) -> None:
    with suppress(ldap_errors.LDAPException, OSError):
        connection.unbind()
    sock = getattr(connection, "socket", None)
    if sock is not None:
        sock.close()


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


class LdapSession:
    """Searches over one bound connection (the search account's)."""

    def __init__(self, settings: LdapSettings, connection: ldap3.Connection) -> None:
        self.settings = settings
        self._connection = connection

    def search(
        self,
        search_filter: str,
        attributes: Sequence[str] = (),
        *,
        base: str | None = None,
        scope: str = "subtree",
    ) -> list[Entry]:
        """Entries under ``base`` (``omero.ldap.base``) matching ``search_filter``."""
        scopes = {"subtree": ldap3.SUBTREE, "base": ldap3.BASE}
        try:
            self._connection.search(
                base if base is not None else self.settings.base,
                search_filter,
                search_scope=scopes[scope],
                attributes=list(attributes) or [ldap3.NO_ATTRIBUTES],
            )
        except (ldap_errors.LDAPSocketOpenError, ldap_errors.LDAPSocketReceiveError) as exc:
            message = f"the directory stopped answering: {_describe(exc)}"
            raise DirectoryUnavailableError(message) from None
        except ldap_errors.LDAPException as exc:
            raise DirectoryError(f"the directory refused the search: {_describe(exc)}") from None
        result = self._connection.result or {}
        code = result.get("result", 0)
        if code == 32 and scope == "base":  # noSuchObject: the entry is not there
            return []
        if code not in (0, 10, 32):  # success, referral, noSuchObject
            raise DirectoryError(
                f"the directory refused the search: {result.get('description', code)}"
            )
        entries: list[Entry] = []
        for item in self._connection.response or []:
            if item.get("type") == "searchResRef" or code == 10:
                if self.settings.referral == "throw":
                    raise DirectoryError("the directory answered with a referral")
                continue
            if item.get("type") != "searchResEntry":
                continue
            entries.append(Entry(str(item["dn"]), _attributes(item.get("attributes", {}))))
        return entries

    def read(self, dn: str, search_filter: str, attributes: Sequence[str] = ()) -> Entry | None:
        """The entry at ``dn`` when it matches ``search_filter``, else ``None``."""
        found = self.search(search_filter, attributes, base=dn, scope="base")
        return found[0] if found else None


def _attributes(raw: Any) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for name, value in dict(raw).items():
        items = value if isinstance(value, list) else [value]
        values[str(name).lower()] = [
            item.decode("utf-8", "replace") if isinstance(item, bytes) else str(item)
            for item in items
        ]
    return values


def _first_reachable(settings: LdapSettings, user: str, password: str) -> ldap3.Connection:
    """Connect to the first server of ``omero.ldap.urls`` that answers; bind as ``user``."""
    problems: list[str] = []
    for url in settings.urls:
        try:
            return _connect(settings, url, user, password)
        except (ldap_errors.LDAPException, OSError, ssl.SSLError) as exc:
            problems.append(f"{url}: {_describe(exc)}")
    raise DirectoryUnavailableError("no directory server answered (" + "; ".join(problems) + ")")


@contextmanager
def open_session(settings: LdapSettings) -> Iterator[LdapSession]:
    """A session bound as ``omero.ldap.username`` on the first server that answers."""
    connection = _first_reachable(settings, settings.bind_dn, settings.bind_password)
    try:
        if not connection.bound:
            description = (connection.result or {}).get("description", "bind failed")
            raise DirectoryUnavailableError(
                f"the directory refused the search account ({description})"
            )
        yield LdapSession(settings, connection)
    finally:
        _close(connection)


def check_password(settings: LdapSettings, dn: str, password: str) -> bool:
    """Whether the directory accepts ``password`` for ``dn`` (a bind as that entry).

    An empty password is refused without asking: LDAP would take it as an
    anonymous bind and accept it.
    """
    if not password or not dn:
        return False
    connection = _first_reachable(settings, dn, password)
    try:
        if connection.bound:
            return True
        code = (connection.result or {}).get("result")
        if code == INVALID_CREDENTIALS:
            return False
        description = (connection.result or {}).get("description", code)
        raise DirectoryError(f"the directory could not check the password ({description})")
    finally:
        _close(connection)
