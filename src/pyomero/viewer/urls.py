"""Mounted at ``webclient/img_detail/`` (before the webclient's own URLs)."""

from django.urls import path

from pyomero.viewer.views.page import img_detail

urlpatterns = [
    path("<int:iid>/", img_detail, name="web_image_viewer"),
]
