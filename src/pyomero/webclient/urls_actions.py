"""Paths of the actions, annotation edits and tree edits (included by ``webclient.urls``)."""

from django.urls import path

from pyomero.webclient.views import actions, annotation_edits, links

OBJECT = "<str:c_type>/<int:c_id>/"

urlpatterns = [
    path("api/links/", links.api_links, name="api_links"),
    path("api/parent_links/", links.api_parent_links, name="api_parent_links"),
    path("keepalive_ping/", links.keepalive_ping, name="keepalive_ping"),
    path("deletemany/", actions.deletemany, name="manage_action_containers_delete"),
    path("chgrp/", actions.chgrp, name="chgrp"),
    path("chown/", actions.chown, name="chown"),
    path("fileset_check/<str:action>/", actions.fileset_check, name="fileset_check"),
    path(f"annotate_file/{OBJECT}", annotation_edits.annotate_file, name="annotate_file"),
    path(
        f"remove_annotation/{OBJECT}",
        annotation_edits.remove_annotation,
        name="remove_annotation",
    ),
    path(
        "annotation/<int:annotation_id>/",
        annotation_edits.download_annotation,
        name="download_annotation",
    ),
    path("batch_annotate/", annotation_edits.batch_annotate, name="batch_annotate"),
    path(
        "batch_annotate/<str:kind>/",
        annotation_edits.batch_annotate_post,
        name="batch_annotate_post",
    ),
]
