"""Mounted at ``webclient/img_detail/`` (before the webclient's own URLs)."""

from django.urls import path

from pyomero.viewer.views.page import compare, img_detail
from pyomero.viewer.views.pixels import pixel
from pyomero.viewer.views.rois import image_rois, roi_stats, roi_stats_csv
from pyomero.viewer.views.times import delta_t

urlpatterns = [
    path("compare/", compare, name="viewer_compare"),
    path("<int:iid>/", img_detail, name="web_image_viewer"),
    path("<int:iid>/rois/", image_rois, name="viewer_rois"),
    path("<int:iid>/rois/stats/", roi_stats, name="viewer_roi_stats"),
    path("<int:iid>/rois/stats.csv", roi_stats_csv, name="viewer_roi_stats_csv"),
    path("<int:iid>/pixel/", pixel, name="viewer_pixel"),
    path("<int:iid>/delta_t/", delta_t, name="viewer_delta_t"),
]
