"""The OME-TIFF export is a valid OME-TIFF: tifffile and Bio-Formats read back the same
sizes, channel names, physical sizes and pixels, and importing it again changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tifffile
from django.conf import settings
from django.test import Client
from tests.bioformats_oracle import bioformats, corpus_file
from tests.webgateway.helpers import url

from pyomero.conf.config import Config
from pyomero.imports import run_import
from pyomero.model.context import EventContext
from pyomero.model.models import Channel, Image, Pixels
from pyomero.pixels import open_pyramid
from pyomero.testing.images import make_pixels_image


def export(client: Client, image: Image, folder: Path) -> Path:
    """The export of ``image`` as a client saves it: exactly Content-Length bytes."""
    response = client.get(url("webgateway_render_ome_tiff", "i", image.pk))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(body)
    path = folder / "export.ome.tif"
    path.write_bytes(body)
    return path


def planes(image: Image) -> dict[tuple[int, int, int], np.ndarray]:
    pixels = Pixels.objects.get(image=image)
    pyramid = open_pyramid(settings.OMERO_CONFIG.data_dir() / pixels.path)
    return {
        (t, c, z): np.asarray(pyramid.read_plane(0, t, c, z))
        for t in range(pixels.size_t)
        for c in range(pixels.size_c)
        for z in range(pixels.size_z)
    }


def described(image: Image) -> dict[str, object]:
    """What a user sees of an image: sizes, pixel type, channel names, physical sizes."""
    pixels = Pixels.objects.get(image=image)
    return {
        "sizes": (pixels.size_x, pixels.size_y, pixels.size_z, pixels.size_c, pixels.size_t),
        "type": pixels.pixels_type,
        "channels": list(
            Channel.objects.filter(pixels=pixels).order_by("index").values_list("name", flat=True)
        ),
        "physical": tuple(getattr(pixels, f"physical_size_{axis}") for axis in ("x", "y", "z")),
    }


def imported(ctx: EventContext, path: Path) -> Image:
    (result,) = run_import(ctx, [path], data_dir_path=settings.OMERO_CONFIG.data_dir())
    assert result.ok, result.error
    (image_id,) = result.image_ids
    return Image.objects.get(pk=image_id)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, settings: Any) -> Path:
    """A data directory of this test's own: pixel ids restart with each test."""
    folder = tmp_path / "data"
    settings.OMERO_CONFIG = Config({"omero.data.dir": str(folder)}, settings.OMERO_CONFIG.omerodir)
    return folder


@pytest.fixture
def stack(owner_ctx: EventContext) -> Image:
    return make_pixels_image(owner_ctx, "cells.tif", size_z=3, size_c=2, size_t=2)


def test_tifffile_reads_the_ome_xml_and_every_plane(
    owner: Client, stack: Image, tmp_path: Path
) -> None:
    path = export(owner, stack, tmp_path)
    with tifffile.TiffFile(path) as tiff:
        assert tiff.is_ome
        (series,) = tiff.series
        assert series.axes == "TCZYX" and series.shape == (2, 2, 3, 48, 64)
        ome = tiff.ome_metadata or ""
        data = series.asarray()
    assert 'Name="DAPI"' in ome and 'Name="GFP"' in ome and 'PhysicalSizeX="0.5"' in ome
    for (t, c, z), plane in planes(stack).items():
        assert np.array_equal(data[t, c, z], plane), (t, c, z)


def test_bioformats_reads_what_pyomero_holds(owner: Client, stack: Image, tmp_path: Path) -> None:
    path = export(owner, stack, tmp_path)
    want = described(stack)
    with bioformats(path) as bf:
        (series,) = bf.series
        assert series.sizes == want["sizes"]
        assert series.dtype == np.dtype(str(want["type"]))
        assert list(series.channel_names) == want["channels"]
        assert (series.physical_size_x, series.physical_size_y) == (0.5, 0.5)
        for (t, c, z), plane in planes(stack).items():
            assert np.array_equal(bf.plane(0, t, c, z), plane), (t, c, z)


def test_importing_the_export_changes_nothing(
    owner: Client, owner_ctx: EventContext, stack: Image, tmp_path: Path
) -> None:
    again = imported(owner_ctx, export(owner, stack, tmp_path))
    assert described(again) == described(stack)
    before, after = planes(stack), planes(again)
    assert before.keys() == after.keys()
    for key, plane in before.items():
        assert np.array_equal(after[key], plane), key


def test_a_real_file_survives_import_and_export_for_bioformats(
    owner: Client, owner_ctx: EventContext, tmp_path: Path
) -> None:
    source = corpus_file("samples/ometiff/sktracker_sample.ome.tif")
    image = imported(owner_ctx, source)
    path = export(owner, image, tmp_path)
    with bioformats(source) as original, bioformats(path) as exported:
        (a,) = original.series
        (b,) = exported.series
        assert (b.sizes, b.dtype) == (a.sizes, a.dtype)
        assert (b.physical_size_x, b.physical_size_y, b.physical_size_z) == (
            a.physical_size_x,
            a.physical_size_y,
            a.physical_size_z,
        )
        for t in range(a.size_t):
            for c in range(a.size_c):
                for z in range(a.size_z):
                    assert np.array_equal(exported.plane(0, t, c, z), original.plane(0, t, c, z))
    assert described(imported(owner_ctx, path)) == described(image)
