"""OMERO.web's ``action/<action>/<type>/<id>/`` (its ``manage_action_containers``),
the chgrp dialog's ``load_chgrp_groups/`` and ``chgrpDryRun/``, ``activities_json/``,
``api/groups/``, ``api/experimenters/<id>/``, ``load_calendar/`` (this month) and
``usertags/``: the JSON and pages plugins and scripts call."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from pyomero.model.access import access_group
from pyomero.model.actions import chgrp_preview
from pyomero.model.context import ALL_GROUPS, EventContext, event_context
from pyomero.model.errors import InputInvalidError, ModelError, ObjectNotFoundError
from pyomero.model.history import logged_activities
from pyomero.model.models import Activity, ActivityKind, ActivityStatus
from pyomero.model.permissions import Action
from pyomero.webclient import omero_containers, omero_people
from pyomero.webclient.omero_targets import lower_case_types
from pyomero.webclient.session import context
from pyomero.webclient.targets import Targets
from pyomero.webclient.views import history, index
from pyomero.webclient.views._common import allow, json_view

#: Dry runs kept in the session until read (OMERO keeps its callbacks there too).
DRY_RUNS = "pyomero_dry_runs"
JOB_NAMES = {
    ActivityKind.DELETE: "Delete",
    ActivityKind.CHGRP: "Change group",
    ActivityKind.CHOWN: "Change owner",
    ActivityKind.EXPORT: "Export",
}
JOB_STATUS = {
    ActivityStatus.RUNNING: "in progress",
    ActivityStatus.DONE: "finished",
    ActivityStatus.FAILED: "failed",
}


def everywhere(request: HttpRequest) -> EventContext:
    """The user in all their groups: the chgrp dialog looks at objects of any of them."""
    return event_context(request.user, ALL_GROUPS)  # type: ignore[arg-type]


def _int(request: HttpRequest, name: str, default: int) -> int:
    value = request.GET.get(name, "")
    if not value:
        return default
    if not value.lstrip("-").isdigit():
        raise InputInvalidError(f"{name} must be a whole number")
    if not -(2**31) <= int(value) < 2**31:  # a page, a limit or an id no database holds
        raise InputInvalidError(f"{name} is out of range")
    return int(value)


def _flag(value: str | None) -> bool:
    return (value or "").lower() in ("on", "true", "1", "yes")


def create(request: HttpRequest, o_type: str | None, o_id: int | None) -> dict[str, Any]:
    """``addnewcontainer``: ``folder_type``, ``name``, ``description``, ``owner``
    (an administrator's or group owner's choice), ``image`` (a new dataset's images)."""
    ctx, form = context(request), request.POST
    owner = form.get("owner", "")
    if owner and not owner.isdigit():
        raise InputInvalidError("owner must be an experimenter id")
    images = [int(i) for part in form.getlist("image") for i in part.split(",") if i.isdigit()]
    created = omero_containers.create_container(
        ctx,
        form.get("folder_type", ""),
        form.get("name", ""),
        form.get("description", ""),
        parent=(o_type, o_id) if o_type and o_id else None,
        owner_id=int(owner) if owner else None,
        image_ids=images,
    )
    return {"bad": "false", "id": created.pk}


@allow("POST")
@json_view
def manage_action_containers(
    request: HttpRequest, action: str, o_type: str | None = None, o_id: str | None = None
) -> dict[str, Any]:
    """``addnewcontainer``, ``savename`` (``name``), ``savedescription``
    (``description``), ``remove`` (an annotation off ``parent``: ``image-1|image-2``)
    and ``delete`` (``child``, ``anns``): ``{"bad": "false", ...}``."""
    ctx, form, object_id = context(request), request.POST, int(o_id) if o_id else None
    if action == "addnewcontainer":
        return create(request, o_type, object_id)
    if o_type is None or object_id is None:
        raise InputInvalidError(f"{action} needs an object: action/{action}/<type>/<id>/")
    if action == "savename":
        omero_containers.rename(ctx, o_type, object_id, form.get("name", ""))
        return {"bad": "false", "o_type": o_type}
    if action == "savedescription":
        omero_containers.describe(ctx, o_type, object_id, form.get("description", ""))
        return {"bad": "false"}
    if action == "remove":
        omero_containers.remove_from(ctx, o_type, object_id, form.get("parent", ""))
        return {"bad": "false"}
    if action == "delete":
        omero_containers.delete_one(
            ctx, o_type, object_id, _flag(form.get("child")), _flag(form.get("anns"))
        )
        return {"bad": "false"}
    raise ObjectNotFoundError("action", action)


@allow("GET")
@json_view
def load_chgrp_groups(request: HttpRequest) -> dict[str, Any]:
    """``?Project=1,2&Dataset=3``: the groups the selection may move to."""
    ctx, data = everywhere(request), lower_case_types(request.GET)
    objects = (
        Targets.parse(data).fetch(ctx)
        if any(t in data for t in ("project", "dataset", "image", "screen", "plate"))
        else []
    )
    return omero_people.chgrp_groups(ctx, objects)


@allow("POST")
@login_required(redirect_field_name="url")
def chgrp_dry_run(request: HttpRequest) -> HttpResponse:
    """``group_id`` and ``Dataset=1,2``...: answers a job id whose outcome
    ``activities_json/?jobId=`` tells (nothing is moved)."""
    ctx = everywhere(request)
    try:
        objects = Targets.parse(lower_case_types(request.POST)).fetch(ctx, Action.CHGRP)
        group_id = request.POST.get("group_id", "")
        if not group_id.isdigit():
            raise InputInvalidError("group_id must be a group id")
        outcome = chgrp_preview(ctx, objects, access_group(ctx, int(group_id)))
    except ModelError as exc:
        return JsonResponse({"message": exc.message, "code": exc.code}, status=exc.status)
    job = f"dryrun-{uuid.uuid4().hex}"
    kept = request.session.get(DRY_RUNS, {})
    request.session[DRY_RUNS] = {**dict(list(kept.items())[-19:]), job: outcome}
    return HttpResponse(job, content_type="text/plain")


def _job(activity: Activity) -> dict[str, Any]:
    found: dict[str, Any] = {
        "job_type": activity.kind,
        "job_name": JOB_NAMES.get(ActivityKind(activity.kind), activity.kind),
        "status": JOB_STATUS.get(ActivityStatus(activity.status), activity.status),
        "error": 1 if activity.status == ActivityStatus.FAILED else 0,
        "start_time": timezone.localtime(activity.created).isoformat(),
        "targets": activity.targets,
    }
    if activity.kind == ActivityKind.CHGRP:
        found["to_group_id"] = activity.group_id
    if activity.kind == ActivityKind.EXPORT:
        _export_job(found, activity)
    if activity.error:
        found["report"] = activity.error
    return found


def _export_job(found: dict[str, Any], activity: Activity) -> None:
    """A figure export as OMERO reports a script's job: ``finished`` whether it
    worked or not, the file it made under ``results.New_Figure``, else a message."""
    if activity.status == ActivityStatus.RUNNING:
        return
    found["status"] = "finished"
    made = activity.detail.get("file_annotation")
    if made is not None:
        found["results"] = {"New_Figure": {"id": made, "type": "FileAnnotation"}}
        found["Message"] = f"Created {activity.detail.get('file_name', 'the figure')}"
    else:
        found["Message"] = activity.error


@allow("GET")
@json_view
def activities_json(request: HttpRequest) -> dict[str, Any]:
    """With ``jobId`` (a dry run): its outcome, ``finished``. Else the user's latest
    deletes, moves and changes of owner keyed by job id, with ``inprogress``,
    ``failure`` and ``jobs`` counts (OMERO's ``activities`` JSON)."""
    job_id = request.GET.get("jobId", "")
    if job_id:
        outcome = request.session.get(DRY_RUNS, {}).get(job_id)
        if outcome is None:
            raise ObjectNotFoundError("job", job_id)
        return {"finished": True, "status": "finished", "error": 0, **outcome}
    ctx = context(request)
    rows = logged_activities(ctx)
    jobs = {f"{row.kind}-{row.pk}": _job(row) for row in rows}
    return {
        **jobs,
        "inprogress": sum(j["status"] == "in progress" for j in jobs.values()),
        "failure": sum(bool(j["error"]) for j in jobs.values()),
        "jobs": len(jobs),
    }


@allow("GET")
@json_view
def api_groups(request: HttpRequest) -> dict[str, Any]:
    """``?member=<id>&page=&limit=``: ``{"groups": [{"id", "name", "perm"}]}``."""
    found = omero_people.groups(
        context(request),
        member_id=_int(request, "member", -1),
        page=_int(request, "page", 1),
        limit=_int(request, "limit", 200) or 200,
    )
    return {"groups": found}


@allow("GET")
@json_view
def api_experimenter(request: HttpRequest, experimenter_id: str) -> dict[str, Any]:
    """``{"experimenter": {"id", "omeName", "firstName", "lastName"}}``; -1: everyone."""
    found = omero_people.experimenter(context(request), int(experimenter_id), "All members")
    return {"experimenter": found}


@allow("GET")
@login_required(redirect_field_name="url")
def load_calendar_now(request: HttpRequest) -> HttpResponse:
    """``load_calendar/``: this month's calendar."""
    today = timezone.localdate()
    return history.load_calendar(request, today.year, today.month)  # type: ignore[no-any-return]


@allow("GET")
@login_required(redirect_field_name="url")
def usertags(request: HttpRequest) -> HttpResponse:
    """OMERO's ``usertags/`` page: the webclient, whose Tags tab browses by tag."""
    return index.index(request)  # type: ignore[no-any-return]
