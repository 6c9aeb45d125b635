"""``python -m benchmarks.webclient_bench``: issue 7's "a dataset of 10,000 images opens
its first page in under 300 ms of server time", on SQLite and on PostgreSQL.

10,000 images with their Pixels in one dataset, bulk-inserted in a fresh server
directory (and a fresh PostgreSQL database); then the median server time (the whole
Django stack in-process) of what the page asks for when the dataset is opened: its
panel (``metadata_details/``), its first page of images with the table view's fields
(``api/images/``); their sum is the figure against the target. The tree's first load
(``api/containers/``) is shown too. Thumbnails are left out (they render pixels, which
these rows do not have). Each database runs in a child process.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from typing import Any

from benchmarks.databases import throwaway_server

TARGET_MS = 300.0


def populate(images: int) -> dict[str, int]:
    from django.utils import timezone

    from pyomero.model.actions import create_experimenter, do_bootstrap_root, do_create_group
    from pyomero.model.context import event_context
    from pyomero.model.models import Dataset, DatasetImageLink, Experimenter, Image, Pixels

    do_bootstrap_root("bench-root-password")
    root = Experimenter.objects.get(ome_name="root")
    group = do_create_group(event_context(root, -1), "bench", "read-annotate")
    owner = create_experimenter("owner", first_name="Olga", last_name="Owner", groups=[group])
    now = timezone.now()
    details = {"owner_id": owner.pk, "group_id": group.pk, "created": now, "updated": now}
    dataset = Dataset.objects.create(name="10,000 images", **details)
    Image.objects.bulk_create(
        (Image(name=f"field {(n * 7919) % images:05d}.tif", **details) for n in range(images)),
        batch_size=5000,
    )
    ids = list(Image.objects.order_by("id").values_list("id", flat=True))
    Pixels.objects.bulk_create(
        (Pixels(image_id=i, size_x=512, size_y=512, size_c=3, **details) for i in ids),
        batch_size=5000,
    )
    DatasetImageLink.objects.bulk_create(
        (DatasetImageLink(parent_id=dataset.pk, child_id=i, **details) for i in ids),
        batch_size=5000,
    )
    return {"dataset": dataset.pk, "owner": owner.pk}


def run(images: int, repeat: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from pyomero.model.models import Experimenter

    setup_test_environment()
    call_command("migrate", verbosity=0)
    ids = populate(images)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    client.force_login(Experimenter.objects.get(pk=ids["owner"]))
    dataset = ids["dataset"]
    cases = {
        "metadata_details/dataset/<id>/": f"/webclient/metadata_details/dataset/{dataset}/",
        "api/images/?id=<id>&page=1 (table fields)": (
            f"/webclient/api/images/?id={dataset}&page=1&limit=200&date=true&sizeXYZ=true"
        ),
        "api/containers/": "/webclient/api/containers/",
    }
    results = []
    for name, url in cases.items():
        assert client.get(url).status_code == 200, url
        queries: list[str] = []
        with connection.execute_wrapper(
            lambda execute, sql, *a, q=queries: (q.append(sql), execute(sql, *a))[1]
        ):
            client.get(url)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        results.append(
            {"request": name, "median_ms": statistics.median(times), "queries": len(queries)}
        )
    total = sum(r["median_ms"] for r in results[:2])  # what opening the dataset asks
    return {"vendor": connection.vendor, "results": results, "total_ms": total}


def child(db: str, images: int, repeat: int) -> dict[str, Any]:
    with throwaway_server(db, "pyomero-webclient-bench"):
        return run(images, repeat)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.images, args.repeat)))
        return 0
    print(
        f"| database | request | median ms | queries |  (target: page opens < {TARGET_MS:.0f} ms)"
    )
    for db in args.databases.split(","):
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.webclient_bench",
                "--child",
                db,
                "--images",
                str(args.images),
                "--repeat",
                str(args.repeat),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        found = json.loads(out.strip().splitlines()[-1])
        for r in found["results"]:
            print(f"| {found['vendor']} | {r['request']} | {r['median_ms']:.1f} | {r['queries']} |")
        opening = f"{found['total_ms']:.1f}"
        print(f"| {found['vendor']} | opening the dataset (panel + first page) | {opening} | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
