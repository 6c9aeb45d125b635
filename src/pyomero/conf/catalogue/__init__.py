"""The key declarations, one module per group of sections, in documentation order."""

from __future__ import annotations

from pyomero.conf.catalogue import deployment, directory, interface, legacy, security, server
from pyomero.conf.keys import Key, Section

SECTIONS: tuple[Section, ...] = (
    deployment.SECTION,
    security.SESSIONS,
    security.SECURITY,
    directory.LDAP,
    directory.OIDC,
    interface.PUBLIC,
    interface.UI,
    interface.API,
    server.DATABASE,
    server.DATA,
    server.MAIL,
    server.CLIENT,
    legacy.SECTION,
)

KEYS: tuple[Key, ...] = (
    deployment.KEYS + security.KEYS + directory.KEYS + interface.KEYS + server.KEYS + legacy.KEYS
)
