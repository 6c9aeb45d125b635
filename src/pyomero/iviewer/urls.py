"""OMERO.iviewer's URLs (mounted at ``iviewer/``), OMERO's paths and names."""

from django.urls import path, re_path

from pyomero.iviewer.views import images, page, pixels, rois

urlpatterns = [
    path("", page.index, name="omero_iviewer_index"),
    re_path(r"^persist_rois/?$", rois.persist_rois, name="omero_iviewer_persist_rois"),
    path("image_data/<int:image_id>/", images.image_data, name="omero_iviewer_image_data"),
    path(
        "image_data/<int:image_id>/delta_t/",
        images.image_delta_t,
        name="omero_iviewer_image_data_deltat",
    ),
    re_path(
        r"^(?P<obj_type>roi|shape)/(?P<obj_id>[0-9]+)/image_data/$",
        images.roi_image_data,
        name="omero_iviewer_roi_image_data",
    ),
    re_path(r"^save_projection/?$", images.save_projection, name="omero_iviewer_save_projection"),
    re_path(r"^well_images/?$", images.well_image_list, name="omero_iviewer_well_images"),
    re_path(r"^get_intensity/?$", pixels.get_intensity, name="omero_iviewer_get_intensity"),
    re_path(r"^shape_stats/?$", pixels.get_shape_stats, name="omero_iviewer_shape_stats"),
    re_path(
        r"^rois_by_plane/(?P<image_id>[0-9]+)/(?P<the_z>[0-9]+)(?:-(?P<z_end>[0-9]+))?/"
        r"(?P<the_t>[0-9]+)(?:-(?P<t_end>[0-9]+))?/$",
        rois.plane_rois,
        name="omero_iviewer_rois_by_plane",
    ),
    path(
        "plane_shape_counts/<int:image_id>/",
        rois.shape_counts,
        name="omero_iviewer_plane_shape_counts",
    ),
    re_path(
        r"^(?P<obj_type>roi|shape)/(?P<obj_id>[0-9]+)/page_data/$",
        rois.page_data,
        name="omero_iviewer_roi_page_data",
    ),
]
