"""The demo data set: generated here (no download) and imported like any user's files.

A ``demo`` user in a read-annotate group ``demo`` owns:

- project "Demo project" > dataset "Demo images" with a 3-channel Z-stack with physical
  sizes, a time series, an RGB picture, and a 16-bit 16,384 x 16,384 two-channel image
  (a plain tiled OME-TIFF: its pyramid is built by the import);
- screen "Demo screen" with a 2 x 3 plate, two fields per well (OME-Zarr HCS).

:func:`load_demo` is idempotent: what is already there is not imported again.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import tifffile
from ome_types import model as ome
from PIL import Image as PILImage

from pyomero.imports import ImportOptions, ImportResult, Target, Transfer, run_import
from pyomero.model.actions import (
    do_create_dataset,
    do_create_experimenter,
    do_create_group,
    do_create_project,
    do_create_screen,
    do_link,
)
from pyomero.model.context import EventContext, event_context
from pyomero.model.models import Dataset, Experimenter, ExperimenterGroup, Permissions, Screen
from pyomero.pixels import Length, PixelType
from pyomero.pixels import synthetic as syn

USER, GROUP = "demo", "demo"
PROJECT, DATASET, SCREEN = "Demo project", "Demo images", "Demo screen"
BIG_SIDE = 16_384


@dataclass(frozen=True)
class DemoResult:
    """What :func:`load_demo` did: the demo user's password if it created the user,
    and the import results (empty when everything was there)."""

    user: Experimenter
    password: str | None
    results: tuple[ImportResult, ...]


def _zstack(folder: Path) -> Path:
    meta = syn.synthetic_metadata(512, 512, size_z=16, size_c=3, name="Z-stack")
    meta = replace(meta, physical_size_z=Length(0.8))
    image = syn._ome_image(0, meta, 0, None)
    image.pixels.physical_size_z = 0.8
    for channel, (name, nm) in zip(
        image.pixels.channels, (("DAPI", 461), ("GFP", 510), ("mCherry", 610)), strict=True
    ):
        channel.name, channel.emission_wavelength = name, nm
    path = folder / "zstack.ome.tif"
    xml = ome.OME(images=[image]).to_xml()
    with tifffile.TiffWriter(path) as tw:
        for n, plane in enumerate(syn.stack(meta).reshape(-1, 512, 512)):
            tw.write(plane, description=xml if n == 0 else None, metadata=None)
    return path


def _timeseries(folder: Path) -> Path:
    meta = syn.synthetic_metadata(256, 256, size_t=10, name="Time series")
    path = folder / "timeseries.ome.tif"
    syn.write_ome_tiff(path, meta)
    return path


def _rgb(folder: Path) -> Path:
    ys, xs = np.mgrid[0:480, 0:640]
    rgb = np.stack([xs * 255 // 639, ys * 255 // 479, (xs + ys) % 256], axis=-1)
    path = folder / "rgb.png"
    PILImage.fromarray(rgb.astype(np.uint8)).save(path)
    return path


def _tiles(side: int, channels: int, tile: int) -> Iterator[np.ndarray]:
    for c in range(channels):
        for y in range(0, side, tile):
            for x in range(0, side, tile):
                yield syn.plane(PixelType.UINT16, 0, c, 0, tile, tile, y, x)


def _big(folder: Path, side: int = BIG_SIDE) -> Path:
    """A tiled, zstd-compressed, 2-channel OME-TIFF written tile by tile (bounded memory)."""
    tile = 512 if side >= 512 else 16
    path = folder / f"large {side}x{side}.ome.tif"
    with tifffile.TiffWriter(path, bigtiff=True, ome=True) as tw:
        tw.write(
            _tiles(side, 2, tile),
            shape=(2, side, side),
            dtype=np.uint16,
            tile=(tile, tile),
            compression="zstd",
            photometric="minisblack",
            metadata={
                "axes": "CYX",
                "Name": f"Large {side} x {side}",
                "PhysicalSizeX": 0.25,
                "PhysicalSizeY": 0.25,
                "Channel": {"Name": ["Hoechst", "Actin"]},
            },
        )
    return path


def _plate(folder: Path) -> Path:
    path = folder / "plate.ome.zarr"
    syn.write_ome_zarr_plate(path, syn.synthetic_metadata(128, 128, size_c=2), rows=2, columns=3)
    return path


def _demo_user(root: EventContext) -> tuple[Experimenter, str | None]:
    user = Experimenter.objects.filter(ome_name=USER).first()
    if user is not None:
        return user, None
    group = ExperimenterGroup.objects.filter(name=GROUP).first()
    if group is None:
        group = do_create_group(root, GROUP, Permissions.READ_ANNOTATE, "pyomero's demo data")
    password = secrets.token_urlsafe(9)
    user = do_create_experimenter(root, USER, "Demo", "User", password=password, groups=[group])
    return user, password


def _containers(ctx: EventContext) -> tuple[Dataset, Screen]:
    mine = {"owner_id": ctx.user_id, "group_id": ctx.group_id}
    dataset = Dataset.objects.filter(name=DATASET, **mine).first()
    if dataset is None:
        project = do_create_project(ctx, PROJECT)
        dataset = do_create_dataset(ctx, DATASET)
        do_link(ctx, project, dataset)
    screen = Screen.objects.filter(name=SCREEN, **mine).first() or do_create_screen(ctx, SCREEN)
    return dataset, screen


def load_demo(root: EventContext, *, big_side: int = BIG_SIDE, progress: Any = None) -> DemoResult:
    """Create the demo user and import whatever of the demo set is missing."""
    user, password = _demo_user(root)
    ctx = event_context(user, GROUP)
    dataset, screen = _containers(ctx)
    wanted: list[tuple[str, Callable[[Path], Path], Target]] = [
        ("Z-stack", _zstack, Target(dataset_id=dataset.pk)),
        ("Time series", _timeseries, Target(dataset_id=dataset.pk)),
        ("rgb.png", _rgb, Target(dataset_id=dataset.pk)),
        (f"Large {big_side} x {big_side}", lambda f: _big(f, big_side), Target(dataset.pk)),
    ]
    have = set(dataset.images.values_list("name", flat=True))
    todo = [(make, target) for name, make, target in wanted if name not in have]
    if not screen.plates.exists():
        todo.append((_plate, Target(screen_id=screen.pk)))
    results: list[ImportResult] = []
    with tempfile.TemporaryDirectory(prefix="pyomero-demo-") as tmp:
        for make, target in todo:
            path = make(Path(tmp))
            options = ImportOptions(target=target, transfer=Transfer.UPLOAD_RM)
            results += run_import(ctx, [path], options, progress=progress)
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
    return DemoResult(user, password, tuple(results))
