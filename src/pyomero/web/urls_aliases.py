"""OMERO.web's ``/webclient/`` aliases of webgateway views (``render_thumbnail``,
``get_thumbnails``, ``render_image``, ``imgData``), which plugins and scripts call
under the webclient's prefix. Composed here: the webclient does not import webgateway."""

from django.urls import re_path

from pyomero.webgateway.views import image_data, render, thumbnails

IID = r"(?P<iid>[0-9]+)"

urlpatterns = [
    re_path(
        rf"^render_thumbnail/{IID}/(?:(?P<w>[0-9]+)/)?(?:(?P<h>[0-9]+)/)?$",
        thumbnails.render_thumbnail,
        name="render_thumbnail",
    ),
    re_path(
        r"^get_thumbnails/(?:(?P<w>[0-9]+)/)?$",
        thumbnails.get_thumbnails,
        name="get_thumbnails_json",
    ),
    re_path(
        rf"^render_image/{IID}/(?:(?P<z>[0-9]+)/)?(?:(?P<t>[0-9]+)/)?$",
        render.render_image,
        name="web_render_image",
    ),
    re_path(rf"^imgData/{IID}/(?:(?P<key>[^/]+)/)?$", image_data.image_data, name="imgData_json"),
]
