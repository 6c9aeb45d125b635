from __future__ import annotations

from django.test import Client
from tests.webclient.helpers import SignedIn

from pyomero.testing.personas import Personas


def test_it_sends_anonymous_visitors_to_the_login_page(db: None) -> None:
    response = Client().get("/webclient/")
    assert response.status_code == 302
    assert response["Location"] == "/webclient/login/?url=/webclient/"


def test_it_shows_the_layout_with_the_user_menu(personas: Personas, signed_in: SignedIn) -> None:
    page = signed_in("owner").get("/webclient/").content.decode()
    assert "Signed in as <strong>owner</strong>" in page
    assert 'action="/webclient/logout/"' in page
    assert 'id="tree"' in page
    assert 'id="thumbnails"' in page
    assert 'id="panel"' in page


def test_it_offers_the_users_groups_but_not_the_system_ones(
    personas: Personas, signed_in: SignedIn
) -> None:
    page = signed_in("owner").get("/webclient/").content.decode()
    assert f'<option value="{personas.group.pk}" selected>lab</option>' in page
    assert f'<option value="{personas.other_group.pk}" >other-lab</option>' in page
    assert ">user</option>" not in page
    assert "elsewhere" not in page


def test_it_offers_the_members_of_the_group_and_all_members(
    personas: Personas, signed_in: SignedIn
) -> None:
    page = signed_in("owner").get("/webclient/").content.decode()
    assert '<option value="-1" >All members</option>' in page
    assert f'<option value="{personas.member.pk}" >Member Person</option>' in page
    assert "Outsider" not in page


def test_it_remembers_whose_data_to_show(personas: Personas, signed_in: SignedIn) -> None:
    client = signed_in("owner")
    client.get("/webclient/?experimenter=-1")
    page = client.get("/webclient/").content.decode()
    assert 'data-experimenter="-1"' in page
    assert '<option value="-1" selected>All members</option>' in page


def test_it_shows_the_users_own_data_by_default(personas: Personas, signed_in: SignedIn) -> None:
    page = signed_in("owner").get("/webclient/").content.decode()
    assert f'data-experimenter="{personas.owner.pk}"' in page


def test_it_passes_a_deep_link_to_the_tree(personas: Personas, signed_in: SignedIn) -> None:
    page = signed_in("owner").get("/webclient/?show=image-12").content.decode()
    assert 'data-show="image-12"' in page


def test_it_tells_the_page_the_paging_and_thumbnail_batch_sizes(
    personas: Personas, signed_in: SignedIn
) -> None:
    page = signed_in("owner").get("/webclient/").content.decode()
    assert 'data-page-size="200"' in page
    assert 'data-thumbnails-batch="50"' in page
    assert 'data-thumbnails-url="/webgateway/get_thumbnails/"' in page


def test_it_loads_its_styles_and_script(personas: Personas, signed_in: SignedIn) -> None:
    page = signed_in("owner").get("/webclient/").content.decode()
    assert "/static/webclient/css/webclient.css" in page
    assert '<script src="/static/webclient/dist/webclient.js" defer></script>' in page


def test_it_links_administrators_and_group_owners_to_webadmin(
    personas: Personas, signed_in: SignedIn
) -> None:
    admin_link = '<a href="/webadmin/">Admin</a>'
    for persona in ("admin", "restricted_admin", "group_owner"):
        client = signed_in(persona)
        for url in ("/webclient/", "/webclient/search/", "/webclient/history/"):
            assert admin_link in client.get(url).content.decode(), (persona, url)
    assert signed_in("group_owner").get("/webadmin/")["Location"] == "/webadmin/group_owner/"
    for persona in ("member", "owner"):
        assert admin_link not in signed_in(persona).get("/webclient/").content.decode()
