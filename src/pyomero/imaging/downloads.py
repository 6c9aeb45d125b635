"""Downloads of originals: the files an image's fileset was imported from.

An image's originals are the :class:`~pyomero.model.models.OriginalFile` rows of its
fileset, kept byte for byte under ``<repo>/<path><name>`` of ``omero.data.dir`` or of
the object store they were imported to (``omero.data.store_url``). Who may
download them is ``omero.policy.binary_access`` (``+read``: anyone who sees the image,
``+write``: those who may edit it, ``-image``: nobody). Several files are offered as
one zip, refused above ``omero.web.maximum_multifile_download_size``.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypedDict

from django.conf import settings

from pyomero.imaging.errors import ImagingError
from pyomero.model import storage
from pyomero.model.access import access_image, access_well
from pyomero.model.context import EventContext
from pyomero.model.models import FilesetEntry, Image, OriginalFile, WellSample
from pyomero.model.permissions import Action, can, details_of
from pyomero.model.storage import StoredBytes

log = logging.getLogger(__name__)


class DownloadRefusedError(ImagingError):
    """The files exist and are visible, but may not be downloaded (policy, size)."""

    status = 403
    code = "download_refused"


class NoOriginalFilesError(ImagingError):
    """The image has no archived originals (made by hand, or its fileset is gone)."""

    status = 404
    code = "no_original_files"


class OriginalFileMissingError(ImagingError):
    """The database lists an original whose bytes are not in the repository (lost,
    moved, or a data directory not shared with this host): a fault of the server."""

    status = 500
    code = "original_file_missing"


@dataclass(frozen=True)
class ArchivedFile:
    """One original: its file name, where its bytes are, its size in bytes."""

    name: str
    location: StoredBytes
    size: int


@dataclass(frozen=True)
class Archive:
    """What a download of an image's originals sends: one file as is, or a zip."""

    name: str
    files: tuple[ArchivedFile, ...]

    @property
    def zipped(self) -> bool:
        return len(self.files) > 1

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


class FilePaths(TypedDict):
    repo: list[str]
    client: list[str]


def _entries(image: Image) -> list[FilesetEntry]:
    if image.fileset_id is None:
        return []
    return list(
        FilesetEntry.objects.filter(fileset_id=image.fileset_id)
        .select_related("original_file")
        .order_by("index")
    )


def original_file_paths(ctx: EventContext, image_id: object) -> FilePaths:
    """OMERO's ``{"repo": [paths in the repository], "client": [paths as imported]}``."""
    image = access_image(ctx, image_id)
    entries = _entries(image)
    return {
        "repo": [e.original_file.path + e.original_file.name for e in entries],
        "client": [e.client_path for e in entries],
    }


def check_binary_access(ctx: EventContext, image: Image) -> None:
    """Raise :class:`DownloadRefusedError` unless ``omero.policy.binary_access`` allows."""
    policy = set(settings.OMERO_CONFIG["omero.policy.binary_access"])
    if "-image" in policy:
        raise DownloadRefusedError("Downloading images is disabled on this server.")
    if "-read" in policy and not ("+write" in policy and can(ctx, Action.EDIT, details_of(image))):
        raise DownloadRefusedError(f"You may not download the files of Image {image.pk}.")


def _location(file: OriginalFile) -> StoredBytes:
    location = storage.bytes_of(file)
    if location is None:
        raise NoOriginalFilesError(f"the original file {file.name!r} is outside its repository")
    return location


def archived_files(ctx: EventContext, image_id: object, zip_name: str = "") -> Archive:
    """The originals of the image's fileset, checked against policy and size limit."""
    return archived_files_of(ctx, [image_id], zip_name)


def well_images(ctx: EventContext, well_ids: list[int], index: int = 0) -> list[int]:
    """The image of field ``index`` of each well (OMERO's ``?well=1&index=0``)."""
    found = []
    for well_id in well_ids:
        well = access_well(ctx, well_id)
        sample = WellSample.objects.filter(well=well, index=index).first()
        if sample is None:
            raise NoOriginalFilesError(f"Well {well.pk} has no field {index}.")
        found.append(sample.image.pk)
    return found


def archived_files_of(ctx: EventContext, image_ids: list[object], zip_name: str = "") -> Archive:
    """The originals of the images' filesets (each file once), checked against policy
    and size limit: one file as is, several as a zip named ``zip_name`` (else after
    the first image)."""
    if not image_ids:
        raise NoOriginalFilesError("No images or wells specified: use ?image=123 or ?well=123")
    images = [access_image(ctx, image_id) for image_id in image_ids]
    for image in images:
        check_binary_access(ctx, image)
    seen: set[int] = set()
    files = []
    for image in images:
        for e in _entries(image):
            if e.original_file.pk in seen:
                continue
            seen.add(e.original_file.pk)
            of = e.original_file
            files.append(ArchivedFile(of.name, _location(of), of.size or 0))
    if not files:
        named = ", ".join(str(i.pk) for i in images)
        raise NoOriginalFilesError(f"Image {named} has no archived files.")
    _check_stored(images[0], tuple(files))
    if len(files) == 1:
        return Archive(files[0].name, tuple(files))
    archive = Archive((zip_name or images[0].name) + ".zip", tuple(files))
    limit = int(settings.OMERO_CONFIG["omero.web.maximum_multifile_download_size"])
    if archive.size > limit:
        message = (
            f"Total size of files {archive.size} is larger than {limit}. "
            "Try requesting fewer files."
        )
        raise DownloadRefusedError(message)
    return archive


def _check_stored(image: Image, files: tuple[ArchivedFile, ...]) -> None:
    """Refuse before the first byte is sent (a stream cut short looks like a download)
    if a file is missing or not the size recorded at import."""
    for file in files:
        try:
            size = file.location.size()
        except OSError:
            size = None
        if size != file.size:
            state = "missing" if size is None else f"{size} bytes, not {file.size}"
            log.error("Image:%s: original %s is %s", image.pk, file.location.url, state)
            raise OriginalFileMissingError(
                f"The original file {file.name!r} of Image {image.pk} is missing or damaged "
                "on the server; please tell its administrator (omero admin check lists such "
                "files)."
            )


def chunk_size() -> int:
    return int(settings.OMERO_CONFIG["omero.web.chunk_size"])


def file_chunks(location: StoredBytes, size: int) -> Iterator[bytes]:
    """The bytes of one file, ``size`` at a time."""
    with location.open() as stream:
        while chunk := stream.read(size):
            yield chunk


class _Pipe:
    """A write-only, unseekable stream whose written bytes are taken out as they come."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.offset = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self.offset

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def zip_stream(members: Iterator[tuple[str, Iterator[bytes]]]) -> Iterator[bytes]:
    """A zip of ``(name, chunks)`` members, produced as it is written (stored, ZIP64).

    Files already compressed (most image formats) gain nothing from deflate; storing
    keeps the download as fast as reading the files.
    """
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:  # type: ignore[call-overload]
        seen: set[str] = set()
        for name, chunks in members:
            unique = _unique(name, seen)
            with archive.open(unique, "w", force_zip64=True) as member:
                for chunk in chunks:
                    member.write(chunk)
                    if pipe.parts:
                        yield pipe.take()
            if pipe.parts:
                yield pipe.take()
    yield pipe.take()


def _unique(name: str, seen: set[str]) -> str:
    stem, dot, suffix = name.rpartition(".")
    candidate, n = name, 1
    while candidate in seen:
        candidate = f"{stem} ({n}).{suffix}" if dot else f"{name} ({n})"
        n += 1
    seen.add(candidate)
    return candidate


def archive_chunks(archive: Archive) -> Iterator[bytes]:
    """The bytes of the download: the one file, or the zip of them all."""
    size = chunk_size()
    if not archive.zipped:
        return file_chunks(archive.files[0].location, size)
    return zip_stream((f.name, file_chunks(f.location, size)) for f in archive.files)
