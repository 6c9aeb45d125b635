"""The query planner's statistics: taken on SQLite when missing or stale, so that a
page of a big dataset walks the name index instead of sorting every image."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pyomero.model.actions import do_create_dataset
from pyomero.model.models import DatasetImageLink, Image
from pyomero.model.statistics import refresh_statistics, statistics_rows
from pyomero.testing.personas import Personas

M = "/api/v0/m/"


def fill(people: Personas, count: int) -> int:
    """A dataset of ``count`` images of the owner's (bulk inserts); its id."""
    ctx = people.ctx("owner", people.group)
    dataset = do_create_dataset(ctx, "big")
    now = timezone.now()
    details = {"owner_id": ctx.user_id, "group_id": people.group.pk, "created": now, "updated": now}
    images = Image.objects.bulk_create(
        Image(name=f"field {(n * 7919) % count:05d}", **details) for n in range(count)
    )
    if images[0].pk is None:
        images = list(Image.objects.filter(group_id=people.group.pk))
    DatasetImageLink.objects.bulk_create(
        DatasetImageLink(parent_id=dataset.pk, child_id=image.pk, **details) for image in images
    )
    return int(dataset.pk)


def test_it_takes_statistics_when_missing_or_stale_and_not_otherwise(personas: Personas) -> None:
    if connection.vendor != "sqlite":
        assert refresh_statistics(force=True) is False  # PostgreSQL keeps its own
        return
    fill(personas, 40)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    assert statistics_rows() is None
    assert refresh_statistics() is True
    assert statistics_rows() == Image.objects.count()
    assert refresh_statistics() is False  # still current
    fill(personas, 20)  # half as many images again
    assert refresh_statistics() is True
    assert statistics_rows() == Image.objects.count()


def test_a_deep_page_of_a_big_dataset_walks_the_name_index(personas: Personas) -> None:
    dataset = fill(personas, 3000)
    refresh_statistics()
    client = Client()
    client.force_login(personas.user("member"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{M}datasets/{dataset}/images/?limit=200&offset=2790")
    assert response.status_code == 200
    assert [i["Name"] for i in response.json()["data"]][:2] == ["field 02790", "field 02791"]
    assert len(response.json()["data"]) == 200 and response.json()["meta"]["totalCount"] == 3000
    if connection.vendor != "sqlite":
        return  # PostgreSQL plans from the statistics its autovacuum takes
    [page] = [q["sql"] for q in queries.captured_queries if "ORDER BY LOWER" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {page}")
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "model_image_lname" in plan and "TEMP B-TREE" not in plan, plan
