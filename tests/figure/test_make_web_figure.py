"""``make_web_figure/``: the export as a background task, followed as OMERO.figure
follows it (``activities_json/``), its result a FileAnnotation the user downloads."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.test import Client
from tests.conftest import ClientFor
from tests.figure.test_export import figure_of, panel

from pyomero.imports import tasks
from pyomero.model.models import Activity, ActivityStatus, Annotation, Image


@pytest.fixture
def immediate_tasks() -> Iterator[None]:
    before = tasks._queue
    tasks.configure("immediate")
    yield
    tasks._queue = before


def test_it_exports_in_the_background_into_a_file_annotation(
    immediate_tasks: None, owner: Client, image: Image
) -> None:
    body = {"figureJSON": json.dumps(figure_of(panel(owner, image))), "exportOption": "PDF"}
    response = owner.post("/figure/make_web_figure/", body)
    assert response.status_code == 200, response.content
    job = response.json()["jobId"]
    activity = Activity.objects.get(pk=int(job.removeprefix("export-")))
    assert activity.status == ActivityStatus.DONE
    annotation = Annotation.objects.get(pk=activity.detail["file_annotation"])
    assert annotation.ns == "omero.web.figure.pdf"
    assert annotation.group_id == image.group_id
    download = owner.get(f"/webclient/annotation/{annotation.pk}/")
    assert download.status_code == 200
    assert (
        b"".join(download.streaming_content if download.streaming else [download.content])[:4]
        == b"%PDF"
    )


def test_it_shows_the_export_enabled_on_the_page(figure_installed: None, owner: Client) -> None:
    html = owner.get("/figure/").content.decode()
    assert "const EXPORT_ENABLED = true;" in html


def test_it_refuses_an_export_of_images_the_user_cannot_see(
    immediate_tasks: None, owner: Client, client_for: ClientFor, image: Image
) -> None:
    body = {"figureJSON": json.dumps(figure_of(panel(owner, image))), "exportOption": "PDF"}
    response = client_for("outsider").post("/figure/make_web_figure/", body)
    assert response.status_code == 404
    assert not Activity.objects.filter(kind="export").exists()


def test_it_refuses_an_unknown_export_option(
    immediate_tasks: None, owner: Client, image: Image
) -> None:
    body = {"figureJSON": json.dumps(figure_of(panel(owner, image))), "exportOption": "GIF"}
    response = owner.post("/figure/make_web_figure/", body)
    assert response.status_code == 400
    assert "exportOption" in response.json()["message"]


def test_it_reports_the_export_in_activities_json_as_omero_figure_reads_it(
    immediate_tasks: None, owner: Client, image: Image
) -> None:
    body = {"figureJSON": json.dumps(figure_of(panel(owner, image))), "exportOption": "TIFF"}
    job = owner.post("/figure/make_web_figure/", body).json()["jobId"]
    activities = owner.get("/webclient/activities_json/").json()
    assert activities["inprogress"] == 0
    assert activities[job]["status"] == "finished"
    made = activities[job]["results"]["New_Figure"]
    assert made["type"] == "FileAnnotation"
    assert Annotation.objects.get(pk=made["id"]).file.name == "Export test.tiff"


def test_it_reports_a_failed_export_with_its_message(
    immediate_tasks: None, owner: Client, image: Image
) -> None:
    broken = panel(owner, image, zoom=0)  # a panel no export can lay out
    body = {"figureJSON": json.dumps(figure_of(broken)), "exportOption": "PDF"}
    job = owner.post("/figure/make_web_figure/", body).json()["jobId"]
    reported = owner.get("/webclient/activities_json/").json()[job]
    assert reported["status"] == "finished"
    assert reported["error"] == 1
    assert "results" not in reported
    assert "zoom" in reported["Message"]
    assert not Annotation.objects.filter(ns="omero.web.figure.pdf").exists()
