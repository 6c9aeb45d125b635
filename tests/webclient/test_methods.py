"""Every webclient URL checks its method first: a wrong one answers 405 with a message."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver
from tests.webclient.helpers import SignedIn

from pyomero.testing.personas import Personas


def _webclient_views() -> dict[str, object]:
    views: dict[str, object] = {}

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif pattern.callback.__module__.startswith("pyomero.webclient."):
                views[route] = pattern.callback

    walk(get_resolver().url_patterns, "")
    return views


def test_it_answers_a_post_to_a_json_list_with_405_and_a_message(
    personas: Personas, signed_in: SignedIn
) -> None:
    response = signed_in("member").post("/webclient/api/containers/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["message"] == "POST is not allowed here; use GET or HEAD"


def test_it_answers_405_before_asking_anyone_to_sign_in(client: object) -> None:
    response = client.put("/webclient/deletemany/")  # type: ignore[attr-defined]
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_it_checks_the_method_outermost_on_every_webclient_url() -> None:
    views = _webclient_views()
    assert len(views) > 30
    unchecked = [route for route, view in views.items() if not hasattr(view, "allowed_methods")]
    assert unchecked == []
