"""OMERO.web's annotation forms (``annotate_tags/``, ``annotate_map/``,
``annotate_comment/``, ``annotate_file/``) and ``api/annotations/``, objects named in
the form as OMERO.web's dialogs and scripts send them."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tests.contracts.omeroweb import get, get_json, post, post_json

from pyomero.model.actions import (
    do_add_file_annotation,
    do_create_original_file,
    do_create_plate,
    do_create_tag,
    do_create_tagset,
)
from pyomero.model.context import EventContext
from pyomero.model.models import CLIENT_MAP_NS, Annotation, AnnotationKind, OriginalFile
from pyomero.testing.factories import make_image, make_tree
from pyomero.testing.personas import Personas


@pytest.fixture
def dataset(owner_ctx: EventContext):
    return make_tree(owner_ctx)[1]


def annotate_dataset(client, key_values, ds_id=None, ns=None, ann_id=None):
    """test_annotate.py::TestMapAnnotations::annotate_dataset, in HTTP."""
    data = {"mapAnnotation": json.dumps(key_values)}
    if ns is not None:
        data["ns"] = ns
    if ds_id is not None:
        data["dataset"] = ds_id
    if ann_id is not None:
        data["annId"] = ann_id
    return post_json(client, reverse("annotate_map"), data)


def test_annotate_map(web, dataset) -> None:
    """test_annotate.py::TestMapAnnotations::test_annotate_map: maps are added, filtered
    by ns, edited through ``annId`` and deleted by an empty list; the client ns is the
    default."""
    client = web("owner")
    ns = "test.annotate.map.ns"
    map_data_ns = [["testKey", "someValue"], ["ns", ns]]
    annotate_dataset(client, map_data_ns, dataset.pk, ns)
    client_map_data = [["expect", "client"], ["ns", "to be used"]]
    annotate_dataset(client, client_map_data, dataset.pk)

    url = reverse("api_annotations")
    data = {"dataset": dataset.pk, "type": "map"}
    assert len(get_json(client, url, data)["annotations"]) == 2
    data["ns"] = ns
    rsp = get_json(client, url, data)
    assert len(rsp["annotations"]) == 1
    ann = rsp["annotations"][0]
    assert ann["values"] == map_data_ns and ann["ns"] == ns
    assert ann["link"]["parent"]["id"] == dataset.pk

    new_data = [["new", "data"]]
    assert annotate_dataset(client, new_data, None, None, ann["id"]) == {"annId": [ann["id"]]}
    assert get_json(client, url, data)["annotations"][0]["values"] == new_data
    assert annotate_dataset(client, [], None, None, ann["id"]) == {"annId": None}

    del data["ns"]
    rsp = get_json(client, url, data)
    assert len(rsp["annotations"]) == 1
    assert rsp["annotations"][0]["values"] == client_map_data
    assert rsp["annotations"][0]["ns"] == CLIENT_MAP_NS


def test_annotate_map_refuses_pairs_that_are_not_json(web, dataset) -> None:
    """test_annotate.py::TestMapAnnotations (``mapAnnotation`` must be JSON pairs):
    anything else is a 400 with a message, and nothing is written."""
    client = web("owner")
    data = {"mapAnnotation": "key=value", "dataset": dataset.pk}
    response = post(client, reverse("annotate_map"), data, status_code=400)
    assert b"mapAnnotation" in response.content
    assert not Annotation.objects.filter(kind=AnnotationKind.MAP).exists()


def tag_form(**objects):
    """The tagging dialog's POST (test_annotate.py::TestTagging::annotate_dataset)."""
    return {
        "filter_mode": "any",
        "filter_owner_mode": "all",
        "index": 0,
        "newtags-INITIAL_FORMS": 0,
        "newtags-MAX_NUM_FORMS": 1000,
        "newtags-TOTAL_FORMS": 0,
        **objects,
    }


def test_annotate_tag(web, personas: Personas, dataset) -> None:
    """test_annotate.py::TestTagging::test_annotate_tag: a member links their own and a
    colleague's tag; a tag left out of ``tags`` is taken off."""
    client = web("owner")
    tag = do_create_tag(personas.ctx("owner", personas.group), "test_annotate_tag")
    tag2 = do_create_tag(personas.ctx("member", personas.group), "user2_tag")
    url = reverse("annotate_tags")
    post(client, url, tag_form(dataset=dataset.pk, tags=f"{tag.pk},{tag2.pk}"))
    found = get_json(client, reverse("api_annotations"), {"dataset": dataset.pk})
    assert {tag.pk, tag2.pk} <= {t["id"] for t in found["annotations"]}

    post(client, url, tag_form(dataset=dataset.pk, tags=str(tag2.pk)))
    found = get_json(client, reverse("api_annotations"), {"dataset": dataset.pk})
    ids = [t["id"] for t in found["annotations"]]
    assert tag.pk not in ids and tag2.pk in ids


def test_add_edit_and_remove_tag(web, owner_ctx: EventContext) -> None:
    """test_tags.py::TestTags::test_add_edit_and_remove_tag: a new tag from the formset
    and an existing one: ``{"new": [id], "added": [id]}``, two tags on the image."""
    client = web("owner")
    img = make_image(owner_ctx)
    tag = do_create_tag(owner_ctx, "existing")
    data = tag_form(image=img.pk, tags=tag.pk)
    data.update(
        {
            "newtags-0-description": "",
            "newtags-0-tag": "foobar",
            "newtags-0-tagset": "",
            "newtags-TOTAL_FORMS": 1,
        }
    )
    rsp = post_json(client, reverse("annotate_tags"), data)
    assert len(rsp["new"]) == 1 and rsp["added"] == [tag.pk]
    found = get_json(client, reverse("api_annotations"), {"image": img.pk, "type": "tag"})
    assert len(found["annotations"]) == 2
    assert {a["textValue"] for a in found["annotations"]} == {"existing", "foobar"}
    assert all(a["class"] == "TagAnnotationI" for a in found["annotations"])


def test_it_puts_a_new_tag_in_a_tag_set(web, owner_ctx: EventContext) -> None:
    """test_tags.py::TestTags (``newtags-0-tagset``): the new tag goes into the set."""
    img = make_image(owner_ctx)
    tagset = do_create_tagset(owner_ctx, "set")
    data = tag_form(image=img.pk, tags="")
    data.update({"newtags-0-tag": "in set", "newtags-0-tagset": tagset.pk})
    data["newtags-TOTAL_FORMS"] = 1
    new = post_json(web("owner"), reverse("annotate_tags"), data)["new"]
    found = get_json(web("owner"), reverse("api_tags"), {"id": tagset.pk})
    assert [t["id"] for t in found["tags"]] == new


def test_add_remove_tags(web, owner_ctx: EventContext) -> None:
    """test_tags.py::TestTags::test_add_remove_tags: tags on many images at once
    (``page=0`` lists them all), then all taken off by an empty ``tags``."""
    client = web("owner")
    iids = [make_image(owner_ctx, f"i{i}").pk for i in range(12)]
    tag_ids = [do_create_tag(owner_ctx, f"t{i}").pk for i in range(3)]
    url = reverse("annotate_tags")
    rsp = post_json(client, url, tag_form(image=iids, tags=",".join(map(str, tag_ids))))
    assert len(rsp["added"]) == 3
    query = {"image": iids, "type": "tag", "page": 0}
    assert len(get_json(client, reverse("api_annotations"), query)["annotations"]) == 36
    post(client, url, tag_form(image=iids, tags=""))
    assert get_json(client, reverse("api_annotations"), query)["annotations"] == []


def test_it_refuses_tags_on_objects_the_user_cannot_see(web, owner_ctx: EventContext) -> None:
    """test_annotate.py::TestTagging (OMERO's permissions): an outsider's form answers
    404, as if the image were missing, and links nothing."""
    img = make_image(owner_ctx)
    tag = do_create_tag(owner_ctx, "t")
    post(web("outsider"), reverse("annotate_tags"), tag_form(image=img.pk, tags=tag.pk), 404)
    assert (
        get_json(web("owner"), reverse("api_annotations"), {"image": img.pk})["annotations"] == []
    )


def test_add_and_remove_comment(web, owner_ctx: EventContext, personas: Personas) -> None:
    """test_csrf.py::TestCsrf::test_add_and_remove_comment: a comment needs the CSRF
    token; it answers ``annId`` and ``added_by``."""
    img = make_image(owner_ctx)
    rsp = post_json(
        web("owner"), reverse("annotate_comment"), {"comment": "foobar", "image": img.pk}
    )
    assert rsp["added_by"] == personas.owner.pk
    found = get_json(web("owner"), reverse("api_annotations"), {"image": img.pk, "type": "comment"})
    assert [(a["id"], a["textValue"]) for a in found["annotations"]] == [(rsp["annId"], "foobar")]


def test_add_fileannotations_form(web, owner_ctx: EventContext, dataset) -> None:
    """test_annotate.py::TestFileAnnotations::test_add_fileannotations_form: the form
    lists a file annotation without a name as ``No name. ID <id>``."""
    file = do_create_original_file(owner_ctx, "x")
    OriginalFile.objects.filter(pk=file.pk).update(name="")  # as OMERO allows
    file.refresh_from_db()
    other = make_image(owner_ctx)
    fa = do_add_file_annotation(owner_ctx, other, file)
    html = get(web("owner"), reverse("annotate_file"), {"dataset": dataset.pk}).content
    assert f"No name. ID {fa.pk}".encode() in html


def test_attach_file(web, owner_ctx: EventContext) -> None:
    """test_csrf.py::TestCsrf::test_attach_file: an upload needs the CSRF token and is
    attached to the image (``fileIds``); api/annotations lists it with its file."""
    img = make_image(owner_ctx)
    upload = SimpleUploadedFile("notes.csrf", b"Testing csrf token")
    client = web("owner")
    url = reverse("annotate_file")
    data = {"image": img.pk, "index": 0, "annotation_file": upload}
    response = client.post(url, data)
    assert response.status_code == 403
    upload.seek(0)
    data["annotation_file"] = upload
    rsp = post(client, url, data, csrf_required=False).json()
    found = get_json(client, reverse("api_annotations"), {"image": img.pk, "type": "file"})
    assert [a["id"] for a in found["annotations"]] == rsp["fileIds"]
    assert found["annotations"][0]["file"]["name"] == "notes.csrf"
    assert found["annotations"][0]["file"]["size"] == len(b"Testing csrf token")


def test_api_annotations_lists_wells_and_experimenters(web, owner_ctx, personas) -> None:
    """test_tree_annotations.py (``marshal_annotations``): a well's link names its parent
    by position; ``experimenters`` lists the owners sorted by id."""
    plate = do_create_plate(owner_ctx, "p", rows=2, columns=2)
    well = plate.wells.get(row=1, column=0)
    tag = do_create_tag(owner_ctx, "on well")
    post(web("owner"), reverse("annotate_tags"), tag_form(well=well.pk, tags=tag.pk))
    rsp = get_json(web("member"), reverse("api_annotations"), {"well": well.pk})
    ann = rsp["annotations"][0]
    assert ann["link"]["parent"] == {"id": well.pk, "class": "WellI", "name": "B1"}
    assert ann["owner"] == {"id": personas.owner.pk}
    assert ann["permissions"]["canEdit"] is False
    assert rsp["experimenters"] == [
        {
            "id": personas.owner.pk,
            "omeName": "owner",
            "firstName": "Owner",
            "lastName": "Person",
        }
    ]
