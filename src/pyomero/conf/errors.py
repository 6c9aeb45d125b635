"""The errors of the configuration package, each with a stable code and a one-line message."""

from __future__ import annotations


class ConfigError(Exception):
    """Base of every configuration error; ``str()`` is one line for a person."""

    code = "config_error"


class ConfigValueError(ConfigError, ValueError):
    """A value that does not parse for its key (also a ``ValueError``)."""

    code = "invalid_value"

    def __init__(self, name: str, value: str, expected: str) -> None:
        super().__init__(f"invalid value {_shown(value)} for {name}: expected {expected}")
        self.name = name
        self.value = value
        self.expected = expected


class ConfigNameError(ConfigError):
    """A property name OMERO would refuse (characters outside ``A-Za-z0-9._-``)."""

    code = "illegal_name"

    def __init__(self, name: str) -> None:
        super().__init__(f"illegal property name: {name!r}")
        self.name = name


class UnknownKeyError(ConfigError):
    """A name in a namespace pyomero owns (``omero.web.*``, ``omero.db.*``) that is not a key."""

    code = "unknown_key"

    def __init__(self, name: str, suggestion: str | None) -> None:
        hint = f"did you mean {suggestion}?" if suggestion else "see `omero config keys --all`"
        super().__init__(f"unknown key {name} ({hint})")
        self.name = name
        self.suggestion = suggestion


class ConfigStoreError(ConfigError):
    """The config file cannot be read or written."""

    code = "store_error"


class ConfigLockError(ConfigStoreError):
    """Another process held the config file lock for too long."""

    code = "lock_timeout"


def _shown(value: str, limit: int = 60) -> str:
    """``repr`` of a value, shortened, so that a message stays on one line."""
    if len(value) > limit:
        return repr(value[:limit]) + "..."
    return repr(value)


class ConfigListError(ConfigError):
    """``append``/``remove`` on a value that is not a JSON list, or lacks the item."""

    code = "not_a_list"


class DuplicatePropertyError(ConfigError):
    """``load`` would silently change a value that is already set (use ``-q``)."""

    code = "duplicate_property"

    def __init__(self, name: str, old: str, new: str) -> None:
        super().__init__(
            f"duplicate property: {name} ({_shown(old)} => {_shown(new)}); use -q to overwrite"
        )
        self.name = name
