"""OMERO.web's own forms of the webclient, which plugins and scripts post to: objects
named in the form (``image=1&dataset=2``), JSON answers (included by ``webclient.urls``;
the panel's forms with the object in the path share their URL names)."""

from django.urls import path

from pyomero.webclient.views import omero_annotate

urlpatterns = [
    path("annotate_tags/", omero_annotate.annotate_tags, name="annotate_tags"),
    path("annotate_map/", omero_annotate.annotate_map, name="annotate_map"),
    path("annotate_comment/", omero_annotate.annotate_comment, name="annotate_comment"),
    path("annotate_file/", omero_annotate.annotate_file, name="annotate_file"),
    path("api/annotations/", omero_annotate.api_annotations, name="api_annotations"),
]
