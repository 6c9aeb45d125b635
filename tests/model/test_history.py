"""A user's history by day and their activities (``model/history.py``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from pyomero.model import history
from pyomero.model.actions import (
    do_add_comment,
    do_chgrp,
    do_delete,
    do_finish_import,
    do_start_import,
    do_update,
)
from pyomero.model.models import Image
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas

APRIL_2 = timezone.make_aware(datetime(2025, 4, 2, 9, 0))


def test_it_counts_creations_edits_and_annotations_by_day(personas: Personas) -> None:
    owner = personas.ctx("owner", personas.group)
    old = make_image(owner, "old.tif")
    Image.objects.filter(pk=old.pk).update(created=APRIL_2, updated=APRIL_2)
    edited = make_image(owner, "edited.tif")
    Image.objects.filter(pk=edited.pk).update(created=APRIL_2 - timedelta(days=1))
    do_update(owner, Image.objects.get(pk=edited.pk), name="edited again.tif")
    do_add_comment(owner, old, "seen")
    today = timezone.localdate()
    april = history.month(owner, owner.user_id, 2025, 4)
    assert april == {
        date(2025, 4, 1): history.DayCount(created=1),
        date(2025, 4, 2): history.DayCount(created=1),
    }
    now = history.month(owner, owner.user_id, today.year, today.month)
    assert now[today] == history.DayCount(created=0, edited=2)  # a rename and a comment


def test_it_keeps_each_users_history_to_themselves(personas: Personas) -> None:
    make_image(personas.ctx("owner", personas.group), "mine.tif")
    member = personas.ctx("member", personas.group)
    today = timezone.localdate()
    assert history.month(member, member.user_id, today.year, today.month) == {}
    snooping = history.day(member, personas.owner.pk, today)  # visible, but not theirs
    assert [t.name for t in snooping.created] == ["mine.tif"]
    outsider = personas.ctx("outsider")
    assert history.day(outsider, personas.owner.pk, today).created == []


def test_it_names_deleted_objects_in_the_activities(personas: Personas) -> None:
    owner = personas.ctx("owner", personas.group)
    doomed = make_image(owner, "doomed.tif")
    do_delete(owner, doomed)
    [item] = history.activities(owner)
    assert (item.kind, item.label, item.status) == ("delete", "Delete", "done")
    assert [(t.obj_type, t.name) for t in item.targets] == [("Image", "doomed.tif")]
    assert item.results == [] and not item.running


def test_activities_cost_the_same_queries_however_many_there_are(
    personas: Personas, django_assert_num_queries: Any
) -> None:
    owner = personas.ctx("owner", personas.group)

    def add_some(n: int) -> None:
        for i in range(n):
            fileset = do_start_import(owner)
            for j in range(3):
                make_image(owner, f"import {fileset.pk} image {j}.tif", fileset=fileset)
            do_finish_import(owner, fileset)
            moved = make_image(owner, f"moved {i}.tif")
            do_chgrp(owner, moved, personas.other_group)

    add_some(1)
    before = _queries(owner)
    add_some(4)
    with django_assert_num_queries(before):
        items = history.activities(owner)
    imports = [item for item in items if item.kind == "import"]
    moves = [item for item in items if item.kind == "chgrp"]
    assert len(imports) == 5 and len(moves) == 5
    assert all(len(item.results) == 3 for item in imports)
    for item in imports:  # each import's own images, in order
        names = [t.name for t in item.results]
        prefix = names[0].rsplit(" image ", 1)[0]
        assert names == [f"{prefix} image {j}.tif" for j in range(3)]
    assert all([t.name for t in item.results] == [t.name for t in item.targets] for item in moves)


def _queries(ctx: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        history.activities(ctx)
    return len(captured.captured_queries)
