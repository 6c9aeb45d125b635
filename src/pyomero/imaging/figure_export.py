"""OMERO.figure's export: a figure JSON rendered to PDF or TIFF by pyomero itself.

OMERO runs a server-side script for this; pyomero lays the figure out
(:mod:`pyomero.rendering.figure`), renders each panel through its own rendering with
the panel's channels, windows, colours or LUTs, Z/T or Z projection, crop, flips and
rotation, and paints the pages (:mod:`pyomero.rendering.figure_pdf`,
:mod:`pyomero.rendering.figure_raster`). The ``& images`` options add each panel's
image, as PNG, in a zip beside the figure. Every panel's image is read as the user who
exports: an image they may not see is a 404 and nothing is made.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image as PILImage
from PIL import ImageOps

from pyomero.imaging.figures import OUTSIDE, Region, scaled_region_array
from pyomero.model.access import access_image
from pyomero.model.actions.activities import do_finish_activity, do_start_activity
from pyomero.model.actions.stored_files import do_store_file_annotation
from pyomero.model.context import EventContext, event_context
from pyomero.model.errors import ModelError
from pyomero.model.models import ActivityKind
from pyomero.rendering import InvalidParameterError, RenderingError, parse_query
from pyomero.rendering.figure import PanelImage, layout, parse_figure, plain
from pyomero.rendering.figure_pdf import write_pdf
from pyomero.rendering.figure_raster import write_tiff

log = logging.getLogger(__name__)

#: OMERO.figure's export options (``exportOption`` of ``make_web_figure/``).
OPTIONS = ("PDF", "PDF & images", "TIFF", "TIFF & images")
#: Longest side, in pixels, a panel is rendered at (a page of 300 dpi A4 is 3508).
MAX_PANEL_PIXELS = 4000


@dataclass(frozen=True)
class FigureFile:
    name: str
    content: bytes
    mimetype: str


def channel_query(panel: dict[str, Any]) -> dict[str, str]:
    """The rendering query (``c``, ``maps``, ``m``, ``p``) of a panel's settings."""
    channels = panel.get("channels") or []
    specs, maps = [], []
    for index, channel in enumerate(channels, start=1):
        if not isinstance(channel, dict):
            raise InvalidParameterError("a panel's channels must be objects")
        window = channel.get("window") or {}
        sign = "" if channel.get("active", True) else "-"
        spec = f"{sign}{index}"
        if "start" in window and "end" in window:
            spec += f"|{float(window['start']):g}:{float(window['end']):g}"
        if channel.get("color"):
            spec += f"${channel['color']}"
        specs.append(spec)
        inverted = bool(channel.get("inverted") or channel.get("reverseIntensity"))
        maps.append('{"inverted":{"enabled":%s}}' % ("true" if inverted else "false"))
    query = {"m": "c"}
    if specs:
        query["c"] = ",".join(specs)
        query["maps"] = "[" + ",".join(maps) + "]"
    if panel.get("z_projection"):
        start, end = int(panel.get("z_start", 0)), int(panel.get("z_end", 0))
        query["p"] = f"intmax|{min(start, end)}:{max(start, end)}"
    return query


def _bounding(region: Region, angle: float) -> Region:
    """The region that holds ``region`` turned by ``angle`` degrees about its centre."""
    radians = np.radians(angle)
    cos, sin = abs(np.cos(radians)), abs(np.sin(radians))
    width = region.width * cos + region.height * sin
    height = region.width * sin + region.height * cos
    cx, cy = region.x + region.width / 2, region.y + region.height / 2
    return Region(cx - width / 2, cy - height / 2, width, height)


def render_panel(ctx: EventContext, box: PanelImage, size: tuple[int, int]) -> NDArray[np.uint8]:
    """A panel's image at ``size`` (W, H) pixels, as the figure shows it."""
    panel = box.panel
    image_id = panel.get("imageId")
    crop = Region(box.crop.x, box.crop.y, box.crop.width, box.crop.height)
    angle = float(panel.get("rotation", 0) or 0) % 360
    region = _bounding(crop, angle) if angle else crop
    factor = region.width / crop.width
    wanted = (max(1, round(size[0] * factor)), max(1, round(size[1] * region.height / crop.height)))
    query = parse_query(channel_query(panel))
    z, t = int(panel.get("theZ", 0) or 0), int(panel.get("theT", 0) or 0)
    longest = min(MAX_PANEL_PIXELS, max(wanted))
    pixels = scaled_region_array(ctx, image_id, query, z, t, region, max_size=longest + 1)
    picture = PILImage.fromarray(pixels).resize(wanted, PILImage.Resampling.LANCZOS)
    if panel.get("horizontal_flip"):
        picture = ImageOps.mirror(picture)
    if panel.get("vertical_flip"):
        picture = ImageOps.flip(picture)
    if angle:
        picture = picture.rotate(-angle, PILImage.Resampling.BICUBIC, fillcolor=OUTSIDE)
        left = (picture.width - size[0]) // 2
        top = (picture.height - size[1]) // 2
        picture = picture.crop((left, top, left + size[0], top + size[1]))
    if picture.size != size:
        picture = picture.resize(size, PILImage.Resampling.LANCZOS)
    return np.asarray(picture.convert("RGB"))


def _label_text(panel: dict[str, Any], text: str) -> str:
    """A label's text with OMERO.figure's live fields filled in."""

    def field(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        if name.startswith("time"):
            return _time_label(panel, name.partition("-")[2] or "secs")
        values = {
            "image.name": panel.get("name", ""),
            "image.id": panel.get("imageId", ""),
            "z": int(panel.get("theZ", 0) or 0) + 1,
            "t": int(panel.get("theT", 0) or 0) + 1,
            "channels": " ".join(
                str(c.get("label", ""))
                for c in panel.get("channels") or []
                if isinstance(c, dict) and c.get("active")
            ),
        }
        return str(values.get(name, match.group(0)))

    return plain(re.sub(r"\[([^\]]+)\]", field, text))


def _time_label(panel: dict[str, Any], unit: str) -> str:
    times = panel.get("deltaT") or []
    index = int(panel.get("theT", 0) or 0)
    seconds = float(times[index]) if index < len(times) else 0.0
    if unit in ("milliseconds", "ms"):
        return f"{seconds * 1000:.0f} ms"
    if unit == "mins":
        return f"{seconds / 60:.0f} mins"
    if unit == "hrs":
        return f"{seconds / 3600:.0f} hrs"
    if ":" in unit:
        hours, rest = divmod(int(seconds), 3600)
        minutes, secs = divmod(rest, 60)
        parts = {
            "hrs:mins": f"{hours}:{minutes:02d}",
            "mins:secs": f"{minutes + 60 * hours}:{secs:02d}",
        }
        return parts.get(unit, f"{hours}:{minutes:02d}:{secs:02d}")
    return f"{seconds:.0f} secs"


def _info(ctx: EventContext, figure: dict[str, Any], name: str) -> list[str]:
    lines = [name]
    legend = str(figure.get("legend") or "").strip()
    if legend:
        lines += ["", *(plain(line) for line in legend.splitlines())]
    lines += ["", "Images:"]
    seen: set[object] = set()
    for panel in figure.get("panels", []):
        image_id = panel.get("imageId")
        if image_id in seen:
            continue
        seen.add(image_id)
        image = access_image(ctx, image_id)
        lines.append(f"{image.name} (Image ID: {image.pk})")
    return lines


def _safe(name: str) -> str:
    """A file name: what is not a word character, space, dot or dash becomes ``_``."""
    return re.sub(r"[^\w .-]", "_", name)[:100]


def export_figure(
    ctx: EventContext, figure: dict[str, Any], option: str = "PDF", *, dpi: float = 300
) -> FigureFile:
    """The exported figure as a file: ``<name>.pdf``, ``.tiff`` or a ``.zip``."""
    if option not in OPTIONS:
        raise InvalidParameterError(f"exportOption must be one of {', '.join(OPTIONS)}")
    for panel in figure.get("panels", []):
        access_image(ctx, panel.get("imageId"))  # 404 before any work
    name = str(figure.get("figureName") or "Figure").strip() or "Figure"
    stem = _safe(name)
    pages = layout(figure, _label_text)
    panels: list[tuple[str, NDArray[np.uint8]]] = []

    def render(box: PanelImage, size: tuple[int, int]) -> NDArray[np.uint8]:
        pixels = render_panel(ctx, box, size)
        panels.append((f"{len(panels) + 1}_{box.panel.get('name', 'panel')}", pixels))
        return pixels

    if option.startswith("PDF"):
        body = write_pdf(pages, render, dpi=dpi, title=name, info=_info(ctx, figure, name))
        found = FigureFile(f"{stem}.pdf", body, "application/pdf")
    else:
        found = FigureFile(f"{stem}.tiff", write_tiff(pages, render, dpi=dpi), "image/tiff")
    if not option.endswith("images"):
        return found
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(found.name, found.content)
        for label, pixels in panels:
            png = io.BytesIO()
            PILImage.fromarray(pixels).save(png, "PNG")
            archive.writestr(f"images/{_safe(label)}.png", png.getvalue())
    return FigureFile(f"{stem}.zip", out.getvalue(), "application/zip")


#: OMERO.figure's namespace of the file annotations its export makes.
EXPORT_NS = "omero.web.figure.pdf"
#: The message a user reads when an export fails for a reason of the server's.
EXPORT_FAILED = "the export failed on the server; ask your administrator to check its log"


def start_export(
    ctx: EventContext, figure_json: str, option: str
) -> tuple[EventContext, int, dict[str, Any]]:
    """Check an export can run (valid JSON, a known option, every image visible) and
    record it as a running activity in the group of the first image (when the user is
    a member there, else one of theirs): the acting context, the activity's id and the
    parsed figure."""
    figure = parse_figure(figure_json)
    if option not in OPTIONS:
        raise InvalidParameterError(
            f"exportOption must be one of {', '.join(OPTIONS)}", parameter="exportOption"
        )
    images = [access_image(ctx, panel.get("imageId")) for panel in figure.get("panels", [])]
    groups = [image.group_id for image in images if image.group_id in ctx.data_groups]
    if not groups and not ctx.data_groups:
        raise InvalidParameterError("you are a member of no group to keep the export in")
    ctx = ctx.in_group(groups[0] if groups else min(ctx.data_groups))
    name = str(figure.get("figureName") or "Figure")
    activity = do_start_activity(
        ctx,
        ActivityKind.EXPORT,
        [{"type": "Figure", "id": figure.get("fileId"), "name": name}],
        {"format": option},
    )
    return ctx, activity.pk, figure


def run_export_job(
    user_id: int, group_id: int | None, activity_id: int, figure: dict[str, Any], option: str
) -> int | None:
    """The background task: export, keep the file as a FileAnnotation of the user's
    (in the group the export was asked from), finish the activity; the annotation's
    id. A failure fails the activity with a message and keeps nothing."""
    try:
        ctx = event_context(user_id, group_id)
        made = export_figure(ctx, figure, option)
        annotation = do_store_file_annotation(
            ctx, made.name, made.content, ns=EXPORT_NS, mimetype=made.mimetype
        )
    except (RenderingError, ModelError) as exc:
        do_finish_activity(activity_id, error=getattr(exc, "message", None) or str(exc))
        return None
    except Exception:
        log.exception("figure export %s failed", activity_id)
        do_finish_activity(activity_id, error=EXPORT_FAILED)
        return None
    do_finish_activity(
        activity_id, result={"file_annotation": annotation.pk, "file_name": made.name}
    )
    return annotation.pk
