from __future__ import annotations

from typing import Any

from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.actions import (
    do_add_well_sample,
    do_create_plate,
    do_create_plate_acquisition,
    do_create_screen,
)
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas


def test_it_gives_the_path_to_an_image_in_a_dataset_in_a_project(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    image = tree.images[0]
    data = signed_in("owner").get(f"/webclient/api/paths_to_object/?image={image.pk}").json()
    assert data == {
        "paths": [
            [
                {"type": "experimenter", "id": personas.owner.pk},
                {"type": "project", "id": tree.project.pk},
                {"type": "dataset", "id": tree.dataset.pk, "childCount": 2},
                {"type": "image", "id": image.pk},
            ]
        ]
    }


def test_it_gives_the_orphaned_node_for_an_image_in_no_dataset(
    personas: Personas, signed_in: SignedIn
) -> None:
    image = make_image(personas.ctx("owner", personas.group))
    data = signed_in("owner").get(f"/webclient/api/paths_to_object/?image={image.pk}").json()
    owner = personas.owner.pk
    assert data["paths"] == [
        [
            {"type": "experimenter", "id": owner},
            {"type": "orphaned", "id": owner},
            {"type": "image", "id": image.pk},
        ]
    ]


def test_it_gives_the_path_to_a_dataset_and_a_project(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    client = signed_in("owner")
    dataset = client.get(f"/webclient/api/paths_to_object/?dataset={tree.dataset.pk}").json()
    project = client.get(f"/webclient/api/paths_to_object/?project={tree.project.pk}").json()
    assert [step["type"] for step in dataset["paths"][0]] == ["experimenter", "project", "dataset"]
    assert project["paths"] == [
        [
            {"type": "experimenter", "id": personas.owner.pk},
            {"type": "project", "id": tree.project.pk},
        ]
    ]


def test_it_answers_404_for_an_object_the_user_cannot_see(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    response = signed_in("outsider").get(
        f"/webclient/api/paths_to_object/?image={tree.images[0].pk}"
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_it_answers_no_paths_without_an_object(personas: Personas, signed_in: SignedIn) -> None:
    response = signed_in("owner").get("/webclient/api/paths_to_object/")
    assert response.status_code == 200 and response.json() == {"paths": []}
    assert signed_in("owner").get("/webclient/api/paths_to_object/?image=x").status_code == 400


def _screen_plate_run_well(personas: Personas) -> dict[str, Any]:
    """HCS > Plate 1 > Run A > well B3 holding one image, and an orphaned plate."""
    ctx = personas.ctx("owner", personas.group)
    screen = do_create_screen(ctx, "HCS")
    plate = do_create_plate(ctx, "Plate 1", rows=2, columns=3, screen=screen)
    run = do_create_plate_acquisition(ctx, plate, "Run A")
    well = plate.wells.get(row=1, column=2)
    image = make_image(ctx, "B3 field 0")
    do_add_well_sample(ctx, well, image, plate_acquisition=run)
    orphan = do_create_plate(ctx, "Loose plate", rows=1, columns=1)
    return {
        "screen": screen,
        "plate": plate,
        "acquisition": run,
        "well": well,
        "image": image,
        "orphan": orphan,
    }


def test_it_gives_the_paths_through_screens_plates_runs_and_wells(
    personas: Personas, signed_in: SignedIn
) -> None:
    spw = _screen_plate_run_well(personas)
    client = signed_in("member")  # sees the owner's data in the read-annotate group
    top = [
        {"type": "experimenter", "id": personas.owner.pk},
        {"type": "screen", "id": spw["screen"].pk},
    ]
    steps = [*top]
    for c_type in ("plate", "acquisition", "well", "image"):
        steps.append({"type": c_type, "id": spw[c_type].pk})
        answer = client.get(f"/webclient/api/paths_to_object/?{c_type}={spw[c_type].pk}")
        assert answer.json() == {"paths": [steps]}, c_type
    screen = client.get(f"/webclient/api/paths_to_object/?screen={spw['screen'].pk}").json()
    assert screen == {"paths": [top]}


def test_it_gives_an_orphaned_plate_and_a_well_sampled_in_no_run(
    personas: Personas, signed_in: SignedIn
) -> None:
    spw = _screen_plate_run_well(personas)
    ctx = personas.ctx("owner", personas.group)
    well = spw["orphan"].wells.get()
    do_add_well_sample(ctx, well, make_image(ctx, "A1"))
    client = signed_in("owner")
    plate = client.get(f"/webclient/api/paths_to_object/?plate={spw['orphan'].pk}").json()
    found = client.get(f"/webclient/api/paths_to_object/?well={well.pk}").json()
    owner, orphan = personas.owner.pk, spw["orphan"].pk
    assert plate == {
        "paths": [[{"type": "experimenter", "id": owner}, {"type": "plate", "id": orphan}]]
    }
    assert [step["type"] for step in found["paths"][0]] == ["experimenter", "plate", "well"]


def test_it_prefers_the_image_when_several_objects_are_given(
    personas: Personas, signed_in: SignedIn
) -> None:
    spw = _screen_plate_run_well(personas)
    query = f"plate={spw['plate'].pk}&image={spw['image'].pk}&screen={spw['screen'].pk}"
    found = signed_in("owner").get(f"/webclient/api/paths_to_object/?{query}").json()
    assert found["paths"][0][-1] == {"type": "image", "id": spw["image"].pk}


def test_it_answers_404_for_a_well_or_run_the_user_cannot_see(
    personas: Personas, signed_in: SignedIn
) -> None:
    spw = _screen_plate_run_well(personas)
    client = signed_in("outsider")
    for c_type in ("well", "acquisition", "plate", "screen"):
        response = client.get(f"/webclient/api/paths_to_object/?{c_type}={spw[c_type].pk}")
        assert response.status_code == 404, c_type
