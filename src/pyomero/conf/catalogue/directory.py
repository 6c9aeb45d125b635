"""Sign-in through the institution: OMERO's ``omero.ldap.*`` keys and pyomero's OIDC keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyomero.conf import ldap
from pyomero.conf import parsers as p
from pyomero.conf.keys import Key, Section

LDAP = Section(
    "ldap",
    "LDAP and Active Directory",
    "OMERO's LDAP keys, with OMERO's meanings and defaults: users unknown to pyomero are "
    "looked up in the directory at their first login and created, placed in groups by "
    "omero.ldap.new_user_group. See `docs/authentication.md`.",
)

OIDC = Section(
    "oidc",
    "OpenID Connect sign-in",
    "Single sign-on with an OpenID Connect provider (authorization code flow with PKCE). "
    "pyomero's own keys; OMERO has no single sign-on. See `docs/authentication.md`.",
)


def _key(
    section: Section,
    name: str,
    default: str,
    parse: Callable[[str], Any],
    help: str,
    secret: bool = False,
) -> Key:
    return Key(name, default, parse, help, secret, section.id)


def _ldap(name: str, default: str, parse: Callable[[str], Any], help: str) -> Key:
    return _key(LDAP, f"omero.ldap.{name}", default, parse, help)


def _oidc(
    name: str, default: str, parse: Callable[[str], Any], help: str, secret: bool = False
) -> Key:
    return _key(OIDC, f"omero.web.oidc.{name}", default, parse, help, secret)


_LDAP_KEYS: tuple[Key, ...] = (
    _ldap("config", "false", p.Boolean(), "Enable or disable LDAP sign-in."),
    _ldap(
        "urls",
        "ldap://localhost:389",
        ldap.LdapUrls(),
        "The directory servers, tried in order until one answers (`ldaps://` for LDAP "
        "over TLS, e.g. `ldaps://ldap.example.com:636`).",
    ),
    _ldap(
        "base",
        "ou=example,o=com",
        p.Text(),
        "Where in the directory searches begin; users and groups outside it are not found.",
    ),
    _ldap("username", "", p.Text(), "Bind DN of the account that searches (empty: anonymous)."),
    _ldap("password", "", p.Text(), "Password of the bind account (masked in listings)."),
    _ldap(
        "user_filter",
        "(objectClass=person)",
        ldap.LdapFilter(),
        "AND'ed to the login-name query: only entries it matches may sign in, at the first "
        "login and at every later one.",
    ),
    _ldap(
        "user_mapping",
        "omeName=cn,firstName=givenName,lastName=sn,email=mail,institution=department,"
        "middleName=middleName",
        ldap.Mapping(tuple(ldap.USER_FIELDS), "omeName"),
        "Which attribute fills which user field; omeName's attribute is the login name.",
    ),
    _ldap(
        "group_filter",
        "(objectClass=groupOfNames)",
        ldap.LdapFilter(),
        "AND'ed to group queries (the `:query:` and `:filtered_*:` forms of "
        "omero.ldap.new_user_group).",
    ),
    _ldap(
        "group_mapping",
        "name=cn",
        ldap.Mapping(tuple(ldap.GROUP_FIELDS), "name"),
        "Which attribute of a group entry is the OMERO group name.",
    ),
    _ldap(
        "new_user_group",
        "default",
        ldap.NewUserGroupParser(),
        "The groups of a user created from the directory: a group name; `:ou:` (the "
        "user's nearest organisational unit); `:attribute:NAME` (each value a group "
        "name); `:dn_attribute:NAME` (each value a group DN, named by "
        "omero.ldap.group_mapping); their `:filtered_attribute:` and "
        "`:filtered_dn_attribute:` forms (only values matching omero.ldap.group_filter); "
        "`:query:(member=@{dn})` (groups matching the filter, where `@{dn}` and "
        "`@{attribute}` stand for the user's values). Missing groups are created private.",
    ),
    _ldap(
        "new_user_group_owner",
        "",
        ldap.LdapFilter(optional=True),
        "With the `:query:` form: groups also matching this filter (e.g. `(owner=@{dn})`) "
        "get the user as an owner.",
    ),
    _ldap(
        "sync_on_login",
        "false",
        p.Boolean(),
        "Refresh names, email and directory groups from the directory at each login "
        "(the user leaves directory-made groups the directory no longer yields).",
    ),
    _ldap(
        "referral",
        "ignore",
        p.Choice(("ignore", "follow", "throw")),
        "What to do with referrals: `ignore` them, `follow` them, or `throw` (refuse the search).",
    ),
    _ldap(
        "connect_timeout",
        "5000",
        p.Integer(1),
        "Milliseconds to wait for a server to accept a connection before trying the next "
        "URL. pyomero's own key.",
    ),
    _ldap(
        "read_timeout",
        "10000",
        p.Integer(1),
        "Milliseconds to wait for an answer to a search or bind. pyomero's own key.",
    ),
    _ldap(
        "starttls",
        "false",
        p.Boolean(),
        "Upgrade `ldap://` connections with StartTLS (the server's certificate is "
        "verified). pyomero's own key.",
    ),
    _ldap(
        "ca_file",
        "",
        p.Text(),
        "PEM file of the certificate authorities trusted for `ldaps://` and StartTLS "
        "(empty: the system's). pyomero's own key.",
    ),
    _key(
        LDAP,
        "omero.security.ignore_case",
        "false",
        p.Boolean(),
        "Treat login names case-insensitively: names are looked up in lower case. As in "
        "OMERO, local login names must then be lower case.",
    ),
)

_OIDC_KEYS: tuple[Key, ...] = (
    _oidc("enabled", "false", p.Boolean(), "Show the single sign-on button and accept it."),
    _oidc(
        "discovery_url",
        "",
        p.Text(),
        "The provider's discovery document, e.g. "
        "`https://login.example.org/.well-known/openid-configuration`.",
    ),
    _oidc("client_id", "", p.Text(), "The client ID pyomero is registered with."),
    _oidc(
        "client_secret",
        "",
        p.Text(),
        "The client secret (masked; empty for a public client, which PKCE protects).",
        secret=True,
    ),
    _oidc("scopes", "openid profile email", p.Text(non_empty=True), "Scopes asked for."),
    _oidc(
        "label",
        "your institution",
        p.Text(non_empty=True),
        'Shown on the login page\'s button: "Sign in with LABEL".',
    ),
    _oidc(
        "username_claim",
        "preferred_username",
        p.Text(non_empty=True),
        "The claim that is the OMERO login name.",
    ),
    _oidc("first_name_claim", "given_name", p.Text(), "The claim of the first name."),
    _oidc("last_name_claim", "family_name", p.Text(), "The claim of the last name."),
    _oidc("email_claim", "email", p.Text(), "The claim of the email address."),
    _oidc(
        "groups_claim",
        "",
        p.Text(),
        "A claim listing group names: the user joins them (created private when missing) "
        "at each sign-in. Empty: no groups from the provider.",
    ),
)

KEYS: tuple[Key, ...] = _LDAP_KEYS + _OIDC_KEYS
