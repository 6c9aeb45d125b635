from __future__ import annotations

from tests.webclient.helpers import SignedIn

from pyomero.model.actions import (
    do_add_well_sample,
    do_create_plate,
    do_create_plate_acquisition,
    do_create_screen,
)
from pyomero.model.models import Well
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas

OWNED = "canEdit canAnnotate canLink canDelete canChgrp isOwned"


def test_it_lists_screens_and_orphaned_plates_in_containers(
    personas: Personas, signed_in: SignedIn
) -> None:
    ctx = personas.ctx("owner", personas.group)
    screen = do_create_screen(ctx, "screen")
    do_create_plate(ctx, "in screen", rows=1, columns=1, screen=screen)
    loose = do_create_plate(ctx, "loose", rows=1, columns=1)
    do_create_plate_acquisition(ctx, loose, "run")
    data = signed_in("owner").get("/webclient/api/containers/").json()
    assert data["screens"] == [
        {
            "id": screen.pk,
            "name": "screen",
            "ownerId": personas.owner.pk,
            "childCount": 1,
            "permsCss": OWNED,
        }
    ]
    assert data["plates"] == [
        {
            "id": loose.pk,
            "name": "loose",
            "ownerId": personas.owner.pk,
            "childCount": 1,
            "permsCss": OWNED,
        }
    ]


def test_it_lists_the_plates_of_a_screen(personas: Personas, signed_in: SignedIn) -> None:
    ctx = personas.ctx("owner", personas.group)
    screen = do_create_screen(ctx, "screen")
    plate = do_create_plate(ctx, "plate", rows=1, columns=2, screen=screen)
    do_create_plate(ctx, "elsewhere", rows=1, columns=1)
    data = signed_in("member").get(f"/webclient/api/plates/?id={screen.pk}").json()
    assert data == {
        "plates": [
            {
                "id": plate.pk,
                "name": "plate",
                "ownerId": personas.owner.pk,
                "childCount": 0,
                "permsCss": "canAnnotate",
            }
        ]
    }


def test_it_lists_orphaned_plates(personas: Personas, signed_in: SignedIn) -> None:
    ctx = personas.ctx("owner", personas.group)
    do_create_plate(ctx, "in screen", rows=1, columns=1, screen=do_create_screen(ctx, "s"))
    loose = do_create_plate(ctx, "loose", rows=1, columns=1)
    data = signed_in("owner").get("/webclient/api/plates/?orphaned=true").json()
    assert [p["id"] for p in data["plates"]] == [loose.pk]


def test_it_lists_nothing_for_a_screen_the_user_cannot_see(
    personas: Personas, signed_in: SignedIn
) -> None:
    ctx = personas.ctx("owner", personas.group)
    screen = do_create_screen(ctx, "screen")
    do_create_plate(ctx, "plate", rows=1, columns=1, screen=screen)
    data = signed_in("outsider").get(f"/webclient/api/plates/?id={screen.pk}").json()
    assert data == {"plates": []}


def test_it_asks_which_screen(personas: Personas, signed_in: SignedIn) -> None:
    response = signed_in("owner").get("/webclient/api/plates/")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_it_gives_the_fields_of_a_plate(personas: Personas, signed_in: SignedIn) -> None:
    ctx = personas.ctx("owner", personas.group)
    plate = do_create_plate(ctx, "plate", rows=1, columns=1)
    well = Well.objects.get(plate=plate)
    for index in (0, 1, 2):
        do_add_well_sample(ctx, well, make_image(ctx, f"f{index}.tif"), index=index)
    client = signed_in("owner")
    assert client.get(f"/webclient/api/plate_fields/?id={plate.pk}").json() == {"fields": [0, 2]}
    empty = do_create_plate(ctx, "empty", rows=1, columns=1)
    assert client.get(f"/webclient/api/plate_fields/?id={empty.pk}").json() == {"fields": []}


def test_it_hides_the_fields_of_a_plate_the_user_cannot_see(
    personas: Personas, signed_in: SignedIn
) -> None:
    plate = do_create_plate(personas.ctx("owner", personas.group), "plate", rows=1, columns=1)
    response = signed_in("outsider").get(f"/webclient/api/plate_fields/?id={plate.pk}")
    assert response.status_code == 404


def test_it_shows_the_panel_of_a_plate(personas: Personas, signed_in: SignedIn) -> None:
    plate = do_create_plate(personas.ctx("owner", personas.group), "my plate", rows=1, columns=1)
    response = signed_in("member").get(f"/webclient/metadata_details/plate/{plate.pk}/")
    assert response.status_code == 200
    assert "my plate" in response.content.decode()
