"""``{% webadmin_menu as menu %}``: the pages of the top bar this user may open."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from pyomero.model.context import ALL_GROUPS, event_context
from pyomero.model.permissions import can_administer, can_send_email

register = template.Library()


@register.simple_tag(takes_context=True)
def webadmin_menu(context: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """``(label, url, current)`` for each page of the menu."""
    request = context["request"]
    ctx = event_context(request.user, ALL_GROUPS)
    pages = []
    if can_administer(ctx):
        pages += [("Users", "waexperimenters"), ("Groups", "wagroups")]
    if ctx.leader_of_groups:
        pages.append(("My groups", "wagroupowner"))
    pages += [("My account", "wamyaccount"), ("Disk usage", "wastats")]
    if can_send_email(ctx):
        pages.append(("Email", "waemail"))
    if can_administer(ctx):
        pages.append(("Audit trail", "waaudit"))
    found = []
    for label, name in pages:
        url = reverse(name)
        found.append((label, url, request.path.startswith(url)))
    return found


@register.filter
def audit_value(value: Any) -> str:
    """A snapshot value as people read it: lists joined, booleans as yes/no."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return str(value) if value != "" else "(empty)"
