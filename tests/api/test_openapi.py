"""GET /api/v0/openapi.json: a document generated from the endpoint table."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.test import Client

from pyomero.api.endpoints import ENDPOINTS, Endpoint
from pyomero.api.openapi import openapi_document

URL = "/api/v0/openapi.json"


@pytest.fixture
def document(client: Client, db: None) -> Any:
    response = client.get(URL)
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_it_describes_every_endpoint_and_method(document: Any, endpoint: Endpoint) -> None:
    operations = document["paths"][endpoint.path]
    assert sorted(operations) == sorted(m.lower() for m in endpoint.methods)


def test_it_is_served_without_signing_in(client: Client, db: None) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.1")


def test_it_names_the_server_the_request_came_to(document: Any) -> None:
    assert document["servers"] == [{"url": "http://testserver"}]


def test_it_declares_the_keys_of_each_shape(document: Any) -> None:
    image = document["components"]["schemas"]["ImageJson"]
    assert image["additionalProperties"] is False
    assert image["properties"]["Pixels"] == {"$ref": "#/components/schemas/PixelsJson"}
    assert image["properties"]["url:rois"] == {"type": "string"}


def test_it_writes_a_list_page_inline_with_its_item_shape(document: Any) -> None:
    answer = document["paths"]["/api/v0/m/projects/"]["get"]["responses"]["200"]
    page = answer["content"]["application/json"]["schema"]
    assert page["required"] == ["data", "meta"]
    assert page["properties"]["data"]["items"] == {"$ref": "#/components/schemas/ProjectJson"}


def test_it_answers_201_where_a_post_creates(document: Any) -> None:
    save = document["paths"]["/api/v0/m/save/"]
    assert "201" in save["post"]["responses"] and "201" not in save["put"]["responses"]


def test_it_types_path_and_query_parameters(document: Any) -> None:
    get = document["paths"]["/api/v0/m/datasets/{object_id}/"]["get"]
    assert get["parameters"][0]["schema"]["type"] == "integer"
    listing = document["paths"]["/api/v0/m/datasets/"]["get"]
    kinds = {p["name"]: p["schema"]["type"] for p in listing["parameters"]}
    assert kinds["limit"] == "integer" and kinds["orphaned"] == "boolean"


def test_it_is_a_document_schemathesis_loads() -> None:
    schema = schemathesis.openapi.from_dict(openapi_document("http://example.org"))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == sum(len(e.methods) for e in ENDPOINTS)


def test_it_lists_the_values_a_body_field_takes(document: Any) -> None:
    body = document["components"]["schemas"]["RenderingBody"]["properties"]
    assert body["model"] == {"enum": ["color", "greyscale"]}
    channel = document["components"]["schemas"]["RenderingChannelBody"]["properties"]
    assert channel["lut"] == {"anyOf": [{"type": "string"}, {"type": "null"}]}


def test_it_describes_zarr_chunks_as_bytes(document: Any) -> None:
    get = document["paths"]["/api/v0/m/images/{object_id}/zarr/{key}"]["get"]
    assert "application/octet-stream" in get["responses"]["200"]["content"]
    assert "503" in get["responses"]
