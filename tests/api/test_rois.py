"""``m/rois/``: ROIs with their shapes (lower-case key), each with its permissions."""

from __future__ import annotations

from pyomero.model.actions import do_save_roi
from pyomero.model.models import Roi

from .conftest import M, SignIn, World, data


def test_it_lists_rois_with_their_shapes(world: World, sign_in: SignIn) -> None:
    (roi,) = data(sign_in("member").get(f"{M}images/{world.images[0].pk}/rois/"))
    assert roi["@type"] == "http://www.openmicroscopy.org/Schemas/OME/2016-06#ROI"
    assert roi["url:roi"] == f"http://testserver{M}rois/{world.roi.pk}/"
    rectangle, point = roi["shapes"]
    assert rectangle["@type"].endswith("2016-06#Rectangle")
    assert (rectangle["X"], rectangle["Y"], rectangle["Width"], rectangle["Height"]) == (
        1.0, 2.0, 3.0, 4.0
    )  # fmt: skip
    assert point["@type"].endswith("2016-06#Point")
    assert (point["X"], point["Y"]) == (5.0, 6.0)
    for shape in (rectangle, point):
        permissions = shape["omero:details"]["permissions"]
        assert permissions["canAnnotate"] is True and permissions["canDelete"] is False


def test_it_writes_every_kind_of_shape(world: World, sign_in: SignIn) -> None:
    people = world.people
    shapes = [
        {"kind": "Ellipse", "x": 1.0, "y": 2.0, "radius_x": 3.0, "radius_y": 4.0},
        {"kind": "Line", "x1": 0.0, "y1": 1.0, "x2": 2.0, "y2": 3.0, "marker_end": "Arrow"},
        {"kind": "Polygon", "points": "1,2 3,4 5,6", "the_z": 0, "the_t": 2},
        {"kind": "Label", "x": 1.0, "y": 1.0, "text": "hello", "font_size": 12.0},
        {"kind": "Rectangle", "x": 0.0, "y": 0.0, "width": 1.0, "height": 1.0,
         "stroke_color": -16776961, "stroke_width": 2.0,
         "a00": 1.0, "a10": 0.0, "a01": 0.0, "a11": 1.0, "a02": 5.0, "a12": 6.0},
    ]  # fmt: skip
    roi = do_save_roi(people.ctx("owner", people.group), world.images[1], shapes)
    ellipse, line, polygon, label, rectangle = data(sign_in("owner").get(f"{M}rois/{roi.pk}/"))[
        "shapes"
    ]
    assert (ellipse["RadiusX"], ellipse["RadiusY"]) == (3.0, 4.0)
    assert (line["X2"], line["Y2"], line["MarkerEnd"]) == (2.0, 3.0, "Arrow")
    assert polygon["Points"] == "1,2 3,4 5,6"
    assert (polygon["TheZ"], polygon["TheT"]) == (0, 2) and "TheC" not in polygon
    assert label["Text"] == "hello"
    assert label["FontSize"] == {
        "@type": "TBD#LengthI",
        "Unit": "POINT",
        "Symbol": "pt",
        "Value": 12.0,
    }
    assert rectangle["StrokeColor"] == -16776961
    assert rectangle["StrokeWidth"]["Unit"] == "PIXEL"
    assert rectangle["Transform"]["A02"] == 5.0
    assert rectangle["Transform"]["@type"].endswith("2016-06#AffineTransform")


def test_it_filters_rois_by_image(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    assert len(data(client.get(f"{M}rois/?image={world.images[0].pk}"))) == 1
    assert data(client.get(f"{M}rois/?image={world.images[1].pk}")) == []


def test_it_deletes_a_roi(world: World, sign_in: SignIn) -> None:
    response = sign_in("owner").delete(f"{M}rois/{world.roi.pk}/")
    assert len(response.json()["data"]["shapes"]) == 2
    assert not Roi.objects.filter(pk=world.roi.pk).exists()
