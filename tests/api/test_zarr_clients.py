"""Analysis clients open an image's OME-Zarr view by URL on a live server.

ome-zarr-py (PyPI ``ome-zarr``) and napari-ome-zarr's reader hook read a zarr link,
which carries its own credential; zarr-python over fsspec's HTTP reads the
session-checked store with the session cookie. All must give the pixels pyomero holds,
at every level of the pyramid; napari's layers must also carry the user's rendering
settings; another user, and a forged or expired link, get nothing.
"""

from __future__ import annotations

import importlib
import warnings
from dataclasses import replace
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
import requests
import zarr
from django.apps import apps as django_apps
from numpy.typing import NDArray

from pyomero.api import zarr_links
from pyomero.imaging import open_pixels
from pyomero.imaging.rendering_defs import load_image, save_settings
from pyomero.model.models import Image
from pyomero.testing.images import make_pixels_image, synthetic_plane
from pyomero.testing.personas import PASSWORD, Personas

ome_zarr_io = pytest.importorskip("ome_zarr.io")
ome_zarr_reader = pytest.importorskip("ome_zarr.reader")
with warnings.catch_warnings():  # napari's own pydantic models, as they are defined
    warnings.filterwarnings("ignore", message="`json_encoders` is deprecated")
    napari_ome_zarr = pytest.importorskip("napari_ome_zarr")


def signed_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    session.headers["X-CSRFToken"] = session.get(f"{base}/api/v0/token/").json()["data"]
    login = {"username": username, "password": PASSWORD}
    answer = session.post(f"{base}/api/v0/login/", data=login)
    assert answer.status_code == 200, answer.text
    return session


def held_levels(image: Image) -> list[NDArray[Any]]:
    """Every level of the image's pyramid as pyomero's reader gives it (t, c, z, y, x)."""
    pixels = image.pixels
    series = open_pixels(pixels)
    return [
        np.stack(
            [
                np.stack(
                    [
                        np.stack([series.read_plane(level, t, c, z) for z in range(pixels.size_z)])
                        for c in range(pixels.size_c)
                    ]
                )
                for t in range(pixels.size_t)
            ]
        )
        for level in range(len(series.levels))
    ]


@pytest.fixture
def system_groups(transactional_db: None) -> None:
    """OMERO's system groups, which an earlier live-server test flushed with the rest."""
    migration = importlib.import_module("pyomero.model.migrations.0002_system_groups")
    migration.create_groups(django_apps, None)


def test_analysis_clients_read_every_level_and_others_are_refused(
    system_groups: None, live_server: object, personas: Personas
) -> None:
    ctx = personas.ctx("owner", personas.group)
    image = make_pixels_image(
        ctx, size_x=300, size_y=200, size_z=2, size_c=2, chunk=128, smallest_side=64
    )
    expected = held_levels(image)
    assert len(expected) >= 3
    np.testing.assert_array_equal(expected[0][0, 1, 0], synthetic_plane(image, c=1))
    base = str(live_server)
    owner = signed_in(base, personas.user("owner").ome_name)
    found = owner.get(f"{base}/api/v0/m/images/{image.pk}/").json()["data"]

    # ome-zarr-py opens the zarr link: no cookie, no header
    link = owner.get(found["url:pyomero:zarr_link"]).json()["url:zarr"]
    location = ome_zarr_io.parse_url(link)
    assert location is not None
    node = next(iter(ome_zarr_reader.Reader(location)()))
    assert len(node.data) == len(expected)
    for level, array in enumerate(node.data):
        np.testing.assert_array_equal(np.asarray(array), expected[level])

    # zarr-python over fsspec's HTTP reads the session-checked store with the cookie
    cookie = "; ".join(f"{k}={v}" for k, v in owner.cookies.items())
    group = zarr.open_group(
        found["url:pyomero:zarr"], mode="r", storage_options={"headers": {"Cookie": cookie}}
    )
    for level, dataset in enumerate(group.attrs["multiscales"][0]["datasets"]):
        np.testing.assert_array_equal(group[dataset["path"]][:], expected[level])

    # another user: neither the store, nor a link, nor the owner's link for another image
    outsider = signed_in(base, personas.user("outsider").ome_name)
    assert outsider.get(f"{found['url:pyomero:zarr']}.zattrs").status_code == 404
    assert outsider.get(found["url:pyomero:zarr_link"]).status_code == 404
    assert requests.get(f"{link}.zattrs").status_code == 200  # the link is the credential
    forged = f"{link[:-2]}{'B' if link[-2] == 'A' else 'A'}/"  # one character of the signature
    assert requests.get(f"{forged}.zattrs").status_code == 404
    assert ome_zarr_io.parse_url(forged) is None


def rgb_of(color: str) -> list[float]:
    return [int(color[i : i + 2], 16) / 255 for i in (0, 2, 4)]


def test_napari_reads_every_level_with_the_users_rendering_settings(
    system_groups: None, live_server: object, personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = personas.ctx("owner", personas.group)
    image = make_pixels_image(
        ctx, size_x=300, size_y=200, size_z=2, size_c=2, chunk=128, smallest_side=64
    )
    imported = load_image(ctx, image.pk).current.settings
    first, second = imported.channels
    chosen = replace(
        imported,
        channels=(
            replace(first, color="FF00FF", start=first.start + 10, end=first.end - 10),
            replace(second, color="00FF00", active=False),
        ),
    )
    save_settings(ctx, image, chosen)
    expected = held_levels(image)
    labels = [row.name for row in image.pixels.channels.order_by("index")]
    base = str(live_server)
    owner = signed_in(base, personas.user("owner").ome_name)
    found = owner.get(f"{base}/api/v0/m/images/{image.pk}/").json()["data"]
    link = owner.get(found["url:pyomero:zarr_link"]).json()["url:zarr"]

    # napari-ome-zarr's reader hook, as `napari <link>` calls it, with no viewer
    reader = napari_ome_zarr.napari_get_reader(link)
    assert reader is not None
    [(levels, layer, kind)] = reader(link)
    assert kind == "image"
    assert len(levels) == len(expected)
    for level, array in enumerate(levels):
        np.testing.assert_array_equal(np.asarray(array), expected[level])
    assert layer["channel_axis"] == 1
    assert layer["axis_labels"] == ("t", "z", "y", "x")
    assert layer["scale"] == [1.0, 2.0, 0.5, 0.5]  # seconds, micrometres
    assert [name.rsplit(": ", 1)[-1] for name in layer["name"]] == labels
    for colormap, channel in zip(layer["colormap"], chosen.channels, strict=True):
        np.testing.assert_allclose(colormap.colors[-1][:3], rgb_of(channel.color))
    assert layer["contrast_limits"] == [[c.start, c.end] for c in chosen.channels]
    assert layer["visible"] == [True, False]

    # a forged link, and the same link once its lifetime has passed, open nothing
    forged = f"{link[:-2]}{'B' if link[-2] == 'A' else 'A'}/"
    with pytest.warns(UserWarning, match="Failed to open Zarr group"):
        assert napari_ome_zarr.napari_get_reader(forged) is None
    monkeypatch.setattr(zarr_links, "LINK_LIFETIME", timedelta(seconds=-1))
    with pytest.warns(UserWarning, match="Failed to open Zarr group"):
        assert napari_ome_zarr.napari_get_reader(link) is None
