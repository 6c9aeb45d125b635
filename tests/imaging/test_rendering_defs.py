"""Stored rendering defs and rendered settings map onto each other."""

from __future__ import annotations

from pyomero.imaging.rendering_defs import imported_settings, load_image, save_settings
from pyomero.model.models import Image
from pyomero.rendering import ChannelSettings, Family, Model, Projection, RenderSettings
from pyomero.testing.images import pixels_of


def test_settings_survive_a_save(image: Image, owner_ctx) -> None:
    settings = RenderSettings(
        channels=(
            ChannelSettings(True, 1.5, 99.0, "12AB34", None, Family.POLYNOMIAL, 2.0, True),
            ChannelSettings(False, 0.0, 10.0, "FFFFFF", "fire.lut"),
        ),
        model=Model.GREYSCALE,
        projection=Projection.INTMAX,
        projection_start=0,
        projection_end=0,
    )
    save_settings(owner_ctx, image, settings)
    assert load_image(owner_ctx, image.pk).current.settings == settings


def test_users_see_their_own_settings_else_the_owners(image: Image, personas) -> None:
    member = personas.ctx("member")
    owners = load_image(member, image.pk).current
    assert owners.rdef_owner_id == personas.owner.pk
    mine = imported_settings(pixels_of(image))
    save_settings(member, image, RenderSettings(mine.channels, model=Model.GREYSCALE))
    for lean in (False, True):  # lean: the tile path's one query
        assert load_image(member, image.pk, lean=lean).current.settings.model is Model.GREYSCALE
        owner = personas.ctx("owner")
        assert load_image(owner, image.pk, lean=lean).current.settings.model is Model.COLOR


def test_imported_settings_follow_the_channel_statistics(image: Image) -> None:
    pixels = pixels_of(image)
    channel = pixels.channels.get(index=0)
    settings = imported_settings(pixels)
    assert (settings.channels[0].start, settings.channels[0].end) == (
        channel.stats_min,
        channel.stats_max,
    )


def test_the_import_gets_the_default_settings_from_fresh_statistics(owner_ctx) -> None:
    from pyomero.imaging import default_rendering
    from pyomero.testing.images import make_pixels_image

    image = make_pixels_image(owner_ctx, size_c=2, settings_saved=False)
    fields, channels = default_rendering(pixels_of(image), stats=[(10.0, 20.0), (1.0, 2.0)])
    assert fields["model"] == "rgb" and fields["default_z"] == 0
    assert [(c["input_start"], c["input_end"]) for c in channels] == [(10.0, 20.0), (1.0, 2.0)]
    assert all(c["active"] and c["family"] == "linear" for c in channels)
