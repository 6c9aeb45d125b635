"""``get_rois_json/<iid>/`` (OMERO.web's ``shapeMarshal``) and ``search/?text=``."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.webgateway.helpers import url

from pyomero.model.actions import do_add_tag, do_save_roi, do_update
from pyomero.model.context import EventContext
from pyomero.model.models import Image, rgba_to_int
from pyomero.testing.factories import make_image, make_tree

GREEN = rgba_to_int(0, 255, 0, 128)


@pytest.fixture
def image(owner_ctx: EventContext) -> Image:
    made = make_image(owner_ctx, "cells.tif")
    do_save_roi(
        owner_ctx,
        made,
        [
            {"kind": "Polygon", "points": "1,2 3.5,4 5,6", "the_z": 2, "the_t": 0},
            {
                "kind": "Rectangle",
                "x": 1.0,
                "y": 2.0,
                "width": 3.0,
                "height": 4.0,
                "the_z": 0,
                "fill_color": GREEN,
                "stroke_width": 2.0,
                "text": "cell",
                "font_size": 12.0,
            },
        ],
    )
    do_save_roi(
        owner_ctx,
        made,
        [
            {"kind": "Ellipse", "x": 5.0, "y": 6.0, "radius_x": 2.0, "radius_y": 1.0},
            {"kind": "Line", "x1": 0.0, "y1": 1.0, "x2": 2.0, "y2": 3.0, "marker_end": "Arrow"},
        ],
    )
    return made


def test_it_marshals_every_roi_and_shape(owner: Client, image: Image) -> None:
    response = owner.get(url("webgateway_get_rois_json", image.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    first, second = response.json()
    assert first["id"] < second["id"]
    rectangle, polygon = first["shapes"]
    assert {k: v for k, v in rectangle.items() if k != "id"} == {
        "type": "Rectangle",
        "theZ": 0,
        "x": 1.0,
        "y": 2.0,
        "width": 3.0,
        "height": 4.0,
        "textValue": "cell",
        "fontSize": 12.0,
        "fillColor": "#00ff00",
        "fillAlpha": 128 / 255,
        "strokeWidth": 2.0,
    }
    assert polygon["type"] == "Polygon" and polygon["points"] == "M 1 2 L 3.5 4 L 5 6 z"
    assert polygon["theZ"] == 2 and polygon["theT"] == 0
    ellipse, line = second["shapes"]
    assert (ellipse["radiusX"], ellipse["radiusY"]) == (2.0, 1.0) and "theZ" not in ellipse
    assert line["type"] == "Line" and (line["x2"], line["markerEnd"]) == (2.0, "Arrow")


def test_it_answers_an_empty_list_for_an_image_without_rois(
    owner: Client, owner_ctx: EventContext
) -> None:
    response = owner.get(url("webgateway_get_rois_json", make_image(owner_ctx).pk))
    assert response.json() == []


@pytest.mark.parametrize(("persona", "status"), [("member", 200), ("outsider", 404)])
def test_it_answers_rois_to_who_sees_the_image(
    client_for, image: Image, persona: str, status: int
) -> None:
    response = client_for(persona).get(url("webgateway_get_rois_json", image.pk))
    assert response.status_code == status


def search(client: Client, **query: str) -> list:
    response = client.get(url("webgateway_search_json"), query)
    assert response.status_code == 200
    return response.json()


def test_it_searches_names_and_descriptions(owner: Client, owner_ctx: EventContext) -> None:
    project, dataset, images = make_tree(owner_ctx, images=2, name="mitosis")
    other = make_image(owner_ctx, "other.tif")
    do_update(owner_ctx, other, description="late MITOSIS stage")
    found = search(owner, text="mitosis")
    assert [(f["type"], f["id"]) for f in found] == [
        ("Project", project.pk),
        ("Dataset", dataset.pk),
        ("Image", images[0].pk),
        ("Image", images[1].pk),
        ("Image", other.pk),
    ]
    assert found[-1]["thumb_url"] == url("webgateway_render_thumbnail", other.pk)
    only_images = search(owner, text="mitosis stage", ctx="imgs")
    assert [f["id"] for f in only_images] == [other.pk]
    page = search(owner, text="mitosis", ctx="imgs", start="1", limit="1")
    assert [f["id"] for f in page] == [images[1].pk]


def test_it_finds_images_by_their_tags_as_the_webclient_does(
    owner: Client, owner_ctx: EventContext
) -> None:
    tagged = make_image(owner_ctx, "plain.tif")
    do_add_tag(owner_ctx, tagged, "Centrosome")
    assert [f["id"] for f in search(owner, text="centrosome")] == [tagged.pk]


def test_it_finds_nothing_without_text(owner: Client, owner_ctx: EventContext) -> None:
    make_image(owner_ctx, "cells.tif")
    assert search(owner) == [] and search(owner, text="  ") == []


def test_it_finds_only_visible_images(client_for, owner_ctx: EventContext) -> None:
    make_image(owner_ctx, "secret cells.tif")
    assert search(client_for("outsider"), text="secret") == []
    assert len(search(client_for("member"), text="secret")) == 1


def test_it_refuses_a_bad_limit(owner: Client) -> None:
    response = owner.get(url("webgateway_search_json"), {"text": "a", "limit": "x"})
    assert response.status_code == 400 and response.json()["parameter"] == "limit"


def test_it_sends_anonymous_visitors_to_the_login_page() -> None:
    response = Client().get(url("webgateway_search_json"), {"text": "a"})
    assert response.status_code == 302 and "/login/" in response["Location"]
