"""Per-channel statistics of the pixels under ROI shapes, checked against numpy."""

from __future__ import annotations

import numpy as np
import pytest

from pyomero.imaging import roi_stats as module
from pyomero.imaging.roi_stats import (
    DraftShape,
    ShapeNotMeasurableError,
    draft_stats,
    image_shape_stats,
    shape_stats,
)
from pyomero.imaging.shape_masks import Geometry
from pyomero.model.actions import do_save_roi
from pyomero.model.errors import ObjectNotFoundError
from pyomero.model.models import Image, Roi
from pyomero.rendering import ParameterOutOfRangeError
from pyomero.testing.images import make_pixels_image, synthetic_plane
from pyomero.testing.personas import Personas


@pytest.fixture
def stack(owner_ctx) -> Image:
    return make_pixels_image(owner_ctx, size_x=80, size_y=60, size_z=3, size_c=2)


def roi(ctx, image: Image, **shape) -> Roi:
    return do_save_roi(ctx, image, [shape])


def test_it_measures_a_rectangle_on_its_plane(owner_ctx, stack: Image) -> None:
    shape = roi(owner_ctx, stack, kind="Rectangle", x=10, y=5, width=20, height=8, the_z=2)
    [found] = shape_stats(owner_ctx, [shape.shapes.get().pk])
    assert (found.z, found.t, found.roi_id) == (2, 0, shape.pk)
    for c, stats in enumerate(found.channels):
        values = synthetic_plane(stack, c=c, z=2)[5:13, 10:30].astype(np.float64)
        assert stats.channel == c and stats.points == 160
        assert (stats.min, stats.max, stats.sum) == (values.min(), values.max(), values.sum())
        assert stats.mean == pytest.approx(values.mean())
        assert stats.std_dev == pytest.approx(values.std())


def test_it_measures_an_unattached_shape_on_the_plane_asked(owner_ctx, stack: Image) -> None:
    shape = roi(owner_ctx, stack, kind="Ellipse", x=40, y=30, radius_x=9, radius_y=5)
    [found] = shape_stats(owner_ctx, [shape.shapes.get().pk], z=1, channels=[1])
    ys, xs = np.mgrid[0:60, 0:80] + 0.5
    inside = ((xs - 40) / 9) ** 2 + ((ys - 30) / 5) ** 2 <= 1
    values = synthetic_plane(stack, c=1, z=1)[inside].astype(np.float64)
    [stats] = found.channels
    assert found.z == 1 and stats.channel == 1 and stats.points == inside.sum()
    assert stats.mean == pytest.approx(values.mean())
    assert stats.std_dev == pytest.approx(values.std())


def test_it_gives_the_same_figures_band_by_band(owner_ctx, stack: Image, monkeypatch) -> None:
    shape = roi(owner_ctx, stack, kind="Polygon", points="3,3 70,10 40,55 5,50")
    whole = shape_stats(owner_ctx, [shape.shapes.get().pk])
    monkeypatch.setattr(module, "BAND_PIXELS", 100)
    banded = shape_stats(owner_ctx, [shape.shapes.get().pk])
    for one, other in zip(whole[0].channels, banded[0].channels, strict=True):
        assert one.points == other.points and (one.min, one.max) == (other.min, other.max)
        assert one.mean == pytest.approx(other.mean)
        assert one.std_dev == pytest.approx(other.std_dev)


def test_it_measures_every_shape_of_an_image(owner_ctx, stack: Image) -> None:
    first = roi(owner_ctx, stack, kind="Point", x=4, y=6)
    second = do_save_roi(
        owner_ctx,
        stack,
        [
            {"kind": "Line", "x1": 0, "y1": 0.5, "x2": 9.9, "y2": 0.5},
            {"kind": "Rectangle", "x": 500, "y": 500, "width": 5, "height": 5},
        ],
    )
    found = image_shape_stats(owner_ctx, stack.pk, channels=[0])
    assert [s.roi_id for s in found] == [first.pk, second.pk, second.pk]
    assert [s.channels[0].points for s in found] == [1, 10, 0]
    assert found[0].channels[0].max == synthetic_plane(stack)[6, 4]


def test_it_answers_404_for_shapes_the_caller_may_not_see(
    personas: Personas, owner_ctx, stack: Image
) -> None:
    shape = roi(owner_ctx, stack, kind="Point", x=1, y=1).shapes.get()
    outsider = personas.ctx("outsider")
    with pytest.raises(ObjectNotFoundError):
        shape_stats(outsider, [shape.pk])
    with pytest.raises(ObjectNotFoundError):
        image_shape_stats(outsider, stack.pk)
    with pytest.raises(ObjectNotFoundError):
        shape_stats(owner_ctx, [shape.pk + 1000])


def test_it_refuses_planes_and_channels_outside_the_image(owner_ctx, stack: Image) -> None:
    shape = roi(owner_ctx, stack, kind="Point", x=1, y=1).shapes.get()
    with pytest.raises(ParameterOutOfRangeError):
        shape_stats(owner_ctx, [shape.pk], z=3)
    with pytest.raises(ParameterOutOfRangeError):
        shape_stats(owner_ctx, [shape.pk], channels=[2])


def test_it_refuses_a_shape_without_coordinates(owner_ctx, stack: Image) -> None:
    shape = roi(owner_ctx, stack, kind="Polygon", points="").shapes.get()
    with pytest.raises(ShapeNotMeasurableError):
        shape_stats(owner_ctx, [shape.pk])


def test_it_measures_a_shape_not_saved_yet(owner_ctx, stack: Image) -> None:
    drafts = [
        DraftShape("-1", Geometry("Rectangle", x=10, y=5, width=20, height=8), the_z=1),
        DraftShape("-2", Geometry("Point", x=3, y=4)),
    ]
    found = dict(draft_stats(owner_ctx, stack.pk, drafts, z=2, channels=[1]))
    values = synthetic_plane(stack, c=1, z=1)[5:13, 10:30].astype(np.float64)
    [stats] = found["-1"].channels
    assert (found["-1"].z, stats.points, stats.max) == (1, 160, values.max())
    assert stats.mean == pytest.approx(values.mean())
    assert found["-2"].z == 2  # on every plane: measured on the plane asked
    assert found["-2"].channels[0].max == synthetic_plane(stack, c=1, z=2)[4, 3]


def test_it_refuses_a_draft_it_cannot_place(owner_ctx, stack: Image) -> None:
    with pytest.raises(ShapeNotMeasurableError):
        draft_stats(owner_ctx, stack.pk, [DraftShape("-1", Geometry("Rectangle", x=1))])
    with pytest.raises(ParameterOutOfRangeError):
        draft_stats(owner_ctx, stack.pk, [DraftShape("-1", Geometry("Point", x=1, y=1), 7)])


def test_it_hides_the_image_of_a_draft_from_an_outsider(personas: Personas, stack: Image) -> None:
    with pytest.raises(ObjectNotFoundError):
        draft_stats(personas.ctx("outsider"), stack.pk, [DraftShape("-1", Geometry("Point"))])
