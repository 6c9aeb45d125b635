"""``history/``, ``load_calendar/`` and ``load_history/``: imports and edits by day."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.actions import (
    do_add_map_annotation,
    do_add_tag,
    do_chgrp,
    do_chown,
    do_create_project,
    do_delete,
    do_finish_import,
    do_start_import,
    do_update,
)
from pyomero.model.errors import ActionForbiddenError
from pyomero.model.models import Dataset, Project
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas

MARCH_5 = timezone.make_aware(datetime(2024, 3, 5, 10, 30))


def test_it_lists_the_days_imports_creations_edits_and_annotations(
    signed_in: SignedIn, personas: Personas, tree: Tree
) -> None:
    owner = personas.ctx("owner", personas.group)
    fileset = do_start_import(owner)
    imported = make_image(owner, "imported.tif", fileset=fileset)
    do_finish_import(owner, fileset)
    Dataset.objects.filter(pk=tree.dataset.pk).update(created=timezone.now() - timedelta(days=2))
    do_update(owner, tree.dataset, name="renamed dataset")
    do_add_tag(owner, tree.images[0], "spindle")
    do_add_map_annotation(owner, tree.images[1], [("stain", "dapi")])
    html = signed_in("owner").get(reverse("history")).content.decode()
    imports, created = _section(html, "imports"), _section(html, "created")
    edited, annotated = _section(html, "edited"), _section(html, "annotated")
    assert f"Fileset {fileset.pk}: complete" in imports
    assert f"?show=image-{imported.pk}" in imports
    assert "tree project" in created and "imported.tif" in created
    assert "renamed dataset" in edited and "tree project" not in edited
    assert "tag</span> spindle" in annotated and "stain=dapi" in annotated
    assert '<a href="/webclient/history/" aria-current="page">' in html


def test_it_counts_each_day_of_a_month_in_the_calendar(
    signed_in: SignedIn, personas: Personas
) -> None:
    owner = personas.ctx("owner", personas.group)
    for name in ("old one", "old two"):
        project = do_create_project(owner, name)
        Project.objects.filter(pk=project.pk).update(created=MARCH_5, updated=MARCH_5)
    html = signed_in("owner").get(reverse("load_calendar", args=[2024, 3])).content.decode()
    assert "March 2024" in html and "<html" not in html
    assert 'aria-label="5 March 2024: 0 imports, 2 created, 0 edits"' in html
    assert 'aria-label="6 March 2024"' in html
    assert "/webclient/load_calendar/2024/2/" in html and "/webclient/load_calendar/2024/4/" in html


def test_it_shows_a_past_day_alone_or_in_the_page(signed_in: SignedIn, personas: Personas) -> None:
    project = do_create_project(personas.ctx("owner", personas.group), "vintage")
    Project.objects.filter(pk=project.pk).update(created=MARCH_5, updated=MARCH_5)
    client = signed_in("owner")
    alone = client.get(reverse("load_history", args=[2024, 3, 5])).content.decode()
    page = client.get(reverse("history"), {"day": "2024-03-05"}).content.decode()
    assert "Tuesday 5 March 2024" in alone and "vintage" in alone and "<html" not in alone
    assert "vintage" in page and 'aria-current="date"' in page
    other_day = client.get(reverse("load_history", args=[2024, 3, 6])).content.decode()
    assert "Nothing imported, created or edited" in other_day


def test_it_lists_activities_with_links_to_results(
    signed_in: SignedIn, personas: Personas, tree: Tree
) -> None:
    owner = personas.ctx("owner", personas.group)
    running = do_start_import(owner)
    make_image(owner, "arriving.tif", fileset=running)
    do_delete(owner, tree.images[0])
    do_chgrp(owner, tree.project, personas.other_group)
    do_chown(
        personas.ctx("group_owner", personas.group),
        make_image(owner, "gift.tif"),
        personas.colleague,
    )
    html = signed_in("owner").get(reverse("history_activities")).content.decode()
    assert "<html" not in html and 'hx-trigger="every 2s"' in html  # an import still runs
    imports, deletes, moves = _item(html, "import"), _item(html, "delete"), _item(html, "chgrp")
    assert "importing: 1 image" in imports and "arriving.tif" in imports
    assert "tree image 0.tif" in deletes and "?show=" not in deletes
    assert "Move to group: other-lab" in moves and f"?show=project-{tree.project.pk}" in moves
    gift = signed_in("group_owner").get(reverse("history_activities")).content.decode()
    assert "Change owner: Colleague Person" in gift
    do_finish_import(owner, running)
    done = signed_in("owner").get(reverse("history_activities")).content.decode()
    assert "every 2s" not in done and "complete: 1 image" in done
    assert "Activities" in signed_in("owner").get(reverse("history")).content.decode()


def test_it_leaves_no_activity_for_a_refused_action(
    signed_in: SignedIn, personas: Personas, tree: Tree
) -> None:
    with pytest.raises(ActionForbiddenError):
        do_delete(personas.ctx("member", personas.group), tree.images[0])
    html = signed_in("member").get(reverse("history_activities")).content.decode()
    assert "No imports, deletes, moves or changes of owner yet." in html


def test_it_shows_each_user_their_own_history(
    signed_in: SignedIn, personas: Personas, tree: Tree
) -> None:
    html = signed_in("member").get(reverse("history")).content.decode()
    assert "tree project" not in html and "Nothing imported, created or edited" in html


def test_it_answers_bad_days_with_a_message(signed_in: SignedIn) -> None:
    client = signed_in("owner")
    bad = client.get(reverse("history"), {"day": "someday"})
    assert bad.status_code == 400 and "day must be a date" in bad.content.decode()
    assert client.get(reverse("load_calendar", args=[2024, 13])).status_code == 404
    assert client.get(reverse("load_history", args=[2023, 2, 29])).status_code == 404


def _section(html: str, name: str) -> str:
    start = html.find(f'data-section="{name}"')
    if start < 0:
        return ""
    return html[start : html.find("</ul>", start)]


def _item(html: str, kind: str) -> str:
    start = html.find(f'data-kind="{kind}"')
    return html[start : html.find("</li>", start)] if start >= 0 else ""
