"""A failed import never shows the user where the server keeps files.

The errors of imports name the files they failed on; Activities (the upload's
JSON), History (the day's imports and the activity list) show them with the file
as the user knows it, never with a path of the server ($OMERODIR, uploads, the
repository).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from tests.webclient.upload_helpers import finish, immediate_tasks, put, start, upload_root

from pyomero.model.actions.containers import do_create_dataset
from pyomero.model.actions.imports import do_fail_import
from pyomero.model.models import Fileset, FilesetState
from pyomero.testing.personas import Personas

__all__ = ["immediate_tasks", "upload_root"]
pytestmark = pytest.mark.usefixtures("immediate_tasks")

BROKEN_TIFF = b"II*\x00" + b"\xff" * 60  # a TIFF header that points nowhere


def owner_client(personas: Personas) -> Client:
    client = Client()
    client.force_login(personas.user("owner"))
    return client


def test_activities_name_the_file_not_the_server_path(
    personas: Personas, upload_root: Path
) -> None:
    client = owner_client(personas)
    dataset = do_create_dataset(personas.ctx("owner", personas.group), "d")
    _, started = start(client, [("run/broken.tif", len(BROKEN_TIFF))], dataset=dataset.pk)
    put(client, started["id"], 0, BROKEN_TIFF, 0, len(BROKEN_TIFF))
    outcome = finish(client, started["id"]).json()
    [activity] = client.get("/webclient/activities/").json()["activities"]
    for shown in (outcome["error"], activity["error"]):
        assert activity["status"] == "failed"
        assert shown
        assert str(settings.OMERODIR) not in shown
        assert str(upload_root) not in shown and "/var/" not in shown


def test_history_names_the_file_not_the_server_path(personas: Personas, tmp_path: Path) -> None:
    ctx = personas.ctx("owner", personas.group)
    stored = tmp_path / "ManagedRepository" / "owner_2" / "2026-12" / "cells.ome.tif"
    fileset = Fileset.objects.create(
        owner_id=ctx.user_id,
        group_id=personas.group.pk,
        state=FilesetState.IMPORTING,
        created=date.today().isoformat() + "T12:00:00Z",
        updated=date.today().isoformat() + "T12:00:00Z",
    )
    do_fail_import(ctx, fileset, f"{stored}: 3 planes of 12 are missing")
    today = date.today()
    client = owner_client(personas)
    pages = [
        client.get(f"/webclient/load_history/{today.year}/{today.month}/{today.day}/"),
        client.get("/webclient/history/activities/"),
    ]
    for page in pages:
        assert page.status_code == 200
        text = page.content.decode()
        assert str(tmp_path) not in text and "ManagedRepository" not in text
    assert any("cells.ome.tif: 3 planes of 12 are missing" in p.content.decode() for p in pages)
