"""Configuration: the registry of ``omero.*`` keys and the config store. Pure."""

from pyomero.conf import paths
from pyomero.conf.config import Config, load_config, store_for
from pyomero.conf.errors import (
    ConfigError,
    ConfigListError,
    ConfigLockError,
    ConfigNameError,
    ConfigStoreError,
    ConfigValueError,
    DuplicatePropertyError,
    UnknownKeyError,
)
from pyomero.conf.keys import Key, Section
from pyomero.conf.registry import KEYS, REGISTRY, SECTIONS, validate
from pyomero.conf.store import ConfigStore

__all__ = [
    "KEYS",
    "REGISTRY",
    "SECTIONS",
    "Config",
    "ConfigError",
    "ConfigListError",
    "ConfigLockError",
    "ConfigNameError",
    "ConfigStore",
    "ConfigStoreError",
    "ConfigValueError",
    "DuplicatePropertyError",
    "Key",
    "Section",
    "UnknownKeyError",
    "load_config",
    "paths",
    "store_for",
    "validate",
]
