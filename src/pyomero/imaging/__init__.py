"""Use cases on pixels: rendered planes, regions and tiles, thumbnails, image data,
rendering settings and histograms. No HttpRequest: views parse, call one of these
with an event context, and respond.

Every use case accesses the image through :mod:`pyomero.model.access` first (an image
ctx may not see is a 404, as if missing), and raises the rendering, model, pixels or
imaging errors, each carrying its HTTP status.
"""

from pyomero.imaging.errors import ImagingError, PixelsNotReadyError, PixelsUnavailableError
from pyomero.imaging.histogram import histogram
from pyomero.imaging.image_data import image_data
from pyomero.imaging.plots import render_line_plot
from pyomero.imaging.render import render_image, render_image_region, render_split_channel
from pyomero.imaging.rendered import Rendered
from pyomero.imaging.rendering_defs import (
    default_rendering,
    imported_settings,
    load_image,
    save_settings,
)
from pyomero.imaging.settings_ops import (
    all_rendering_defs,
    clipboard_entry,
    clipboard_rdef,
    compatible_images,
    copy_to_clipboard,
    paste_settings,
    reset_settings,
    save_image_settings,
)
from pyomero.imaging.stores import forget_stores, open_pixels
from pyomero.imaging.thumbnails import (
    create_default_thumbnail,
    rendered_thumbnail,
    thumbnail,
    thumbnail_set,
)

__all__ = [
    "ImagingError",
    "PixelsNotReadyError",
    "PixelsUnavailableError",
    "Rendered",
    "all_rendering_defs",
    "clipboard_entry",
    "clipboard_rdef",
    "compatible_images",
    "copy_to_clipboard",
    "create_default_thumbnail",
    "default_rendering",
    "forget_stores",
    "histogram",
    "image_data",
    "imported_settings",
    "load_image",
    "open_pixels",
    "paste_settings",
    "render_image",
    "render_image_region",
    "render_line_plot",
    "render_split_channel",
    "rendered_thumbnail",
    "reset_settings",
    "save_image_settings",
    "save_settings",
    "thumbnail",
    "thumbnail_set",
]
