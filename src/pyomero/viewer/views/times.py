"""``<iid>/delta_t/``: the time stamp of each T index, for the viewer's player."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.views.decorators.http import require_safe

from pyomero.imaging.viewer_info import delta_t as time_stamps
from pyomero.viewer.views._json import context, json_view


@json_view
@require_safe
def delta_t(request: HttpRequest, iid: int) -> Any:
    """``{"delta_t": [seconds, ...], "delta_t_unit_symbol": "s" or null}``."""
    return time_stamps(context(request), iid)
