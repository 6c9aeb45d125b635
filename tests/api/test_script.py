"""An unmodified OMERO JSON API script works: as OMERO's Login.py example does it.

The client discovers every URL from the API itself, fetches the CSRF token once
before signing in and sends it with every later request, checks CSRF like a
browser-facing server, walks projects -> datasets -> images, reads an image's
channels and ROIs, and creates a dataset.
"""

from __future__ import annotations

from typing import Any

from django.test import Client

from pyomero.testing.personas import PASSWORD

from .conftest import World


class Script:
    """A ``requests.Session`` as the script uses it: cookies, one CSRF header."""

    def __init__(self) -> None:
        self.client = Client(enforce_csrf_checks=True)
        self.headers: dict[str, str] = {}

    def get(self, url: str) -> Any:
        response = self.client.get(url, headers=self.headers)
        assert response.status_code == 200, (url, response.content)
        return response.json()

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.client.post(url, headers=self.headers, **kwargs)


def test_an_omero_script_walks_the_data_and_creates_a_dataset(world: World) -> None:
    script = Script()
    base_url = script.get("http://testserver/api/")["data"][-1]["url:base"]
    urls = script.get(base_url)
    token = script.get(urls["url:token"])["data"]
    script.headers["X-CSRFToken"] = token
    server = script.get(urls["url:servers"])["data"][0]["id"]

    login = script.post(
        urls["url:login"], data={"username": "member", "password": PASSWORD, "server": server}
    )
    assert login.status_code == 200, login.content
    context = login.json()["eventContext"]
    assert context["userName"] == "member"

    projects = script.get(urls["url:projects"])["data"]
    project = next(p for p in projects if p["Name"] == "alpha project")
    dataset = script.get(project["url:datasets"])["data"][0]
    images = script.get(dataset["url:images"])["data"]
    assert [i["Name"] for i in images] == ["alpha image 0.tif", "alpha image 1.tif"]

    image = script.get(images[0]["url:image"])["data"]
    channels = image["Pixels"]["Channels"]
    assert len(channels) == image["Pixels"]["SizeC"] == 2
    assert channels[0]["Name"] == "DAPI"
    rois = script.get(image["url:rois"])["data"]
    assert [s["@type"].split("#")[1] for s in rois[0]["shapes"]] == ["Rectangle", "Point"]

    schema = urls["url:schema"]
    new = {"@type": f"{schema}#Dataset", "Name": "made by a script"}
    save_url = f"{urls['url:save']}?group={context['groupId']}"
    created = script.post(save_url, data=new, content_type="application/json")
    assert created.status_code == 201, created.content
    dataset_id = created.json()["data"]["@id"]
    orphans = script.get(f"{urls['url:datasets']}?orphaned=true")["data"]
    assert dataset_id in [d["@id"] for d in orphans]
