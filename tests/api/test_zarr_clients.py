"""Analysis clients open an image's OME-Zarr view by URL on a live server.

ome-zarr-py (PyPI ``ome-zarr``) and napari-ome-zarr's reader hook read a zarr link,
which carries its own credential; zarr-python over fsspec's HTTP reads the
session-checked store with the session cookie. All must give the pixels pyomero holds,
at every level of the pyramid; napari's layers must also carry the user's rendering
settings; another user, and a forged or expired link, get nothing. vizarr, a WebGL
viewer on a page of another origin, draws the image in headless Chromium with the
user's channel colours.
"""

from __future__ import annotations

import importlib
import io
import json
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np
import PIL.Image
import pytest
import requests
import zarr
from django.apps import apps as django_apps
from numpy.typing import NDArray

from pyomero.api import zarr_links
from pyomero.imaging import open_pixels
from pyomero.imaging.rendering_defs import load_image, save_settings
from pyomero.model.models import Image
from pyomero.testing import browser
from pyomero.testing.browser import REPO
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


def zarr_link(session: requests.Session, base: str, image_id: int) -> str:
    """The signed zarr link of an image, as the JSON API hands it to ``session``'s user."""
    found = session.get(f"{base}/api/v0/m/images/{image_id}/").json()["data"]
    return str(session.get(found["url:pyomero:zarr_link"]).json()["url:zarr"])


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
    link = zarr_link(owner, base, image.pk)

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


VIZARR = REPO / "node_modules/@galaxyproject/vizarr/static/index.js"
HIDE_PANELS = """() => {
    for (const el of document.querySelectorAll("#app *"))
        if (el.tagName !== "CANVAS" && !el.querySelector("canvas")) el.style.visibility = "hidden";
}"""
#: WebGL in headless Chromium without a GPU: SwiftShader, which Chromium allows only when told.
WEBGL_ARGS = ["--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist"]


@contextmanager
def vizarr_page(source: str) -> Iterator[str]:
    """A page on an origin of its own (not the server's) that runs vizarr on ``source``.

    vizarr comes as Galaxy's build of it (npm ``@galaxyproject/vizarr``, the one
    self-contained build on a registry; PyPI's ``vizarr`` widget imports the viewer
    from a CDN). Its package.json names the vizarr it was built from as a GitHub
    dependency the bundle never imports, which our package.json overrides with an
    empty package so that ``npm ci`` needs only the registry. The build opens the
    dataset Galaxy names in the page's ``data-incoming``: it asks
    ``api/datasets/<id>`` and opens a deferred dataset's source URL. This host answers
    both.
    """
    incoming = {"root": "/", "visualization_config": {"dataset_id": "pyomero"}}
    html = (
        "<!doctype html><body style='margin:0;background:black'>"
        f"<div id='app' style='width:900px;height:600px' data-incoming='{json.dumps(incoming)}'>"
        "</div><script type='module' src='/index.js'></script></body>"
    )
    dataset = {"id": "pyomero", "state": "deferred", "sources": [{"source_uri": source}]}
    answers = {
        "/": ("text/html", html.encode()),
        "/index.js": ("text/javascript", VIZARR.read_bytes()),
        "/api/datasets/pyomero": ("application/json", json.dumps(dataset).encode()),
    }

    class Host(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            content_type, body = answers.get(self.path, ("text/plain", b""))
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Host)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def drawn(page: Any) -> NDArray[Any]:
    """vizarr's canvas as RGB once the image is on it and no finer level is coming.

    The panels over the canvas are hidden first; a screenshot is the one way to read
    WebGL's canvas, which keeps no buffer to read back.
    """
    page.evaluate(HIDE_PANELS)
    previous = None
    for _ in range(60):
        shot = np.asarray(PIL.Image.open(io.BytesIO(page.locator("canvas").screenshot())))
        shot = shot[..., :3].astype(float)
        if (shot.max(axis=-1) > 0).mean() > 0.3 and np.array_equal(shot, previous):
            return shot
        previous = shot
        page.wait_for_timeout(500)
    raise AssertionError("vizarr drew nothing")


def test_vizarr_draws_the_image_with_the_users_rendering_settings(
    system_groups: None, live_server: object, personas: Personas
) -> None:
    browser.require(VIZARR)
    from playwright.sync_api import sync_playwright

    ctx = personas.ctx("owner", personas.group)
    image = make_pixels_image(ctx, size_x=300, size_y=200, size_c=2, chunk=128, smallest_side=64)
    imported = load_image(ctx, image.pk).current.settings
    first, second = imported.channels
    shown = replace(first, color="FF00FF", start=0)  # no pixel black: the image's edges show
    save_settings(ctx, image, replace(imported, channels=(shown, replace(second, active=False))))
    base = str(live_server)
    owner = signed_in(base, personas.user("owner").ome_name)
    link = zarr_link(owner, base, image.pk)
    labels = [row.name for row in image.pixels.channels.order_by("index")]

    with vizarr_page(link) as host, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(browser.CHROMIUM),
            args=[arg for arg in browser.CHROMIUM_ARGS if arg != "--disable-gpu"] + WEBGL_ARGS,
        )
        page = chromium.new_page(viewport={"width": 900, "height": 600})
        # the build imports pdf.js's JPEG 2000 decoder from a CDN as it loads (for TIFF
        # sources, never used for zarr); offline, it gets an empty one
        page.route(
            "https://cdn.jsdelivr.net/**",
            lambda route: route.fulfill(
                content_type="text/javascript", body="export class JpxImage {}"
            ),
        )
        page.goto(host)
        page.get_by_text(labels[0], exact=True).wait_for()
        panel = page.locator("#app").inner_text()
        browser.screenshot(page, "api", "vizarr")
        canvas = drawn(page)
        chromium.close()

    assert labels[0] in panel and labels[1] not in panel  # the second channel is off
    lit = canvas[canvas.max(axis=-1) > 0]
    red, green, blue = lit.mean(axis=0)
    assert green < 5 and abs(red - blue) < 5  # magenta, the chosen colour
    rows, cols = np.nonzero(canvas.max(axis=-1) > 0)  # the image, fitted to the canvas
    fitted = canvas[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1, 0].astype(np.uint8)
    seen = np.asarray(PIL.Image.fromarray(fitted).resize((300, 200)), dtype=float)
    assert np.corrcoef(seen.ravel(), synthetic_plane(image, c=0).ravel())[0, 1] > 0.99
