"""OMERO.figure's URLs (mounted at ``figure/``), OMERO's paths and names."""

from django.urls import path, re_path

from pyomero.figure.views import export, files, images, page
from pyomero.webgateway.views.thumbnails import render_thumbnail

urlpatterns = [
    path("", page.index, name="figure_index"),
    path("new/", page.index, name="new_figure"),
    path("recover/", page.index, name="recover_figure"),
    path("open/", page.index, name="open_figure"),
    path("file/<int:file_id>/", page.index, name="load_figure"),
    path("imgData/<int:image_id>/", images.image_data, name="figure_imgData"),
    re_path(
        r"^max_projection_range_exceeded/(?P<iid>[0-9]+)/(?:(?P<z>[0-9]+)/)?(?:(?P<t>[0-9]+)/)?$",
        images.max_projection_range_exceeded,
        name="max_projection_range_exceeded",
    ),
    path("make_web_figure/", export.make_web_figure, name="make_web_figure"),
    path("save_web_figure/", files.save_web_figure, name="save_web_figure"),
    path("load_web_figure/<int:file_id>/", files.load_web_figure, name="load_web_figure"),
    path("list_web_figures/", files.list_web_figures, name="list_web_figures"),
    path("render_thumbnail/<int:iid>/", render_thumbnail, name="figure_render_thumbnail"),
    path(
        "render_scaled_region/<int:iid>/<int:z>/<int:t>/",
        images.render_scaled_region,
        name="figure_render_scaled_region",
    ),
    path("delete_web_figure/", files.delete_web_figure, name="delete_web_figure"),
    re_path(
        r"^unit_conversion/(?P<value>[-+0-9.eE]+)/(?P<from_unit>[A-Z]+)/(?P<to_unit>[A-Z]+)/$",
        images.unit_conversion,
        name="unit_conversion",
    ),
    path("timestamps/", images.timestamps, name="figure_timestamps"),
    path("pixels_type/", images.pixels_type, name="figure_pixels_type"),
    path("z_scale/", images.z_scale, name="figure_z_scale"),
    path("roiCount/<int:image_id>/", images.roi_count, name="figure_roiCount"),
    path("roiRectangles/<int:image_id>/", images.roi_rectangles, name="figure_roiRectangles"),
    path("chgrp/", files.chgrp, name="figure_chgrp"),
    path("images_details/", images.images_details, name="figure_images_details"),
]
