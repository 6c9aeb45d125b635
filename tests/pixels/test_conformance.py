"""Every file of the corpus, read by pyomero through the reader it chooses by default,
equals Bio-Formats' own reading of it (src/pyomero/testing/conformance.py says what is
compared). Every other reader that claims a corpus file is checked too: a native reader
becomes a format's default (``DEFAULT_FOR_SUFFIX``) once it passes on every corpus file
of that format; until then its differences are reported as expected failures.

One format: ``pytest tests/pixels/test_conformance.py -k czi`` (the folder names of
``../shared/samples``: czi, lif, nd2, oib, dv, mrc, ims, svs, qptiff, dicom, phenix...).
The table (file, reader, images, verdict) is printed at the end of the run.
"""

from __future__ import annotations

import os

import pytest

from pyomero.pixels import PixelsError, default_registry
from pyomero.testing import conformance, corpus

pytestmark = pytest.mark.slow

FILES = corpus.manifest()
REGISTRY = default_registry()

#: Corpus files pyomero cannot match yet, with the reason (an open follow-up each).
KNOWN: dict[str, str] = {}


def _cases() -> list[tuple[corpus.CorpusFile, str]]:
    cases = []
    for item in FILES:
        path = corpus.import_path(item)
        claimed = REGISTRY.candidates(path) if path.exists() else []
        names = [r.format_name for r in claimed] or ["bioformats"]
        cases.extend((item, name) for name in names)
    return cases


CASES = _cases()


@pytest.fixture(scope="session")
def fetched() -> None:
    """The PyPI rows, fetched into the cache once per session."""
    if not FILES:
        return
    problem = corpus.fetch()
    if problem is not None and os.environ.get("CI") == "true":
        pytest.fail(f"the PyPI samples could not be fetched under CI: {problem}")


def _path(item: corpus.CorpusFile) -> os.PathLike[str]:
    path = corpus.import_path(item)
    if not path.exists():
        reason = f"{item.id} is absent ({path}); run ../shared/samples/fetch-pypi-samples"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def _bioformats(
    path: os.PathLike[str], cache: dict[str, conformance.Reading]
) -> conformance.Reading:
    key = os.fspath(path)
    if key not in cache:
        cache[key] = conformance.bioformats_reading(path)  # type: ignore[arg-type]
    return cache[key]


@pytest.fixture(scope="module")
def oracle() -> dict[str, conformance.Reading]:
    return {}


@pytest.mark.skipif(not FILES, reason="../shared/samples (the corpus) is absent")
@pytest.mark.parametrize(
    ("item", "reader"), CASES, ids=[f"{item.id}-{reader}" for item, reader in CASES]
)
def test_pyomero_reads_the_file_as_bioformats_does(
    fetched: None, oracle: dict[str, conformance.Reading], item: corpus.CorpusFile, reader: str
) -> None:
    path = _path(item)
    expected = _bioformats(path, oracle)
    default = REGISTRY.choose(path).format_name == reader
    try:
        found = conformance.pyomero_reading(path, REGISTRY, reader)  # type: ignore[arg-type]
        problems = conformance.differences(expected, found)
        images = len(found.images)
    except PixelsError as exc:
        problems, images = [f"cannot read it: {exc.cause}"], 0
    verdict = conformance.Verdict(item.id, reader, images, tuple(problems), default)
    conformance.RESULTS.append(verdict)
    if not problems:
        if default and item.id in KNOWN:
            pytest.fail(f"{item.id} passes now: remove it from KNOWN")
        return
    if item.id in KNOWN:
        pytest.xfail(KNOWN[item.id])
    if not default:
        pytest.xfail(f"{reader} is not the default for this file: " + "; ".join(problems))
    pytest.fail(f"{item.id} through {reader}: " + "; ".join(problems))
