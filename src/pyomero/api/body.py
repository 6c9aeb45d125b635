"""Request bodies: their shapes (for the API's description), and reading them.

A body is a JSON object, or form fields (the login takes both).
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from django.http import HttpRequest

from pyomero.api.errors import BadRequestError
from pyomero.api.schema import DetailsJson
from pyomero.model import values
from pyomero.model.errors import InputInvalidError


def is_json(request: HttpRequest) -> bool:
    return request.content_type == "application/json"


def read_json(request: HttpRequest) -> dict[str, Any]:
    """The body as a JSON object, or a 400."""
    try:
        data = values.loads(request.body or b"null")
    except InputInvalidError as error:
        raise BadRequestError(f"Invalid JSON: {error.message}") from None
    if not isinstance(data, dict):
        raise BadRequestError("The body must be a JSON object")
    return data


def read_fields(request: HttpRequest) -> dict[str, Any]:
    """Form fields, or the members of a JSON body."""
    if is_json(request):
        return read_json(request)
    return {key: request.POST.get(key) for key in request.POST}


# The bodies the endpoints take (``endpoints.Endpoint.body``).


class LoginBody(TypedDict, total=False):
    """Form fields or a JSON object; ``server`` is 1 (or left out)."""

    username: str
    password: str
    server: int


SaveBody = TypedDict(
    "SaveBody",
    {"@type": str, "@id": int, "Name": str, "Description": str, "omero:details": DetailsJson},
    total=False,
)

ObjectRef = TypedDict("ObjectRef", {"@id": int})

AnnotationBody = TypedDict(
    "AnnotationBody",
    {
        "@type": str,
        "@id": int,
        "Value": Any,
        "Namespace": str,
        "Description": str,
        "File": ObjectRef,
    },
    total=False,
)


class UploadTextFields(TypedDict, total=False):
    Namespace: str
    Description: str


class FileUploadBody(UploadTextFields):
    """``multipart/form-data``: the file's bytes, and the annotation's text fields."""

    file: bytes


class MapValuesBody(TypedDict):
    Value: list[list[str]]


class RenderingWindowBody(TypedDict, total=False):
    start: float
    end: float


class RenderingChannelBody(TypedDict, total=False):
    active: bool
    color: str
    lut: str | None
    family: Literal["linear", "polynomial", "exponential", "logarithmic"]
    coefficient: float
    inverted: bool
    window: RenderingWindowBody


class RenderingBody(TypedDict, total=False):
    """Any part of an image's rendering settings; what is left out stays as it is."""

    model: Literal["color", "greyscale"]
    projection: Literal["normal", "intmax", "intmean", "intsum"]
    defaultZ: int
    defaultT: int
    channels: list[RenderingChannelBody]
