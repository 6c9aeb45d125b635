"""OMERO's LDAP rules over the client: who may sign in, with which names and groups.

A login name is looked up with ``(&USER_FILTER(LOGIN_ATTRIBUTE=name))`` under
``omero.ldap.base`` and must match exactly one entry; the password is checked
by binding as that entry; ``omero.ldap.new_user_group`` turns the entry into
the names of the groups the user belongs in. Nothing here writes rows: the
actions in :mod:`pyomero.model.actions.directory` do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyomero.conf.ldap import USER_FIELDS, LdapSettings
from pyomero.model.actions.directory import ExternalAccount, ExternalGroup
from pyomero.model.directory.ldap_client import (
    DirectoryError,
    DirectoryUnavailableError,
    Entry,
    LdapSession,
    check_password,
    dn_parts,
    escape,
    open_session,
)

__all__ = [
    "DirectoryError",
    "DirectoryGroup",
    "DirectoryUnavailableError",
    "DirectoryUser",
    "account_of",
    "all_users",
    "find_user",
    "sign_in",
]


@dataclass(frozen=True)
class DirectoryGroup:
    name: str
    owner: bool = False


@dataclass(frozen=True)
class DirectoryUser:
    """A directory entry as an OMERO user: login name, DN, profile and groups."""

    ome_name: str
    dn: str
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    email: str = ""
    institution: str = ""
    groups: tuple[DirectoryGroup, ...] = ()

    @property
    def profile(self) -> dict[str, str]:
        return {
            "first_name": self.first_name,
            "middle_name": self.middle_name,
            "last_name": self.last_name,
            "email": self.email,
            "institution": self.institution,
        }


def _and(*filters: str) -> str:
    parts = [f for f in filters if f]
    return parts[0] if len(parts) == 1 else "(&" + "".join(parts) + ")"


def _user_attributes(settings: LdapSettings) -> list[str]:
    wanted = set(settings.user_mapping.values())
    kind, argument = settings.new_user_group.kind, settings.new_user_group.argument
    if kind in ("attribute", "filtered_attribute", "dn_attribute", "filtered_dn_attribute"):
        wanted.add(argument)
    for template in (argument if kind == "query" else "", settings.new_user_group_owner):
        wanted.update(re.findall(r"@\{([A-Za-z][A-Za-z0-9-]*)\}", template))
    wanted.discard("dn")
    return sorted(wanted)


def _login_name(settings: LdapSettings, name: str) -> str:
    return name.lower() if settings.ignore_case else name


def _find_entry(session: LdapSession, name: str) -> Entry | None:
    """The one entry the user filter lets sign in as ``name``, or ``None``."""
    settings = session.settings
    attribute = settings.login_attribute
    query = _and(settings.user_filter, f"({attribute}={escape(name)})")
    found = session.search(query, _user_attributes(settings))
    if len(found) != 1:
        return None
    # The directory matches names case-insensitively; OMERO's names are not, unless asked.
    stored = [_login_name(settings, v) for v in found[0].values(attribute)]
    return found[0] if name in stored else None


def _substitute(template: str, entry: Entry, settings: LdapSettings) -> str:
    """``@{dn}``, ``@{field}`` (of omero.ldap.user_mapping) and ``@{attribute}``, escaped."""

    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        if key.lower() == "dn":
            return escape(entry.dn)
        attribute = settings.user_mapping.get(key, key)
        return escape(entry.first(attribute))

    return re.sub(r"@\{([A-Za-z][A-Za-z0-9-]*)\}", value, template)


def _group_name_of_dn(dn: str, attribute: str) -> str:
    for name, value in dn_parts(dn):
        if name.lower() == attribute.lower():
            return value
    return ""


def _groups(session: LdapSession, entry: Entry) -> list[DirectoryGroup]:
    """The groups ``omero.ldap.new_user_group`` gives the user of ``entry``."""
    settings = session.settings
    rule = settings.new_user_group
    name_attribute = settings.group_name_attribute
    names: list[str] = []
    if rule.kind == "name":
        names = [rule.argument]
    elif rule.kind == "ou":
        units = [value for attr, value in dn_parts(entry.dn)[1:] if attr.lower() == "ou"]
        names = units[:1]
    elif rule.kind == "attribute":
        names = entry.values(rule.argument)
    elif rule.kind == "filtered_attribute":
        for value in entry.values(rule.argument):
            query = _and(settings.group_filter, f"({name_attribute}={escape(value)})")
            if session.search(query):
                names.append(value)
    elif rule.kind in ("dn_attribute", "filtered_dn_attribute"):
        for dn in entry.values(rule.argument):
            group_filter = settings.group_filter or "(objectClass=*)"
            if rule.kind == "filtered_dn_attribute" and session.read(dn, group_filter) is None:
                continue
            names.append(_group_name_of_dn(dn, name_attribute))
    elif rule.kind == "query":
        query = _and(settings.group_filter, _substitute(rule.argument, entry, settings))
        owned: set[str] = set()
        if settings.new_user_group_owner:
            owner_query = _and(query, _substitute(settings.new_user_group_owner, entry, settings))
            owned = {g.first(name_attribute) for g in session.search(owner_query, [name_attribute])}
        found = [g.first(name_attribute) for g in session.search(query, [name_attribute])]
        groups = [DirectoryGroup(n, n in owned) for n in sorted(set(found)) if n]
        return groups
    unique = dict.fromkeys(n.strip() for n in names if n and n.strip())
    return [DirectoryGroup(name) for name in unique]


def _user(session: LdapSession, entry: Entry, ome_name: str) -> DirectoryUser:
    fields = {
        USER_FIELDS[field]: entry.first(attribute)
        for field, attribute in session.settings.user_mapping.items()
        if field != "omeName"
    }
    return DirectoryUser(ome_name, entry.dn, groups=tuple(_groups(session, entry)), **fields)


def find_user(settings: LdapSettings, name: str) -> DirectoryUser | None:
    """The directory's user for login ``name`` (no password checked), or ``None``."""
    name = _login_name(settings, name)
    with open_session(settings) as session:
        entry = _find_entry(session, name)
        return _user(session, entry, name) if entry is not None else None


def sign_in(settings: LdapSettings, name: str, password: str) -> DirectoryUser | None:
    """The directory's user when the filter matches ``name`` and the password is right.

    Raises :class:`DirectoryUnavailableError` when no server answers.
    """
    name = _login_name(settings, name)
    if not name or not password:
        return None
    with open_session(settings) as session:
        entry = _find_entry(session, name)
        if entry is None or not check_password(settings, entry.dn, password):
            return None
        return _user(session, entry, name)


def all_users(settings: LdapSettings) -> list[DirectoryUser]:
    """Every entry the user filter lets sign in (for ``omero ldap discover``), no groups."""
    attribute = settings.login_attribute
    users: list[DirectoryUser] = []
    with open_session(settings) as session:
        query = _and(settings.user_filter, f"({attribute}=*)")
        for entry in session.search(query, [attribute]):
            for value in entry.values(attribute):
                users.append(DirectoryUser(_login_name(settings, value), entry.dn))
    return users


def account_of(user: DirectoryUser) -> ExternalAccount:
    """What the actions need to create or refresh the user."""
    return ExternalAccount(
        user.ome_name,
        **user.profile,
        groups=tuple(ExternalGroup(g.name, g.owner) for g in user.groups),
        ldap_dn=user.dn,
    )
