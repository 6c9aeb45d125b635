"""OMERO.web's /webclient/ paths (mounted by pyomero.web.urls; login/logout live there)."""

from django.urls import include, path, re_path

from pyomero.webclient.views import (
    annotations,
    containers,
    index,
    metadata,
    original_metadata,
    tree,
)

OBJECT = "<str:c_type>/<int:c_id>/"

urlpatterns = [
    path("", index.index, name="webindex"),
    path("active_group/", index.active_group, name="active_group"),
    path("api/containers/", tree.api_containers, name="api_containers"),
    path("api/datasets/", tree.api_datasets, name="api_datasets"),
    path("api/images/", tree.api_images, name="api_images"),
    path("api/plates/", tree.api_plates, name="api_plates"),
    path("api/plate_acquisitions/", tree.api_plate_acquisitions, name="api_plate_acquisitions"),
    path("api/plate_fields/", tree.api_plate_fields, name="api_plate_fields"),
    path("api/tags/", tree.api_tags, name="api_tags"),
    path("api/paths_to_object/", tree.api_paths_to_object, name="api_paths_to_object"),
    path(f"metadata_details/{OBJECT}", metadata.metadata_details, name="load_metadata_details"),
    path(
        "edit_channel_names/<int:image_id>/",
        metadata.edit_channel_names,
        name="edit_channel_names",
    ),
    re_path(
        r"^load_original_metadata/(?P<image_id>[0-9]+)/(?:(?P<share_id>[0-9]+)/)?$",
        original_metadata.load_original_metadata,
        name="load_original_metadata",
    ),
    path(
        "download_orig_metadata/<int:image_id>/",
        original_metadata.download_orig_metadata,
        name="download_orig_metadata",
    ),
    path("action/addnewcontainer/", containers.addnewcontainer, name="addnewcontainer"),
    path(f"action/save/{OBJECT}", containers.save, name="webclient_save"),
    path(f"annotate_tags/{OBJECT}", annotations.annotate_tags, name="annotate_tags"),
    path(f"annotate_map/{OBJECT}", annotations.annotate_map, name="annotate_map"),
    path(f"annotate_rating/{OBJECT}", annotations.annotate_rating, name="annotate_rating"),
    path(f"annotate_comment/{OBJECT}", annotations.annotate_comment, name="annotate_comment"),
    path("", include("pyomero.webclient.urls_upload")),
    path("", include("pyomero.webclient.urls_search")),
    path("", include("pyomero.webclient.urls_actions")),
    path("", include("pyomero.webclient.urls_tags")),
    # OMERO.web's forms and JSON for plugins and scripts (issue 18)
    path("", include("pyomero.webclient.urls_omero")),
]
