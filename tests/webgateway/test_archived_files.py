"""``archived_files/download/<iid>/``: the originals of the image's fileset."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from tests.webgateway.helpers import url
from tests.webgateway.originals import configure, make_archived_image

from pyomero.model.context import EventContext
from pyomero.testing.factories import make_image

ONE = {"cells.tif": b"II*\x00" + bytes(range(256)) * 40}
TWO = {"plate.xdce": b"<xml/>", "plate_A01.tif": b"II*\x00" + b"\x01" * 5000}


def download(client: Client, image_id: int, **query: str):
    return client.get(url("archived_files", image_id), query)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_it_streams_a_single_file_as_is(owner: Client, owner_ctx: EventContext) -> None:
    image = make_archived_image(owner_ctx, ONE)
    response = download(owner, image.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/force-download"
    assert response["Content-Disposition"] == 'attachment; filename="cells.tif"'
    assert response["Content-Length"] == str(len(ONE["cells.tif"]))
    assert body(response) == ONE["cells.tif"]


def test_it_zips_several_files(owner: Client, owner_ctx: EventContext) -> None:
    image = make_archived_image(owner_ctx, TWO, name="plate")
    response = download(owner, image.pk)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="plate.zip"'
    with zipfile.ZipFile(io.BytesIO(body(response))) as archive:
        assert archive.namelist() == list(TWO)
        assert {n: archive.read(n) for n in archive.namelist()} == TWO


def test_it_names_the_zip_as_asked(owner: Client, owner_ctx: EventContext) -> None:
    image = make_archived_image(owner_ctx, TWO)
    response = download(owner, image.pk, zipname="mine")
    assert response["Content-Disposition"] == 'attachment; filename="mine.zip"'


def test_it_refuses_a_zip_above_the_size_limit(
    owner: Client, owner_ctx: EventContext, settings
) -> None:
    image = make_archived_image(owner_ctx, TWO)
    configure(settings, **{"omero.web.maximum_multifile_download_size": "1000"})
    response = download(owner, image.pk)
    assert response.status_code == 403
    assert b"larger than 1000" in response.content


def test_it_answers_404_for_an_image_without_originals(
    owner: Client, owner_ctx: EventContext
) -> None:
    response = download(owner, make_image(owner_ctx).pk)
    assert response.status_code == 404 and b"no archived files" in response.content


@pytest.mark.parametrize(
    ("persona", "status"),
    [("owner", 200), ("member", 200), ("admin", 200), ("outsider", 404)],
)
def test_it_lets_who_sees_the_image_download(
    client_for, owner_ctx: EventContext, persona: str, status: int
) -> None:
    image = make_archived_image(owner_ctx, ONE)
    assert download(client_for(persona), image.pk).status_code == status


def test_it_sends_anonymous_visitors_to_the_login_page(owner_ctx: EventContext) -> None:
    image = make_archived_image(owner_ctx, ONE)
    response = download(Client(), image.pk)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("policy", ["-image", "-read,+write,+image"])
def test_it_follows_the_binary_access_policy(
    client_for, owner_ctx: EventContext, settings, policy: str
) -> None:
    image = make_archived_image(owner_ctx, ONE)
    configure(settings, **{"omero.policy.binary_access": policy})
    response = download(client_for("member"), image.pk)
    assert response.status_code == 403 and response.content
    owner_may = download(client_for("owner"), image.pk).status_code
    assert owner_may == (403 if policy == "-image" else 200)


@pytest.mark.parametrize("damage", ["removed", "truncated"])
def test_it_answers_a_lost_original_with_an_error_before_sending_anything(
    owner: Client, owner_ctx: EventContext, damage: str
) -> None:
    from django.conf import settings

    image = make_archived_image(owner_ctx, TWO)
    stored = next(settings.OMERO_CONFIG.data_dir().rglob("plate_A01.tif"))
    if damage == "removed":
        stored.unlink()
    else:
        stored.write_bytes(b"II*\x00")

    response = download(owner, image.pk)

    assert response.status_code == 500
    assert not response.streaming
    assert response.content.decode() == (
        f"The original file 'plate_A01.tif' of Image {image.pk} is missing or damaged on the "
        "server; please tell its administrator (omero admin check lists such files)."
    )
