"""Images with archived originals: files written under the managed repository, their
OriginalFile rows, and a fileset the image points at."""

from __future__ import annotations

from django.conf import settings

from pyomero.conf import Config
from pyomero.model.actions import do_create_fileset, do_create_original_file
from pyomero.model.context import EventContext
from pyomero.model.models import Image
from pyomero.testing.factories import make_image

FOLDER = "owner_1/2026-11/24/10-00-00.000/"


def make_archived_image(
    ctx: EventContext, files: dict[str, bytes], name: str = "experiment.lif"
) -> Image:
    """An image whose fileset holds ``files`` (name -> bytes), stored on disk."""
    root = settings.OMERO_CONFIG.data_dir() / "ManagedRepository" / FOLDER
    root.mkdir(parents=True, exist_ok=True)
    originals = []
    for file_name, data in files.items():
        (root / file_name).write_bytes(data)
        originals.append(
            do_create_original_file(ctx, file_name, path=FOLDER, size=len(data), sha1="0" * 40)
        )
    fileset = do_create_fileset(ctx, originals, client_paths=[f"C:/Users/jane/{n}" for n in files])
    return make_image(ctx, name, fileset=fileset)


def configure(settings: object, **values: str) -> None:
    """Set ``omero.*`` keys (``configure(settings, **{"omero.web.x": "1"})``) for a test,
    through pytest-django's ``settings`` fixture."""
    config = settings.OMERO_CONFIG  # type: ignore[attr-defined]
    settings.OMERO_CONFIG = Config({**config.stored, **values}, config.omerodir)  # type: ignore[attr-defined]
