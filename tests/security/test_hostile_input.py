"""Hostile input x every write endpoint: a clear 4xx, JSON where JSON is expected,
nothing half-written.

The endpoints are not listed by hand: every URL of the URL conf is built with ids
of real objects and asked, with a valid CSRF token, to take a POST (and a PUT); a
URL that does not answer 405 writes, and gets every class of hostile input.
A new endpoint is in the table the day it is routed. Each request must answer
below 500; a JSON endpoint must answer JSON; and a refused request must leave
every table and the server's directory as they were. Runs on SQLite and, with
``PYOMERO_TEST_DB=postgresql``, on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from pyomero.model.actions.containers import do_create_dataset, do_create_project
from pyomero.testing.images import make_pixels_image
from pyomero.testing.personas import Personas

# Each request commits on its own, as in production: on PostgreSQL a refused
# statement must not poison the requests after it.
pytestmark = pytest.mark.django_db(transaction=True)

#: URLs left out, with the reason.
SKIPPED = {
    "webclient/logout/": "signs the client out",
    "api/v0/logout/": "signs the client out",
    "api/.*/": "the API's catch-all 404",
}
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
BIG = 2**70
DEEP = 100_000
HUGE_BODY = 60 * 1024 * 1024
#: Routes the URL builder cannot fill in yet (each is listed when this grows).
MAX_UNBUILT = 8
LONG = "x" * 70_000
FIELDS = (
    "name", "Name", "description", "Description", "text", "comment", "tag", "tag_id",
    "key", "value", "Value", "Namespace", "rating", "page", "limit", "offset", "ids",
    "image", "dataset", "project", "parentId", "folder_type", "annotation_id", "link_id",
    "toids", "to_type", "c", "m", "z", "t", "q", "query", "username", "password", "email",
    "firstname", "lastname", "startdate", "enddate", "date", "size", "files", "sha1",
    "channels", "start", "end", "defaultZ", "defaultT", "x", "y", "width", "height",
)  # fmt: skip


@dataclass(frozen=True)
class Hostile:
    """One class of hostile input: a raw JSON body, form fields and a query string."""

    name: str
    json_text: str | None = None
    form_value: str | None = None

    def json_body(self) -> bytes:
        assert self.json_text is not None
        members = ", ".join(f'"{field}": {self.json_text}' for field in FIELDS)
        return ("{" + members + ', "@type": "Project"}').encode("utf-8", "surrogatepass")


HOSTILE = (
    Hostile("nan", "NaN", "NaN"),
    Hostile("infinity", "Infinity", "Infinity"),
    Hostile("overflowing float", "1e999", "1e999"),
    Hostile("integer beyond 64 bits", str(BIG), str(BIG)),
    Hostile("negative integer beyond 64 bits", str(-BIG), str(-BIG)),
    Hostile("lone surrogate", '"name \\ud800 here"', None),
    Hostile("nul character", '"name \\u0000 here"', "name \x00 here"),
    Hostile("over-long text", json.dumps(LONG), LONG),
    Hostile("timestamp beyond year 9999", '"99999-01-01T00:00:00"', "99999-01-01T00:00:00"),
    Hostile("timestamp in milliseconds beyond range", "1e20", "100000000000000000000"),
    Hostile("huge page", str(10**30), str(10**30)),
    Hostile("list of hostile ids", json.dumps([BIG, -1, "x"]), f"{BIG},-1"),
)


def walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def concrete(route: str, ids: dict[str, str]) -> str:
    """The route with each parameter given a real value (by its name)."""

    def value(name: str) -> str:
        return ids.get(name, ids["default"])

    path = re.sub(r"\(\?:[^()]*\(\?P<\w+>[^()]*\)[^()]*\)\?", "", route)  # optional parts
    path = re.sub(r"\(\?P<(\w+)>[^()]*\)", lambda m: value(m[1]), path)
    path = path.replace("^", "").replace("$", "").replace("/?", "/")
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(m[1]), path)
    return "/" + path


@dataclass
class World:
    client: Client
    ids: dict[str, str]
    csrf: str

    def send(
        self, method: str, path: str, body: bytes = b"", content_type: str = "application/json"
    ) -> Any:
        return self.client.generic(
            method, path, body, content_type=content_type, HTTP_X_CSRFTOKEN=self.csrf
        )


@pytest.fixture(autouse=True)
def system_groups(transactional_db: None) -> None:
    """The groups migration 0002 made: the flush after a committing test removed them."""
    import importlib

    from django.apps import apps as django_apps

    migration = importlib.import_module("pyomero.model.migrations.0002_system_groups")
    migration.create_groups(django_apps, None)


@pytest.fixture
def world(personas: Personas, settings: Any) -> World:
    settings.ALLOWED_HOSTS = ["testserver"]  # the reset page is configured
    ctx = personas.ctx("owner", personas.group)
    project = do_create_project(ctx, "p")
    dataset = do_create_dataset(ctx, "d")
    image = make_pixels_image(ctx, "i.tif", size_x=32, size_y=24)
    owner = personas.user("owner")
    image_id, user_id, group_id = str(image.pk), str(owner.pk), str(personas.group.pk)
    ids = {
        "default": image_id,
        "api_version": "0",
        "object_type": "images",
        "obj_type": "roi",
        "c_type": "image",
        "kind": "image",
        "query": "user",
        "action": "delete",
        "upload_id": "nope",
        "token": "nope",
        "uidb64": "MQ",
        "key": ".zattrs",
        "pid": str(project.pk),
        "project_id": str(project.pk),
        "did": str(dataset.pk),
        "dataset_id": str(dataset.pk),
        "eid": user_id,
        "user_id": user_id,
        "experimenter_id": user_id,
        "gid": group_id,
        "group_id": group_id,
        "experimentergroup_id": group_id,
        "year": "2026",
        "month": "1",
        "day": "1",
        "z": "0",
        "t": "0",
        "the_z": "0",
        "the_t": "0",
        "theC": "0",
        "index": "0",
    }
    client = Client(raise_request_exception=False)  # a 500 is an answer to report
    client.force_login(owner)
    client.get("/api/v0/token/")
    return World(client, ids, client.cookies["csrftoken"].value)


def write_endpoints(world: World) -> list[tuple[str, str]]:
    """(method, path) of every URL that takes POST or PUT."""
    found = []
    for route, view in walk(get_resolver().url_patterns):
        if getattr(view, "streams_body", False):  # limited by its own rules (a chunk size)
            continue
        path = concrete(route, world.ids)
        if any(re.fullmatch("/" + skipped, path) for skipped in SKIPPED):
            continue
        try:
            resolve(path)
        except Resolver404:  # a pattern this builder cannot fill in; see test_routes_resolve
            continue
        for method in ("POST", "PUT"):
            status = world.send(method, path, b"{}").status_code
            if status != 405 and not 300 <= status < 400:
                found.append((method, path))
    return found


def snapshot(root: Path) -> tuple[dict[str, int], set[str]]:
    """Rows per table, and the files under the server's directory."""
    counted = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("model").get_models()
        if model._meta.label not in ("model.LoginFailure",)
    }
    return counted, files_under(root)


def files_under(root: Path) -> set[str]:
    """The files under ``root``; a pyramid store (``*.zarr*``) counts as one entry, so
    that a server directory full of earlier tests' chunks is walked quickly."""
    found: set[str] = set()
    for folder, dirs, names in os.walk(root):
        relative = os.path.relpath(folder, root)
        if "sessions" in Path(relative).parts:
            dirs[:] = []
            continue
        stores = [d for d in dirs if ".zarr" in d]
        dirs[:] = [d for d in dirs if ".zarr" not in d]
        found.update(os.path.join(relative, name) for name in (*stores, *names))
    return found


def expects_json(path: str, response: Any) -> bool:
    return path.startswith("/api/") or "json" in response.get("Content-Type", "")


def check(world: World, method: str, path: str, body: bytes, content_type: str, what: str) -> str:
    """What went wrong with the answer to this request, or "" when nothing did."""
    root = Path(settings.OMERODIR)
    before = snapshot(root)
    response = world.send(method, path, body, content_type)
    status = response.status_code
    if status >= 500:
        return f"{method} {path} with {what}: {status}"
    if path.startswith("/api/") and status >= 400:
        try:
            json.loads(response.content)
        except ValueError:
            return f"{method} {path} with {what}: {status} not JSON"
    if status >= 400 and snapshot(root) != before:
        return f"{method} {path} with {what}: {status} but rows or files changed"
    return ""


def test_every_write_endpoint_refuses_hostile_input_cleanly(world: World) -> None:
    endpoints = write_endpoints(world)
    assert len(endpoints) >= 30, endpoints  # the discovery found the write endpoints
    problems = []
    for method, path in endpoints:
        for hostile in HOSTILE:
            if hostile.json_text is not None:
                body = hostile.json_body()
                problems.append(check(world, method, path, body, JSON, hostile.name))
            if hostile.form_value is not None:
                value = quote(hostile.form_value, safe="")
                form = "&".join(f"{field}={value}" for field in FIELDS).encode()
                problems.append(check(world, method, path, form, FORM, f"form {hostile.name}"))
        deep = b"[" * DEEP + b"]" * DEEP
        problems.append(check(world, method, path, deep, JSON, "deep nesting"))
        page = f"{path}?page={10**30}&limit={BIG}&offset={BIG}"
        problems.append(check(world, method, page, b"", JSON, "huge page"))
    problems = [p for p in problems if p]
    assert problems == [], "\n".join(problems)


def test_every_write_endpoint_answers_413_to_a_60_mib_body(world: World) -> None:
    body = b'{"name": "' + b"x" * HUGE_BODY + b'"}'
    problems = []
    for method, path in write_endpoints(world):
        response = world.send(method, path, body)
        if response.status_code != 413:
            problems.append(f"{method} {path}: {response.status_code} {response.content[:200]!r}")
        elif expects_json(path, response):
            assert "message" in json.loads(response.content)
    assert problems == [], "\n".join(problems)


# Hostile values where an endpoint reads them, with the rest of the body valid, so
# that the value gets as far as it can: (name, method, path, content type, body).
SAVE = "/api/v0/m/save/?group={group}"
ANNOTATE = "/api/v0/m/images/{image}/annotations/"
PROJECT = '{{"@type": "http://www.openmicroscopy.org/Schemas/OME/2016-06#Project", "Name": {}}}'
TARGETED = (
    ("double NaN", "POST", ANNOTATE, JSON, '{"@type": "DoubleAnnotation", "Value": NaN}'),
    ("double Infinity", "POST", ANNOTATE, JSON,
     '{"@type": "DoubleAnnotation", "Value": -Infinity}'),
    ("double 1e999", "POST", ANNOTATE, JSON, '{"@type": "DoubleAnnotation", "Value": 1e999}'),
    ("long beyond 64 bits", "POST", ANNOTATE, JSON,
     f'{{"@type": "LongAnnotation", "Value": {BIG}}}'),
    ("rating beyond 64 bits", "POST", ANNOTATE, JSON,
     f'{{"@type": "LongAnnotation", "Value": {BIG}, '
     '"Namespace": "openmicroscopy.org/omero/insight/rating"}'),
    ("timestamp beyond range", "POST", ANNOTATE, JSON,
     '{"@type": "TimestampAnnotation", "Value": 1e20}'),
    ("negative timestamp beyond range", "POST", ANNOTATE, JSON,
     f'{{"@type": "TimestampAnnotation", "Value": {-BIG}}}'),
    ("NUL in a tag", "POST", ANNOTATE, JSON, '{"@type": "TagAnnotation", "Value": "a\\u0000b"}'),
    ("surrogate in a comment", "POST", ANNOTATE, JSON,
     '{"@type": "CommentAnnotation", "Value": "a\\udc00b"}'),
    ("NUL in a map value", "POST", ANNOTATE, JSON,
     '{"@type": "MapAnnotation", "Value": [["k", "v\\u0000"]]}'),
    ("over-long map key", "POST", ANNOTATE, JSON,
     '{"@type": "MapAnnotation", "Value": [["' + "k" * 70_000 + '", "v"]]}'),
    ("NUL in a project name", "POST", SAVE, JSON, PROJECT.format('"a\\u0000b"')),
    ("surrogate in a project name", "POST", SAVE, JSON, PROJECT.format('"a\\ud800"')),
    ("over-long project name", "POST", SAVE, JSON, PROJECT.format(json.dumps(LONG))),
    ("project id beyond 64 bits", "PUT", "/api/v0/m/save/", JSON,
     '{"@type": "http://www.openmicroscopy.org/Schemas/OME/2016-06#Project", '
     f'"@id": {BIG}, "Name": "p"}}'),
    ("NUL in a new container", "POST", "/webclient/action/addnewcontainer/", FORM,
     "folder_type=project&name=a%00b"),
    ("over-long new container", "POST", "/webclient/action/addnewcontainer/", FORM,
     f"folder_type=dataset&name={LONG}"),
    ("NUL in a rename", "POST", "/webclient/action/save/image/{image}/", FORM, "name=a%00b"),
    ("NUL in a comment", "POST", "/webclient/annotate_comment/image/{image}/", FORM,
     "comment=a%00b"),
    ("NUL in a pair", "POST", "/webclient/annotate_map/image/{image}/", FORM, "key=k&value=a%00b"),
    ("NUL in a tag", "POST", "/webclient/annotate_tags/image/{image}/", FORM, "tag=a%00b"),
    ("rating beyond 64 bits", "POST", "/webclient/annotate_rating/image/{image}/", FORM,
     f"rating={BIG}"),
    ("NUL in a channel name", "POST", "/webclient/edit_channel_names/{image}/", FORM,
     "channel0=a%00b"),
    ("ids beyond 64 bits", "POST", "/webclient/deletemany/", FORM, f"image={BIG}"),
    ("links beyond 64 bits", "POST", "/webclient/api/links/", JSON,
     f'{{"dataset": {{"{BIG}": {{"image": [{BIG}]}}}}}}'),
    ("over-long upload name", "POST", "/webclient/upload/", JSON,
     json.dumps({"files": [{"name": "n" * 5000 + ".tif", "size": 3}]})),
    ("NUL in an upload name", "POST", "/webclient/upload/", JSON,
     '{"files": [{"name": "a\\u0000.tif", "size": 3}]}'),
    ("upload size beyond 64 bits", "POST", "/webclient/upload/", JSON,
     f'{{"files": [{{"name": "a.tif", "size": {BIG}}}]}}'),
    ("NaN shape", "POST", "/iviewer/persist_rois/", JSON,
     '{"imageId": {image}, "rois": {"count": 1, "new": [{"@type": "'
     'http://www.openmicroscopy.org/Schemas/OME/2016-06#Rectangle", "X": "NaN", "Y": 1, '
     '"Width": 1e308, "Height": 2, "TheZ": 0, "TheT": 0}]}}'),
    ("NaN window", "PUT", "/api/v0/m/images/{image}/rendering/", JSON,
     '{"channels": [{"window": {"start": NaN, "end": 1}}]}'),
    ("huge rendering default", "PUT", "/api/v0/m/images/{image}/rendering/", JSON,
     f'{{"defaultZ": {BIG}}}'),
    ("non-finite rendering", "POST", "/webgateway/saveImgRDef/{image}/", FORM,
     "c=1|0:1e999$FF0000&m=c"),
    ("rdef ids beyond 64 bits", "POST", "/webgateway/copyImgRDef/", FORM,
     f"toids={BIG}&to_type=image"),
    ("NUL in a user's name", "POST", "/webadmin/myaccount/", FORM,
     "omename=owner&first_name=a%00b&last_name=c&email=&institution="),
)  # fmt: skip


@pytest.mark.parametrize(
    ("method", "path", "content_type", "body"),
    [case[1:] for case in TARGETED],
    ids=[case[0] for case in TARGETED],
)
def test_it_refuses_a_hostile_value_where_it_is_read(
    world: World, personas: Personas, method: str, path: str, content_type: str, body: str
) -> None:
    fill = {"image": world.ids["default"], "group": str(personas.group.pk)}
    for name, value in fill.items():
        path = path.replace("{" + name + "}", value)
        body = body.replace("{" + name + "}", value)
    root = Path(settings.OMERODIR)
    before = snapshot(root)
    response = world.send(method, path, body.encode("utf-8", "surrogatepass"), content_type)
    assert 400 <= response.status_code < 500, response.content[:300]
    if expects_json(path, response) or content_type == JSON:
        assert json.loads(response.content)  # JSON with a message, never a page
    assert snapshot(root) == before


def test_every_url_takes_huge_pages_and_ids_without_a_5xx(world: World) -> None:
    """``page=`` and ids beyond any database's integers, on reads and writes alike."""
    huge = str(10**25)
    beyond = {**world.ids, **{k: huge for k, v in world.ids.items() if v.isdigit()}}
    beyond["default"] = huge
    query = f"?page={10**30}&limit={BIG}&offset={BIG}&image={huge}&id={huge}&ids={huge}"
    problems = []
    for route, _ in walk(get_resolver().url_patterns):
        for ids, suffix in ((world.ids, query), (beyond, "")):
            path = concrete(route, ids)
            if any(re.fullmatch("/" + skipped, path) for skipped in SKIPPED):
                continue
            for method in ("GET", "POST"):
                status = world.send(method, path + suffix).status_code
                if status >= 500:
                    problems.append(f"{method} {path}{suffix}: {status}")
    assert problems == [], "\n".join(problems)


def test_every_route_is_built_into_a_url_that_resolves(world: World) -> None:
    """The table reaches every route: a route the builder cannot fill in fails here."""
    unbuilt = []
    for route, _ in walk(get_resolver().url_patterns):
        path = concrete(route, world.ids)
        if any(re.fullmatch("/" + skipped, path) for skipped in SKIPPED):
            continue
        try:
            resolve(path)
        except Resolver404:
            unbuilt.append(f"{route} -> {path}")
    assert len(unbuilt) <= MAX_UNBUILT, "\n".join(unbuilt)
