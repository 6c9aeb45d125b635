"""The model's errors: each carries its HTTP status and a stable code.

One place (the web layer) turns them into responses; the CLI prints the message.
An object the caller may not see is answered with :class:`ObjectNotFoundError`,
exactly as if it did not exist.
"""

from __future__ import annotations

import re


class ModelError(Exception):
    """Base of the model's errors."""

    status = 400
    code = "model_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ObjectNotFoundError(ModelError):
    """Missing, or not visible to the caller: the two look the same."""

    status = 404
    code = "not_found"

    def __init__(self, omero_type: str, object_id: object) -> None:
        super().__init__(f"{omero_type} {object_id} not found")
        self.omero_type = omero_type
        self.object_id = object_id


class ActionForbiddenError(ModelError):
    """The caller can see the object but may not do this with it."""

    status = 403
    code = "forbidden"


class InputInvalidError(ModelError):
    """A value the model refuses (an unknown permission level, an empty name, ...)."""

    status = 400
    code = "invalid"


class NameTakenError(ModelError):
    """A login name or group name that already exists."""

    status = 409
    code = "name_taken"


class PermissionsChangeRefusedError(ModelError):
    """Lowering a group's level would drop links that other users made."""

    status = 409
    code = "permissions_change_refused"


_SERVER_PATH = re.compile(r"""(?<![\w.:/])(?:file://)?/(?:[^\s/'"()\[\]]+/)+([^\s/'"()\[\]:,;]*)""")


def without_paths(message: str) -> str:
    """``message`` for a user: every absolute path on the server cut to its last part.

    Errors of imports name the files they failed on; where the server keeps them
    (uploads, the repository, $OMERODIR) is none of the user's business, and a path
    tells an attacker how the server is laid out.
    """
    return _SERVER_PATH.sub(lambda found: found[1] or "(a folder)", message)
