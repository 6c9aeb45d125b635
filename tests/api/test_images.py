"""``m/images/``: Pixels when listed, Channels for one image, units, enums, times."""

from __future__ import annotations

from datetime import UTC, datetime

from pyomero.model.models import Image

from .conftest import M, SignIn, World, data, names

PIXELS_KEYS = {"SizeX", "SizeY", "SizeZ", "SizeC", "SizeT", "Type", "DimensionOrder"}


def test_it_lists_images_with_their_pixels_but_no_channels(world: World, sign_in: SignIn) -> None:
    listed = data(sign_in("member").get(f"{M}datasets/{world.dataset.pk}/images/"))
    first = listed[0]
    assert [i["Name"] for i in listed] == ["alpha image 0.tif", "alpha image 1.tif"]
    assert first["@type"].endswith("2016-06#Image")
    assert first["omero:series"] == 0 and first["omero:archived"] is False
    pixels = first["Pixels"]
    assert set(pixels) >= PIXELS_KEYS
    assert (pixels["SizeX"], pixels["SizeY"], pixels["SizeC"]) == (64, 48, 2)
    assert "Channels" not in pixels
    assert first["url:image"] == f"http://testserver{M}images/{world.images[0].pk}/"
    assert first["url:datasets"].endswith(f"/images/{world.images[0].pk}/datasets/")


def test_it_writes_physical_sizes_as_unit_objects(world: World, sign_in: SignIn) -> None:
    pixels = data(sign_in("owner").get(f"{M}images/{world.images[0].pk}/"))["Pixels"]
    assert pixels["PhysicalSizeX"] == {
        "@type": "TBD#LengthI",
        "Unit": "MICROMETER",
        "Symbol": "µm",
        "Value": 0.5,
    }
    assert "PhysicalSizeY" not in pixels  # unknown: left out


def test_it_writes_the_pixels_type_as_an_enumeration(world: World, sign_in: SignIn) -> None:
    pixels = data(sign_in("owner").get(f"{M}images/{world.images[0].pk}/"))["Pixels"]
    assert pixels["Type"]["@type"] == "TBD#PixelsType"
    assert pixels["Type"]["value"] == "uint8"
    assert isinstance(pixels["Type"]["@id"], int)
    assert pixels["DimensionOrder"]["value"] == "XYZCT"


def test_it_gives_one_image_its_channels_with_signed_colours(world: World, sign_in: SignIn) -> None:
    image = data(sign_in("owner").get(f"{M}images/{world.images[0].pk}/"))
    dapi, second = image["Pixels"]["Channels"]
    assert dapi["Name"] == "DAPI"
    assert dapi["Color"] == 0x0000FFFF  # blue, opaque
    assert dapi["@type"].endswith("2016-06#Channel")
    assert "Color" not in second and "Name" not in second
    assert image["url:rois"].endswith(f"/images/{world.images[0].pk}/rois/")


def test_it_writes_red_as_a_negative_integer(world: World, sign_in: SignIn) -> None:
    channel = world.images[0].pixels.channels.get(index=1)
    channel.red, channel.green, channel.blue, channel.alpha = 255, 0, 0, 255
    channel.save()
    image = data(sign_in("owner").get(f"{M}images/{world.images[0].pk}/"))
    assert image["Pixels"]["Channels"][1]["Color"] == -16776961


def test_it_writes_times_in_milliseconds(world: World, sign_in: SignIn) -> None:
    moment = datetime(2009, 2, 27, 10, 25, 32, tzinfo=UTC)
    Image.objects.filter(pk=world.images[0].pk).update(acquisition_date=moment)
    image = data(sign_in("owner").get(f"{M}images/{world.images[0].pk}/"))
    assert image["AcquisitionDate"] == 1235730332000


def test_it_lists_orphaned_images(world: World, sign_in: SignIn) -> None:
    assert names(sign_in("owner").get(f"{M}images/?orphaned=true")) == ["loose.tif"]


def test_it_does_not_delete_images(world: World, sign_in: SignIn) -> None:
    response = sign_in("owner").delete(f"{M}images/{world.images[0].pk}/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert Image.objects.filter(pk=world.images[0].pk).exists()
