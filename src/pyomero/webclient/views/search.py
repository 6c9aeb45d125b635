"""``search/``: the search page (form and results); ``load_searching/form/``: the results.

Both answer the same form (``search_form.py``); an htmx request or
``load_searching/form/`` gets the results alone, to swap into the page. The search
runs in all the user's groups, narrowed by ``searchGroup`` (the active group unless
asked otherwise); what the user may not see is never found (``model/search.py``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from pyomero.model.context import ALL_GROUPS
from pyomero.model.errors import InputInvalidError
from pyomero.model.queries import visible_experimenters, visible_groups
from pyomero.model.search import DATATYPES, SearchHit, SearchResults, search
from pyomero.webclient.search_form import ANYONE, SearchForm, parse_search
from pyomero.webclient.session import context
from pyomero.webclient.views._common import allow, is_htmx, show_url

# OMERO type -> the tree's key in ``?show=<key>-<id>``, and the label of the type.
SHOW_KEYS = {
    "Project": "project",
    "Dataset": "dataset",
    "Image": "image",
    "Screen": "screen",
    "Plate": "plate",
    "PlateAcquisition": "acquisition",
}
FIELD_LABELS = {"name": "Names", "description": "Descriptions", "annotation": "Annotations"}
LABELS = {
    "projects": "Projects",
    "datasets": "Datasets",
    "images": "Images",
    "screens": "Screens",
    "plates": "Plates",
    "acquisitions": "Runs",
}


@allow("GET")
@login_required(redirect_field_name="url")
def search_page(request: HttpRequest) -> HttpResponse:
    return _answer(request, results_only=is_htmx(request))


@allow("GET")
@login_required(redirect_field_name="url")
def load_searching(request: HttpRequest) -> HttpResponse:
    return _answer(request, results_only=True)


def _answer(request: HttpRequest, *, results_only: bool) -> HttpResponse:
    ctx = context(request)
    error, form, results, status = "", None, None, 200
    try:
        form = parse_search(request.GET, ctx)
        if form.asked:
            results = search(ctx.in_group(None), form.query())
    except InputInvalidError as exc:
        error, status = exc.message, exc.status
    page = {
        "error": error,
        "form": form,
        "results": results,
        "rows": [_row(hit) for hit in results.hits] if results else [],
        "pages": _pages(request, results),
    }
    if results_only:
        return render(request, "webclient/search_results.html", page, status=status)
    all_groups = visible_groups(ctx).exclude(pk__in=ctx.system_group_ids)
    page.update(
        ctx=ctx,
        groups=all_groups,
        members=visible_experimenters(ctx),
        datatypes=[(d, LABELS[d]) for d in DATATYPES],
        fields=list(FIELD_LABELS.items()),
        all_groups=ALL_GROUPS,
        anyone=ANYONE,
        shown=form or _blank(ctx.group_id),
    )
    return render(request, "webclient/search.html", page, status=status)


def _blank(group_id: int | None) -> SearchForm:
    group = ALL_GROUPS if group_id is None else group_id
    return SearchForm("", (), (), ANYONE, group, None, None, 1)


def _row(hit: SearchHit) -> dict[str, Any]:
    key = SHOW_KEYS[hit.obj_type]
    return {"hit": hit, "key": key, "url": show_url(key, hit.obj_id)}


def _pages(request: HttpRequest, results: SearchResults | None) -> dict[str, str]:
    """Links to the previous and next pages, keeping the other parameters."""
    if results is None:
        return {}
    links = {}
    for name, number in (("previous", results.query.page - 1), ("next", results.query.page + 1)):
        if 1 <= number <= results.pages:
            params = request.GET.copy()
            params["page"] = str(number)
            links[name] = reverse("search") + "?" + params.urlencode()
    return links
