"""What a directory answers when it cannot help; apart from the client, so that code
catching them (sign-in, the CLI) does not load the LDAP library before it is used."""

from __future__ import annotations

from pyomero.model.errors import ModelError

__all__ = ["DirectoryError", "DirectoryUnavailableError"]


class DirectoryError(ModelError):
    """The directory could not answer usefully (a bad filter, a referral refused...);
    a model error, so that the API, the CLI and the views report it as such."""

    status = 503
    code = "directory_unavailable"


class DirectoryUnavailableError(DirectoryError):
    """No server of ``omero.ldap.urls`` could be reached (or trusted, or bound to)."""
