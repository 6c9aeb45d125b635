from __future__ import annotations

from datetime import UTC, datetime

from tests.webclient.helpers import SignedIn

from pyomero.model.actions import do_create_plate, do_create_plate_acquisition
from pyomero.model.models import PlateAcquisition
from pyomero.testing.personas import Personas
from pyomero.webclient.tree import run_name


def test_it_lists_the_runs_of_a_plate(personas: Personas, signed_in: SignedIn) -> None:
    ctx = personas.ctx("owner", personas.group)
    plate = do_create_plate(ctx, "plate", rows=1, columns=1)
    first = do_create_plate_acquisition(ctx, plate, "first")
    second = do_create_plate_acquisition(ctx, plate)
    data = signed_in("member").get(f"/webclient/api/plate_acquisitions/?id={plate.pk}").json()
    assert data == {
        "acquisitions": [
            {
                "id": first.pk,
                "name": "first",
                "ownerId": personas.owner.pk,
                "permsCss": "canAnnotate",
            },
            {
                "id": second.pk,
                "name": f"Run {second.pk}",
                "ownerId": personas.owner.pk,
                "permsCss": "canAnnotate",
            },
        ]
    }


def test_it_names_a_nameless_run_by_its_times() -> None:
    start = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
    end = datetime(2024, 5, 1, 11, 0, tzinfo=UTC)
    assert run_name(PlateAcquisition(pk=3, start_time=start)) == "2024-05-01 09:30:00"
    both = PlateAcquisition(pk=3, start_time=start, end_time=end)
    assert run_name(both) == "2024-05-01 09:30:00 - 2024-05-01 11:00:00"


def test_it_lists_nothing_for_a_plate_the_user_cannot_see(
    personas: Personas, signed_in: SignedIn
) -> None:
    ctx = personas.ctx("owner", personas.group)
    plate = do_create_plate(ctx, "plate", rows=1, columns=1)
    do_create_plate_acquisition(ctx, plate, "run")
    response = signed_in("outsider").get(f"/webclient/api/plate_acquisitions/?id={plate.pk}")
    assert response.json() == {"acquisitions": []}


def test_it_asks_which_plate(personas: Personas, signed_in: SignedIn) -> None:
    response = signed_in("owner").get("/webclient/api/plate_acquisitions/")
    assert response.status_code == 400
