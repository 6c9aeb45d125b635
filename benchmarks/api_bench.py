"""``benchmarks/run api``: issue 6's JSON API benchmark, on SQLite and on PostgreSQL.

A dataset of 100,000 images and 10,000 projects (each holding a dataset), created with
bulk inserts in a fresh server directory (and a fresh PostgreSQL database), then the
median server time of each request: the whole Django stack in-process (middleware,
session, permission filter, queries, encoding, JSON), as a member of the owner's
read-annotate group. The baseline, measured in the same run, is the bare ORM queries
of the same page (the total count, the page's ids, the rows with their Pixels; child
counts for projects), without permissions, encoding or HTTP; next to it, the naive
ORM page (one ``ORDER BY lower(name), id OFFSET`` query of the wide joined rows).

Each database runs in a child process (``--child sqlite``), which prints its figures as
JSON; the parent prints one table. Target: every median under 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks.databases import throwaway_server

TARGET_MS = 50.0
DATABASES = ("sqlite", "postgresql")


def populate(images: int, projects: int) -> dict[str, int]:
    """The benchmark's rows, inserted in bulk: returns the ids the requests need."""
    from django.utils import timezone

    from pyomero.model.actions import create_experimenter, do_bootstrap_root, do_create_group
    from pyomero.model.context import event_context
    from pyomero.model.models import (
        Dataset,
        DatasetImageLink,
        Experimenter,
        Image,
        Permissions,
        Pixels,
        Project,
        ProjectDatasetLink,
    )

    do_bootstrap_root("bench-root-password")
    root = Experimenter.objects.get(ome_name="root")
    group = do_create_group(event_context(root, -1), "bench", Permissions.READ_ANNOTATE)
    owner = create_experimenter("owner", first_name="Olga", last_name="Owner", groups=[group])
    reader = create_experimenter("reader", first_name="Ray", last_name="Reader", groups=[group])
    now = timezone.now()
    details = {"owner_id": owner.pk, "group_id": group.pk, "created": now, "updated": now}
    batch = 5000

    big = Dataset.objects.create(name="100,000 images", **details)
    made = Image.objects.bulk_create(
        # names out of id order, so that the page needs a real sort
        (Image(name=f"field {(n * 7919) % images:06d}.tif", **details) for n in range(images)),
        batch_size=batch,
    )
    ids = [image.pk for image in made] if made[0].pk else None
    if ids is None:  # a backend that does not return ids from bulk inserts
        ids = list(
            Image.objects.filter(group_id=group.pk).order_by("id").values_list("id", flat=True)
        )
    Pixels.objects.bulk_create(
        (
            Pixels(image_id=i, size_x=512, size_y=512, size_c=3, pixels_type="uint16", **details)
            for i in ids
        ),
        batch_size=batch,
    )
    DatasetImageLink.objects.bulk_create(
        (DatasetImageLink(parent_id=big.pk, child_id=i, **details) for i in ids),
        batch_size=batch,
    )
    Project.objects.bulk_create(
        (Project(name=f"Project {(n * 7919) % projects:05d}", **details) for n in range(projects)),
        batch_size=batch,
    )
    Dataset.objects.bulk_create(
        (Dataset(name=f"Dataset {n:05d}", **details) for n in range(projects)), batch_size=batch
    )
    project_ids = list(Project.objects.order_by("id").values_list("id", flat=True))
    dataset_ids = list(
        Dataset.objects.exclude(pk=big.pk).order_by("id").values_list("id", flat=True)
    )
    ProjectDatasetLink.objects.bulk_create(
        (
            ProjectDatasetLink(parent_id=p, child_id=d, **details)
            for p, d in zip(project_ids, dataset_ids, strict=True)
        ),
        batch_size=batch,
    )
    return {"dataset": big.pk, "reader": reader.pk, "images": images, "projects": projects}


def timed(call: Callable[[], Any], repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        call()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def child(db: str, images: int, projects: int, repeat: int) -> dict[str, Any]:
    """Set up Django on ``db``, fill it, time the requests and their baselines."""
    with throwaway_server(db, "pyomero-api-bench"):
        return run(images, projects, repeat)


def run(images: int, projects: int, repeat: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import Lower
    from django.test import Client
    from django.test.utils import setup_test_environment

    from pyomero.model.models import Experimenter, Image, Project, ProjectDatasetLink

    setup_test_environment()  # the test client's host is allowed
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    ids = populate(images, projects)
    # The tables as a running server has them: SQLite's statistics from the periodic
    # maintenance (model.statistics); PostgreSQL's statistics and visibility map from its
    # autovacuum, which vacuums and analyzes a table after this many inserts.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        from pyomero.model.statistics import refresh_statistics

        refresh_statistics()
    fill_s = time.perf_counter() - started

    client = Client()
    client.force_login(Experimenter.objects.get(pk=ids["reader"]))
    last = images - 200
    image_page = f"/api/v0/m/datasets/{ids['dataset']}/images/?limit=200&offset={last}"

    def bare_page(rows: Any, offset: int, total: int) -> list[Any]:
        """The page as pyomero reads it: ids sorted alone (from the nearer end), then rows."""
        stop = min(offset + 200, total)
        ordered = rows.order_by(Lower("name"), "id").values_list("pk", flat=True)
        if offset > total - stop:
            ids = list(ordered.reverse()[total - stop : total - offset])[::-1]
        else:
            ids = list(ordered[offset:stop])
        return list(rows.filter(pk__in=ids))

    def images_of_dataset() -> Any:
        return Image.objects.filter(dataset_links__parent_id=ids["dataset"])

    def image_baseline() -> None:
        rows = images_of_dataset()
        bare_page(rows.select_related("pixels"), last, rows.count())

    def image_naive() -> None:
        rows = images_of_dataset().select_related("pixels").order_by(Lower("name"), "id")
        rows.count()
        list(rows[last : last + 200])

    def project_baseline(offset: int, naive: bool = False) -> Callable[[], None]:
        def call() -> None:
            rows = Project.objects.all()
            total = rows.count()
            if naive:
                page = list(rows.order_by(Lower("name"), "id")[offset : offset + 200])
            else:
                page = bare_page(rows, offset, total)
            list(
                ProjectDatasetLink.objects.filter(parent_id__in=[p.pk for p in page])
                .values("parent_id")
                .annotate(n=Count("id"))
            )

        return call

    cases = [
        (
            f"datasets/<id>/images/?limit=200&offset={last}",
            image_page,
            image_baseline,
            image_naive,
        ),
        (
            "projects/?childCount=true",
            "/api/v0/m/projects/?childCount=true",
            project_baseline(0),
            project_baseline(0, naive=True),
        ),
        (
            f"projects/?childCount=true&offset={projects - 200}",
            f"/api/v0/m/projects/?childCount=true&offset={projects - 200}",
            project_baseline(projects - 200),
            project_baseline(projects - 200, naive=True),
        ),
    ]
    results = []
    for name, url, baseline, naive in cases:
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        assert len(body["data"]) == 200, (name, len(body["data"]))
        queries: list[str] = []

        def count(execute: Any, sql: str, *args: Any, queries: list[str] = queries) -> Any:
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            client.get(url)
        served = timed(lambda url=url: client.get(url), repeat)  # type: ignore[misc]
        bare = timed(baseline, repeat)
        plain = timed(naive, max(3, repeat // 3), warmup=1)
        results.append(
            {
                "request": name,
                "median_ms": statistics.median(served),
                "p90_ms": statistics.quantiles(served, n=10)[-1],
                "baseline_ms": statistics.median(bare),
                "naive_ms": statistics.median(plain),
                "queries": len(queries),
                "total": body["meta"]["totalCount"],
            }
        )
    return {"vendor": connection.vendor, "fill_s": fill_s, "results": results}


def table(runs: list[dict[str, Any]]) -> str:
    head = (
        "| database   | request                                        | median ms |"
        " p90 ms | ORM page ms | ratio | naive ORM ms | queries | < 50 ms |"
    )
    lines = [head, "|" + "|".join("-" * len(cell) for cell in head.split("|")[1:-1]) + "|"]
    for found in runs:
        for r in found["results"]:
            ok = "yes" if r["median_ms"] < TARGET_MS else "NO"
            lines.append(
                f"| {found['vendor']:<10} | {r['request']:<46} | {r['median_ms']:9.1f} |"
                f" {r['p90_ms']:6.1f} | {r['baseline_ms']:11.1f} |"
                f" {r['median_ms'] / r['baseline_ms']:4.1f}x | {r['naive_ms']:12.1f} |"
                f" {r['queries']:7d} | {ok:<7} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/run api", description=__doc__)
    parser.add_argument("--images", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per case")
    parser.add_argument("--db", default=",".join(DATABASES), help="sqlite,postgresql")
    parser.add_argument("--child", choices=DATABASES, help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help="cProfile the first request")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.images, args.projects, args.repeat)))
        return 0
    runs = []
    for db in args.db.split(","):
        print(
            f"{db}: creating {args.images:,} images and {args.projects:,} projects ...", flush=True
        )
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.api_bench",
                "--child",
                db,
                "--images",
                str(args.images),
                "--projects",
                str(args.projects),
                "--repeat",
                str(args.repeat),
            ],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            print(done.stderr, file=sys.stderr)
            return done.returncode
        found = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"  filled in {found['fill_s']:.0f} s (bulk inserts)", flush=True)
        runs.append(found)
    print()
    print(table(runs))
    print(
        f"\nmedian of {args.repeat} requests each, in-process (Django test client, no network);"
        "\nORM page: the same page's queries, bare (count, ids, rows, child counts: no"
        "\npermissions, no encoding); naive ORM: one ORDER BY ... OFFSET query of wide rows."
        f"\nload average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
