"""Rendering: OMERO's rendering model in numpy. Numpy arrays in, image bytes out.

Pure (no Django). The request path of a rendered tile::

    query = parse_query(request.GET)                 # typed values, 400 on bad input
    validate_query(query, dims)                      # Z/T/C/level within the image
    settings = apply_query(stored_settings, query)   # what to render with
    area = resolve_area(query, level_sizes, tile_size)  # tile or region; None = all
    rgb = render(planes, settings)                   # lookup tables, additive composite
    body = encode(rgb, ImageFormat.JPEG, query.quality)

See ``docs/rendering.md`` for the query language and ``docs/decisions/0003`` for why.
"""

from pyomero.rendering.apply import apply_query
from pyomero.rendering.channels import (
    ChannelMap,
    ChannelQuery,
    channels_query,
    format_channels,
    maps_json,
    parse_channels,
    parse_maps,
)
from pyomero.rendering.defaults import ChannelInfo, default_settings, wavelength_color
from pyomero.rendering.encode import decode, encode, encode_jpeg, encode_png, encode_tiff
from pyomero.rendering.errors import (
    InvalidParameterError,
    ParameterOutOfRangeError,
    ProjectionTooLargeError,
    RegionTooLargeError,
    RenderingError,
    UnknownLookupTableError,
)
from pyomero.rendering.formats import DEFAULT_QUALITY, ImageFormat, parse_format
from pyomero.rendering.geometry import (
    DEFAULT_MAX_TILE_LENGTH,
    PlaneRegion,
    Region,
    Tile,
    resolve_region,
    resolve_tile,
)
from pyomero.rendering.lookup import (
    LookupTable,
    LutSet,
    default_luts,
    load_luts,
    luts_json,
    luts_png,
)
from pyomero.rendering.pixeltypes import pixels_dtype, pixels_type_name, type_range
from pyomero.rendering.project import (
    DEFAULT_MAX_PROJECTION_BYTES,
    check_projection_size,
    project,
    resolve_projection_range,
)
from pyomero.rendering.query import (
    ImageDimensions,
    ProjectionQuery,
    RenderQuery,
    parse_plane_index,
    parse_query,
    resolve_area,
    validate_query,
)
from pyomero.rendering.render import render
from pyomero.rendering.settings import ChannelSettings, Family, Model, Projection, RenderSettings

__all__ = [
    "DEFAULT_MAX_PROJECTION_BYTES",
    "DEFAULT_MAX_TILE_LENGTH",
    "DEFAULT_QUALITY",
    "ChannelInfo",
    "ChannelMap",
    "ChannelQuery",
    "ChannelSettings",
    "Family",
    "ImageDimensions",
    "ImageFormat",
    "InvalidParameterError",
    "LookupTable",
    "LutSet",
    "Model",
    "ParameterOutOfRangeError",
    "PlaneRegion",
    "Projection",
    "ProjectionQuery",
    "ProjectionTooLargeError",
    "Region",
    "RegionTooLargeError",
    "RenderQuery",
    "RenderSettings",
    "RenderingError",
    "Tile",
    "UnknownLookupTableError",
    "apply_query",
    "channels_query",
    "check_projection_size",
    "decode",
    "default_luts",
    "default_settings",
    "encode",
    "encode_jpeg",
    "encode_png",
    "encode_tiff",
    "format_channels",
    "load_luts",
    "luts_json",
    "luts_png",
    "maps_json",
    "parse_channels",
    "parse_format",
    "parse_maps",
    "parse_plane_index",
    "parse_query",
    "pixels_dtype",
    "pixels_type_name",
    "project",
    "render",
    "resolve_area",
    "resolve_projection_range",
    "resolve_region",
    "resolve_tile",
    "type_range",
    "validate_query",
    "wavelength_color",
]
