"""``?show=`` follows the object: the page switches to its group and its owner's data,
as OMERO.web does, so that a deep link from another group opens on the object."""

from __future__ import annotations

from tests.webclient.helpers import SignedIn

from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas


def test_it_switches_to_the_objects_group_and_owner(
    personas: Personas, signed_in: SignedIn
) -> None:
    image = make_image(personas.ctx("owner", personas.other_group), "elsewhere.tif")
    client = signed_in("admin")
    page = client.get(f"/webclient/?show=image-{image.pk}").content.decode()
    assert client.session["active_group"] == personas.other_group.pk
    assert client.session["user_id"] == personas.user("owner").pk
    assert f'<option value="{personas.other_group.pk}" selected>' in page
    assert f'data-show="image-{image.pk}"' in page


def test_it_keeps_all_members_when_they_are_shown(personas: Personas, signed_in: SignedIn) -> None:
    image = make_image(personas.ctx("owner", personas.group), "here.tif")
    client = signed_in("member")
    client.get("/webclient/?experimenter=-1")
    client.get(f"/webclient/?show=image-{image.pk}")
    assert client.session["user_id"] == -1


def test_it_changes_nothing_for_an_object_the_user_may_not_see(
    personas: Personas, signed_in: SignedIn
) -> None:
    image = make_image(personas.ctx("owner", personas.other_group), "private.tif")
    client = signed_in("outsider")
    for show in (f"image-{image.pk}", "image-999999", "image-x", "nonsense"):
        assert client.get(f"/webclient/?show={show}").status_code == 200
    assert "active_group" not in client.session
    assert "user_id" not in client.session
