"""``access_*``: not found alike for missing and invisible; 403 only for the visible."""

from __future__ import annotations

import pytest

from pyomero.model.access import access_annotation, access_image, access_object
from pyomero.model.actions import do_add_tag
from pyomero.model.errors import ActionForbiddenError, ObjectNotFoundError
from pyomero.model.models import TagAnnotation
from pyomero.model.permissions import Action
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas


def test_it_answers_missing_and_invisible_alike(personas: Personas) -> None:
    image = make_image(personas.ctx("owner", personas.group))
    outsider = personas.ctx("outsider")
    with pytest.raises(ObjectNotFoundError) as invisible:
        access_image(outsider, image.pk)
    with pytest.raises(ObjectNotFoundError) as missing:
        access_image(outsider, image.pk + 1000)
    assert invisible.value.status == missing.value.status == 404
    assert invisible.value.code == missing.value.code == "not_found"


def test_it_forbids_what_can_be_seen_but_not_changed(personas: Personas) -> None:
    image = make_image(personas.ctx("owner", personas.group))
    with pytest.raises(ActionForbiddenError) as refused:
        access_image(personas.ctx("member"), image.pk, Action.EDIT)
    assert (refused.value.status, refused.value.code) == (403, "forbidden")


def test_it_treats_garbage_ids_as_missing(personas: Personas) -> None:
    with pytest.raises(ObjectNotFoundError):
        access_image(personas.ctx("owner"), "not-a-number")


def test_it_returns_annotations_as_their_own_class(personas: Personas) -> None:
    ctx = personas.ctx("owner", personas.group)
    tag = do_add_tag(ctx, make_image(ctx), "mitosis")
    found = access_annotation(ctx, tag.pk)
    assert isinstance(found, TagAnnotation)
    assert access_object(ctx, "TagAnnotation", tag.pk).text_value == "mitosis"
    with pytest.raises(ObjectNotFoundError):
        access_object(ctx, "CommentAnnotation", tag.pk)


def test_it_names_the_type_it_could_not_find(personas: Personas) -> None:
    with pytest.raises(ObjectNotFoundError, match=r"^Annotation 999999 not found$"):
        access_annotation(personas.ctx("owner"), 999999)
