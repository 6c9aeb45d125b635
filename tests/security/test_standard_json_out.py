"""Only standard JSON goes out: a non-finite number, however it got there (stored
before the checks, computed), is written as null, never as ``NaN`` or ``Infinity``,
which make ``JSON.parse`` fail for every reader of the page."""

from __future__ import annotations

import json
import math

from django.http import JsonResponse
from django.test import Client

from pyomero.model.actions import do_add_value_annotation
from pyomero.model.context import EventContext
from pyomero.model.models import Annotation, AnnotationKind, Image
from pyomero.model.values import StandardJSONEncoder
from pyomero.testing.images import make_pixels_image


def strict(text: bytes) -> object:
    def refuse(name: str) -> object:
        raise AssertionError(f"{name} in the JSON")

    return json.loads(text, parse_constant=refuse)


def test_it_writes_non_finite_numbers_as_null() -> None:
    payload = {"a": math.nan, "b": [1.5, math.inf, {"c": -math.inf}], "d": "NaN"}
    response = JsonResponse(payload, StandardJSONEncoder)
    assert strict(response.content) == {"a": None, "b": [1.5, None, {"c": None}], "d": "NaN"}


def test_the_api_serves_a_stored_nan_as_null(owner: Client, owner_ctx: EventContext) -> None:
    image: Image = make_pixels_image(owner_ctx, "a.tif")
    annotation = do_add_value_annotation(owner_ctx, image, AnnotationKind.DOUBLE, 1.5)
    # as a row written before the checks were (bypassing them, as an old database does)
    Annotation.objects.filter(pk=annotation.pk).update(double_value=math.nan)
    response = owner.get(f"/webclient/api/annotations/?type=double&image={image.pk}")
    assert response.status_code == 200
    strict(response.content)
    api = owner.get(f"/api/v0/m/images/{image.pk}/")
    strict(api.content)
