"""``python -m benchmarks.viewer_bench`` (or ``benchmarks/run viewer``): issue 8's viewer
speed, measured in headless Chromium against ``omero web start``.

- **first paint**: opening ``/webclient/img_detail/<iid>/`` on the 16,384^2 x 3 uint16
  pyramid (the tile benchmark's) until the first complete view (OpenLayers'
  ``rendercomplete``: every visible tile loaded and drawn), in ms since navigation, in a
  fresh browser context each time (no browser cache); the first open after the server
  starts (cold) and the median of the next ones. Target: under 1 s.
- **Z scrubbing** on a 1,024 x 1,024 x 50 x 3 uint16 stack: stepping the Z slider
  through all 50 planes, each step waiting until that plane is drawn (planes/s), cold
  (first pass) and warm; then moving the slider at 10 planes/s for 5 s and counting
  how many of the planes asked for were drawn. Target: keeps up at 10 planes/s.
- **panning** (issue 17) on the 16k image at 1:1: moving the view to the adjacent
  field of view (by the map's width or height, along a snake through fresh parts of
  the image) until every new tile is drawn (OpenLayers' ``rendercomplete``), the
  median of 20 pans in a fresh browser context, after a dwell on each field (until the
  tiles around it are fetched, at most 5 s, as a user looks at a field). Measured with
  the ring of tiles around the view prefetched (the viewer's default) and, in the same
  run and on another fresh part of the image, without it (``?prefetch=0``): the
  baseline. Target: at most 150 ms.

The server runs with its default caches. The data is written once under
``$PYOMERO_BENCH_DIR`` (``/tmp/pyomero-bench``). Timings are only meaningful on a
quiet machine; the figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from numpy.typing import NDArray

from benchmarks import data
from pyomero.pixels import WriteOptions, write_pyramid

PASSWORD = "bench-password"
STACK_SIZE = 1024
STACK_PLANES = 50

SETUP = """
from pyomero.imaging.rendering_defs import imported_settings, save_settings
from pyomero.model.actions import create_experimenter, do_create_group, do_create_image
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter, Pixels
from pyomero.pixels import open_pyramid

root = Experimenter.objects.get(ome_name="root")
group = do_create_group(event_context(root, -1), "bench", "read-annotate")
user = create_experimenter("bench", first_name="Bench", last_name="Mark",
                           password={password!r}, groups=[group])
ctx = event_context(user, group)
ids = []
for name, where in {stores!r}:
    store = open_pyramid(where)
    meta = store.metadata
    channels = [
        {{"name": ch.name or "", "stats_min": s.min, "stats_max": s.max}}
        for ch, s in zip(meta.channels, store.stats or (), strict=True)
    ]
    image = do_create_image(ctx, name, size_x=meta.size_x, size_y=meta.size_y,
                            size_z=meta.size_z, size_c=meta.size_c, pixels_type="uint16",
                            channels=channels, path=where)
    save_settings(ctx, image, imported_settings(Pixels.objects.get(image=image)))
    ids.append(image.pk)
print(*ids)
"""

# Steps the Z slider through every plane, each step waiting for that plane's view.
SCRUB = """async (planes) => {
  const root = document.getElementById("viewer-app");
  const slider = document.getElementById("z-slider");
  const painted = (z) => new Promise((resolve, reject) => {
    const until = performance.now() + 60000;
    const check = () => {
      if (root.dataset.painted === `${z}/1`) resolve();
      else if (performance.now() > until) reject(new Error(`plane ${z} not drawn in 60 s`));
      else setTimeout(check, 2);
    };
    check();
  });
  const started = performance.now();
  for (let z = 1; z <= planes; z++) {
    slider.value = String(z);
    slider.dispatchEvent(new Event("input"));
    await painted(z);
  }
  return (performance.now() - started) / 1000;
}"""

# Moves the slider at a fixed rate; which planes were drawn meanwhile.
PACED = """async ([planes, rate, seconds]) => {
  const root = document.getElementById("viewer-app");
  const slider = document.getElementById("z-slider");
  const drawn = new Set();
  const observer = new MutationObserver(() => drawn.add(root.dataset.painted));
  observer.observe(root, { attributes: true, attributeFilter: ["data-painted"] });
  const asked = [];
  for (let i = 0; i < rate * seconds; i++) {
    const z = (i % planes) + 1;
    asked.push(`${z}/1`);
    slider.value = String(z);
    slider.dispatchEvent(new Event("input"));
    await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
  observer.disconnect();
  return [asked.length, asked.filter((key) => drawn.has(key)).length];
}"""


class StackSeries(data.BenchSeries):
    """The benchmark's pixels with Z: each plane the pattern moved along the diagonal."""

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        return data.values(c, y + 37 * z, x + 53 * z, h, w)


def ensure_stack() -> Path:
    """The 1,024 x 1,024 x 50 x 3 stack (written on first use)."""
    where = data.bench_dir() / f"viewer-stack-{STACK_SIZE}x{STACK_PLANES}.ome.zarr"
    if not where.exists():
        print(f"writing the {STACK_SIZE}^2 x {STACK_PLANES} stack (once) ...", flush=True)
        meta = dataclasses.replace(data.metadata(STACK_SIZE), size_z=STACK_PLANES)
        write_pyramid(StackSeries(where, meta), where, WriteOptions(chunk=data.TILE))
    return where


def sign_in(page: Any, live: Any, target: str) -> None:
    page.goto(live.url(f"/webclient/login/?url={target}"))
    page.get_by_label("Username").fill("bench")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{target}*")


def first_paint(browser: Any, live: Any, image_id: int, runs: int) -> list[float]:
    """ms from navigation to the first complete view, each in a fresh context."""
    found = []
    target = f"/webclient/img_detail/{image_id}/"
    state = None
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 800}, storage_state=state)
        context.set_default_timeout(60_000)
        page = context.new_page()
        if state is None:
            sign_in(page, live, "/webclient/")
            state = context.storage_state()
            context.close()
            continue
        page.goto(live.url(target))
        page.wait_for_function("() => document.getElementById('viewer-app').dataset.firstPaint")
        found.append(float(page.locator("#viewer-app").get_attribute("data-first-paint")))
        # What the page asks for after its first view must not delay the next opening.
        page.wait_for_load_state("networkidle")
        context.close()
    return found


def scrubbing(browser: Any, live: Any, image_id: int) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(120_000)
    page = context.new_page()
    target = f"/webclient/img_detail/{image_id}/?z=1"
    sign_in(page, live, target)
    page.wait_for_function("() => document.getElementById('viewer-app').dataset.painted === '1/1'")
    cold = page.evaluate(SCRUB, STACK_PLANES)
    warm = page.evaluate(SCRUB, STACK_PLANES)
    page.reload()
    page.wait_for_function("() => document.getElementById('viewer-app').dataset.painted")
    asked, drawn = page.evaluate(PACED, [STACK_PLANES, 10, 5])
    context.close()
    return {
        "cold": STACK_PLANES / cold,
        "warm": STACK_PLANES / warm,
        "asked": asked,
        "drawn": drawn,
    }


# Moves the view to (x, y) and waits for the next complete view: ms from the move.
PAN = """async ([x, y]) => {
  const root = document.getElementById("viewer-app");
  const before = Number(root.dataset.completed || 0);
  const started = performance.now();
  root.dispatchEvent(new CustomEvent("viewer:view", { detail: { x, y } }));
  return await new Promise((resolve, reject) => {
    const check = () => {
      // A complete view with no tile on its way: every new tile is drawn.
      if (Number(root.dataset.completed || 0) > before && root.dataset.loading === "0") {
        resolve(Number(root.dataset.completedAt) - started);
      } else if (performance.now() - started > 60000) {
        reject(new Error("the pan was not drawn in 60 s"));
      } else {
        setTimeout(check, 1);
      }
    };
    check();
  });
}"""

# Until the tiles around the view are fetched (at most ``limit`` ms): how long it took.
DWELL = """async (limit) => {
  const root = document.getElementById("viewer-app");
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 50));
  while (root.dataset.prefetching && root.dataset.prefetching !== "0"
         && performance.now() - started < limit) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}"""


def snake(start: tuple[int, int], field: tuple[int, int], pans: int) -> list[tuple[int, int]]:
    """The centres of ``pans`` adjacent fields of view after ``start``: along a row,
    one field down, back along the next row, ..."""
    (x, y), (w, h) = start, field
    across = 8
    found = []
    step = 1
    for i in range(pans):
        if (i + 1) % (across + 1) == 0:
            y += h
            step = -step
        else:
            x += step * w
        found.append((x, y))
    return found


def panning(
    browser: Any, live: Any, image_id: int, *, ring: bool, top: int, pans: int
) -> dict[str, float]:
    """ms of each pan to the adjacent field at 1:1, in a fresh context."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(120_000)
    page = context.new_page()
    start = (1500, top)
    query = f"?zm=100&x={start[0]}&y={start[1]}" + ("" if ring else "&prefetch=0")
    sign_in(page, live, "/webclient/")
    page.goto(live.url(f"/webclient/img_detail/{image_id}/{query}"))
    page.wait_for_function("() => document.getElementById('viewer-app').dataset.firstPaint")
    box = page.locator("#map").bounding_box()
    field = (round(box["width"]), round(box["height"]))
    dwells, found = [], []
    page.evaluate(DWELL, 5000)
    for x, y in snake(start, field, pans):
        found.append(page.evaluate(PAN, [x, y]))
        dwells.append(page.evaluate(DWELL, 5000))
    context.close()
    return {
        "median": statistics.median(found),
        "worst": max(found),
        "dwell": statistics.median(dwells),
        "field": field[0],
    }


def row(name: str, figure: str, target: str) -> str:
    return f"| {name:<52} | {figure:>13} | {target:<9} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.viewer_bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="openings of the big image")
    parser.add_argument("--pans", type=int, default=20, help="pans to the next field")
    parser.add_argument(
        "--parts",
        default="paint,scrub,pan",
        help="what to measure, comma-separated: paint, scrub, pan (default: all)",
    )
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))

    from pyomero.testing import browser as chromium
    from pyomero.testing.live import live_server

    bundle = chromium.REPO / "src/pyomero/viewer/static/viewer/dist/viewer.js"
    reason = chromium.missing(bundle)
    if reason:
        print(f"cannot run: {reason}")
        return 2
    big = data.ensure_pyramid()
    stores = [("benchmark 16k", str(big))]
    if "scrub" in parts:
        stores.append(("stack 1024 x 50", str(ensure_stack())))
    paints: list[float] = []
    scrub: dict[str, float] = {}
    pans: dict[str, dict[str, float]] = {}
    with (
        tempfile.TemporaryDirectory(prefix="pyomero-viewer-bench-") as folder,
        live_server(Path(folder) / "omero", {"omero.web.debug": "false"}) as live,
    ):
        ids = [int(i) for i in live.python(SETUP.format(password=PASSWORD, stores=stores)).split()]
        big_id, stack_id = ids[0], ids[-1]
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(chromium.CHROMIUM), args=chromium.CHROMIUM_ARGS
            )
            started = time.perf_counter()
            if "paint" in parts:
                paints = first_paint(browser, live, big_id, args.runs + 1)
            if "scrub" in parts:
                scrub = scrubbing(browser, live, stack_id)
            if "pan" in parts:
                # Each on its own fresh rows of the image: neither finds the other's
                # tiles in the server's cache.
                for name, ring, top in (("baseline", False, 1500), ("ring", True, 9000)):
                    pans[name] = panning(browser, live, big_id, ring=ring, top=top, pans=args.pans)
            browser.close()
    print()
    print(row("viewer (headless Chromium, omero web start)", "figure", "target"))
    print(row("-" * 52, "-" * 13, "-" * 9))
    if paints:
        warm = statistics.median(paints[1:]) if len(paints) > 1 else float("nan")
        print(row("first paint, 16,384^2 x 3, first open (ms)", f"{paints[0]:.0f}", "< 1000"))
        more = f"first paint, median of {len(paints) - 1} more opens (ms)"
        print(row(more, f"{warm:.0f}", "< 1000"))
    if scrub:
        first = "Z scrubbing 1024^2 x 50 x 3, first pass (planes/s)"
        print(row(first, f"{scrub['cold']:.1f}", ">= 10"))
        print(row("Z scrubbing, second pass (planes/s)", f"{scrub['warm']:.1f}", ">= 10"))
        shown = f"{scrub['drawn']:.0f} of {scrub['asked']:.0f}"
        print(row("slider moved at 10 planes/s for 5 s: planes drawn", shown, "all"))
    if pans:
        ring, base = pans["ring"], pans["baseline"]
        name = f"pan to the next field at 1:1, median of {args.pans} (ms)"
        print(row(name, f"{ring['median']:.0f}", "<= 150"))
        print(row("  the same without prefetching, baseline (ms)", f"{base['median']:.0f}", ""))
        ratio = base["median"] / ring["median"] if ring["median"] else float("inf")
        print(row("  baseline / with the ring prefetched", f"{ratio:.1f}x", ""))
        print(
            row(
                "  slowest pan, with / without (ms)",
                f"{ring['worst']:.0f} / {base['worst']:.0f}",
                "",
            )
        )
    seconds = time.perf_counter() - started
    each = ", ".join(f"{p:.0f}" for p in paints)
    print(f"\n({seconds:.0f} s in the browser; first paints: {each or '-'} ms", end="")
    if pans:
        ring = pans["ring"]
        print(f"; field {ring['field']:.0f} px wide, median dwell {ring['dwell']:.0f} ms)")
    else:
        print(")")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
