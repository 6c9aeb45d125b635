"""The JSON API's contracts that differed from OMERO's: saving into another group,
a duplicated ``Annotations`` list, 405 and CSRF messages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from tests.contracts.omeroweb import get_json, send

from pyomero.model.actions import do_create_tag, do_save_roi
from pyomero.model.models import Project
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas

SCHEMA = "http://www.openmicroscopy.org/Schemas/OME/2016-06"


def save_url(group: int | None = None) -> str:
    url = reverse("api_save", kwargs={"api_version": "0"})
    return url if group is None else f"{url}?group={group}"


def test_security_violation(web, personas: Personas) -> None:
    """test_api_errors.py::TestErrors::test_security_violation: a project created in
    group A and PUT back with ``?group=<B>`` answers 403 "Cannot read ...Project:Id_<id>"."""
    client = web("owner")
    payload = {"Name": "test_security_violation", "@type": f"{SCHEMA}#Project"}
    created = send(client, "post", save_url(personas.group.pk), payload, 201).json()["data"]
    rsp = send(client, "put", save_url(personas.other_group.pk), created, 403).json()
    assert f"Cannot read ome.model.containers.Project:Id_{created['@id']}" in rsp["message"]
    assert Project.objects.get(pk=created["@id"]).group_id == personas.group.pk


def test_validation_exception(web, personas: Personas) -> None:
    """test_api_errors.py::TestErrors::test_validation_exception: the same tag twice in
    ``Annotations`` is a 400 naming ValidationException, and no project is made."""
    tag = do_create_tag(personas.ctx("owner", personas.group), "test_tag")
    tag_json = {"Value": "test_tag", "@id": tag.pk, "@type": f"{SCHEMA}#TagAnnotation"}
    payload = {
        "Name": "test_validation",
        "@type": f"{SCHEMA}#Project",
        "Annotations": [tag_json, tag_json],
    }
    rsp = send(web("owner"), "post", save_url(personas.group.pk), payload, 400).json()
    assert "ValidationException" in rsp["message"]
    assert not Project.objects.filter(name="test_validation").exists()


def test_it_links_the_annotations_of_a_new_object(web, personas: Personas) -> None:
    """test_api_containers.py::TestContainers::test_container_tags_update: a project
    saved with its ``Annotations`` keeps them linked."""
    tag = do_create_tag(personas.ctx("owner", personas.group), "kept")
    payload = {
        "Name": "tagged",
        "@type": f"{SCHEMA}#Project",
        "Annotations": [{"@id": tag.pk, "@type": f"{SCHEMA}#TagAnnotation"}],
    }
    client = web("owner")
    created = send(client, "post", save_url(personas.group.pk), payload, 201).json()["data"]
    found = get_json(client, reverse("api_annotations"), {"project": created["@id"]})
    assert [a["id"] for a in found["annotations"]] == [tag.pk]


@pytest.mark.parametrize(
    ("dtype", "name"), [("Plate", "api_plate"), ("Image", "api_image"), ("Well", "api_well")]
)
def test_delete_unsupported(web, dtype: str, name: str) -> None:
    """test_api_containers.py::TestContainers::test_delete_unsupported: DELETE answers
    405 "Delete of <Type> not supported"."""
    url = reverse(name, kwargs={"api_version": "0", "object_id": 1})
    rsp = send(web("owner"), "delete", url, None, 405).json()
    assert rsp["message"] == f"Delete of {dtype} not supported"


@pytest.mark.parametrize("dtype", ["Plate", "Image", "Well", "Channel", "foo"])
@pytest.mark.parametrize(("method", "verb"), [("post", "Creation"), ("put", "Update")])
def test_create_update_unsupported(web, dtype: str, method: str, verb: str) -> None:
    """test_api_containers.py::TestContainers::test_create_update_unsupported."""
    payload = {"Name": "test", "@type": f"{SCHEMA}#{dtype}"}
    rsp = send(web("owner"), method, save_url(), payload, 405).json()
    assert rsp["message"] == f"{verb} of {dtype} not supported"


def test_csrf_failure_message(personas: Personas) -> None:
    """omero-web's ``feedback.views.csrf_failure`` (test_csrf.py::TestCsrf): a refused
    token answers 403 ``{"message": "CSRF Failed: <reason>"}``, in the API and in the
    webclient alike."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.owner)
    api = client.post(save_url(personas.group.pk), {}, content_type="application/json")
    assert api.status_code == 403
    assert api.json() == {"message": "CSRF Failed: CSRF cookie not set."}
    web = client.post(reverse("annotate_comment"), {"comment": "x"})
    assert web.status_code == 403
    assert web.json() == {"message": "CSRF Failed: CSRF cookie not set."}


def test_shape_has_url_roi(web, owner_ctx) -> None:
    """omero-web ``api.views.ShapeView.add_data`` (test_api_rois.py::TestContainers::
    test_roi_delete reads shapes of a ROI): a shape links to its ROI as ``url:roi``."""
    image = make_image(owner_ctx)
    roi = do_save_roi(owner_ctx, image, [{"kind": "Point", "x": 1.0, "y": 2.0}])
    shape = roi.shapes.get()
    url = reverse("api_shape", kwargs={"api_version": "0", "object_id": shape.pk})
    found = get_json(web("owner"), url)["data"]
    expected = reverse("api_roi", kwargs={"api_version": "0", "object_id": roi.pk})
    assert found["url:roi"].endswith(expected)
