"""Thumbnails on disk: per rendering settings version and size, pruned on change."""

from __future__ import annotations

from pyomero.imaging import create_default_thumbnail, thumbnail, thumbnail_set
from pyomero.imaging.rendering_defs import imported_settings, save_settings
from pyomero.imaging.thumbnails import thumbnail_dir
from pyomero.model.models import Image
from pyomero.rendering import Model, decode
from pyomero.testing.images import make_pixels_image, pixels_of


def files(image: Image) -> list[str]:
    folder = thumbnail_dir(pixels_of(image))
    return [f.key for f in folder.files() if f.key.endswith(".jpg")]


def test_the_import_writes_the_default_thumbnail(owner_ctx) -> None:
    image = make_pixels_image(owner_ctx)
    assert files(image) == []
    create_default_thumbnail(pixels_of(image))
    assert len(files(image)) == 1 and files(image)[0].endswith("-96x72-z0-t0.jpg")


def test_it_keeps_every_size_and_serves_them_from_disk(
    image: Image, owner_ctx, monkeypatch
) -> None:
    small = thumbnail(owner_ctx, image.pk, 32)
    big = thumbnail(owner_ctx, image.pk, (100, 50))
    assert len(files(image)) == 2
    from pyomero.imaging import thumbnails as module

    monkeypatch.setattr(module, "_render", lambda *a: (_ for _ in ()).throw(AssertionError))
    assert thumbnail(owner_ctx, image.pk, 32) == small
    assert decode(big).shape == (50, 100, 3)


def test_a_save_replaces_the_old_versions(image: Image, owner_ctx) -> None:
    thumbnail(owner_ctx, image.pk)
    before = files(image)
    grey = imported_settings(pixels_of(image)).__class__
    settings = imported_settings(pixels_of(image))
    save_settings(owner_ctx, image, grey(channels=settings.channels, model=Model.GREYSCALE))
    thumbnail(owner_ctx, image.pk)
    after = files(image)
    assert len(after) == 1 and after != before


def test_a_batch_answers_none_for_invisible_images(image: Image, personas) -> None:
    other = make_pixels_image(personas.ctx("outsider", personas.outside_group))
    found = thumbnail_set(personas.ctx("owner"), [image.pk, other.pk, 999999], 48)
    assert decode(found[image.pk]).shape == (36, 48, 3)
    assert found[other.pk] is None and found[999999] is None
