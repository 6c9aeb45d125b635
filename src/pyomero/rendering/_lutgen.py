"""Generator of the lookup tables shipped in ``pyomero/rendering/luts/``.

Every table is computed here from a formula or from a few control points joined by
straight lines; the ``.lut`` files are this module's output, byte for byte (a test
checks it). Regenerate after a change with::

    python -m pyomero.rendering._lutgen src/pyomero/rendering/luts
"""

from __future__ import annotations

import colorsys
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

Rgb = tuple[int, int, int]
Table = NDArray[np.uint8]

_INDEX = np.arange(256, dtype=np.float64)


def _through(points: Sequence[tuple[int, Rgb]]) -> Table:
    """A table through control points ``(index, (r, g, b))``, linear in between."""
    xs = [float(x) for x, _ in points]
    lanes = [np.interp(_INDEX, xs, [float(rgb[lane]) for _, rgb in points]) for lane in range(3)]
    return np.clip(np.rint(np.stack(lanes, axis=1)), 0, 255).astype(np.uint8)


def _ramp_to(rgb: Rgb) -> Table:
    return _through([(0, (0, 0, 0)), (255, rgb)])


def _bands(colors: Sequence[Rgb]) -> Table:
    """Equal-width bands of flat colour."""
    index = (np.arange(256) * len(colors)) // 256
    return np.asarray(colors, dtype=np.uint8)[index]


def _hue_sweep(first: float, last: float) -> Table:
    rows = [colorsys.hsv_to_rgb(first + (last - first) * i / 255.0, 1.0, 1.0) for i in range(256)]
    return np.clip(np.rint(np.asarray(rows) * 255.0), 0, 255).astype(np.uint8)


def _hot(*groups: Sequence[int]) -> Table:
    """Groups of lanes light up one after the other; the lanes left over come last."""
    rest = tuple(lane for lane in range(3) if all(lane not in g for g in groups))
    stages = [*groups, rest] if rest else list(groups)
    width = 256.0 / len(stages)
    table = np.zeros((256, 3))
    for step, lanes in enumerate(stages):
        for lane in lanes:
            table[:, lane] = np.clip((_INDEX - width * step) * (255.0 / (width - 1)), 0, 255)
    return np.clip(np.rint(table), 0, 255).astype(np.uint8)


def _three_three_two() -> Table:
    i = np.arange(256)
    return np.stack([i & 0xE0, (i << 3) & 0xE0, (i << 6) & 0xC0], axis=1).astype(np.uint8)


def _red_green() -> Table:
    i = np.arange(256)
    red = np.where(i < 128, 255 - 2 * i, 0)
    green = np.where(i < 128, 0, 2 * (i - 128) + 1)
    return np.stack([red, green, np.zeros(256, dtype=np.int64)], axis=1).astype(np.uint8)


def _hilo() -> Table:
    table = _ramp_to((255, 255, 255))
    table[0] = (0, 0, 255)
    table[255] = (255, 0, 0)
    return table


def _five_ramps() -> Table:
    colors: list[Rgb] = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (255, 255, 255)]
    table = np.zeros((256, 3))
    width = 256 / len(colors)
    for band, rgb in enumerate(colors):
        lo, hi = round(band * width), round((band + 1) * width)
        ramp = np.linspace(0.0, 1.0, hi - lo)[:, None]
        table[lo:hi] = ramp * np.asarray(rgb, dtype=np.float64)
    return np.rint(table).astype(np.uint8)


_SIXTEEN: list[Rgb] = [
    (0, 0, 0),
    (1, 1, 171),
    (1, 1, 224),
    (0, 110, 255),
    (0, 171, 255),
    (1, 224, 255),
    (1, 255, 1),
    (190, 255, 0),
    (255, 255, 0),
    (255, 224, 0),
    (255, 141, 0),
    (250, 94, 0),
    (245, 0, 0),
    (245, 0, 135),
    (222, 0, 222),
    (255, 255, 255),
]

GENERATORS: dict[str, Callable[[], Table]] = {
    "16_colors.lut": lambda: _bands(_SIXTEEN),
    "3-3-2_rgb.lut": _three_three_two,
    "5_ramps.lut": _five_ramps,
    "blue.lut": lambda: _ramp_to((0, 0, 255)),
    "cool.lut": lambda: _through([(0, (0, 255, 255)), (255, (255, 0, 255))]),
    "cyan.lut": lambda: _ramp_to((0, 255, 255)),
    "cyan_hot.lut": lambda: _hot((1, 2)),
    "fire.lut": lambda: _through(
        [
            (0, (0, 0, 0)),
            (36, (36, 0, 118)),
            (72, (120, 0, 160)),
            (108, (196, 16, 96)),
            (144, (244, 74, 12)),
            (184, (255, 156, 0)),
            (220, (255, 222, 40)),
            (255, (255, 255, 255)),
        ]
    ),
    "glow.lut": lambda: _through(
        [
            (0, (0, 0, 0)),
            (96, (200, 16, 0)),
            (160, (255, 120, 0)),
            (220, (255, 230, 60)),
            (255, (255, 255, 255)),
        ]
    ),
    "grays.lut": lambda: _ramp_to((255, 255, 255)),
    "green.lut": lambda: _ramp_to((0, 255, 0)),
    "green_fire_blue.lut": lambda: _through(
        [
            (0, (0, 0, 0)),
            (64, (0, 120, 40)),
            (128, (40, 200, 120)),
            (192, (40, 120, 255)),
            (255, (235, 245, 255)),
        ]
    ),
    "hilo.lut": _hilo,
    "ice.lut": lambda: _through(
        [
            (0, (0, 0, 0)),
            (64, (10, 20, 110)),
            (128, (20, 90, 210)),
            (192, (60, 200, 240)),
            (255, (230, 255, 255)),
        ]
    ),
    "magenta.lut": lambda: _ramp_to((255, 0, 255)),
    "magenta_hot.lut": lambda: _hot((0, 2)),
    "orange_hot.lut": lambda: _hot((0,), (1,)),
    "rainbow_rgb.lut": lambda: _hue_sweep(0.0, 2.0 / 3.0),
    "red.lut": lambda: _ramp_to((255, 0, 0)),
    "red-green.lut": _red_green,
    "red_hot.lut": lambda: _hot((0,)),
    "sepia.lut": lambda: _through([(0, (0, 0, 0)), (128, (140, 84, 36)), (255, (255, 240, 205))]),
    "spectrum.lut": lambda: _hue_sweep(0.0, 1.0),
    "thermal.lut": lambda: _through(
        [
            (0, (0, 0, 0)),
            (56, (70, 0, 130)),
            (112, (176, 20, 110)),
            (160, (232, 60, 30)),
            (208, (255, 160, 0)),
            (240, (255, 236, 100)),
            (255, (255, 255, 255)),
        ]
    ),
    "yellow.lut": lambda: _ramp_to((255, 255, 0)),
    "yellow_hot.lut": lambda: _hot((0, 1)),
}


def generate_all() -> dict[str, Table]:
    """Name -> (256, 3) uint8 table for every shipped LUT, in name order."""
    return {name: GENERATORS[name]() for name in sorted(GENERATORS)}


def main(argv: Sequence[str] | None = None) -> int:
    """Write every table as a 768-byte ImageJ binary LUT into the given directory."""
    from pyomero.rendering.lookup import write_lut

    args = list(sys.argv[1:] if argv is None else argv)
    directory = Path(args[0]) if args else Path(__file__).with_name("luts")
    directory.mkdir(parents=True, exist_ok=True)
    for name, table in generate_all().items():
        write_lut(directory / name, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
