"""Filters of the panel's annotations."""

from __future__ import annotations

from django import template

from pyomero.model.models import CLIENT_MAP_NS

register = template.Library()

#: Namespaces OMERO's clients write, by a readable name.
NAMESPACE_LABELS = {
    CLIENT_MAP_NS: "Key-value pairs",
    "openmicroscopy.org/omero/bulk_annotations": "Bulk annotations",
    "openmicroscopy.org/omero/bulk_annotations/config": "Bulk annotation settings",
    "openmicroscopy.org/omero/insight/rating": "Rating",
}


@register.filter
def ns_label(ns: str | None) -> str:
    """A map's namespace as a label: a known one's name, else the namespace's last
    part ("lab.org/protocols/staining" -> "staining"); none: "No namespace"."""
    if not ns:
        return "No namespace"
    if ns in NAMESPACE_LABELS:
        return NAMESPACE_LABELS[ns]
    return ns.rstrip("/").rsplit("/", 1)[-1] or ns
