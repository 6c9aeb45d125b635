"""Thumbnails at any size, kept per rendering settings version and size.

A thumbnail is rendered from the smallest pyramid level at least as large as the
thumbnail, then scaled. It is stored under ``Thumbnails/<pixels id>/
<pixels revision>/`` (of ``omero.data.dir``, or of the object store named by
``omero.data.store_url``) in a file named after the rendering settings it shows (a rendering
def's id, version and save time, or the imported defaults) and its size, Z and T: a
save makes a new name, so a stale thumbnail is never served, and files of older
versions of that rendering def are removed when the new one is written. OMERO keeps
only the 96 px size; here every requested size is kept.

Public surface (stable; the import calls :func:`create_default_thumbnail`)::

    thumbnail(ctx, image_id, size) -> bytes
    thumbnail_set(ctx, image_ids, size) -> {image_id: bytes | None}
    create_default_thumbnail(pixels) -> None
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Collection, Iterable

from pyomero.imaging.config import imaging_config
from pyomero.imaging.errors import ImagingError
from pyomero.imaging.planes import read_planes
from pyomero.imaging.render import NO_ETAGS, resize
from pyomero.imaging.rendered import Rendered, conditional, make_etag
from pyomero.imaging.rendering_defs import (
    LoadedImage,
    current_of,
    load_image,
    pick_rendering_def,
)
from pyomero.imaging.stores import open_pixels, pixels_revision
from pyomero.model import storage
from pyomero.model.context import EventContext
from pyomero.model.errors import ModelError
from pyomero.model.models import Pixels, RenderingDef
from pyomero.model.queries import visible_images
from pyomero.pixels import PixelsError
from pyomero.pixels.store.files import FileStore
from pyomero.rendering import (
    InvalidParameterError,
    ParameterOutOfRangeError,
    PlaneRegion,
    Projection,
    RenderingError,
    encode_jpeg,
    render,
)

#: Largest width or height of a thumbnail.
MAX_THUMBNAIL_SIDE = 2048
THUMBNAIL_QUALITY = 0.9
THUMBNAILS_DIR = storage.THUMBNAILS
Size = int | tuple[int, int] | None


def thumbnail_size(size_x: int, size_y: int, size: int | tuple[int, int]) -> tuple[int, int]:
    """(width, height): ``size`` is the longest side, or an exact ``(width, height)``."""
    sides = size if isinstance(size, tuple) else (size,)
    for name, side in zip(("w", "h"), sides, strict=False):
        if not 1 <= side <= MAX_THUMBNAIL_SIDE:
            raise InvalidParameterError(
                f"thumbnail {name}={side} is not between 1 and {MAX_THUMBNAIL_SIDE}",
                parameter=name,
            )
    if isinstance(size, tuple):
        return size
    if size_x >= size_y:
        return size, max(1, round(size_y * size / size_x))
    return max(1, round(size_x * size / size_y)), size


def _source_level(pixels_levels: Iterable[tuple[int, int]], width: int, height: int) -> int:
    """The smallest level at least ``width`` x ``height`` (level 0 if none is)."""
    chosen = 0
    for index, (size_x, size_y) in enumerate(pixels_levels):
        if size_x >= width and size_y >= height:
            chosen = index
    return chosen


def _plane(loaded: LoadedImage, z: int | None, t: int | None) -> tuple[int, int]:
    settings, pixels = loaded.current.settings, loaded.pixels
    z = settings.default_z if z is None else z
    t = settings.default_t if t is None else t
    if not 0 <= z < pixels.size_z:
        raise ParameterOutOfRangeError(f"Z index {z} is out of range", parameter="z")
    if not 0 <= t < pixels.size_t:
        raise ParameterOutOfRangeError(f"T index {t} is out of range", parameter="t")
    return z, t


def _render(loaded: LoadedImage, width: int, height: int, z: int, t: int) -> bytes:
    series = open_pixels(loaded.pixels)
    levels = [(level.size_x, level.size_y) for level in series.levels]
    index = _source_level(levels, width, height)
    size_x, size_y = levels[index]
    area = PlaneRegion(index, 0, 0, size_x, size_y)
    settings = loaded.current.settings
    if settings.projection is not Projection.NORMAL:
        settings = dataclasses.replace(settings, projection=Projection.NORMAL)
    config = imaging_config()
    planes = read_planes(
        series, settings, area, z, t, max_projection_bytes=config.max_projection_bytes
    )
    rgb = render(planes, settings, shape=(size_y, size_x))
    return encode_jpeg(resize(rgb, width, height), THUMBNAIL_QUALITY)


def thumbnail_dir(pixels: Pixels) -> FileStore:
    """The thumbnails of the current revision of ``pixels`` (in the data directory, or
    on the object store of ``omero.data.store_url``)."""
    return storage.thumbnails(pixels.pk) / pixels_revision(pixels)


def _stored(folder: FileStore, name: str, rdef_id: int | None, produce: object) -> bytes:
    found = folder.read_bytes(name)
    if found is not None:
        return found
    data: bytes = produce()  # type: ignore[operator]
    folder.write_bytes(name, data)
    if rdef_id is not None:  # older versions of this rendering def are stale for good
        current = name.split("-", 1)[0]
        for old in folder.files():
            if old.key.startswith(f"r{rdef_id}v") and not old.key.startswith(current + "-"):
                folder.remove(old.key)
    return data


def _thumbnail(
    loaded: LoadedImage,
    size: Size,
    z: int | None,
    t: int | None,
    if_none_match: Collection[str],
) -> Rendered:
    pixels = loaded.pixels
    open_pixels(pixels)  # refuses pixels still being written or failed
    width, height = thumbnail_size(
        pixels.size_x, pixels.size_y, imaging_config().thumb_default_size if size is None else size
    )
    z, t = _plane(loaded, z, t)
    name = f"{loaded.current.key}-{width}x{height}-z{z}-t{t}.jpg"
    etag = make_etag("thumb", loaded.image.pk, loaded.revision, name)
    folder = thumbnail_dir(pixels)

    def produce() -> bytes:
        return _stored(
            folder, name, loaded.current.rdef_id, lambda: _render(loaded, width, height, z, t)
        )

    return conditional(etag, "image/jpeg", if_none_match, produce, use_cache=False)


def rendered_thumbnail(
    ctx: EventContext,
    image_id: object,
    size: Size = None,
    *,
    z: int | None = None,
    t: int | None = None,
    rdef_id: object = None,
    if_none_match: Collection[str] = NO_ETAGS,
) -> Rendered:
    """The thumbnail of an image ctx may see, with its ETag (``render_thumbnail``).

    ``size``: None for ``omero.client.browser.thumb_default_size``, an int for the
    longest side, or (width, height). ``rdef_id`` picks a rendering def of the image.
    """
    loaded = load_image(ctx, image_id, rdef_id=rdef_id)
    return _thumbnail(loaded, size, z, t, if_none_match)


def thumbnail(
    ctx: EventContext,
    image_id: object,
    size: Size = None,
    *,
    z: int | None = None,
    t: int | None = None,
    rdef_id: object = None,
) -> bytes:
    """JPEG bytes of the thumbnail of ``image_id`` as ctx sees it."""
    body = rendered_thumbnail(ctx, image_id, size, z=z, t=t, rdef_id=rdef_id).body
    assert body is not None
    return body


def thumbnail_set(
    ctx: EventContext, image_ids: Iterable[int], size: int | None = None
) -> dict[int, bytes | None]:
    """Thumbnails of many images (``get_thumbnails``): None for an image ctx may not see
    or whose pixels cannot be rendered. Three queries whatever the number of images."""
    ids = sorted(set(image_ids))
    images = {
        image.pk: image for image in visible_images(ctx).filter(pk__in=ids).select_related("pixels")
    }
    owners = {image.owner_id for image in images.values()} | {ctx.user_id}
    rdefs: dict[int, list[RenderingDef]] = {}
    for rdef in RenderingDef.objects.filter(
        pixels__image_id__in=list(images), owner_id__in=owners
    ).prefetch_related("channel_bindings"):
        rdefs.setdefault(rdef.pixels_id, []).append(rdef)
    result: dict[int, bytes | None] = dict.fromkeys(ids)
    for image_id, image in images.items():
        pixels = getattr(image, "pixels", None)
        if pixels is None:
            continue
        rdef = pick_rendering_def(rdefs.get(pixels.pk, ()), ctx.user_id, image.owner_id)
        loaded = LoadedImage(image, pixels, current_of(rdef, pixels))
        with contextlib.suppress(ImagingError, PixelsError, RenderingError, ModelError):
            result[image_id] = _thumbnail(loaded, size, None, None, NO_ETAGS).body
    return result


def create_default_thumbnail(pixels: Pixels) -> None:
    """Write the default-size thumbnail of freshly written ``pixels`` (the import calls
    this once the pyramid is complete): with the owner's settings, else the imported
    defaults. Errors propagate, so the import can log them."""
    image = pixels.image
    rdef = pick_rendering_def(
        RenderingDef.objects.filter(pixels=pixels, owner_id=image.owner_id),
        image.owner_id,
        image.owner_id,
    )
    _thumbnail(LoadedImage(image, pixels, current_of(rdef, pixels)), None, None, None, NO_ETAGS)
