from __future__ import annotations

from tests.webclient.helpers import SignedIn

from pyomero.testing.personas import Personas


def test_it_switches_the_active_group(personas: Personas, signed_in: SignedIn) -> None:
    client = signed_in("owner")
    response = client.get(f"/webclient/active_group/?active_group={personas.other_group.pk}")
    assert response.status_code == 302
    assert response["Location"] == "/webclient/"
    page = client.get("/webclient/").content.decode()
    assert f'<option value="{personas.other_group.pk}" selected>other-lab</option>' in page


def test_it_falls_back_to_the_default_group_for_a_group_the_user_is_not_in(
    personas: Personas, signed_in: SignedIn
) -> None:
    client = signed_in("owner")
    client.get(f"/webclient/active_group/?active_group={personas.outside_group.pk}")
    page = client.get("/webclient/").content.decode()
    assert f'<option value="{personas.group.pk}" selected>lab</option>' in page
    assert "_auth_user_id" in client.session
    assert "active_group" not in client.session


def test_it_ignores_a_value_that_is_not_an_id(personas: Personas, signed_in: SignedIn) -> None:
    client = signed_in("owner")
    assert client.get("/webclient/active_group/?active_group=lab").status_code == 302
    assert "active_group" not in client.session
