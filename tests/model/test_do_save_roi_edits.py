"""Saving a viewer's ROI edits: value types checked by the action, empty ROIs removed."""

from __future__ import annotations

import pytest

from pyomero.model.actions import RoiEdits, do_save_roi, do_save_roi_edits
from pyomero.model.actions.roi_edits import ChangedShape, NewShape
from pyomero.model.errors import InputInvalidError, ObjectNotFoundError
from pyomero.model.models import Image, Roi, Shape
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas


@pytest.fixture
def image(personas: Personas) -> Image:
    return make_image(personas.ctx("owner", personas.group), "cells.tif")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "Point", "x": "one"}, "x must be a number"),
        ({"kind": "Point", "the_z": -1}, "the_z must be a whole number of 0 or more"),
        ({"kind": "Point", "the_z": 1.5}, "the_z must be a whole number of 0 or more"),
        ({"kind": "Point", "stroke_color": True}, "stroke_color must be a number"),
        ({"kind": "Label", "text": 3}, "text must be text"),
        ({"kind": "Label", "text": None}, "text may not be null"),
        ({"kind": "Point", "locked": "yes"}, "locked must be true or false"),
        ({"kind": "Point", "x": float("nan")}, "x must be a number"),
    ],
)
def test_it_refuses_values_a_field_cannot_hold(
    personas: Personas, image: Image, fields: dict, message: str
) -> None:
    ctx = personas.ctx("owner", personas.group)
    roi = do_save_roi(ctx, image, [{"kind": "Point", "x": 1, "y": 1}])
    [shape] = roi.shapes.all()
    edits = RoiEdits(
        new=[NewShape("-1", {"kind": "Point", "x": 2, "y": 2})],
        changed=[ChangedShape(f"{roi.pk}:{shape.pk}", shape.pk, fields)],
    )
    with pytest.raises(InputInvalidError, match=message) as refused:
        do_save_roi_edits(ctx, image, edits)
    assert refused.value.status == 400
    assert Shape.objects.count() == 1 and Shape.objects.get().x == 1


def test_it_deletes_a_roi_with_its_last_shape(personas: Personas, image: Image) -> None:
    ctx = personas.ctx("owner", personas.group)
    alone = do_save_roi(ctx, image, [{"kind": "Point", "x": 1, "y": 1}])
    pair = do_save_roi(ctx, image, [{"kind": "Point", "x": 1, "y": 1}] * 2)
    [last] = alone.shapes.all()
    kept, gone = pair.shapes.order_by("pk")
    deleted = {f"{alone.pk}:{last.pk}": last.pk, f"{pair.pk}:{gone.pk}": gone.pk}
    saved = do_save_roi_edits(ctx, image, RoiEdits(deleted_shapes=deleted))
    assert set(saved) == set(deleted)
    assert list(Roi.objects.values_list("pk", flat=True)) == [pair.pk]
    assert list(pair.shapes.values_list("pk", flat=True)) == [kept.pk]


def test_it_deletes_an_emptied_roi_also_named_as_empty(personas: Personas, image: Image) -> None:
    ctx = personas.ctx("owner", personas.group)
    roi = do_save_roi(ctx, image, [{"kind": "Point", "x": 1, "y": 1}])
    [shape] = roi.shapes.all()
    client = f"{roi.pk}:{shape.pk}"
    edits = RoiEdits(deleted_shapes={client: shape.pk}, deleted_rois={roi.pk: [client]})
    assert do_save_roi_edits(ctx, image, edits) == {client: client}
    assert not Roi.objects.exists()


def test_it_adds_new_shapes_to_a_saved_roi_or_to_one_new_roi(
    personas: Personas, image: Image
) -> None:
    ctx = personas.ctx("owner", personas.group)
    saved = do_save_roi(ctx, image, [{"kind": "Point", "x": 1, "y": 1, "the_z": 0}])
    point = {"kind": "Point", "x": 1, "y": 1}
    edits = RoiEdits(
        new=[
            NewShape("-1", {**point, "the_z": 1}, roi_id=saved.pk),
            NewShape("-2", point, roi_group="a"),
            NewShape("-3", point, roi_group="a"),
            NewShape("-4", point),
        ]
    )
    found = {k: int(v.split(":")[0]) for k, v in do_save_roi_edits(ctx, image, edits).items()}
    assert found["-1"] == saved.pk and saved.shapes.count() == 2
    assert found["-2"] == found["-3"] != found["-4"]
    assert Roi.objects.count() == 3


def test_it_adds_nothing_when_the_roi_is_on_another_image(personas: Personas, image: Image) -> None:
    ctx = personas.ctx("owner", personas.group)
    other = do_save_roi(ctx, make_image(ctx, "other.tif"), [{"kind": "Point", "x": 1, "y": 1}])
    point = {"kind": "Point", "x": 1, "y": 1}
    edits = RoiEdits(new=[NewShape("-1", point), NewShape("-2", point, roi_id=other.pk)])
    with pytest.raises(ObjectNotFoundError):
        do_save_roi_edits(ctx, image, edits)
    assert Shape.objects.count() == 1 and Roi.objects.count() == 1
