"""``su/<user>/``: an administrator with the Sudo privilege continues as another user.

GET answers a small form asking to confirm; POST switches the session to that user and
answers ``true`` (OMERO.web's ``webgateway.views.su``). An administrator never becomes
one holding privileges they lack (see :func:`pyomero.model.permissions.outranks`).
"""

from __future__ import annotations

from django.contrib import auth
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from pyomero.model.access import access_experimenter
from pyomero.model.context import event_context
from pyomero.model.errors import ActionForbiddenError, ObjectNotFoundError
from pyomero.model.models import AdminPrivilege
from pyomero.model.permissions import outranks
from pyomero.webgateway.views._common import context, json_view

FORM = (
    '<!DOCTYPE html><html><body><form method="post" action="{}">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
    '<input type="submit" value="Do you want to su to {}"></form></body></html>'
)


@json_view
@require_http_methods(["GET", "POST"])
def su(request: HttpRequest, user: str) -> HttpResponse | bool:
    ctx = context(request)
    if not ctx.has_privilege(AdminPrivilege.SUDO):
        raise ActionForbiddenError("Only an administrator with the Sudo privilege may su.")
    target = access_experimenter(ctx, user)
    if not target.is_active:
        raise ObjectNotFoundError("Experimenter", user)
    if outranks(ctx, target.pk, event_context(target).admin_privileges):
        raise ActionForbiddenError(f"{user} holds privileges you lack: you may not su to them.")
    if request.method == "GET":
        url = reverse("webgateway:webgateway_su", args=[user])
        return HttpResponse(format_html(FORM, url, get_token(request), user))
    auth.login(request, target, backend=_backend(request))
    return True


def _backend(request: HttpRequest) -> str | None:
    """The sign-in backend the administrator used (the session remembers it)."""
    return request.session.get(auth.BACKEND_SESSION_KEY)
