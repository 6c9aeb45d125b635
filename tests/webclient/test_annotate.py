from __future__ import annotations

import re

from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.context import ALL_GROUPS
from pyomero.model.queries import annotation_links
from pyomero.testing.personas import Personas

HTMX = {"HTTP_HX_REQUEST": "true"}


def _kinds(personas: Personas, tree: Tree) -> list[tuple[str, str]]:
    ctx = personas.ctx("owner", ALL_GROUPS)
    links = annotation_links(ctx, tree.images[0])
    return [(link.child.kind, link.child.text_value) for link in links]


def test_it_tags_an_image(personas: Personas, tree: Tree, signed_in: SignedIn) -> None:
    url = f"/webclient/annotate_tags/image/{tree.images[0].pk}/"
    response = signed_in("owner").post(url, {"tag": "mitosis"}, **HTMX)
    assert response.status_code == 200
    assert (
        f'title="Added by {personas.user("owner").ome_name}">mitosis<span'
        in response.content.decode()
    )
    assert _kinds(personas, tree) == [("TagAnnotation", "mitosis")]


def test_it_adds_key_value_pairs_in_order(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    url = f"/webclient/annotate_map/image/{tree.images[0].pk}/"
    form = {"key": ["strain", "stain", ""], "value": ["HeLa", "DAPI", ""]}
    response = signed_in("owner").post(url, form, **HTMX)
    html = response.content.decode()
    shown = re.findall(r'name="(?:key|value)" type="text" value="([^"]*)"', html)
    assert shown == ["strain", "HeLa", "stain", "DAPI"]


def test_it_refuses_a_pair_without_a_key(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    url = f"/webclient/annotate_map/image/{tree.images[0].pk}/"
    response = signed_in("owner").post(url, {"key": " ", "value": "x"}, **HTMX)
    assert response.status_code == 400
    assert _kinds(personas, tree) == []


def test_it_rates_and_rerates(personas: Personas, tree: Tree, signed_in: SignedIn) -> None:
    client = signed_in("owner")
    url = f"/webclient/annotate_rating/image/{tree.images[0].pk}/"
    client.post(url, {"rating": "2"}, **HTMX)
    response = client.post(url, {"rating": "5"}, **HTMX)
    assert 'id="rating-5" name="rating" value="5" checked' in response.content.decode()
    assert [kind for kind, _ in _kinds(personas, tree)] == ["LongAnnotation"]


def test_it_refuses_a_rating_out_of_range(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    url = f"/webclient/annotate_rating/image/{tree.images[0].pk}/"
    assert signed_in("owner").post(url, {"rating": "9"}, **HTMX).status_code == 400
    assert signed_in("owner").post(url, {"rating": "lots"}, **HTMX).status_code == 400


def test_it_adds_a_comment(personas: Personas, tree: Tree, signed_in: SignedIn) -> None:
    url = f"/webclient/annotate_comment/image/{tree.images[0].pk}/"
    response = signed_in("owner").post(url, {"comment": "Nice cells"}, **HTMX)
    assert "<p>Nice cells</p>" in response.content.decode()


def test_it_shows_a_refusal_as_a_page_without_htmx(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    url = f"/webclient/annotate_tags/image/{tree.images[0].pk}/"
    response = signed_in("owner").post(url, {"tag": ""})
    assert response.status_code == 400
    assert b"a tag needs text" in response.content
