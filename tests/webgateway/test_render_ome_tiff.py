"""``render_ome_tiff/i/<iid>/``: the pixels as an OME-TIFF with OME-XML."""

from __future__ import annotations

import io

import numpy as np
import pytest
import tifffile
from django.test import Client
from tests.webgateway.helpers import url
from tests.webgateway.originals import configure

from pyomero.model.context import EventContext
from pyomero.model.models import Image
from pyomero.testing.images import make_pixels_image, synthetic_plane


def export(client: Client, image_id: int, kind: str = "i"):
    return client.get(url("webgateway_render_ome_tiff", kind, image_id))


def read(response) -> tifffile.TiffFile:
    return tifffile.TiffFile(io.BytesIO(b"".join(response.streaming_content)))


def test_it_exports_every_plane_with_ome_xml(owner: Client, owner_ctx: EventContext) -> None:
    image = make_pixels_image(owner_ctx, "cells.tif", size_z=2, size_c=2, size_t=2)
    response = export(owner, image.pk)
    assert response.status_code == 200 and response["Content-Type"] == "image/tiff"
    assert response["Content-Disposition"] == 'attachment; filename="cells.ome.tif"'
    with read(response) as tiff:
        assert tiff.is_ome
        ome = tiff.ome_metadata or ""
        data = tiff.asarray()
    assert 'Name="cells.tif"' in ome and 'Name="DAPI"' in ome and 'Name="GFP"' in ome
    assert 'PhysicalSizeX="0.5"' in ome
    assert data.shape == (2, 2, 2, 48, 64) and data.dtype == np.uint16
    for t in range(2):
        for c in range(2):
            for z in range(2):
                assert np.array_equal(data[t, c, z], synthetic_plane(image, c, z, t))


def test_it_refuses_images_with_planes_too_large(owner: Client, image: Image, settings) -> None:
    configure(
        settings,
        **{"omero.pixeldata.max_plane_width": "32", "omero.pixeldata.max_plane_height": "32"},
    )
    response = export(owner, image.pk)
    assert response.status_code == 400 and b"too large to export" in response.content


def test_it_refuses_images_with_too_many_bytes(owner: Client, image: Image, settings) -> None:
    configure(settings, **{"omero.web.maximum_multifile_download_size": "1000"})
    response = export(owner, image.pk)
    assert response.status_code == 400 and b"more than 1000" in response.content


def test_it_exports_images_only(owner: Client, image: Image) -> None:
    assert export(owner, image.pk, kind="d").status_code == 400


@pytest.mark.parametrize(("persona", "status"), [("member", 200), ("outsider", 404)])
def test_it_exports_for_who_sees_the_image(
    client_for, image: Image, persona: str, status: int
) -> None:
    response = export(client_for(persona), image.pk)
    assert response.status_code == status
    if status == 200:
        with read(response) as tiff:
            assert tiff.is_ome


def test_it_sends_anonymous_visitors_to_the_login_page(image: Image) -> None:
    response = export(Client(), image.pk)
    assert response.status_code == 302 and "/login/" in response["Location"]
