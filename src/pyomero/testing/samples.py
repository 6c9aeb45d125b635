"""Small sample files of every format pyomero reads, with their expected pixels.

Shared by the pixels tests (the reader contract matrix) and the import tests: each
:class:`Sample` names the file, the reader that must claim it, the sizes and pixel type
of its first series, and the expected level-0 plane ``(t, c, z)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import tifffile
from PIL import Image

from pyomero.pixels import PixelType
from pyomero.pixels import synthetic as syn

Expected = Callable[[int, int, int], np.ndarray]


@dataclass(frozen=True)
class Sample:
    name: str
    path: Path
    reader: str  # format_name of the reader the registry must pick
    sizes: tuple[int, int, int, int, int]  # X, Y, Z, C, T of the first series
    pixel_type: PixelType
    expected: Expected | None  # plane (t, c, z) of the first series at level 0
    series: int = 1
    levels: int = 1


def _from_stack(data: np.ndarray) -> Expected:
    return lambda t, c, z: data[t, c, z]


def _pattern(pixel_type: PixelType, h: int, w: int) -> Expected:
    return lambda t, c, z: syn.plane(pixel_type, t, c, z, h, w)


def build_samples(root: Path) -> dict[str, Sample]:
    """Write one small file (or OME-Zarr) of every format pyomero reads under ``root``."""
    u16, u8 = PixelType.UINT16, PixelType.UINT8
    found: list[Sample] = []

    meta = syn.synthetic_metadata(96, 64, size_z=3, size_c=2, size_t=2)
    data = syn.write_ome_tiff(root / "stack.ome.tif", meta)
    found.append(
        Sample(
            "ome-tiff",
            root / "stack.ome.tif",
            "ome-tiff",
            (96, 64, 3, 2, 2),
            u16,
            _from_stack(data),
        )
    )

    meta = syn.synthetic_metadata(600, 500, size_c=3, pixel_type=u8)
    data = syn.write_ome_tiff(
        root / "pyramid.ome.tif", meta, tile=256, subresolutions=2, compression="zlib"
    )
    found.append(
        Sample(
            "ome-tiff-pyramid",
            root / "pyramid.ome.tif",
            "ome-tiff",
            (600, 500, 1, 3, 1),
            u8,
            _from_stack(data),
            levels=3,
        )
    )

    meta = syn.synthetic_metadata(40, 30, size_c=1, size_t=4)
    companion = syn.write_companion_ome_tiff(root, meta, parts=2)
    found.append(
        Sample(
            "ome-tiff-companion",
            companion,
            "ome-tiff",
            (40, 30, 1, 1, 4),
            u16,
            _pattern(u16, 30, 40),
        )
    )

    data = syn.stack(syn.synthetic_metadata(48, 32, size_z=4, size_c=3, size_t=2))
    tifffile.imwrite(
        root / "hyper.tif",
        data.transpose(0, 2, 1, 3, 4),
        imagej=True,
        resolution=(1 / 0.25, 1 / 0.25),
        metadata={"axes": "TZCYX", "spacing": 1.5, "unit": "um", "finterval": 2.0},
    )
    found.append(
        Sample(
            "imagej", root / "hyper.tif", "imagej-tiff", (48, 32, 4, 3, 2), u16, _from_stack(data)
        )
    )

    rgb = np.stack([syn.plane(u8, 0, c, 0, 20, 30) for c in range(3)], axis=-1)
    tifffile.imwrite(root / "rgb.tif", rgb, photometric="rgb")
    found.append(
        Sample(
            "tiff-rgb",
            root / "rgb.tif",
            "tiff",
            (30, 20, 1, 3, 1),
            u8,
            lambda t, c, z, d=rgb: d[:, :, c],
        )
    )

    pages = np.stack([syn.plane(u16, t, 0, 0, 24, 36) for t in range(5)])
    tifffile.imwrite(root / "pages.tif", pages, compression="zlib", rowsperstrip=5)
    found.append(
        Sample(
            "tiff-multipage",
            root / "pages.tif",
            "tiff",
            (36, 24, 1, 1, 5),
            u16,
            lambda t, c, z, d=pages: d[t],
        )
    )

    data = syn.write_lsm(root / "scan.lsm", 3, 32, 48)
    found.append(
        Sample(
            "lsm",
            root / "scan.lsm",
            "zeiss-lsm",
            (48, 32, 3, 3, 1),
            u16,
            lambda t, c, z, d=data: d[z, c],
        )
    )

    stk = syn.write_stk(root / "stack.stk", 4, 32, 48)
    found.append(
        Sample(
            "stk",
            root / "stack.stk",
            "metamorph-stk",
            (48, 32, 4, 1, 1),
            u16,
            lambda t, c, z, d=stk: d[z],
        )
    )

    grey = syn.plane(u8, 0, 0, 0, 25, 35)
    Image.fromarray(grey).save(root / "grey.png")
    found.append(
        Sample("png", root / "grey.png", "pillow", (35, 25, 1, 1, 1), u8, lambda t, c, z, d=grey: d)
    )
    Image.fromarray(rgb).save(root / "rgb.png")
    found.append(
        Sample(
            "png-rgb",
            root / "rgb.png",
            "pillow",
            (30, 20, 1, 3, 1),
            u8,
            lambda t, c, z, d=rgb: d[:, :, c],
        )
    )
    Image.fromarray(rgb).save(root / "rgb.bmp")
    found.append(
        Sample(
            "bmp",
            root / "rgb.bmp",
            "pillow",
            (30, 20, 1, 3, 1),
            u8,
            lambda t, c, z, d=rgb: d[:, :, c],
        )
    )
    Image.fromarray(rgb).save(root / "photo.jpg", quality=95)
    found.append(Sample("jpeg", root / "photo.jpg", "pillow", (30, 20, 1, 3, 1), u8, None))
    frames = [Image.fromarray(np.full((10, 12), v, np.uint8)).convert("P") for v in (0, 255)]
    frames[0].save(root / "anim.gif", save_all=True, append_images=frames[1:])
    found.append(
        Sample(
            "gif",
            root / "anim.gif",
            "pillow",
            (12, 10, 1, 3, 2),
            u8,
            lambda t, c, z: np.full((10, 12), 255 * t, np.uint8),
        )
    )

    for version in ("0.4", "0.5"):
        meta = syn.synthetic_metadata(150, 130, size_z=2, size_c=2)
        data = syn.write_ome_zarr(
            root / f"image-{version}.zarr", meta, version=version, labels=True
        )
        found.append(
            Sample(
                f"zarr-{version}",
                root / f"image-{version}.zarr",
                "ome-zarr",
                (150, 130, 2, 2, 1),
                u16,
                _from_stack(data),
                levels=2,
            )
        )
        meta = syn.synthetic_metadata(32, 24)
        syn.write_ome_zarr_plate(root / f"plate-{version}.zarr", meta, version=version)
        found.append(
            Sample(
                f"zarr-plate-{version}",
                root / f"plate-{version}.zarr",
                "ome-zarr",
                (32, 24, 1, 1, 1),
                u16,
                _pattern(u16, 24, 32),
                series=12,
            )
        )
    return {sample.name: sample for sample in found}


#: Every sample, in a stable order.
SAMPLE_NAMES: tuple[str, ...] = (
    "ome-tiff",
    "ome-tiff-pyramid",
    "ome-tiff-companion",
    "imagej",
    "tiff-rgb",
    "tiff-multipage",
    "lsm",
    "stk",
    "png",
    "png-rgb",
    "bmp",
    "jpeg",
    "gif",
    "zarr-0.4",
    "zarr-0.5",
    "zarr-plate-0.4",
    "zarr-plate-0.5",
)
