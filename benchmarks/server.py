"""The benchmark's server directory: a database with a user, the big image (pointing at
the cached pyramid) and the thumbnail images, and Django set up in this process."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from benchmarks import data

PASSWORD = "bench-password"
THUMBNAIL_IMAGES = 200
THUMB_SIZE = 512
#: The tile benchmark measures rendering: no render cache (the ``webgateway`` cache).
DUMMY = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
NO_TILE_CACHE = json.dumps({"default": DUMMY, "webgateway": DUMMY})


@dataclass
class Fixture:
    omerodir: Path
    user_id: int
    image_id: int
    thumb_ids: list[int]
    server: object  # pyomero.testing.live.LiveServer


def ensure_thumbnail_stores(count: int = THUMBNAIL_IMAGES) -> list[Path]:
    """``count`` small 3-channel pyramids (512 x 512), written once."""
    from pyomero.pixels import WriteOptions, write_pyramid

    folder = data.bench_dir() / "thumbs"
    folder.mkdir(exist_ok=True)
    stores = []
    for n in range(count):
        where = folder / f"t{n}.ome.zarr"
        if not where.exists():
            series = data.ShiftedSeries(where, data.metadata(THUMB_SIZE), shift=n * 97)
            write_pyramid(series, where, WriteOptions(workers=1))
        stores.append(where)
    return stores


def prepare(workers: int = 5) -> Fixture:
    """A fresh server directory (database copied from a template, so a few seconds)."""
    from pyomero.testing.live import prepare_server

    omerodir = data.bench_dir() / "omerodir"
    if omerodir.exists():
        shutil.rmtree(omerodir)
    omerodir.mkdir()
    server = prepare_server(
        omerodir,
        {
            "omero.web.wsgi_workers": str(workers),
            "omero.web.debug": "false",
            "omero.web.caches": NO_TILE_CACHE,
        },
    )
    os.environ["OMERODIR"] = str(omerodir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pyomero.web.settings"
    import django

    django.setup()
    pyramid = data.ensure_pyramid()
    stores = ensure_thumbnail_stores()
    user_id, image_id, thumb_ids = _populate(pyramid, stores)
    return Fixture(omerodir, user_id, image_id, thumb_ids, server)


def _populate(pyramid: Path, stores: list[Path]) -> tuple[int, int, list[int]]:
    from pyomero.imaging.rendering_defs import imported_settings, save_settings
    from pyomero.model.actions import create_experimenter, do_create_group, do_create_image
    from pyomero.model.context import event_context
    from pyomero.model.models import Experimenter, Permissions, Pixels
    from pyomero.pixels import open_pyramid

    root = Experimenter.objects.get(ome_name="root")
    group = do_create_group(event_context(root, -1), "bench", Permissions.READ_ANNOTATE)
    user = create_experimenter(
        "bench", first_name="Bench", last_name="Mark", password=PASSWORD, groups=[group]
    )
    ctx = event_context(user, group)

    def add(name: str, where: Path) -> int:
        store = open_pyramid(where)
        meta = store.metadata
        stats = store.stats or ()
        channels = [
            {
                "name": ch.name or "",
                "stats_min": s.min,
                "stats_max": s.max,
                "emission_wave": ch.emission_wavelength.value if ch.emission_wavelength else None,
            }
            for ch, s in zip(meta.channels, stats, strict=True)
        ]
        image = do_create_image(
            ctx,
            name,
            size_x=meta.size_x,
            size_y=meta.size_y,
            size_c=meta.size_c,
            pixels_type="uint16",
            channels=channels,
            path=str(where),
        )
        save_settings(ctx, image, imported_settings(Pixels.objects.get(image=image)))
        return int(image.pk)

    image_id = add("benchmark 16k", pyramid)
    thumb_ids = [add(f"thumb {n}", where) for n, where in enumerate(stores)]
    return int(user.pk), image_id, thumb_ids
