from __future__ import annotations

from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.actions import do_annotate, do_create_tag, do_create_tagset
from pyomero.testing.personas import Personas

OWNED = "canEdit canAnnotate canLink canDelete canChgrp isOwned"


def test_it_lists_tag_sets_and_tags_in_no_set(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    ctx = personas.ctx("owner", personas.group)
    tagset = do_create_tagset(ctx, "stains", "by colour")
    in_set = do_create_tag(ctx, "DAPI")
    do_annotate(ctx, tagset, in_set)
    loose = do_create_tag(ctx, "mitosis")
    do_annotate(ctx, tree.images[0], loose)
    do_annotate(ctx, tree.images[1], loose)
    data = signed_in("owner").get("/webclient/api/tags/?orphaned=true").json()
    assert data == {
        "tags": [
            {
                "id": loose.pk,
                "value": "mitosis",
                "ownerId": personas.owner.pk,
                "permsCss": OWNED,
                "set": False,
                "childCount": 2,
            },
            {
                "id": tagset.pk,
                "value": "stains",
                "description": "by colour",
                "ownerId": personas.owner.pk,
                "permsCss": OWNED,
                "set": True,
                "childCount": 1,
            },
        ]
    }
    everything = signed_in("owner").get("/webclient/api/tags/").json()
    assert [t["value"] for t in everything["tags"]] == ["DAPI", "mitosis", "stains"]


def test_it_lists_the_tags_of_a_set_and_what_a_tag_is_on(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    ctx = personas.ctx("owner", personas.group)
    tagset = do_create_tagset(ctx, "stains")
    tag = do_create_tag(ctx, "DAPI")
    do_annotate(ctx, tagset, tag)
    do_annotate(ctx, tree.images[0], tag)
    do_annotate(ctx, tree.dataset, tag)
    client = signed_in("member")
    in_set = client.get(f"/webclient/api/tags/?id={tagset.pk}").json()
    assert [t["id"] for t in in_set["tags"]] == [tag.pk]
    on = client.get(f"/webclient/api/tags/?id={tag.pk}").json()
    assert on["tags"] == []
    assert [i["id"] for i in on["images"]] == [tree.images[0].pk]
    assert [d["id"] for d in on["datasets"]] == [tree.dataset.pk]
    assert on["datasets"][0]["childCount"] == 2
    assert on["projects"] == on["screens"] == on["plates"] == on["acquisitions"] == []


def test_it_hides_tags_the_user_cannot_see(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    ctx = personas.ctx("owner", personas.group)
    tag = do_create_tag(ctx, "secret")
    do_annotate(ctx, tree.images[0], tag)
    client = signed_in("outsider")
    assert client.get("/webclient/api/tags/").json() == {"tags": []}
    on = client.get(f"/webclient/api/tags/?id={tag.pk}").json()
    assert on["images"] == []


def test_it_filters_tags_by_owner(personas: Personas, signed_in: SignedIn) -> None:
    do_create_tag(personas.ctx("owner", personas.group), "theirs")
    mine = do_create_tag(personas.ctx("member", personas.group), "mine")
    data = (
        signed_in("member").get(f"/webclient/api/tags/?experimenter_id={personas.member.pk}").json()
    )
    assert [t["id"] for t in data["tags"]] == [mine.pk]


def test_a_tags_count_counts_objects_not_links(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    owner, member = personas.ctx("owner", personas.group), personas.ctx("member", personas.group)
    tag = do_create_tag(owner, "mitosis")
    do_annotate(owner, tree.images[0], tag)
    do_annotate(member, tree.images[0], tag)  # the same image, by another user
    do_annotate(owner, tree.dataset, tag)
    data = signed_in("owner").get("/webclient/api/tags/?orphaned=true").json()
    assert [(t["value"], t["childCount"]) for t in data["tags"]] == [("mitosis", 2)]
