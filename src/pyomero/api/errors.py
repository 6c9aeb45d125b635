"""The API's errors, and the one table that turns any error into a status and a message.

Every error response is ``{"message": "..."}`` with the status of the error, as in
OMERO.web. The model's errors carry their own status (404 for what the user may
not see, 403 for what they see but may not change, 400 for refused input), and so
do the imaging and rendering errors of the extensions (400 for bad settings, 404
for an image without pixels).
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import DataError

from pyomero.imaging import ImagingError
from pyomero.model.errors import ModelError
from pyomero.rendering import RenderingError


class ApiError(Exception):
    """Base of the API's errors."""

    status = 400
    code = "api_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequestError(ApiError):
    """A query parameter or a JSON body the API cannot use."""

    status = 400
    code = "bad_request"


class NotLoggedInError(ApiError):
    """The request has no signed-in user: 403 with JSON, never a redirect."""

    status = 403
    code = "not_logged_in"

    def __init__(self, message: str = "Not logged in") -> None:
        super().__init__(message)


class CsrfFailedError(ApiError):
    """A POST, PUT or DELETE without a valid CSRF token."""

    status = 403
    code = "csrf_failed"


class LoginFailedError(ApiError):
    """Wrong credentials, or a login form with missing fields."""

    status = 403
    code = "login_failed"


class NotFoundError(ApiError):
    """A URL the API does not have."""

    status = 404
    code = "not_found"


class MethodNotSupportedError(ApiError):
    """A method the URL does not take, or a type that cannot be created, updated, deleted."""

    status = 405
    code = "method_not_allowed"

    def __init__(self, message: str, allow: str = "") -> None:
        super().__init__(message)
        self.allow = allow  # the methods the URL takes, for the Allow header


def status_and_message(error: Exception) -> tuple[int, str] | None:
    """The status and message of an error the API expects; None for a bug (500)."""
    if isinstance(error, ApiError | ModelError | RenderingError | ImagingError):
        return error.status, error.message
    if isinstance(error, RequestDataTooBig):
        return 413, "The request body is larger than this server accepts."
    if isinstance(error, OverflowError | DataError):  # beyond the database's numbers
        return 400, "A number in the request is beyond what the server can store or look up."
    if isinstance(error, SuspiciousOperation):  # too many fields, a bad multipart body
        return 400, f"Bad request: {error}"
    return None
