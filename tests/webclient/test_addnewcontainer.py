from __future__ import annotations

from django.test import Client
from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.models import Dataset, Project, Screen, TagAnnotation
from pyomero.testing.personas import Personas

URL = "/webclient/action/addnewcontainer/"
#: What a browser submitting the form sends (other clients get OMERO.web's JSON).
HTML = {"HTTP_ACCEPT": "text/html,application/xhtml+xml"}


def test_it_creates_a_project_in_the_active_group(personas: Personas, signed_in: SignedIn) -> None:
    response = signed_in("owner").post(URL, {"folder_type": "project", "name": "Mitosis"}, **HTML)
    project = Project.objects.get(name="Mitosis")
    assert response.status_code == 302
    assert response["Location"] == f"/webclient/?show=project-{project.pk}"
    assert (project.owner_id, project.group_id) == (personas.owner.pk, personas.group.pk)


def test_it_creates_a_dataset_in_a_project(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    form = {"folder_type": "dataset", "name": "Day 2", "project": tree.project.pk}
    response = signed_in("owner").post(URL, form, **HTML)
    dataset = Dataset.objects.get(name="Day 2")
    assert response["Location"] == f"/webclient/?show=dataset-{dataset.pk}"
    assert list(dataset.project_links.values_list("parent_id", flat=True)) == [tree.project.pk]


def test_it_shows_a_readable_message_for_an_empty_name(
    personas: Personas, signed_in: SignedIn
) -> None:
    response = signed_in("owner").post(URL, {"folder_type": "project", "name": " "}, **HTML)
    assert response.status_code == 400
    assert b'role="alert"' in response.content
    assert not Project.objects.exists()


def test_it_refuses_a_dataset_in_a_project_the_user_cannot_link_to(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    form = {"folder_type": "dataset", "name": "mine", "project": tree.project.pk}
    response = signed_in("member").post(URL, form, **HTML)
    assert response.status_code == 403
    assert not Dataset.objects.filter(name="mine").exists()


def test_it_requires_csrf(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.owner)
    assert client.post(URL, {"folder_type": "project", "name": "x"}, **HTML).status_code == 403


def test_it_creates_a_screen_and_a_tag(personas: Personas, signed_in: SignedIn) -> None:
    client = signed_in("owner")
    response = client.post(URL, {"folder_type": "screen", "name": "HCS"}, **HTML)
    screen = Screen.objects.get(name="HCS")
    assert response["Location"] == f"/webclient/?show=screen-{screen.pk}"
    client.post(URL, {"folder_type": "tag", "name": "mitosis"}, **HTML)
    assert TagAnnotation.objects.get().text_value == "mitosis"


def test_it_answers_the_pages_background_post_with_the_redirect(
    personas: Personas, signed_in: SignedIn
) -> None:
    """The page's ``fetch`` (a browser: Sec-Fetch-Mode, Accept */*) reads the redirect."""
    headers = {"HTTP_SEC_FETCH_MODE": "cors", "HTTP_ACCEPT": "*/*"}
    response = signed_in("owner").post(URL, {"folder_type": "project", "name": "bg"}, **headers)
    assert response.status_code == 302 and "show=project-" in response["Location"]


def test_it_answers_omero_clients_with_json(personas: Personas, signed_in: SignedIn) -> None:
    """jQuery's XHR (OMERO.web's tree) and scripts get OMERO.web's ``{"bad", "id"}``."""
    xhr = {"HTTP_SEC_FETCH_MODE": "cors", "HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
    client = signed_in("owner")
    found = client.post(URL, {"folder_type": "project", "name": "xhr"}, **xhr).json()
    assert found == {"bad": "false", "id": Project.objects.get(name="xhr").pk}
    script = client.post(URL, {"folder_type": "screen", "name": "script"}).json()
    assert script["id"] == Screen.objects.get(name="script").pk
