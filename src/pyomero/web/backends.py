"""The sign-in backend: Django's model backend, with a cheaper per-request user lookup.

Django loads the signed-in user on every request (``get_user``); the model backend
compiles an ORM query for it each time, which costs more than running it and is a
large share of a cached tile's time. This backend runs the same lookup with SQL built
once (:func:`pyomero.model.context.find_experimenter`); passwords, inactive users and
permissions behave exactly as with ``django.contrib.auth.backends.ModelBackend``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from pyomero.model.context import find_experimenter


class ExperimenterBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user = find_experimenter(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
