"""The migrations match the models, on whichever database the suite runs."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


def test_it_has_no_missing_migrations(db: None) -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "model", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"models and migrations differ:\n{out.getvalue()}")
