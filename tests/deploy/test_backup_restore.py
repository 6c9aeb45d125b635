"""``scripts/backup`` and ``scripts/restore``, as docs/deployment.md describes them: a
deployment on PostgreSQL with its pyramids, originals and thumbnails on Swift is backed
up, restored into an empty deployment (a new database, an empty data directory, an
emptied bucket), which then shows the same images with the same pixels and originals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import fsspec
import pytest

from pyomero.pixels import Location
from pyomero.pixels import synthetic as syn
from pyomero.testing.hosts import SETUP
from pyomero.testing.live import prepare_server
from pyomero.testing.postgres import private_postgres
from pyomero.testing.swift import swift_server

ROOT = Path(__file__).resolve().parents[2]
IMAGES = """
import hashlib
import json
from pyomero.imaging.stores import open_pixels
from pyomero.model import storage
from pyomero.model.models import Image, OriginalFile, Pixels
found = []
for image in Image.objects.order_by("pk"):
    pixels = Pixels.objects.get(image=image)
    plane = open_pixels(pixels).read_plane(0, 0, 0, 0)
    found.append([image.pk, image.name, int(plane.sum())])
for file in OriginalFile.objects.order_by("pk"):
    data = storage.bytes_of(file).read_bytes()
    found.append([file.name, file.store, hashlib.sha1(data).hexdigest(), file.hash])
print(json.dumps(found))
"""


def script(name: str, omerodir: Path, folder: Path, env: dict[str, str]) -> None:
    child = {**os.environ, **env, "OMERODIR": str(omerodir), "PYTHON": sys.executable}
    child["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])
    )
    result = subprocess.run(
        [str(ROOT / "scripts" / name), str(folder)], env=child, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_backup_restored_into_an_empty_deployment_shows_the_same_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "cells.ome.tif"
    syn.write_ome_tiff(source, syn.synthetic_metadata(300, 200, size_c=2))
    with private_postgres() as db, swift_server() as s3:
        env = {
            "FSSPEC_S3_ENDPOINT_URL": s3.endpoint,
            "FSSPEC_S3_KEY": s3.key,
            "FSSPEC_S3_SECRET": s3.secret,
        }
        monkeypatch.setitem(fsspec.config.conf, "s3", s3.options)  # this process's
        os.environ.update(env)  # the servers' and scripts'
        try:
            store = f"s3://{s3.bucket}/pyramids"
            files = f"s3://{s3.bucket}/files"
            db.create_database("omero")
            config = {
                **db.omero_config(),
                "omero.pixeldata.store_url": store,
                "omero.data.store_url": files,
            }
            first = prepare_server(tmp_path / "first", config)
            first.python(SETUP)
            imported = first.omero(
                "import", str(source), "-u", "alice", "-w", "hosts-password", env=env
            )
            assert imported.returncode == 0, imported.stderr
            before = json.loads(first.python(IMAGES))
            assert len(before) == 2  # the image, its original (on the store, as imported)
            assert before[1][1] == files and before[1][2] == before[1][3]

            script("backup", first.omerodir, tmp_path / "backup", env)

            Location(store).remove()  # the stores are lost too
            Location(files).remove()
            assert not Location(store).exists() and not Location(files).exists()
            db.create_database("restored")
            empty = {**config, "omero.db.name": "restored"}
            second = prepare_server(tmp_path / "second", empty, database=False)
            script("restore", second.omerodir, tmp_path / "backup", env)

            assert json.loads(second.python(IMAGES)) == before
            checked = second.omero("admin", "check", env=env)
            assert checked.returncode == 0, checked.stdout + checked.stderr
        finally:
            for name in env:
                os.environ.pop(name, None)
