"""The config store: ``$OMERODIR/etc/grid/config.xml`` in OMERO's format.

The file is the one OMERO's ``omero.config.ConfigXml`` reads and writes::

    <icegrid><!-- generated ... -->
      <properties id="__ACTIVE__">              the active profile's name, the
        <property name="omero.config.profile" value="default" />   format version,
        <property name="omero.config.version" value="5.1.0" />     and a copy of
        <property name="omero.web.prefix" value="/omero" />        its properties
      </properties>
      <properties id="default">                 one block per profile
        <property name="omero.config.version" value="5.1.0" />
        <property name="omero.web.prefix" value="/omero" />
      </properties>
      <include file="templates.xml" />
    </icegrid>

(written on one line and without an XML declaration, byte for byte as OMERO's
Python 3 ``ElementTree`` writes it). ``$OMERO_CONFIG`` selects another
profile to read and write without changing the active one, as in OMERO.

Writers take ``config.xml.lock`` (an ``flock``, the lock OMERO's own
``portalocker`` takes), read the file afresh, change it and replace it
atomically (temporary file, fsync, ``os.replace``); readers take no lock and
always see a whole file. So concurrent ``omero config set`` commands all land.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import filelock

from pyomero.conf.errors import ConfigLockError, ConfigStoreError

INTERNAL = "__ACTIVE__"
PROFILE_KEY = "omero.config.profile"
VERSION_KEY = "omero.config.version"
VERSION = "5.1.0"
IGNORE = (VERSION_KEY, PROFILE_KEY)
DEFAULT_PROFILE = "default"
LOCK_TIMEOUT = 30.0
NEW_FILE_MODE = 0o600  # the file may hold database and mail passwords

_COMMENT = (
    "\n\n"
    "\tThis file was generated at {when} by the OmeroConfig system.\n"
    "\tDo not edit directly but see `omero config` for details.\n"
    "\tThis file may be included into your IceGrid application.\n"
    "\n"
)


@dataclass
class ConfigDocument:
    """The content of a config.xml: the active profile's name and every profile.

    Each profile maps property names to values in file order, including its
    ``omero.config.version`` entry.
    """

    active: str = DEFAULT_PROFILE
    profiles: dict[str, dict[str, str]] = field(default_factory=dict)

    def properties(self, profile: str) -> dict[str, str]:
        """The properties of ``profile`` without the internal ones."""
        stored = self.profiles.get(profile, {})
        return {name: value for name, value in stored.items() if name not in IGNORE}

    def replace(self, profile: str, properties: dict[str, str]) -> None:
        """Make ``properties`` the content of ``profile``, keeping the order of kept names."""
        current = self.profiles.get(profile, {VERSION_KEY: VERSION})
        merged = {
            name: (value if name in IGNORE else properties[name])
            for name, value in current.items()
            if name in IGNORE or name in properties
        }
        for name, value in properties.items():
            merged.setdefault(name, value)
        self.profiles[profile] = merged


def parse(text: bytes | str) -> ConfigDocument:
    """Read a config.xml; an empty file is an empty configuration."""
    if not text.strip():
        return ConfigDocument()
    root = ET.fromstring(text)
    if root.tag != "icegrid":
        raise ValueError(f"the root element is <{root.tag}>, not <icegrid>")
    document = ConfigDocument()
    for block in root.findall("./properties"):
        properties = {
            element.attrib["name"]: element.attrib.get("value", "")
            for element in block.findall("./property")
            if "name" in element.attrib
        }
        profile = block.attrib.get("id", "")
        if profile == INTERNAL:
            document.active = properties.get(PROFILE_KEY) or DEFAULT_PROFILE
        elif profile:
            document.profiles[profile] = properties
    return document


def render(document: ConfigDocument, when: str | None = None) -> bytes:
    """The bytes OMERO's ``ConfigXml.save()`` writes for ``document``."""
    icegrid = ET.Element("icegrid")
    icegrid.append(ET.Comment(_COMMENT.format(when=when or time.ctime())))
    internal = ET.SubElement(icegrid, "properties", id=INTERNAL)
    ET.SubElement(internal, "property", name=PROFILE_KEY, value=document.active)
    ET.SubElement(internal, "property", name=VERSION_KEY, value=VERSION)
    for name, value in document.properties(document.active).items():
        ET.SubElement(internal, "property", name=name, value=value)
    profiles = dict(document.profiles)
    profiles.setdefault(document.active, {VERSION_KEY: VERSION})
    for profile, properties in profiles.items():
        block = ET.SubElement(icegrid, "properties", id=profile)
        for name, value in properties.items():
            ET.SubElement(block, "property", name=name, value=value)
    ET.SubElement(icegrid, "include", file="templates.xml")
    out = io.BytesIO()
    ET.ElementTree(icegrid).write(out, encoding="UTF-8")
    return out.getvalue()


class ConfigStore:
    """One config.xml file; ``profile`` overrides ``$OMERO_CONFIG`` and the active profile."""

    def __init__(
        self, path: Path, profile: str | None = None, lock_timeout: float = LOCK_TIMEOUT
    ) -> None:
        self.path = Path(path)
        self._profile = profile
        self.lock_timeout = lock_timeout

    # Reading (no lock: writers replace the file atomically).

    def load(self) -> ConfigDocument:
        try:
            text = self.path.read_bytes()
        except FileNotFoundError:
            return ConfigDocument(active=self._override() or DEFAULT_PROFILE)
        except OSError as exc:
            raise ConfigStoreError(f"cannot read {self.path}: {exc.strerror}") from None
        try:
            return parse(text)
        except (ET.ParseError, ValueError) as exc:
            raise ConfigStoreError(f"cannot read {self.path}: {exc}") from None

    def profile(self, document: ConfigDocument | None = None) -> str:
        """The profile read and written: explicit, else $OMERO_CONFIG, else the active one."""
        return self._override() or (document or self.load()).active

    def read(self) -> dict[str, str]:
        """The properties of the selected profile (without the internal ones)."""
        document = self.load()
        return document.properties(self.profile(document))

    def profiles(self) -> list[str]:
        return list(self.load().profiles)

    # Writing (under the lock, from a fresh read).

    @contextlib.contextmanager
    def transaction(self) -> Iterator[ConfigDocument]:
        """Lock, read, let the caller change the document, write it if it changed.

        An exception inside the block leaves the file untouched.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(f"{self.path}.lock", timeout=self.lock_timeout)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise ConfigLockError(
                f"could not lock {self.path} within {self.lock_timeout:g} s"
            ) from None
        try:
            document = self.load()
            before = copy.deepcopy(document)
            yield document
            if document != before or not self.path.exists():
                self._write(render(document))
        finally:
            lock.release()

    def update(self, change: Callable[[dict[str, str]], None]) -> dict[str, str]:
        """Apply ``change`` to the selected profile's properties; return them."""
        with self.transaction() as document:
            profile = self.profile(document)
            properties = document.properties(profile)
            change(properties)
            document.replace(profile, properties)
        return properties

    def set(self, name: str, value: str) -> None:
        def change(properties: dict[str, str]) -> None:
            properties[name] = value

        self.update(change)

    def unset(self, name: str) -> None:
        def change(properties: dict[str, str]) -> None:
            properties.pop(name, None)

        self.update(change)

    def set_active(self, profile: str) -> None:
        """Make ``profile`` the active one (OMERO's ``config def NAME``)."""
        with self.transaction() as document:
            document.active = profile
            document.profiles.setdefault(profile, {VERSION_KEY: VERSION})

    def drop(self, profile: str) -> bool:
        """Remove a profile; False when there was none of that name."""
        with self.transaction() as document:
            return document.profiles.pop(profile, None) is not None

    def _override(self) -> str | None:
        return self._profile or os.environ.get("OMERO_CONFIG") or None

    def _write(self, data: bytes) -> None:
        try:
            mode = self.path.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = NEW_FILE_MODE
        fd, temp = tempfile.mkstemp(prefix=".config.xml.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, mode)
            os.replace(temp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
            raise
