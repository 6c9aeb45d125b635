"""Channel names edited in the panel's General section (OMERO's ``edit_channel_names``)
and the read-only Acquisition section."""

from __future__ import annotations

from datetime import UTC, datetime

from django.test import Client
from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.actions import do_link
from pyomero.model.models import Channel, Permissions
from pyomero.testing.factories import make_image, make_tree
from pyomero.testing.personas import Personas, make_personas


def _names(image_id: int) -> list[str]:
    rows = Channel.objects.filter(pixels__image_id=image_id).order_by("index")
    return list(rows.values_list("name", flat=True))


def test_it_renames_the_channels_and_answers_as_omero(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    image = tree.images[0]
    url = f"/webclient/edit_channel_names/{image.pk}/"
    response = signed_in("owner").post(url, {"channel0": " Hoechst ", "channel1": "GFP"})
    assert response.status_code == 200
    assert response.json() == {
        "channelNames": {"channel0": "Hoechst", "channel1": "GFP"},
        "imageCount": 1,
        "updateCount": 2,
    }
    assert _names(image.pk) == ["Hoechst", "GFP"]
    html = signed_in("owner").get(f"/webclient/metadata_details/image/{image.pk}/").content
    assert 'name="channel1" type="text" value="GFP"' in html.decode()


def test_it_leaves_the_channels_not_sent_and_ignores_unknown_ones(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    image = tree.images[0]
    url = f"/webclient/edit_channel_names/{image.pk}/"
    response = signed_in("owner").post(url, {"channel1": "mCherry", "channel7": "none"})
    assert response.json()["channelNames"] == {"channel1": "mCherry"}
    assert _names(image.pk) == ["DAPI", "mCherry"]


def test_it_refuses_a_member_of_a_read_only_group(db: None) -> None:
    people = make_personas(Permissions.READ_ONLY)
    _, _, (image, _) = make_tree(people.ctx("owner", people.group))
    client = Client()
    client.force_login(people.user("member"))
    client.get(f"/webclient/active_group/?active_group={people.group.pk}")
    response = client.post(f"/webclient/edit_channel_names/{image.pk}/", {"channel0": "x"})
    assert response.status_code == 403
    assert response.json()["message"]
    assert _names(image.pk) == ["DAPI", ""]
    panel = client.get(f"/webclient/metadata_details/image/{image.pk}/").content.decode()
    assert "data-channel-names" not in panel
    assert "<dt>Channels</dt><dd>DAPI, Channel 2</dd>" in panel


def test_it_answers_404_for_an_image_the_user_cannot_see(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    url = f"/webclient/edit_channel_names/{tree.images[0].pk}/"
    assert signed_in("outsider").post(url, {"channel0": "x"}).status_code == 404
    assert _names(tree.images[0].pk) == ["DAPI", ""]


def test_it_labels_every_channel_name_input(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    html = signed_in("owner").get(f"/webclient/metadata_details/image/{tree.images[0].pk}/")
    text = html.content.decode()
    for index in (0, 1):
        assert f'<label for="channel-name-{index}">Channel {index + 1}</label>' in text
        assert f'id="channel-name-{index}" name="channel{index}"' in text


def test_it_shows_the_acquisition_metadata_of_an_image(
    personas: Personas, signed_in: SignedIn
) -> None:
    ctx = personas.ctx("owner", personas.group)
    channels = [
        {
            "name": "DAPI",
            "red": 0,
            "green": 0,
            "blue": 255,
            "excitation_wave": 405,
            "emission_wave": 461,
        },
        {"name": "GFP", "red": 0, "green": 255, "blue": 0, "emission_wave": 507.5},
    ]
    image = make_image(
        ctx,
        "acquired.tif",
        channels=channels,
        acquisition_date=datetime(2024, 3, 5, 9, 30, tzinfo=UTC),
    )
    text = signed_in("owner").get(f"/webclient/metadata_details/image/{image.pk}/").content
    html = text.decode()
    assert '<h3 id="acquisition-title">Acquisition</h3>' in html
    assert "2024-03-05 09:30</time>" in html
    assert '<th scope="row">DAPI</th><td>405 nm</td><td>461 nm</td>' in html
    assert '<th scope="row">GFP</th><td>—</td><td>507.5 nm</td>' in html
    assert "#0000FF" in html and "#00FF00" in html


def test_it_has_no_acquisition_section_for_a_dataset(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    html = signed_in("owner").get(f"/webclient/metadata_details/dataset/{tree.dataset.pk}/")
    assert "Acquisition" not in html.content.decode()


def test_it_applies_the_names_to_every_image_of_the_dataset_it_may_edit(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    owner = personas.ctx("owner", personas.group)
    three = make_image(owner, "three channels.tif", size_c=3)
    # A member's image in the owner's dataset (put there by the group owner): the owner
    # may read it but not rename its channels.
    theirs = make_image(personas.ctx("member", personas.group), "member's.tif")
    do_link(owner, tree.dataset, three)
    do_link(personas.ctx("group_owner", personas.group), tree.dataset, theirs)
    elsewhere = make_image(owner, "elsewhere.tif")
    url = f"/webclient/edit_channel_names/{tree.images[0].pk}/"
    panel = signed_in("owner").get(f"/webclient/metadata_details/image/{tree.images[0].pk}/")
    assert f'<option value="dataset-{tree.dataset.pk}">' in panel.content.decode()

    sent = {"channel0": "Hoechst", "channel1": "GFP", "parentId": f"dataset-{tree.dataset.pk}"}
    response = signed_in("owner").post(url, sent)

    assert response.status_code == 200, response.content
    assert response.json() == {
        "channelNames": {"channel0": "Hoechst", "channel1": "GFP"},
        "imageCount": 2,
        "updateCount": 4,
    }
    assert _names(tree.images[0].pk) == _names(tree.images[1].pk) == ["Hoechst", "GFP"]
    assert _names(three.pk) == ["DAPI", "", ""]  # not as many channels
    assert _names(theirs.pk) == ["DAPI", ""]  # not the owner's to rename
    assert _names(elsewhere.pk) == ["DAPI", ""]  # not in the dataset


def test_it_refuses_a_bad_or_unseen_parent_and_renames_nothing(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    url = f"/webclient/edit_channel_names/{tree.images[0].pk}/"
    bad = signed_in("owner").post(url, {"channel0": "x", "parentId": "project-1"})
    assert bad.status_code == 400 and "parentId" in bad.json()["message"]
    hidden = make_tree(personas.ctx("outsider", personas.outside_group), name="hidden")[1]
    unseen = signed_in("owner").post(url, {"channel0": "x", "parentId": f"dataset-{hidden.pk}"})
    assert unseen.status_code == 404
    assert _names(tree.images[0].pk) == ["DAPI", ""]
