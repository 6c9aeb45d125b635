"""Downloads: ``archived_files`` (the originals), ``download_as`` (rendered images),
``render_ome_tiff`` (OME-TIFF export) and ``original_file_paths``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_safe

from pyomero.imaging import downloads, export
from pyomero.rendering import InvalidParameterError, parse_format
from pyomero.webgateway.views._common import context, ids, image_view, json_view, number

#: OMERO's content type of downloads, so that browsers save rather than show them.
FORCE_DOWNLOAD = "application/force-download"


def attachment(response: HttpResponseBase, name: str, size: int | None = None) -> HttpResponseBase:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    if size is not None:
        response["Content-Length"] = str(size)
    return response


@image_view
@require_safe
def archived_files(request: HttpRequest, iid: str | None = None) -> HttpResponseBase:
    """``archived_files/download/<iid>/``, or OMERO's ``?image=1&image=2`` and
    ``?well=3&index=0`` (the originals of several images, as one zip)."""
    ctx = context(request)
    if iid is not None:
        wanted = [int(iid)]
    elif request.GET.getlist("image"):
        wanted = ids(request.GET.getlist("image"), "image")
    elif request.GET.getlist("well"):
        index = number(request.GET.get("index"), "index", 0) or 0
        wanted = downloads.well_images(ctx, ids(request.GET.getlist("well"), "well"), index)
    else:
        message = "No images or wells specified: use ?image=123 or ?well=123"
        raise InvalidParameterError(message, parameter="image")
    archive = downloads.archived_files_of(ctx, list(wanted), request.GET.get("zipname", ""))
    response = StreamingHttpResponse(downloads.archive_chunks(archive), content_type=FORCE_DOWNLOAD)
    return attachment(response, archive.name, None if archive.zipped else archive.size)


@image_view
@require_safe
def download_as(request: HttpRequest, iid: str | None = None) -> HttpResponseBase:
    fmt = parse_format(request.GET.get("format") or "png")
    wanted = [int(iid)] if iid else ids(request.GET.getlist("image"), "image")
    if not wanted:
        raise InvalidParameterError("No images specified: use ?image=123", parameter="image")
    files = export.rendered_images(context(request), wanted, fmt)
    if len(files) == 1:
        name, body = files[0]
        return attachment(HttpResponse(body, content_type=fmt.content_type), name, len(body))
    name = export.file_name(request.GET.get("zipname") or "Export_as_" + fmt.extension, "zip")
    chunks = downloads.zip_stream((n, iter([body])) for n, body in files)
    return attachment(StreamingHttpResponse(chunks, content_type="application/zip"), name)


@image_view
@require_safe
def render_ome_tiff(request: HttpRequest, kind: str, cid: str) -> HttpResponseBase:
    if kind != "i":
        raise InvalidParameterError(f"cannot export {kind!r} as OME-TIFF: use i", parameter="ctx")
    exported = export.ome_tiff(context(request), int(cid))
    response = StreamingHttpResponse(exported.chunks, content_type=exported.content_type)
    return attachment(response, exported.name, exported.size)


@json_view
@require_safe
def original_file_paths(request: HttpRequest, iid: str) -> Any:
    return downloads.original_file_paths(context(request), int(iid))
