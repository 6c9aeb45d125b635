"""ROIs as OMERO.iviewer pages through them: ``rois_by_plane/``,
``plane_shape_counts/`` and ``<roi|shape>/<id>/page_data/``."""

from __future__ import annotations

from django.test import Client
from tests.conftest import ClientFor

from pyomero.model.models import Image, Roi


def test_it_lists_the_rois_with_a_shape_on_a_plane(
    owner: Client, image: Image, rois: list[Roi]
) -> None:
    rectangle, ellipse, point = rois
    answer = owner.get(f"/iviewer/rois_by_plane/{image.pk}/1/0/").json()
    assert [roi["@id"] for roi in answer["data"]] == [rectangle.pk, ellipse.pk]
    assert answer["meta"] == {"totalCount": 2}
    shape = answer["data"][0]["shapes"][0]
    assert shape["@type"].endswith("#Rectangle")
    assert (shape["X"], shape["Y"], shape["Width"], shape["Height"]) == (2, 3, 4, 5)
    assert (shape["TheZ"], shape["TheT"]) == (1, 0)
    assert shape["omero:details"]["permissions"]["canEdit"] is True
    on_z2 = owner.get(f"/iviewer/rois_by_plane/{image.pk}/2/1/").json()
    assert [roi["@id"] for roi in on_z2["data"]] == [ellipse.pk, point.pk]


def test_it_lists_the_rois_over_a_z_range_a_page_at_a_time(
    owner: Client, image: Image, rois: list[Roi]
) -> None:
    answer = owner.get(f"/iviewer/rois_by_plane/{image.pk}/0-2/0/?offset=1&limit=1").json()
    assert [roi["@id"] for roi in answer["data"]] == [rois[1].pk]
    assert answer["meta"] == {"totalCount": 3}


def test_it_counts_the_shapes_shown_on_each_plane(
    owner: Client, image: Image, rois: list[Roi]
) -> None:
    # counts[z][t]: the ellipse is everywhere, the rectangle on (1, 0), the point on Z=2.
    answer = owner.get(f"/iviewer/plane_shape_counts/{image.pk}/").json()
    assert answer == {"data": [[1, 1], [2, 1], [2, 2]]}


def test_it_says_where_a_roi_or_a_shape_falls_among_the_rois(
    owner: Client, image: Image, rois: list[Roi]
) -> None:
    point = rois[2]
    assert owner.get(f"/iviewer/roi/{point.pk}/page_data/").json() == {
        "image": {"id": image.pk},
        "roi": {"id": point.pk},
        "roi_index": 2,
        "roi_count": 3,
    }
    shape = point.shapes.get()
    assert owner.get(f"/iviewer/shape/{shape.pk}/page_data/").json() == {
        "image": {"id": image.pk},
        "roi": {"id": point.pk},
        "roi_index": 1,
        "roi_count": 2,
        "theZ": 2,
        "theT": None,
    }


def test_it_hides_the_rois_of_an_image_others_may_not_see(
    client_for: ClientFor, image: Image, rois: list[Roi]
) -> None:
    outsider = client_for("outsider")
    shape = rois[0].shapes.get()
    for path in (
        f"rois_by_plane/{image.pk}/1/0/",
        f"plane_shape_counts/{image.pk}/",
        f"roi/{rois[0].pk}/page_data/",
        f"shape/{shape.pk}/page_data/",
    ):
        assert outsider.get(f"/iviewer/{path}").status_code == 404, path
