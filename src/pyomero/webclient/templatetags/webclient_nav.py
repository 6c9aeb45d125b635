"""Tags of the webclient's top bar."""

from __future__ import annotations

from typing import Any

from django import template

from pyomero.webclient.session import context as event_context_of

register = template.Library()


@register.simple_tag(takes_context=True)
def shows_admin_link(context: dict[str, Any]) -> bool:
    """Whether the top bar links to ``/webadmin/`` ("Admin"): for administrators and
    group owners, as in OMERO (the public user never)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return False
    if getattr(request, "is_public_user", False):
        return False
    ctx = event_context_of(request)
    return ctx.is_admin or bool(ctx.leader_of_groups)
