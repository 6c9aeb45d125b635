"""Headless Debian Chromium driven by Playwright, for the browser tests.

Playwright never downloads a browser here: it launches ``/usr/bin/chromium`` with
the flags a root sandbox needs. Without Playwright, Chromium or the front-end
bundle a test is skipped with the reason, except under ``CI=true`` where it fails.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[3]
#: How long an action or an ``expect`` waits for its condition, in milliseconds.
WAIT_MS = 30_000
ARTEFACTS = REPO / "test-artefacts"


def missing(bundle: Path) -> str:
    """Why a browser test cannot run, or "" when it can."""
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if not bundle.exists():
        return f"the front-end is not built ({bundle.name}): run scripts/build-frontend"
    return ""


def require(bundle: Path) -> None:
    """Skip the test when it cannot run; under CI=true fail instead."""
    reason = missing(bundle)
    if reason and os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {reason}")
    if reason:
        pytest.skip(reason)


@contextmanager
def chromium_page() -> Iterator[Any]:
    """A fresh page at 1280 x 800 in a new headless Chromium."""
    from playwright.sync_api import expect, sync_playwright

    # Generous waits: CI runs the suite's passes side by side on two cores, where a
    # page under a loaded server can take seconds to settle. A wait ends as soon as
    # its condition holds, so a healthy page costs nothing more.
    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.set_default_timeout(WAIT_MS)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def sign_in(page: Any, url: str, user: str, password: str) -> None:
    """Open ``url`` (a login page, or a page that leads to one), fill in the form and
    press "Sign in"."""
    page.goto(url)
    page.get_by_label("Username").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def screenshot(page: Any, folder: str, name: str, *, full_page: bool = False) -> None:
    """Save ``test-artefacts/<folder>/<name>.png`` (CI keeps the folder)."""
    target = ARTEFACTS / folder
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / f"{name}.png"), full_page=full_page)


AXE = REPO / "node_modules/axe-core/axe.min.js"
#: The axe-core rule tags of WCAG 2.1 level AA (A and AA, 2.0 and 2.1).
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def require_axe() -> None:
    """Skip (fail under CI=true) when axe-core is not installed from npm."""
    require(AXE)


def axe_violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.1 AA violations on the page as it is now, one line per element
    ("rule: selector: help"). axe is evaluated through the DevTools protocol, so that a
    Content-Security-Policy without inline scripts does not block it."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    return [
        f"{rule['id']}: {' '.join(map(str, node['target']))}: {rule['help']}"
        for rule in result["violations"]
        for node in rule["nodes"]
    ]
