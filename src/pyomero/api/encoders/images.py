"""Images, their Pixels (dimensions, physical sizes, type) and Channels.

A listed image carries its Pixels; a single image also its Channels (prefetch
``pixels__channels`` to have them), as OMERO's API does.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist

from pyomero.api.encoders.base import Encoder, duration, enumeration, length, millis, put
from pyomero.api.schema import Json
from pyomero.model.models import Channel, DimensionOrder, Image, Pixels, PixelsType, rgba_to_int

# Django computes an enumeration's ``values`` anew on each access (a tenth of a listed
# image's encoding time): read them once.
DIMENSION_ORDERS = tuple(DimensionOrder.values)
PIXELS_TYPES = tuple(PixelsType.values)


def encode_image(
    enc: Encoder, image: Image, *, pixels: bool = True, channels: bool = False
) -> Json:
    """An image; with its Pixels unless ``pixels`` is false, with Channels if ``channels``."""
    encoded = enc.named(image, "Image")
    put(encoded, "AcquisitionDate", millis(image.acquisition_date))
    encoded["omero:archived"] = image.archived
    encoded["omero:series"] = image.series
    if not pixels:
        return encoded
    try:
        pixel_set = image.pixels
    except ObjectDoesNotExist:
        return encoded
    encoded["Pixels"] = encode_pixels(enc, pixel_set, channels=channels)
    return encoded


def encode_pixels(enc: Encoder, pixels: Pixels, *, channels: bool = False) -> Json:
    encoded = enc.start(pixels, "Pixels")
    put(encoded, "PhysicalSizeX", length(pixels.physical_size_x, pixels.physical_size_x_unit))
    put(encoded, "PhysicalSizeY", length(pixels.physical_size_y, pixels.physical_size_y_unit))
    put(encoded, "PhysicalSizeZ", length(pixels.physical_size_z, pixels.physical_size_z_unit))
    put(encoded, "SignificantBits", pixels.significant_bits)
    encoded["SizeX"] = pixels.size_x
    encoded["SizeY"] = pixels.size_y
    encoded["SizeZ"] = pixels.size_z
    encoded["SizeC"] = pixels.size_c
    encoded["SizeT"] = pixels.size_t
    put(encoded, "TimeIncrement", duration(pixels.time_increment, pixels.time_increment_unit))
    encoded["DimensionOrder"] = enumeration(
        "DimensionOrder", pixels.dimension_order, DIMENSION_ORDERS
    )
    encoded["Type"] = enumeration("PixelsType", pixels.pixels_type, PIXELS_TYPES)
    if channels:
        encoded["Channels"] = [encode_channel(enc, c) for c in pixels.channels.all()]
    return encoded


def encode_channel(enc: Encoder, channel: Channel) -> Json:
    encoded = enc.start(channel, "Channel")
    if None not in (channel.red, channel.green, channel.blue):
        alpha = 255 if channel.alpha is None else channel.alpha
        encoded["Color"] = rgba_to_int(channel.red, channel.green, channel.blue, alpha)
    put(encoded, "Name", channel.name)
    put(encoded, "EmissionWavelength", length(channel.emission_wave, channel.emission_wave_unit))
    put(
        encoded,
        "ExcitationWavelength",
        length(channel.excitation_wave, channel.excitation_wave_unit),
    )
    return encoded
