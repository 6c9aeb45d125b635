from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.actions import do_link
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas


def test_it_lists_the_images_of_a_dataset(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    data = signed_in("owner").get(f"/webclient/api/images/?id={tree.dataset.pk}").json()
    first = tree.images[0]
    assert data["images"][0] == {
        "id": first.pk,
        "name": "tree image 0.tif",
        "ownerId": personas.owner.pk,
        "permsCss": "canEdit canAnnotate canLink canDelete canChgrp isOwned",
        "filesetId": None,
    }
    assert [i["id"] for i in data["images"]] == [i.pk for i in tree.images]


def test_it_lists_orphaned_images_of_one_experimenter(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    alone = make_image(personas.ctx("owner", personas.group), "alone.tif")
    client = signed_in("member")
    theirs = client.get(f"/webclient/api/images/?orphaned=true&experimenter_id={personas.owner.pk}")
    mine = client.get(f"/webclient/api/images/?orphaned=true&experimenter_id={personas.member.pk}")
    assert [i["id"] for i in theirs.json()["images"]] == [alone.pk]
    assert mine.json() == {"images": []}


def test_it_pages_by_omero_web_page_size(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    client = signed_in("owner")
    config = {"omero.web.page_size": 1, "omero.web.thumbnails_batch": 50}
    with override_settings(OMERO_CONFIG=config):
        first = client.get(f"/webclient/api/images/?id={tree.dataset.pk}&limit=50").json()
        second = client.get(f"/webclient/api/images/?id={tree.dataset.pk}&page=2").json()
    assert [i["id"] for i in first["images"]] == [tree.images[0].pk]
    assert [i["id"] for i in second["images"]] == [tree.images[1].pk]


def test_it_needs_a_dataset_or_orphaned(personas: Personas, signed_in: SignedIn) -> None:
    response = signed_in("owner").get("/webclient/api/images/")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize("extra", ["", "&sizeXYZ=true&date=true"])
def test_it_costs_the_same_queries_whatever_the_number_of_images(
    personas: Personas, tree: Tree, signed_in: SignedIn, extra: str
) -> None:
    client = signed_in("owner")
    url = f"/webclient/api/images/?id={tree.dataset.pk}{extra}"
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    ctx = personas.ctx("owner", personas.group)
    for i in range(5):
        do_link(ctx, tree.dataset, make_image(ctx, f"more {i}.tif"))
    with CaptureQueriesContext(connection) as seven:
        assert len(client.get(url).json()["images"]) == 7
    assert len(seven.captured_queries) == len(two.captured_queries)
