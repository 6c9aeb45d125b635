"""``{% static %}`` for OMERO.iviewer's page template, which appends a cache breaker
(``?_iviewer-<version>``) to its static paths: the path goes to Django's static tag,
the query string is kept as it is (Django's tag would quote its ``?``)."""

from __future__ import annotations

from django import template
from django.templatetags.static import static as static_url

register = template.Library()


@register.simple_tag
def static(path: str) -> str:
    name, mark, query = str(path).partition("?")
    return f"{static_url(name)}{mark}{query}"
