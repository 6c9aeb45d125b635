"""``audit/`` and ``audit.csv``: who changed what, when, before and after."""

from __future__ import annotations

import csv
import io
import json

from tests.webadmin.conftest import SignedIn

from pyomero.model.actions.accounts import do_update_experimenter
from pyomero.testing.personas import Personas


def test_it_shows_each_change_with_before_and_after(
    personas: Personas, signed_in: SignedIn
) -> None:
    do_update_experimenter(personas.ctx("admin"), personas.member, institution="Cell Institute")
    page = signed_in("admin").get("/webadmin/audit/").content.decode()
    assert "experimenter.update" in page
    assert "<dt>institution</dt><dd><del>(empty)</del> → <ins>Cell Institute</ins></dd>" in page


def test_it_exports_the_trail_as_csv(personas: Personas, signed_in: SignedIn) -> None:
    do_update_experimenter(personas.ctx("admin"), personas.member, institution="Cell Institute")
    response = signed_in("restricted_admin").get("/webadmin/audit.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    update = next(row for row in rows if row["action"] == "experimenter.update")
    assert (update["actor"], update["target"]) == ("admin", "member")
    assert json.loads(update["before"])["institution"] == ""
    assert json.loads(update["after"])["institution"] == "Cell Institute"
    assert update["time"]
