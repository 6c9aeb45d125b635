"""The rendering layer is pure: importing it imports no Django."""

from __future__ import annotations

import subprocess
import sys


def test_it_imports_no_django():
    code = "import sys, pyomero.rendering; print(any(m.startswith('django') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
