"""PNG, JPEG, BMP and GIF through Pillow. An RGB file is three channels red, green and
blue, as in OMERO; animated GIF frames are time points.

These formats cannot be read by region: a read decodes the whole frame once and keeps
the last frame decoded.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.pixels.contract import DEFAULT_LIMITS, Limits, Reader, Series
from pyomero.pixels.errors import CorruptFile, TooLarge, UnsupportedFormat
from pyomero.pixels.metadata import Channel, PixelType, SeriesMetadata

MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"BM", b"GIF87a", b"GIF89a")

_MODES: dict[str, tuple[str, PixelType, tuple[Channel, ...]]] = {
    "1": ("1", PixelType.BIT, (Channel(),)),
    "L": ("L", PixelType.UINT8, (Channel(),)),
    "I;16": ("I;16", PixelType.UINT16, (Channel(),)),
    "I": ("I", PixelType.INT32, (Channel(),)),
    "F": ("F", PixelType.FLOAT, (Channel(),)),
    "LA": ("LA", PixelType.UINT8, (Channel(), Channel(name="alpha", color="808080"))),
    "RGB": (
        "RGB",
        PixelType.UINT8,
        (
            Channel(name="red", color="FF0000"),
            Channel(name="green", color="00FF00"),
            Channel(name="blue", color="0000FF"),
        ),
    ),
}
_MODES["RGBA"] = ("RGBA", PixelType.UINT8, (*_MODES["RGB"][2], Channel(name="alpha")))


class PillowSeries(Series):
    def __init__(self, path: Path, metadata: SeriesMetadata, mode: str) -> None:
        super().__init__(path, metadata)
        self._mode = mode
        self._lock = threading.Lock()
        self._frame: tuple[int, NDArray[Any]] | None = None

    def _decoded(self, t: int) -> NDArray[Any]:
        from PIL import Image

        with self._lock:
            if self._frame is None or self._frame[0] != t:
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                        with Image.open(self.path) as image:
                            image.seek(t)
                            converted = image.convert(self._mode)
                            array = np.asarray(converted)
                except (OSError, ValueError, SyntaxError) as exc:
                    raise CorruptFile(self.path, f"cannot decode the image: {exc}") from exc
                if array.ndim == 2:
                    array = array[:, :, None]
                self._frame = (t, array)
            return self._frame[1]

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        frame = self._decoded(t)
        region = frame[y : y + h, x : x + w, c]
        return np.ascontiguousarray(region, dtype=self.metadata.dtype)


class PillowReader(Reader):
    """Any single-file picture Pillow opens: PNG, JPEG, BMP, GIF."""

    format_name = "pillow"
    priority = 20

    @classmethod
    def claims(cls, path: Path) -> bool:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            head = handle.read(8)
        return any(head.startswith(magic) for magic in MAGICS)

    def __init__(self, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(path, limits)
        from PIL import Image, UnidentifiedImageError  # Pillow loads with its files only

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(self.path) as image:
                    mode = image.mode
                    size_x, size_y = image.size
                    frames = int(getattr(image, "n_frames", 1))
                    kind = image.format or "image"
        except Image.DecompressionBombError as exc:
            raise TooLarge(self.path, str(exc)) from exc
        except UnidentifiedImageError as exc:
            raise UnsupportedFormat(self.path, "Pillow does not recognise the image") from exc
        except (OSError, SyntaxError, ValueError) as exc:
            raise CorruptFile(self.path, f"cannot read the image: {exc}") from exc
        target = mode if mode in _MODES else ("I;16" if mode.startswith("I;16") else "RGB")
        if mode in ("P", "PA") and kind != "GIF":
            target = "RGBA" if "transparency" in getattr(image, "info", {}) else "RGB"
        if kind == "GIF":
            target = "RGB"
        convert, pixel_type, channels = _MODES[target]
        metadata = SeriesMetadata(
            name=self.path.name,
            size_x=size_x,
            size_y=size_y,
            size_z=1,
            size_c=len(channels),
            size_t=frames,
            pixel_type=pixel_type,
            channels=channels,
        )
        self._series = [PillowSeries(self.path, metadata, convert)]

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.path,)

    @property
    def series(self) -> Sequence[Series]:
        return self._series
