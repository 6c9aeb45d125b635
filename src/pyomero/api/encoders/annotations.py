"""Annotations (tags, comments, numbers, key-value pairs, files) and original files.

Used by pyomero's annotations extension; the encoding is omero-marshal's: the
value is under ``Value`` (a map's is a list of ``[key, value]`` pairs), the
namespace under ``Namespace``, a file annotation's file under ``File``.
"""

from __future__ import annotations

from typing import Any

from pyomero.api.encoders.base import Encoder, enumeration, millis, put
from pyomero.api.schema import Json
from pyomero.model.models import Annotation, AnnotationKind, AnnotationLink, OriginalFile

CHECKSUM_ALGORITHMS = (
    "Adler-32",
    "CRC-32",
    "MD5-128",
    "Murmur3-32",
    "Murmur3-128",
    "SHA1-160",
    "File-Size-64",
)


def annotation_value(annotation: Annotation) -> Any:
    """The value under ``Value`` (None for a file annotation)."""
    kind = annotation.kind
    if kind in (AnnotationKind.TAG, AnnotationKind.COMMENT):
        return annotation.text_value
    if kind == AnnotationKind.MAP:
        return [[pair.name, pair.value] for pair in annotation.map_values.all()]
    if kind == AnnotationKind.TIMESTAMP:
        return millis(annotation.time_value)
    field = {
        AnnotationKind.LONG: "long_value",
        AnnotationKind.DOUBLE: "double_value",
        AnnotationKind.BOOLEAN: "bool_value",
    }.get(AnnotationKind(kind))
    return None if field is None else getattr(annotation, field)


def encode_annotation(enc: Encoder, annotation: Annotation) -> Json:
    """An annotation (prefetch ``map_values``; join ``file`` with its owner and group)."""
    encoded = enc.start(annotation, annotation.kind)
    put(encoded, "Description", annotation.description)
    put(encoded, "Namespace", annotation.ns)
    value = annotation_value(annotation)
    if value is not None:
        encoded["Value"] = value
    if annotation.kind == AnnotationKind.FILE and annotation.file is not None:
        encoded["File"] = encode_original_file(enc, annotation.file)
    return encoded


def encode_original_file(enc: Encoder, file: OriginalFile) -> Json:
    encoded = enc.start(file, "OriginalFile", ome=False)
    put(encoded, "name", file.name)
    put(encoded, "path", file.path)
    put(encoded, "size", file.size)
    put(encoded, "hash", file.hash)
    put(encoded, "mimetype", file.mimetype)
    if file.hasher:
        encoded["hasher"] = enumeration("ChecksumAlgorithm", file.hasher, CHECKSUM_ALGORITHMS)
    return encoded


def encode_linked(enc: Encoder, link: AnnotationLink) -> Json:
    """The annotation of ``link``, with the link itself under ``omero:link``."""
    encoded = encode_annotation(enc, link.child)
    encoded["omero:link"] = enc.start(link, link.omero_type, ome=False)
    return encoded
