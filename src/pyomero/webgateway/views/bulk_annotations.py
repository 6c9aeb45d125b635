"""``annotations/<objtype>/<objid>/``: the bulk annotations (OMERO.tables) of an object."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.views.decorators.http import require_safe

from pyomero.webgateway.bulk import bulk_annotations
from pyomero.webgateway.views._common import context, json_view


@json_view
@require_safe
def bulk_file_annotations(request: HttpRequest, objtype: str, objid: str) -> Any:
    return bulk_annotations(context(request), objtype, int(objid))
