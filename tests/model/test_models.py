"""The models: details, proxies of annotations and shapes, colours, the user model."""

from __future__ import annotations

from django.contrib.auth import authenticate, get_user_model

from pyomero.model.actions import do_add_map_annotation, do_create_tagset, do_save_roi
from pyomero.model.models import (
    CLIENT_MAP_NS,
    Annotation,
    MapAnnotation,
    Point,
    Shape,
    TagAnnotation,
    int_to_rgba,
    rgba_to_int,
)
from pyomero.testing.factories import make_image
from pyomero.testing.personas import PASSWORD, Personas


def test_it_uses_experimenter_as_the_user_model(personas: Personas) -> None:
    assert get_user_model().__name__ == "Experimenter"
    assert authenticate(username="owner", password=PASSWORD) == personas.owner
    assert authenticate(username="owner", password="wrong") is None


def test_it_creates_users_through_the_manager(db: None) -> None:
    model = get_user_model()
    user = model.objects.create_user("carol", "pw", first_name="Carol", last_name="C")
    boss = model.objects.create_superuser("dave", "pw", first_name="Dave", last_name="D")
    assert user.check_password("pw") and not user.is_staff
    assert boss.is_superuser and boss.is_staff


def test_it_gives_every_object_aware_details(personas: Personas) -> None:
    image = make_image(personas.ctx("owner", personas.group))
    assert image.owner == personas.owner and image.group == personas.group
    assert image.created.tzinfo is not None and image.updated.tzinfo is not None
    assert image.pixels.owner_id == image.owner_id
    assert [c.index for c in image.pixels.channels.all()] == [0, 1]


def test_it_keeps_annotation_kinds_apart(personas: Personas) -> None:
    ctx = personas.ctx("owner", personas.group)
    tagset = do_create_tagset(ctx, "cell cycle")
    pairs = [("gene", "CDK1"), ("organism", "human"), ("gene", "CCNB1")]
    mapped = do_add_map_annotation(ctx, make_image(ctx), pairs)
    assert list(TagAnnotation.objects.all()) == [tagset] and tagset.is_tagset
    assert MapAnnotation.objects.get().ns == CLIENT_MAP_NS
    assert [(v.name, v.value) for v in mapped.map_values.all()] == pairs
    assert Annotation.objects.count() == 2


def test_it_stores_shapes_with_their_kind(personas: Personas) -> None:
    ctx = personas.ctx("owner", personas.group)
    transform = {"a00": 1.0, "a10": 0.0, "a01": 0.0, "a11": 1.0, "a02": 5.0, "a12": 6.0}
    do_save_roi(ctx, make_image(ctx), [{"kind": "Point", "x": 3.0, "y": 4.0, **transform}])
    point = Point.objects.get()
    assert (point.x, point.y, point.the_z) == (3.0, 4.0, None)
    assert point.transform == (1.0, 0.0, 0.0, 1.0, 5.0, 6.0)
    assert Shape.objects.get().omero_type == "Point"


def test_it_converts_omero_colours() -> None:
    assert rgba_to_int(255, 0, 0, 255) == -16776961
    assert int_to_rgba(-16776961) == (255, 0, 0, 255)
    assert int_to_rgba(rgba_to_int(1, 2, 3, 4)) == (1, 2, 3, 4)
