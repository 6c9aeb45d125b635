"""pyomero's extension: ``m/<type>s/<id>/annotations/`` lists, adds and removes."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pyomero.api.schema import AnnotationJson, One
from pyomero.model.actions import do_create_original_file, do_create_tag
from pyomero.model.models import RATING_NS, Annotation, ImageAnnotationLink, OriginalFile

from .conftest import M, SignIn, World, data
from .contract import mismatches

SCHEMA = "http://www.openmicroscopy.org/Schemas/OME/2016-06"


def url(world: World, index: int = 0) -> str:
    return f"{M}images/{world.images[index].pk}/annotations/"


def add(client: Client, target: str, body: dict[str, Any]) -> Any:
    return client.post(target, body, content_type="application/json")


def test_it_lists_an_objects_annotations_with_their_links(world: World, sign_in: SignIn) -> None:
    listed = data(sign_in("member").get(url(world)))
    kinds = [a["@type"].split("#")[1] for a in listed]
    assert kinds == [
        "TagAnnotation",
        "MapAnnotation",
        "CommentAnnotation",
        "LongAnnotation",
        "FileAnnotation",
    ]
    tag, pairs, comment, rating, attached = listed
    assert tag["Value"] == "mitosis"
    assert pairs["Value"] == [["gene", "CDK1"], ["organism", "human"]]
    assert pairs["Namespace"] == "openmicroscopy.org/omero/client/mapAnnotation"
    assert comment["Value"] == "a fine cell"
    assert (rating["Value"], rating["Namespace"]) == (4, RATING_NS)
    assert attached["File"]["name"] == "notes.txt" and attached["File"]["size"] == 12
    link = tag["omero:link"]
    assert link["@type"] == "TBD#ImageAnnotationLink"
    assert link["omero:details"]["owner"]["UserName"] == "owner"
    assert link["omero:details"]["permissions"]["canDelete"] is False  # the member's view


def test_it_filters_by_type_and_namespace(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    assert len(data(client.get(f"{url(world)}?type=TagAnnotation"))) == 1
    assert len(data(client.get(f"{url(world)}?ns={RATING_NS}"))) == 1
    assert client.get(f"{url(world)}?type=Nonsense").status_code == 400


@pytest.mark.parametrize(
    ("body", "value"),
    [
        ({"@type": f"{SCHEMA}#TagAnnotation", "Value": "interphase"}, "interphase"),
        ({"@type": "CommentAnnotation", "Value": "looks odd"}, "looks odd"),
        ({"@type": "MapAnnotation", "Value": [["k", "v"], ["k", "w"]]}, [["k", "v"], ["k", "w"]]),
        ({"@type": "DoubleAnnotation", "Value": 2.5, "Namespace": "x"}, 2.5),
        ({"@type": "BooleanAnnotation", "Value": True}, True),
        ({"@type": "TimestampAnnotation", "Value": 1235730332000}, 1235730332000),
    ],
)
def test_it_adds_annotations_as_a_member_of_a_read_annotate_group(
    world: World, sign_in: SignIn, body: dict[str, Any], value: Any
) -> None:
    response = add(sign_in("member"), url(world), body)
    assert response.status_code == 201, response.content
    assert mismatches(response.json(), One[AnnotationJson]) == []
    added = response.json()["data"]
    assert added["Value"] == value
    assert added["omero:details"]["owner"]["UserName"] == "member"
    assert added["omero:link"]["omero:details"]["permissions"]["canDelete"] is True


def test_it_sets_and_removes_the_users_rating(world: World, sign_in: SignIn) -> None:
    client, rating = sign_in("member"), {"@type": "LongAnnotation", "Namespace": RATING_NS}
    assert add(client, url(world), {**rating, "Value": 2}).json()["data"]["Value"] == 2
    assert add(client, url(world), {**rating, "Value": 5}).status_code == 201
    ratings = data(client.get(f"{url(world)}?ns={RATING_NS}"))
    assert sorted(r["Value"] for r in ratings) == [4, 5]  # the owner's and the member's
    assert add(client, url(world), {**rating, "Value": 0}).json() == {"data": None}
    assert [r["Value"] for r in data(client.get(f"{url(world)}?ns={RATING_NS}"))] == [4]


def test_it_links_an_existing_tag(world: World, sign_in: SignIn) -> None:
    people = world.people
    tag = do_create_tag(people.ctx("member", people.group), "shared tag")
    response = add(sign_in("member"), url(world, 1), {"@id": tag.pk})
    assert response.status_code == 201
    assert response.json()["data"]["@id"] == tag.pk


def test_it_attaches_an_original_file(world: World, sign_in: SignIn) -> None:
    people = world.people
    file = do_create_original_file(people.ctx("member", people.group), "table.csv", size=3)
    body = {"@type": "FileAnnotation", "File": {"@id": file.pk}, "Description": "results"}
    response = add(sign_in("member"), url(world, 1), body)
    assert response.status_code == 201
    assert response.json()["data"]["File"]["name"] == "table.csv"


def test_it_explains_bad_annotations(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    for body in (
        {"Value": "no type"},
        {"@type": "TagAnnotation"},
        {"@type": "MapAnnotation", "Value": [["only a key"]]},
        {"@type": "LongAnnotation", "Value": "five"},
        {"@type": "FileAnnotation", "File": {}},
        {"@id": "seven"},
    ):
        assert add(client, url(world), body).status_code == 400, body


def test_it_follows_the_groups_rules(world: World, sign_in: SignIn) -> None:
    body = {"@type": "TagAnnotation", "Value": "nope"}
    assert add(sign_in("outsider"), url(world), body).status_code == 404
    private = world.people.group
    private.permissions = "rwr---"  # read-only: members may not annotate
    private.save(update_fields=["permissions"])
    assert add(sign_in("member"), url(world), body).status_code == 403


def test_it_takes_an_annotation_off_an_object(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    tag = data(client.get(f"{url(world)}?type=TagAnnotation"))[0]
    response = client.delete(f"{url(world)}{tag['@id']}/")
    assert response.status_code == 200
    assert response.json()["data"]["Value"] == "mitosis"
    assert not ImageAnnotationLink.objects.filter(child_id=tag["@id"]).exists()
    assert Annotation.objects.filter(pk=tag["@id"]).exists()  # the tag stays for reuse
    assert client.delete(f"{url(world)}{tag['@id']}/").status_code == 404


def test_it_lets_only_link_owners_remove_in_read_annotate(world: World, sign_in: SignIn) -> None:
    tag = data(sign_in("owner").get(f"{url(world)}?type=TagAnnotation"))[0]
    response = sign_in("member").delete(f"{url(world)}{tag['@id']}/")
    assert response.status_code == 403
    assert ImageAnnotationLink.objects.filter(child_id=tag["@id"]).exists()


def test_it_annotates_every_annotatable_kind(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    well = world.plate.wells.first()
    for kind, pk in (
        ("projects", world.project.pk),
        ("datasets", world.dataset.pk),
        ("screens", world.screen.pk),
        ("plates", world.plate.pk),
        ("plateacquisitions", world.run.pk),
        ("wells", well.pk),
    ):
        target = f"{M}{kind}/{pk}/annotations/"
        assert add(client, target, {"@type": "CommentAnnotation", "Value": kind}).status_code == 201
        assert data(client.get(target))[0]["Value"] == kind


def upload(client: Client, target: str, content: bytes, **fields: str) -> Any:
    file = SimpleUploadedFile("results table.csv", content, content_type="text/csv")
    return client.post(target, {"file": file, **fields})  # multipart/form-data


def test_it_uploads_a_file_and_gives_it_back(world: World, sign_in: SignIn) -> None:
    member = sign_in("member")
    content = b"cell,area\n1,42.5\n" * 1000
    response = upload(member, url(world, 1), content, Namespace="lab/results", Description="QC")
    assert response.status_code == 201, response.content
    assert mismatches(response.json(), One[AnnotationJson]) == []
    added = response.json()["data"]
    assert (added["Namespace"], added["Description"]) == ("lab/results", "QC")
    assert added["File"]["name"] == "results table.csv"
    assert added["File"]["size"] == len(content)
    assert added["File"]["mimetype"] == "text/csv"
    assert added["File"]["hash"] == hashlib.sha1(content).hexdigest()
    listed = data(member.get(f"{url(world, 1)}?type=FileAnnotation"))
    assert [a["@id"] for a in listed] == [added["@id"]]
    for who in ("member", "owner"):  # the owner of the image sees it too
        download = sign_in(who).get(f"{M}annotations/{added['@id']}/file/")
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == content
        assert download["Content-Disposition"].startswith("attachment;")
        assert download["X-OMERO-ApiVersion"] == "0.2"
    assert sign_in("outsider").get(f"{M}annotations/{added['@id']}/file/").status_code == 404


def test_it_refuses_uploads_the_group_does_not_allow(world: World, sign_in: SignIn) -> None:
    group = world.people.group
    group.permissions = "rwr---"  # read-only: members may not annotate
    group.save(update_fields=["permissions"])
    stored = settings.OMERO_CONFIG.data_dir() / "Files"
    rows, files = OriginalFile.objects.count(), stored_files(stored)
    assert upload(sign_in("member"), url(world), b"nope").status_code == 403
    assert upload(sign_in("outsider"), url(world), b"nope").status_code == 404
    assert sign_in("owner").post(url(world), {"Namespace": "no file"}).status_code == 400
    assert (OriginalFile.objects.count(), stored_files(stored)) == (rows, files)  # nothing left


def stored_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_it_has_no_bytes_for_a_file_it_only_knows_of(world: World, sign_in: SignIn) -> None:
    attached = data(sign_in("owner").get(f"{url(world)}?type=FileAnnotation"))[0]
    response = sign_in("owner").get(f"{M}annotations/{attached['@id']}/file/")
    assert response.status_code == 404
    tag = data(sign_in("owner").get(f"{url(world)}?type=TagAnnotation"))[0]
    assert sign_in("owner").get(f"{M}annotations/{tag['@id']}/file/").status_code == 404


def test_it_refuses_a_rating_out_of_range(world: World, sign_in: SignIn) -> None:
    rating = {"@type": "LongAnnotation", "Namespace": RATING_NS}
    for value in (6, -1):
        assert add(sign_in("member"), url(world), {**rating, "Value": value}).status_code == 400
