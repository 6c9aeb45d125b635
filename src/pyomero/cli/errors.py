"""The one error a CLI command raises: a one-line message and an exit code."""


class CommandError(Exception):
    """Printed as one line on stderr; the process exits with `code`."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code
