"""The forms of OMERO's ``omero.ldap.*`` values, and the settings they make together.

Parsers here check a value when ``omero config set`` stores it (a filter with
unbalanced parentheses, a mapping without ``omeName``, an unknown
``new_user_group`` prefix are refused then, not at the first login);
:class:`LdapSettings` is what the directory code reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pyomero.conf.parsers import ParseError

# OMERO's names for the user fields an LDAP attribute can fill.
USER_FIELDS = {
    "omeName": "ome_name",
    "firstName": "first_name",
    "middleName": "middle_name",
    "lastName": "last_name",
    "email": "email",
    "institution": "institution",
}
GROUP_FIELDS = {"name": "name"}
NEW_USER_GROUP_KINDS = (
    "ou",
    "attribute",
    "filtered_attribute",
    "dn_attribute",
    "filtered_dn_attribute",
    "query",
)
_ATTRIBUTE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")


@dataclass(frozen=True)
class LdapUrls:
    form: str = "LDAP URLs (ldap:// or ldaps://), separated by commas or spaces"

    def __call__(self, value: str) -> tuple[str, ...]:
        urls = tuple(u for u in re.split(r"[\s,]+", value.strip()) if u)
        if not urls:
            raise ParseError(self.form)
        for url in urls:
            if not re.match(r"^ldaps?://[^/\s]+/?$", url, re.IGNORECASE):
                raise ParseError(self.form, f"not an LDAP server URL: {url}")
        return urls


def _check_filter(value: str) -> str:
    """A filter in parentheses with balanced parentheses (RFC 4515's outer shape)."""
    depth = 0
    for index, char in enumerate(value):
        if char == "(" and (index == 0 or value[index - 1] != "\\"):
            depth += 1
        elif char == ")" and (index == 0 or value[index - 1] != "\\"):
            depth -= 1
            if depth == 0 and index != len(value) - 1:
                raise ValueError("one filter in parentheses, e.g. (&(a=b)(c=d))")
        if depth < 0:
            raise ValueError("unbalanced parentheses")
    if not value.startswith("("):
        raise ValueError("a filter in parentheses, e.g. (objectClass=person)")
    if depth != 0:
        raise ValueError("unbalanced parentheses")
    return value


@dataclass(frozen=True)
class LdapFilter:
    """An LDAP filter such as ``(objectClass=person)``; empty when ``optional``."""

    optional: bool = False
    form: str = "an LDAP filter in parentheses, e.g. (objectClass=person)"

    def __call__(self, value: str) -> str:
        value = value.strip()
        if not value and self.optional:
            return ""
        try:
            return _check_filter(value)
        except ValueError as exc:
            raise ParseError(self.form, str(exc)) from None


@dataclass(frozen=True)
class Mapping:
    """OMERO's ``field=attribute,...``: which directory attribute fills which field."""

    fields: tuple[str, ...]
    required: str

    @property
    def form(self) -> str:
        return f"field=attribute pairs separated by commas, with {self.required}; fields: " + (
            ", ".join(self.fields)
        )

    def __call__(self, value: str) -> dict[str, str]:
        mapping: dict[str, str] = {}
        for pair in (p.strip() for p in value.split(",")):
            if not pair:
                continue
            name, equals, attribute = (s.strip() for s in pair.partition("="))
            if not equals or name not in self.fields or not _ATTRIBUTE.match(attribute):
                raise ParseError(self.form, f"not understood: {pair}")
            mapping[name] = attribute
        if self.required not in mapping:
            raise ParseError(self.form, f"{self.required} is missing")
        return mapping


@dataclass(frozen=True)
class NewUserGroup:
    """``omero.ldap.new_user_group``: a group name, or ``:kind:argument``."""

    kind: str  # "name" or one of NEW_USER_GROUP_KINDS
    argument: str


@dataclass(frozen=True)
class NewUserGroupParser:
    form: str = (
        "a group name, :ou:, :attribute:NAME, :filtered_attribute:NAME, "
        ":dn_attribute:NAME, :filtered_dn_attribute:NAME or :query:(FILTER)"
    )

    def __call__(self, value: str) -> NewUserGroup:
        value = value.strip()
        match = re.match(r"^:([a-z_]+):(.*)$", value, re.DOTALL)
        if match is None:
            if not value:
                raise ParseError(self.form)
            return NewUserGroup("name", value)
        kind, argument = match.group(1), match.group(2).strip()
        if kind == "bean":
            raise ParseError(self.form, "OMERO's :bean: needs its Java server")
        if kind not in NEW_USER_GROUP_KINDS:
            raise ParseError(self.form, f"unknown prefix :{kind}:")
        if kind == "ou":
            return NewUserGroup(kind, "")
        if kind == "query":
            try:
                _check_filter(argument)
            except ValueError as exc:
                raise ParseError(self.form, f":query: needs {exc}") from None
        elif not _ATTRIBUTE.match(argument):
            raise ParseError(self.form, f":{kind}: needs an attribute name")
        return NewUserGroup(kind, argument)


@dataclass(frozen=True)
class LdapSettings:
    """Everything the directory code reads, parsed once from the configuration."""

    enabled: bool
    urls: tuple[str, ...]
    base: str
    bind_dn: str
    bind_password: str
    user_filter: str
    user_mapping: dict[str, str]
    group_filter: str
    group_mapping: dict[str, str]
    new_user_group: NewUserGroup
    new_user_group_owner: str
    sync_on_login: bool
    ignore_case: bool
    referral: str
    connect_timeout: float  # seconds
    read_timeout: float
    starttls: bool
    ca_file: str

    @classmethod
    def from_config(cls, config: Any) -> LdapSettings:
        """Read ``config`` (a :class:`~pyomero.conf.Config`) once."""

        def get(name: str) -> Any:
            return config[f"omero.ldap.{name}"]

        return cls(
            enabled=get("config"),
            urls=get("urls"),
            base=get("base"),
            bind_dn=get("username"),
            bind_password=get("password"),
            user_filter=get("user_filter"),
            user_mapping=get("user_mapping"),
            group_filter=get("group_filter"),
            group_mapping=get("group_mapping"),
            new_user_group=get("new_user_group"),
            new_user_group_owner=get("new_user_group_owner"),
            sync_on_login=get("sync_on_login"),
            ignore_case=config["omero.security.ignore_case"],
            referral=get("referral"),
            connect_timeout=get("connect_timeout") / 1000,
            read_timeout=get("read_timeout") / 1000,
            starttls=get("starttls"),
            ca_file=get("ca_file"),
        )

    @property
    def login_attribute(self) -> str:
        """The attribute the login name is looked up in (``omeName``'s)."""
        return self.user_mapping["omeName"]

    @property
    def group_name_attribute(self) -> str:
        return self.group_mapping["name"]
