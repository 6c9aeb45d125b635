"""Downloads, "Open with", and the legacy JSON of the webclient and scripts.

Paths and URL names are OMERO.web's (``omeroweb/webgateway/urls.py``).
"""

from django.urls import re_path

from pyomero.webgateway.views import (
    bulk_annotations,
    downloads,
    legacy,
    open_with,
    shapes,
    su,
    tables,
)

IID = r"(?P<iid>[0-9]+)"
PID = r"(?P<pid>[0-9]+)"
DID = r"(?P<did>[0-9]+)"
FILEID = r"(?P<fileid>[0-9]+)"

urlpatterns = [
    re_path(
        rf"^archived_files/download/(?:{IID}/)?$", downloads.archived_files, name="archived_files"
    ),
    re_path(rf"^download_as/(?:{IID}/)?$", downloads.download_as, name="download_as"),
    re_path(
        r"^render_ome_tiff/(?P<kind>[^/]+)/(?P<cid>[0-9]+)/$",
        downloads.render_ome_tiff,
        name="webgateway_render_ome_tiff",
    ),
    re_path(
        rf"^original_file_paths/{IID}/$",
        downloads.original_file_paths,
        name="original_file_paths",
    ),
    re_path(r"^open_with/$", open_with.open_with_options, name="open_with_options"),
    re_path(r"^proj/list/$", legacy.list_projects, name="webgateway_listProjects_json"),
    re_path(rf"^proj/{PID}/detail/$", legacy.project_detail, name="webgateway_projectDetail_json"),
    re_path(rf"^proj/{PID}/children/$", legacy.list_datasets, name="webgateway_listDatasets_json"),
    re_path(
        rf"^dataset/{DID}/detail/$", legacy.dataset_detail, name="webgateway_datasetDetail_json"
    ),
    re_path(rf"^dataset/{DID}/children/$", legacy.list_images, name="webgateway_listImages_json"),
    re_path(
        rf"^plate/{PID}/(?:(?P<field>[0-9]+)/)?(?:(?P<acquisition>[0-9]+)/)?$",
        legacy.plate_grid,
        name="webgateway_plategrid_json",
    ),
    re_path(r"^wellData/(?P<wid>[0-9]+)/$", legacy.well_data, name="webgateway_wellData_json"),
    re_path(
        r"^well/(?P<wid>[0-9]+)/children/$",
        legacy.well_data,
        name="webgateway_listwellimages_json",
    ),
    re_path(
        rf"^get_rois_json/{IID}/$",
        legacy.image_rois,
        name="webgateway_get_rois_json",
    ),
    re_path(r"^search/$", legacy.search, name="webgateway_search_json"),
    re_path(
        r"^render_shape_mask/(?P<shape_id>[0-9]+)/$",
        shapes.render_shape_mask,
        name="webgateway_render_shape_mask",
    ),
    re_path(
        r"^render_shape_thumbnail/(?P<shape_id>[0-9]+)/?$",
        shapes.render_shape_thumbnail,
        name="webgateway_render_shape_thumbnail",
    ),
    re_path(
        r"^render_roi_thumbnail/(?P<roi_id>[0-9]+)/?$",
        shapes.render_roi_thumbnail,
        name="webgateway_render_roi_thumbnail",
    ),
    re_path(
        r"^annotations/(?P<objtype>[\w.]+)/(?P<objid>[0-9]+)/$",
        bulk_annotations.bulk_file_annotations,
        name="webgateway_annotations",
    ),
    re_path(r"^su/(?P<user>[^/]+)/$", su.su, name="webgateway_su"),
    re_path(rf"^table/{FILEID}/query/$", tables.table_query, name="webgateway_table_query"),
    re_path(
        rf"^table/{FILEID}/metadata/$", tables.table_metadata, name="webgateway_table_metadata"
    ),
    re_path(
        rf"^table/{FILEID}/obj_id_bitmask/$",
        tables.obj_id_bitmask,
        name="webgateway_table_obj_id_bitmask",
    ),
    re_path(
        r"^table/(?P<objtype>[\w.]+)/(?P<objid>[0-9]+)/query/$",
        tables.object_table_query,
        name="webgateway_object_table_query",
    ),
    re_path(
        rf"^table/{FILEID}/rows/$",
        tables.table_get_where_list,
        name="webgateway_table_get_where_list",
    ),
    re_path(rf"^table/{FILEID}/slice/$", tables.table_slice, name="webgateway_table_slice"),
]
