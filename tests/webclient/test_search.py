"""``search/`` and ``load_searching/form/``: the search page, its filters and results."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.actions import do_add_map_annotation, do_add_tag, do_update
from pyomero.model.models import Permissions
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas, make_personas


def names(html: str, *candidates: str) -> list[str]:
    return [name for name in candidates if name in html]


def test_it_shows_a_labelled_form_before_any_search(signed_in: SignedIn) -> None:
    response = signed_in("owner").get(reverse("search"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="search-query">' in html and 'role="search"' in html
    assert "Type some words" in html


def test_it_offers_a_search_box_on_the_other_pages(signed_in: SignedIn) -> None:
    client = signed_in("owner")
    for name in ("webindex", "history"):
        html = client.get(reverse(name)).content.decode()
        assert '<label for="quick-search" class="visually-hidden">Search your data' in html
        assert f'action="{reverse("search")}" role="search"' in html


def test_it_finds_by_tag_and_key_value_with_thumbnails_and_links(
    signed_in: SignedIn, personas: Personas, tree: Tree
) -> None:
    owner = personas.ctx("owner", personas.group)
    image = tree.images[0]
    do_add_tag(owner, image, "Kinetochore")
    do_add_map_annotation(owner, image, [("Cell line", "HeLa-K")])
    client = signed_in("member")
    for words in ("kinetochore", "hela k", "cell line"):
        html = client.get(reverse("search"), {"query": words}).content.decode()
        assert "1 result" in html, words
        assert f'data-thumb-id="{image.pk}"' in html
        assert f"?show=image-{image.pk}" in html and image.name in html


def test_it_finds_the_new_name_after_a_rename(
    signed_in: SignedIn, personas: Personas, tree: Tree
) -> None:
    do_update(personas.ctx("owner", personas.group), tree.dataset, name="Renamed set")
    client = signed_in("owner")
    assert "Renamed set" in client.get(reverse("search"), {"query": "renamed"}).content.decode()
    old = client.get(reverse("search"), {"query": "tree dataset"}).content.decode()
    assert "Nothing found" in old


def test_it_answers_the_results_alone_to_htmx_and_load_searching(
    signed_in: SignedIn, tree: Tree
) -> None:
    client = signed_in("owner")
    partial = client.get(reverse("search"), {"query": "tree"}, headers={"HX-Request": "true"})
    legacy = client.get(reverse("load_searching"), {"query": "tree"})
    for response in (partial, legacy):
        html = response.content.decode()
        assert "<html" not in html and "4 results" in html


def test_it_filters_by_type_and_owner(signed_in: SignedIn, personas: Personas, tree: Tree) -> None:
    make_image(personas.ctx("member", personas.group), "tree of theirs.tif")
    client = signed_in("owner")
    only = client.get(reverse("search"), {"query": "tree", "datatype": ["projects", "datasets"]})
    assert names(only.content.decode(), "tree project", "tree dataset", "tree image 0") == [
        "tree project",
        "tree dataset",
    ]
    theirs = client.get(reverse("search"), {"query": "tree", "ownedBy": personas.member.pk})
    assert "1 result" in theirs.content.decode()
    assert "tree of theirs.tif" in theirs.content.decode()


def test_it_looks_in_the_fields_ticked(signed_in: SignedIn, personas: Personas, tree: Tree) -> None:
    do_add_tag(personas.ctx("owner", personas.group), tree.images[0], "treetop")
    client = signed_in("owner")
    names_only = client.get(reverse("search"), {"query": "treetop", "field": "name"})
    tags_only = client.get(reverse("search"), {"query": "treetop", "field": "annotation"})
    assert "Nothing found" in names_only.content.decode()
    assert "1 result" in tags_only.content.decode()
    assert re.search(r'name="field" value="annotation"\s+checked', tags_only.content.decode())


def test_it_searches_the_active_group_unless_asked_for_all(
    signed_in: SignedIn, personas: Personas, tree: Tree
) -> None:
    make_image(personas.ctx("owner", personas.other_group), "tree elsewhere.tif")
    client = signed_in("owner")
    client.get(reverse("active_group"), {"active_group": personas.group.pk})
    here = client.get(reverse("search"), {"query": "tree"}).content.decode()
    everywhere = client.get(reverse("search"), {"query": "tree", "searchGroup": "-1"})
    assert "tree elsewhere.tif" not in here
    assert "tree elsewhere.tif" in everywhere.content.decode()


def test_it_pages_results(signed_in: SignedIn, personas: Personas) -> None:
    owner = personas.ctx("owner", personas.group)
    for i in range(51):
        make_image(owner, f"many {i:02}.tif")
    html = signed_in("owner").get(reverse("search"), {"query": "many"}).content.decode()
    assert "51 results, page 1 of 2" in html and 'rel="next"' in html
    second = signed_in("owner").get(reverse("search"), {"query": "many", "page": "2"})
    assert "many 50.tif" in second.content.decode() and 'rel="prev"' in second.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"startdateinput": "yesterday"}, "startdateinput must be a date"),
        ({"startdateinput": "2024-02-02", "enddateinput": "2024-01-01"}, "start date"),
        ({"datatype": "wells"}, "datatype must be one of"),
        ({"field": "owner"}, "field must be one of"),
        ({"page": "0"}, "page must be 1 or more"),
        ({"ownedBy": "me"}, "ownedBy must be a number"),
    ],
)
def test_it_explains_bad_input(signed_in: SignedIn, params: dict, message: str) -> None:
    response = signed_in("owner").get(reverse("search"), {"query": "x", **params})
    assert response.status_code == 400
    assert message in response.content.decode() and 'role="alert"' in response.content.decode()


def test_it_sends_anonymous_users_to_login(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("search"), {"query": "x"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_it_never_shows_private_data_to_others(db: None, client) -> None:  # type: ignore[no-untyped-def]
    people = make_personas(Permissions.PRIVATE)
    image = make_image(people.ctx("owner", people.group), "private slide.tif")
    do_add_tag(people.ctx("owner", people.group), image, "hush")
    for persona, sees in (("owner", True), ("member", False), ("outsider", False)):
        client.force_login(people.user(persona))
        for words in ("private slide", "hush"):
            html = client.get(reverse("search"), {"query": words, "searchGroup": "-1"})
            assert ("private slide.tif" in html.content.decode()) is sees, (persona, words)
