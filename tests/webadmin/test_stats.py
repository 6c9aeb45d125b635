"""``stats/`` and ``drivespace_json/``: bytes of original files and pixels."""

from __future__ import annotations

from tests.webadmin.conftest import SignedIn

from pyomero.model.actions import do_create_original_file
from pyomero.testing.images import make_pixels_image
from pyomero.testing.personas import Personas


def test_it_sums_pixels_and_files_per_user_and_group(
    personas: Personas, signed_in: SignedIn
) -> None:
    owner = personas.ctx("owner", personas.group)
    make_pixels_image(owner, "a.tif", size_x=16, size_y=8, size_c=1, pixel_type="uint16")
    do_create_original_file(owner, "notes.txt", size=1000)
    member = personas.ctx("member", personas.group)
    make_pixels_image(member, "b.tif", size_x=10, size_y=10, size_c=1, pixel_type="uint8")

    users = signed_in("admin").get("/webadmin/drivespace_json/users/").json()
    by_user = {row["label"]: row["data"] for row in users}
    assert by_user == {"owner": 16 * 8 * 2 + 1000, "member": 100}
    in_group = signed_in("member").get(f"/webadmin/drivespace_json/group/{personas.group.pk}/")
    assert {row["label"]: row["data"] for row in in_group.json()} == by_user
    groups = signed_in("admin").get("/webadmin/drivespace_json/groups/").json()
    assert groups == [
        {"label": "lab", "data": 1356, "groupId": personas.group.pk, "files": 1000, "pixels": 356},
    ]
    page = signed_in("owner").get("/webadmin/stats/").content.decode()
    assert "1.3\xa0KB" in page and "owner" in page


def test_it_hides_other_groups_usage(personas: Personas, signed_in: SignedIn) -> None:
    make_pixels_image(personas.ctx("owner", personas.group), "a.tif", size_x=4, size_y=4, size_c=1)
    outsider = signed_in("outsider")
    assert outsider.get(f"/webadmin/drivespace_json/group/{personas.group.pk}/").status_code == 404
    assert outsider.get("/webadmin/drivespace_json/users/").json() == []


def test_it_answers_a_post_to_the_usage_json_with_405(signed_in: SignedIn) -> None:
    response = signed_in("admin").post("/webadmin/drivespace_json/users/")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
