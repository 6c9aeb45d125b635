"""Moving to another group (``chgrp/``) and giving away (``chown/``) from the webclient."""

from __future__ import annotations

from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.models import Dataset, Image
from pyomero.testing.personas import Personas

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_it_moves_a_dataset_to_another_group_of_the_owner(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    form = {"dataset": tree.dataset.pk, "group_id": personas.other_group.pk}
    response = signed_in("owner").post("/webclient/chgrp/", form)
    assert response.status_code == 200
    assert Dataset.objects.get().group_id == personas.other_group.pk
    assert set(Image.objects.values_list("group_id", flat=True)) == {personas.other_group.pk}


def test_it_refuses_a_group_the_user_is_not_in(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    form = {"dataset": tree.dataset.pk, "group_id": personas.outside_group.pk}
    assert signed_in("owner").post("/webclient/chgrp/", form).status_code == 404
    assert Dataset.objects.get().group_id == personas.group.pk


def test_it_lets_no_member_move_anothers_data(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    form = {"image": tree.images[0].pk, "group_id": personas.other_group.pk}
    assert signed_in("member").post("/webclient/chgrp/", form).status_code == 403


def test_it_lets_the_group_owner_give_data_to_a_member(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    client = signed_in("group_owner")
    client.get(f"/webclient/active_group/?active_group={personas.group.pk}")
    colleague = personas.user("colleague")
    form = {"image": tree.images[0].pk, "owner_id": colleague.pk}
    assert client.post("/webclient/chown/", form).status_code == 200
    assert Image.objects.get(pk=tree.images[0].pk).owner_id == colleague.pk


def test_it_lets_no_owner_give_their_own_data_away(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    form = {"image": tree.images[0].pk, "owner_id": personas.user("colleague").pk}
    assert signed_in("owner").post("/webclient/chown/", form).status_code == 403


def test_it_offers_the_moves_and_owners_the_user_may_choose(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    url = f"/webclient/metadata_details/image/{tree.images[0].pk}/"
    html = signed_in("owner").get(url).content.decode()
    assert "Move to group" in html and personas.other_group.name in html
    assert "Give to" not in html and "Delete…" in html
    member_panel = signed_in("member").get(
        f"/webclient/metadata_details/image/{tree.images[0].pk}/"
    )
    html = member_panel.content.decode()
    assert "Delete…" not in html and "Move to group" not in html
