"""Label images (OME-Zarr ``labels/``) as Mask ROIs: one ROI per label value, one mask
shape per plane it appears in, as OMERO's OME-Zarr importer makes them."""

from __future__ import annotations

from typing import Any

import numpy as np

from pyomero.model.models import rgba_to_int
from pyomero.pixels import Series

#: Label planes larger than this many pixels are not turned into masks.
MAX_LABEL_PIXELS = 64 * 1024 * 1024


def _color(colors: dict[int, str], value: int) -> int | None:
    rgba = colors.get(value)
    if not rgba or len(rgba) < 6:
        return None
    channels = [int(rgba[i : i + 2], 16) for i in range(0, len(rgba), 2)]
    return rgba_to_int(*channels[:4]) if len(channels) >= 4 else rgba_to_int(*channels[:3])


def label_rois(series: Series) -> list[tuple[str, list[dict[str, Any]]]]:
    """(ROI name, mask shapes) for every value of every label image of ``series``."""
    meta = series.metadata
    if meta.size_x * meta.size_y > MAX_LABEL_PIXELS:
        return []
    rois: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for label in series.labels:
        colors = dict(label.colors)
        for t in range(meta.size_t):
            for z in range(meta.size_z):
                plane = series.read_label(label.name, 0, t, z, 0, 0, meta.size_y, meta.size_x)
                for value in np.unique(plane):
                    if value == 0:
                        continue
                    ys, xs = np.nonzero(plane == value)
                    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
                    mask = plane[y0:y1, x0:x1] == value
                    shape: dict[str, Any] = {
                        "kind": "Mask",
                        "the_z": z,
                        "the_t": t,
                        "x": float(x0),
                        "y": float(y0),
                        "width": float(x1 - x0),
                        "height": float(y1 - y0),
                        "bytes": np.packbits(mask).tobytes(),
                        "text": f"{label.name} {int(value)}",
                    }
                    color = _color(colors, int(value))
                    if color is not None:
                        shape["fill_color"] = color
                    rois.setdefault((label.name, int(value)), []).append(shape)
    return [(f"{name} {value}", shapes) for (name, value), shapes in rois.items()]
