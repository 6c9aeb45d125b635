"""The legacy JSON of ``/webgateway/``: OMERO.web's ``simpleMarshal`` of containers and
images, its plate grid, well data and ``shapeMarshal`` of ROIs, with its field names.

Every function takes an event context and reads through :mod:`pyomero.model.access`
and :mod:`pyomero.model.queries`: what ctx may not see is a 404 (an object asked for by
id) or is left out (the members of a list).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db.models import Max, Min, Prefetch, Q
from django.urls import reverse

from pyomero.imaging.config import imaging_config
from pyomero.model.access import (
    access_dataset,
    access_image,
    access_plate,
    access_project,
    access_well,
)
from pyomero.model.context import EventContext
from pyomero.model.models import Image, Pixels, Plate, Shape, WellSample, int_to_rgba
from pyomero.model.queries import (
    datasets_in_project,
    images_in_dataset,
    visible_datasets,
    visible_images,
    visible_projects,
    visible_rois,
    visible_shapes,
)
from pyomero.model.search import SearchQuery, matching
from pyomero.model.search import refresh as refresh_search

ThumbUrl = Callable[[int], str]
#: OMERO's unit of a well sample position without one.
POSITION_UNIT = "REFERENCEFRAME"
_POINT = re.compile(r"(-?[\d.]+(?:[eE]-?\d+)?)\s*,\s*(-?[\d.]+(?:[eE]-?\d+)?)")


def thumb_url(size: int | None = None) -> ThumbUrl:
    """``render_thumbnail`` URLs of images (at ``size`` px when given)."""
    name = "webgateway:webgateway_render_thumbnail"
    if size is None:
        return lambda iid: reverse(name, args=[iid])
    return lambda iid: reverse(name, args=[iid, size])


def simple(obj: Any, **extra: Any) -> dict[str, Any]:
    """OMERO's ``simpleMarshal``: type, id, name, description (and ``extra``)."""
    return {
        "type": obj.omero_type,
        "id": obj.pk,
        "name": obj.name,
        "description": obj.description or "",
        **extra,
    }


def author(obj: Any) -> str:
    return f"{obj.owner.first_name} {obj.owner.last_name}".strip()


def image_date(image: Image) -> float:
    """Seconds since the epoch of the acquisition, else of the creation."""
    return (image.acquisition_date or image.created).timestamp()


def image(image: Image, thumb: ThumbUrl | None = None, *, tiled: bool = False) -> dict[str, Any]:
    """An image's ``simpleMarshal``, with ``author``, ``date`` and ``thumb_url``."""
    found = simple(image, author=author(image), date=image_date(image))
    if thumb is not None:
        found["thumb_url"] = thumb(image.pk)
    if tiled:
        pixels = image.pixels
        found["size"] = {"width": pixels.size_x, "height": pixels.size_y}
        found["tiled"] = pixels.size_x * pixels.size_y > imaging_config().max_plane_pixels
    return found


def project_list(ctx: EventContext) -> list[dict[str, Any]]:
    """``proj/list/``: every visible project, by name."""
    return [
        {"id": p.pk, "name": p.name, "description": p.description or ""}
        for p in visible_projects(ctx).order_by("name", "id")
    ]


def project_detail(ctx: EventContext, project_id: int) -> dict[str, Any]:
    return simple(access_project(ctx, project_id))


def project_children(ctx: EventContext, project_id: int) -> list[dict[str, Any]]:
    """``proj/<id>/children/``: the visible datasets, each with its ``child_count``."""
    access_project(ctx, project_id)
    datasets = list(datasets_in_project(ctx, project_id))
    counts = _image_counts(ctx, [d.pk for d in datasets])
    return [simple(d, child_count=counts.get(d.pk, 0)) for d in datasets]


def _image_counts(ctx: EventContext, dataset_ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    links = visible_images(ctx).filter(dataset_links__parent_id__in=dataset_ids)
    for dataset_id in links.values_list("dataset_links__parent_id", flat=True):
        counts[dataset_id] = counts.get(dataset_id, 0) + 1
    return counts


def dataset_detail(ctx: EventContext, dataset_id: int) -> dict[str, Any]:
    return simple(access_dataset(ctx, dataset_id))


def dataset_children(
    ctx: EventContext, dataset_id: int, *, tiled: bool = False
) -> list[dict[str, Any]]:
    """``dataset/<id>/children/``: the visible images with their thumbnail URLs."""
    access_dataset(ctx, dataset_id)
    images = images_in_dataset(ctx, dataset_id)
    if tiled:
        images = images.select_related("pixels")
    thumb = thumb_url()
    return [image(i, thumb, tiled=tiled) for i in images]


def letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (OMERO's letter labels of rows and columns)."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def _labels(size: int, convention: str, default: str) -> list[Any]:
    if (convention or default).lower() == "letter":
        return [letters(i) for i in range(size)]
    return [i + 1 for i in range(size)]


def plate_grid(
    ctx: EventContext,
    plate_id: int,
    field: int = 0,
    *,
    acquisition: int | None = None,
    thumb: ThumbUrl | None = None,
    layout: str = "expand",
) -> dict[str, Any]:
    """OMERO's plate grid: ``rowlabels``, ``collabels``, ``grid`` of image cells and
    ``image_sizes`` (of the first image). ``layout``: ``expand`` (A1 to a multiple of
    8 x 12), ``shrink`` (first to last well, over all the plate's wells) or ``trim``
    (A1 to the last well)."""
    plate = access_plate(ctx, plate_id)
    samples = _field_samples(ctx, plate, field, acquisition)
    rows, columns, first_row, first_column = _grid_size(plate, layout)
    rowlabels = _labels(rows, plate.row_naming_convention, "letter")[first_row:]
    collabels = _labels(columns, plate.column_naming_convention, "number")[first_column:]
    grid: list[list[Any]] = [[None] * len(collabels) for _ in rowlabels]
    thumb = thumb or thumb_url()
    for sample in samples:
        img = sample.image
        cell = {
            "type": "Image",
            "id": img.pk,
            "name": img.name,
            "description": img.description or "",
            "author": author(img),
            "date": int(image_date(img)),
            "wellId": sample.well_id,
            "field": field,
            "thumb_url": thumb(img.pk),
        }
        grid[sample.well.row - first_row][sample.well.column - first_column] = cell
    sizes = []
    if samples:
        first = samples[0].image
        pixels = Pixels.objects.filter(image=first).first()
        if pixels is not None:
            sizes.append({"x": pixels.size_x, "y": pixels.size_y, "image_id": first.pk})
    return {"grid": grid, "collabels": collabels, "rowlabels": rowlabels, "image_sizes": sizes}


def _grid_size(plate: Plate, layout: str) -> tuple[int, int, int, int]:
    """(rows, columns, first row, first column) of the grid, from the plate's wells
    (its declared size when it has none), as OMERO's ``PlateGrid``: ``expand`` grows to
    8 x 12 doubled until the wells fit, ``shrink`` starts at the first row and column
    holding a well."""
    found = plate.wells.order_by().aggregate(
        last_row=Max("row"),
        last_column=Max("column"),
        first_row=Min("row"),
        first_column=Min("column"),
    )
    if found["last_row"] is None:
        rows, columns = plate.rows or 0, plate.columns or 0
    else:
        rows, columns = found["last_row"] + 1, found["last_column"] + 1
    if layout == "expand":
        scale = 1
        while rows > 8 * scale or columns > 12 * scale:
            scale *= 2
        return 8 * scale, 12 * scale, 0, 0
    if layout == "shrink" and found["first_row"] is not None:
        return rows, columns, found["first_row"], found["first_column"]
    return rows, columns, 0, 0


def _field_samples(
    ctx: EventContext, plate: Plate, field: int, acquisition: int | None
) -> list[WellSample]:
    visible = visible_images(ctx).values("pk")
    samples = WellSample.objects.filter(well__plate=plate, index=field, image__in=visible)
    if acquisition is not None:
        samples = samples.filter(plate_acquisition_id=acquisition)
    return list(samples.select_related("well", "image", "image__owner").order_by("pk"))


def well_data(ctx: EventContext, well_id: int, run: int | None = None) -> list[dict[str, Any]]:
    """``wellData/<wid>/`` and ``well/<wid>/children/``: the well's visible images, by
    field, with their positions; with ``run``, the fields of that acquisition (and those
    in none, as OMERO)."""
    well = access_well(ctx, well_id)
    visible = visible_images(ctx).values("pk")
    samples = WellSample.objects.filter(well=well, image__in=visible)
    if run is not None:
        samples = samples.filter(Q(plate_acquisition_id=run) | Q(plate_acquisition=None))
    samples = samples.select_related("image", "image__owner").order_by("index", "pk")
    thumb = thumb_url()
    found = []
    for sample in samples:
        marshalled = image(sample.image, thumb)
        position = {
            axis: {"value": value, "unit": POSITION_UNIT}
            for axis, value in (("x", sample.pos_x), ("y", sample.pos_y))
            if value is not None
        }
        if position:
            marshalled["position"] = position
        found.append(marshalled)
    return found


def css_colour(value: int) -> tuple[str, float]:
    """An OMERO RGBA integer as ``("#rrggbb", alpha 0-1)``."""
    red, green, blue, alpha = int_to_rgba(value)
    return f"#{red:02x}{green:02x}{blue:02x}", alpha / 255


def svg_path(points: str) -> str:
    """OMERO's points (``"x,y x,y"``) as an SVG path (``"M x y L x y"``)."""
    pairs = _POINT.findall(points)
    return "M " + " L ".join(f"{x} {y}" for x, y in pairs) if pairs else ""


_GEOMETRY = {
    "Rectangle": ("x", "y", "width", "height"),
    "Mask": ("x", "y", "width", "height"),
    "Ellipse": ("x", "y", "radiusX", "radiusY"),
    "Line": ("x1", "x2", "y1", "y2"),
    "Point": ("x", "y"),
    "Label": ("x", "y"),
}
_FIELDS = {"radiusX": "radius_x", "radiusY": "radius_y"}


def shape(s: Shape) -> dict[str, Any]:
    """OMERO.web's ``shapeMarshal``."""
    found: dict[str, Any] = {"id": s.pk}
    for key, value in (("theT", s.the_t), ("theZ", s.the_z)):
        if value is not None:
            found[key] = value
    if s.kind in _GEOMETRY:
        found["type"] = s.kind
        for key in _GEOMETRY[s.kind]:
            found[key] = getattr(s, _FIELDS.get(key, key))
    elif s.kind == "Polyline":
        found.update(type="PolyLine", points=svg_path(s.points))
    elif s.kind == "Polygon":
        found.update(type="Polygon", points=svg_path(s.points) + " z")
    if s.text:
        found["textValue"] = s.text
        extras = (("fontSize", s.font_size), ("fontStyle", s.font_style or None))
        found.update({k: v for k, v in (*extras, ("fontFamily", s.font_family or None)) if v})
    if s.transform is not None:
        found["transform"] = "matrix({})".format(" ".join(str(v) for v in s.transform))
    _style(found, s)
    return found


def _style(found: dict[str, Any], s: Shape) -> None:
    if s.fill_color is not None:
        found["fillColor"], found["fillAlpha"] = css_colour(s.fill_color)
    if s.stroke_color is not None:
        found["strokeColor"], found["strokeAlpha"] = css_colour(s.stroke_color)
    if s.stroke_width is not None:
        found["strokeWidth"] = s.stroke_width
    if s.marker_start:
        found["markerStart"] = s.marker_start
    if s.marker_end:
        found["markerEnd"] = s.marker_end


def image_rois(ctx: EventContext, image_id: int) -> list[dict[str, Any]]:
    """``get_rois_json/<iid>/``: ``[{"id", "shapes": [...]}]``, shapes by Z then T."""
    found = access_image(ctx, image_id)
    shapes = Prefetch("shapes", queryset=visible_shapes(ctx).order_by("pk"))
    rois = visible_rois(ctx).filter(image=found).prefetch_related(shapes).order_by("pk")
    result = []
    for roi in rois:
        marshalled = [shape(s) for s in roi.shapes.all()]
        marshalled.sort(key=lambda m: (m.get("theZ", -1), m.get("theT", -1)))
        result.append({"id": roi.pk, "shapes": marshalled})
    return result


def search(
    ctx: EventContext, text: str, *, images_only: bool, start: int = 0, limit: int = 0
) -> list[dict[str, Any]]:
    """``search/?text=``: visible projects, datasets and images (or images only) with
    a word starting with every word of ``text``, in their names, descriptions or
    annotations: the webclient's full-text search (:mod:`pyomero.model.search`)."""
    types = frozenset({"Image"} if images_only else {"Project", "Dataset", "Image"})
    refresh_search()
    entries = matching(ctx, SearchQuery(text=text, types=types))
    pairs = entries.values_list("obj_type", "obj_id")
    keys = list(pairs[start : start + limit] if limit else pairs[start:])
    loaded = {
        "Project": visible_projects(ctx).in_bulk([i for t, i in keys if t == "Project"]),
        "Dataset": visible_datasets(ctx).in_bulk([i for t, i in keys if t == "Dataset"]),
        "Image": visible_images(ctx).in_bulk([i for t, i in keys if t == "Image"]),
    }
    thumb = thumb_url()
    found: list[dict[str, Any]] = []
    for obj_type, obj_id in keys:
        obj = loaded[obj_type].get(obj_id)
        if obj is not None:
            found.append(image(obj, thumb) if obj_type == "Image" else simple(obj))
    return found
