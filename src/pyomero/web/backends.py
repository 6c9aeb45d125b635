"""The sign-in backends: local passwords, then the institution's LDAP directory.

``ExperimenterBackend`` is Django's model backend with a cheaper per-request user
lookup: Django loads the signed-in user on every request (``get_user``); the model
backend compiles an ORM query for it each time, which costs more than running it
and is a large share of a cached tile's time. This backend runs the same lookup
with SQL built once (:func:`pyomero.model.context.find_experimenter`); passwords,
inactive users and permissions behave exactly as with
``django.contrib.auth.backends.ModelBackend``.

``LdapBackend`` follows OMERO's LDAP password provider when ``omero.ldap.config``
is on. Both run inside ``django.contrib.auth.authenticate``, so a refused LDAP
sign-in is a failed login like any other (signals, throttling).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from pyomero.conf.ldap import LdapSettings
from pyomero.model.actions.directory import do_sync_external_user, ensure_new_user
from pyomero.model.context import find_experimenter
from pyomero.model.models import Experimenter

log = logging.getLogger(__name__)


class ExperimenterBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user = find_experimenter(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class LdapBackend(ExperimenterBackend):
    """OMERO's LDAP sign-in: a name unknown here is looked up in the directory and
    created when the directory accepts the password; an LDAP user is checked against
    the user filter and the directory at every sign-in. Local users are not its
    business (the model backend checks them), so they sign in with the directory down.

    Raises :class:`~pyomero.model.directory.ldap.DirectoryError` when the directory
    cannot answer: the login view tells the user, rather than "wrong password".
    """

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Experimenter | None:
        directory = LdapSettings.from_config(settings.OMERO_CONFIG)
        if not directory.enabled or not username or not password:
            return None
        from pyomero.model.directory.ldap import account_of, sign_in  # loads ldap3: only here

        name = username.lower() if directory.ignore_case else username
        existing = Experimenter.objects.filter(ome_name=name).first()
        if existing is not None and (not existing.ldap or not self.user_can_authenticate(existing)):
            return None
        found = sign_in(directory, name, password)
        if found is None:
            return None
        account = account_of(found)
        if existing is None:
            log.info("LDAP: creating %s from %s", account.ome_name, account.ldap_dn)
            return ensure_new_user(account)
        if directory.sync_on_login:
            do_sync_external_user(existing, account, remove=True)
        return existing
