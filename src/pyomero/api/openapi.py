"""The OpenAPI 3 document of the JSON API, generated from ``endpoints.ENDPOINTS``.

Nothing here is written by hand: paths and methods come from the endpoint table,
query parameters from ``params.py``, path parameters from the Django route's
converters, and every body and answer from the TypedDicts of ``schema.py`` and
``body.py``, turned into JSON Schema by typing introspection. A named TypedDict
becomes a component (``#/components/schemas/ImageJson``); a generic one
(``ListPage[ImageJson]``) is written inline with its type variable replaced.
Objects declare every key they may carry (``additionalProperties: false``), so a
validator such as schemathesis catches an undeclared key.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable
from typing import Any

from pyomero.api.conf import API_VERSION
from pyomero.api.converters import ANNOTATABLE, ZarrKeyConverter, ZarrTokenConverter
from pyomero.api.endpoints import ENDPOINTS, Endpoint
from pyomero.api.params import Param
from pyomero.api.schema import MessageJson

Schema = dict[str, Any]

# Statuses only some endpoints answer (``Endpoint.responses``).
OTHER_STATUSES = {503: "Not yet: the pixels are being written."}
ERRORS = {
    400: "A bad parameter or body.",
    403: "Not signed in, no CSRF token, or not allowed to change the object.",
    404: "No such object, or one the user may not see.",
    405: "A method the URL does not take.",
}
SCALARS: dict[Any, Schema] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    type(None): {"type": "null"},
    bytes: {"type": "string", "format": "binary"},  # an uploaded file
}
# Django path converters -> the schema of their path parameter.
CONVERTERS: dict[str, Schema] = {
    "oid": {"type": "integer", "minimum": 0, "maximum": 10**18 - 1},
    "annotatable": {"type": "string", "enum": list(ANNOTATABLE)},
    "zarrkey": {"type": "string", "pattern": f"^{ZarrKeyConverter.regex}$"},
    "zarrtoken": {"type": "string", "pattern": f"^{ZarrTokenConverter.regex}$"},
}
# A store's documents (JSON) or chunks (bytes), e.g. the OME-Zarr view of an image.
BYTES: Schema = {
    "application/json": {"schema": {}},
    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
}
ROUTE_PARAM = re.compile(r"<(\w+):(\w+)>")


def is_typed_dict(tp: Any) -> bool:
    return isinstance(tp, type) and typing.is_typeddict(tp)


class SchemaBuilder:
    """Turns Python types into JSON Schema, collecting named TypedDicts as components."""

    def __init__(self) -> None:
        self.components: dict[str, Schema] = {}

    def schema(self, tp: Any, bound: dict[Any, Any] | None = None) -> Schema:
        bound = bound or {}
        if isinstance(tp, typing.TypeVar):
            return self.schema(bound.get(tp, Any))
        if tp is Any:
            return {}
        if tp in SCALARS:
            return dict(SCALARS[tp])
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is typing.Literal:
            return {"enum": list(args)}
        if origin in (typing.Union, types.UnionType):
            return {"anyOf": [self.schema(arg, bound) for arg in args]}
        if origin is list:
            return {"type": "array", "items": self.schema(args[0], bound)}
        if origin is dict:
            return {"type": "object", "additionalProperties": self.schema(args[1], bound)}
        if tp is dict:
            return {"type": "object"}
        if is_typed_dict(origin):  # ListPage[ImageJson]: inline, T bound
            params = getattr(origin, "__parameters__", ())
            return self.object_schema(origin, {**bound, **dict(zip(params, args, strict=True))})
        if is_typed_dict(tp):
            if getattr(tp, "__parameters__", ()):
                return self.object_schema(tp, bound)
            return self.ref(tp)
        raise TypeError(f"No JSON Schema for {tp!r}")

    def ref(self, tp: type) -> Schema:
        name = tp.__name__
        if name not in self.components:
            self.components[name] = {}  # reserve: shapes refer to each other
            self.components[name] = self.object_schema(tp, {})
        return {"$ref": f"#/components/schemas/{name}"}

    def object_schema(self, tp: type, bound: dict[Any, Any]) -> Schema:
        hints = typing.get_type_hints(tp)
        schema: Schema = {
            "type": "object",
            "properties": {key: self.schema(hint, bound) for key, hint in hints.items()},
            "additionalProperties": False,
        }
        required = sorted(getattr(tp, "__required_keys__", ()))
        if required:
            schema["required"] = required
        return schema


def path_parameters(endpoint: Endpoint) -> list[Schema]:
    return [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": dict(CONVERTERS[converter]),
        }
        for converter, name in ROUTE_PARAM.findall(endpoint.route)
        if converter != "apiversion"
    ]


def query_parameters(params: Iterable[Param]) -> list[Schema]:
    return [
        {
            "name": param.name,
            "in": param.location,
            "required": param.location == "path",
            "description": param.description,
            "schema": {"type": param.type},
        }
        for param in params
    ]


def json_content(schema: Schema) -> Schema:
    return {"application/json": {"schema": schema}}


def operation(builder: SchemaBuilder, endpoint: Endpoint, method: str) -> Schema:
    responses: Schema = {}
    for status, shape in endpoint.answers(method).items():
        description = OTHER_STATUSES.get(status, "Created." if status == 201 else "OK.")
        content = BYTES if shape is bytes else json_content(builder.schema(shape))
        responses[str(status)] = {"description": description, "content": content}
    message = builder.schema(MessageJson)
    for status, description in ERRORS.items():
        responses[str(status)] = {"description": description, "content": json_content(message)}
    op: Schema = {
        "operationId": f"{endpoint.name}_{method.lower()}",
        "summary": endpoint.summary,
        "tags": ["pyomero extension" if endpoint.extension else "OMERO"],
        "responses": responses,
    }
    parameters = path_parameters(endpoint)
    if method == "GET":
        parameters += query_parameters(endpoint.params)
    if parameters:
        op["parameters"] = parameters
    if method in ("POST", "PUT") and endpoint.body is not None:
        body = builder.schema(endpoint.body)
        content = json_content(body)
        if endpoint.form:
            content["application/x-www-form-urlencoded"] = {"schema": body}
        if endpoint.upload is not None:
            content["multipart/form-data"] = {"schema": builder.schema(endpoint.upload)}
        op["requestBody"] = {"required": True, "content": content}
    return op


def openapi_document(server_url: str = "/") -> Schema:
    """The OpenAPI 3.1 document of every endpoint; paths relative to ``server_url``."""
    builder = SchemaBuilder()
    paths: Schema = {}
    for endpoint in ENDPOINTS:
        item = paths.setdefault(endpoint.path, {})
        for method in endpoint.methods:
            item[method.lower()] = operation(builder, endpoint, method)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "pyomero JSON API",
            "version": API_VERSION,
            "description": "OMERO.web's JSON API (/api/), with pyomero's extensions.",
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": dict(sorted(builder.components.items()))},
    }
