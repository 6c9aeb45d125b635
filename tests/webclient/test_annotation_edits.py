"""Attachments, removing annotations, editing key-value tables, reusing tags, and
annotating a multi-selection, through the webclient's panel."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.actions import (
    do_add_map_annotation,
    do_add_tag,
    do_add_value_annotation,
    do_create_tag,
    files,
)
from pyomero.model.actions.files import files_root
from pyomero.model.context import ALL_GROUPS
from pyomero.model.errors import InputInvalidError
from pyomero.model.models import (
    Annotation,
    AnnotationKind,
    ImageAnnotationLink,
    NamedValue,
    OriginalFile,
)
from pyomero.model.queries import annotation_links
from pyomero.testing.personas import Personas

HTMX = {"HTTP_HX_REQUEST": "true"}


def _texts(personas: Personas, obj: object) -> list[tuple[str, str]]:
    links = annotation_links(personas.ctx("owner", ALL_GROUPS), obj)
    return [(link.child.kind, link.child.text_value) for link in links]


def test_it_attaches_downloads_and_removes_a_file(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    client, image = signed_in("owner"), tree.images[0]
    upload = SimpleUploadedFile("notes.csv", b"a,b\n1,2\n", content_type="text/csv")
    url = f"/webclient/annotate_file/image/{image.pk}/"
    response = client.post(url, {"annotation_file": upload}, **HTMX)
    assert response.status_code == 200
    assert "notes.csv" in response.content.decode()
    annotation = Annotation.objects.get(kind="FileAnnotation")
    download = client.get(f"/webclient/annotation/{annotation.pk}/")
    assert b"".join(download.streaming_content) == b"a,b\n1,2\n"
    assert 'filename="notes.csv"' in download["Content-Disposition"]
    assert signed_in("outsider").get(f"/webclient/annotation/{annotation.pk}/").status_code == 404
    link = ImageAnnotationLink.objects.get(child=annotation)
    client.post(f"/webclient/remove_annotation/image/{image.pk}/", {"link_id": link.pk}, **HTMX)
    assert _texts(personas, image) == []
    assert OriginalFile.objects.filter(name="notes.csv").exists()  # kept for reuse


def test_it_refuses_an_upload_without_a_file(tree: Tree, signed_in: SignedIn) -> None:
    url = f"/webclient/annotate_file/image/{tree.images[0].pk}/"
    response = signed_in("owner").post(url, {}, **HTMX)
    assert response.status_code == 400
    assert "choose a file" in response.content.decode()


def test_it_removes_a_tag_and_deletes_a_comment(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    client, image = signed_in("owner"), tree.images[0]
    client.post(f"/webclient/annotate_tags/image/{image.pk}/", {"tag": "keep"}, **HTMX)
    client.post(f"/webclient/annotate_comment/image/{image.pk}/", {"comment": "bye"}, **HTMX)
    for link in ImageAnnotationLink.objects.all():
        client.post(f"/webclient/remove_annotation/image/{image.pk}/", {"link_id": link.pk}, **HTMX)
    assert _texts(personas, image) == []
    assert list(Annotation.objects.values_list("kind", flat=True)) == ["TagAnnotation"]


def test_it_lets_a_member_remove_only_their_own_links(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    image = tree.images[0]
    do_add_tag(personas.ctx("owner", personas.group), image, "owner's")
    link = ImageAnnotationLink.objects.get()
    url = f"/webclient/remove_annotation/image/{image.pk}/"
    assert signed_in("member").post(url, {"link_id": link.pk}, **HTMX).status_code == 403
    panel = signed_in("member").get(f"/webclient/metadata_details/image/{image.pk}/")
    assert "Remove tag owner&#x27;s" not in panel.content.decode()


def test_it_reuses_a_tag_of_the_same_text(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    existing = do_create_tag(personas.ctx("owner", personas.group), "mitosis")
    panel = signed_in("owner").get(f"/webclient/metadata_details/image/{tree.images[0].pk}/")
    assert '<option value="mitosis">' in panel.content.decode()
    url = f"/webclient/annotate_tags/image/{tree.images[0].pk}/"
    signed_in("owner").post(url, {"tag": "mitosis"}, **HTMX)
    assert list(Annotation.objects.values_list("pk", flat=True)) == [existing.pk]


def test_it_edits_reorders_and_empties_a_key_value_table(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    image = tree.images[0]
    ctx = personas.ctx("owner", personas.group)
    annotation = do_add_map_annotation(ctx, image, [("a", "1"), ("b", "2")])
    url = f"/webclient/annotate_map/image/{image.pk}/"
    form = {"annotation_id": annotation.pk, "key": ["b", "c", "a"], "value": ["2", "3", "1"]}
    response = signed_in("owner").post(url, form, **HTMX)
    assert response.status_code == 200
    rows = NamedValue.objects.filter(annotation=annotation).order_by("index")
    assert [(r.name, r.value) for r in rows] == [("b", "2"), ("c", "3"), ("a", "1")]
    assert signed_in("member").post(url, form, **HTMX).status_code == 403
    signed_in("owner").post(url, {"annotation_id": annotation.pk, "key": [], "value": []}, **HTMX)
    assert not Annotation.objects.exists()


def test_it_annotates_a_selection_all_or_nothing(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    client = signed_in("owner")
    ids = ",".join(str(i.pk) for i in tree.images)
    panel = client.get(f"/webclient/batch_annotate/?image={ids}")
    assert "2 objects selected" in panel.content.decode()
    assert f'<input type="hidden" name="image" value="{ids}">' in panel.content.decode()
    client.post("/webclient/batch_annotate/tag/", {"image": ids, "tag": "both"}, **HTMX)
    client.post("/webclient/batch_annotate/map/", {"image": ids, "key": "k", "value": "v"}, **HTMX)
    client.post("/webclient/batch_annotate/rating/", {"image": ids, "rating": "4"}, **HTMX)
    for image in tree.images:
        kinds = [kind for kind, _ in _texts(personas, image)]
        assert kinds == ["TagAnnotation", "MapAnnotation", "LongAnnotation"]
    refused = client.post("/webclient/batch_annotate/comment/", {"image": ids, "comment": " "})
    assert refused.status_code == 400
    assert Annotation.objects.filter(kind="CommentAnnotation").count() == 0


def test_it_shows_other_annotations_read_only(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    image = tree.images[0]
    do_add_value_annotation(
        personas.ctx("owner", personas.group), image, AnnotationKind.DOUBLE, 2.5
    )
    html = signed_in("member").get(f"/webclient/metadata_details/image/{image.pk}/").content
    assert b"Other annotations" in html and b"2.5" in html


def test_it_removes_the_bytes_of_a_failed_batch_attach(
    tree: Tree, signed_in: SignedIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    real, calls = files.do_add_file_annotation, []

    def fail_the_second(*args: Any, **kwargs: Any) -> Annotation:
        calls.append(args)
        if len(calls) == 2:
            raise InputInvalidError("the second image refused the file")
        return real(*args, **kwargs)

    monkeypatch.setattr(files, "do_add_file_annotation", fail_the_second)
    ids = ",".join(str(image.pk) for image in tree.images)
    upload = SimpleUploadedFile("both.txt", b"shared notes")
    response = signed_in("owner").post(
        "/webclient/batch_annotate/file/", {"image": ids, "annotation_file": upload}, **HTMX
    )
    assert "the second image refused the file" in response.content.decode()
    stored = [files_root().read_bytes(file.key) for file in files_root().files()]
    assert [content for content in stored if content == b"shared notes"] == []
    assert not OriginalFile.objects.filter(name="both.txt").exists()


def test_it_links_an_omero_table_to_its_page(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    """A bulk-annotation table among the attachments opens as OMERO.web's table page."""
    from pyomero.model.actions import do_attach_table
    from pyomero.tables import Column

    image = tree.images[0]
    owner = personas.ctx("owner", image.group_id)
    table = do_attach_table(owner, image, "results.h5", [Column("Area", "DoubleColumn")], [[1.5]])
    html = signed_in("member").get(f"/webclient/metadata_details/image/{image.pk}/").content
    assert f'href="/webclient/omero_table/{table.file_id}/"'.encode() in html
    page = signed_in("member").get(f"/webclient/omero_table/{table.file_id}/").content.decode()
    assert '<th title="DoubleColumn">Area</th>' in page and "<td>1.5</td>" in page
