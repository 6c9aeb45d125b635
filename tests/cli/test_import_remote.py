"""``omero import -s URL``: the same chunked upload as the webclient, against a live server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pyomero.cli.main import main
from pyomero.pixels import synthetic as syn
from pyomero.testing.live import LiveServer, live_server

PASSWORD = "remote-password"
SETUP = f"""
from pyomero.model.actions import create_experimenter, do_create_dataset, do_create_group
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter
root = Experimenter.objects.get(ome_name="root")
lab = do_create_group(event_context(root, -1), "lab", "read-annotate")
alice = create_experimenter("alice", first_name="A", last_name="L", password={PASSWORD!r},
                            groups=[lab])
print(do_create_dataset(event_context(alice, lab), "Day 1").pk)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, int]]:
    omerodir = tmp_path_factory.mktemp("remote") / "omero"
    with live_server(omerodir) as started:  # the default thread backend: the server imports
        yield started, int(started.python(SETUP).strip())


def test_it_imports_a_folder_into_a_remote_dataset(
    server: tuple[LiveServer, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live, dataset = server
    folder = tmp_path / "run"
    folder.mkdir()
    syn.write_ome_tiff(folder / "a.ome.tif", syn.synthetic_metadata(40, 30, size_c=2))
    args = ["-s", live.url("/"), "-u", "alice", "-w", PASSWORD, "-d", str(dataset)]

    code = main(["import", *args, str(folder)])

    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Image:")


def test_it_reports_a_failed_remote_import(
    server: tuple[LiveServer, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live, dataset = server
    (tmp_path / "junk.tif").write_bytes(b"junk")
    args = ["-s", live.url("/"), "-u", "alice", "-w", PASSWORD, "-d", str(dataset)]

    assert main(["import", *args, str(tmp_path / "junk.tif")]) == 1
    (line,) = [x for x in capsys.readouterr().err.splitlines() if x.startswith("omero import:")]
    assert line.startswith("omero import: junk.tif: ")  # named as sent, no server path
    assert "cannot read" in line


def test_it_reports_bad_credentials(
    server: tuple[LiveServer, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live, dataset = server
    args = ["-s", live.url("/"), "-u", "alice", "-w", "wrong", "-d", str(dataset)]
    assert main(["import", *args, str(tmp_path)]) == 1
    assert "Connection not available" in capsys.readouterr().err


def test_it_words_the_servers_progress_of_an_import() -> None:
    from pyomero.cli.remote_import import progress_line

    pixels = {"file": "run/a.tif", "stage": "pixels", "planes_done": 3, "planes_total": 8}
    copy = {"file": "a.tif", "stage": "copy", "bytes_done": 10, "bytes_total": 40}
    assert progress_line(pixels) == "Importing run/a.tif: 3/8 planes written"
    assert progress_line(copy) == "Importing a.tif: 10/40 bytes copied"
    assert progress_line(None) == ""
