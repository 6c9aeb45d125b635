"""Rendered images, thumbnails, imgData, histograms, LUTs and rendering settings.

Paths, parameters and URL names are OMERO.web's (``omeroweb/webgateway/urls.py``), so
OMERO.iviewer, OMERO.figure, the webclient and scripts find them where they expect;
names are reversed in the ``webgateway`` namespace (``webgateway:webgateway_render_image``).
"""

from django.urls import re_path

from pyomero.webgateway.views import image_data, luts, rdefs, render, thumbnails

IID = r"(?P<iid>[0-9]+)"
PLANE = r"(?P<z>[0-9]+)/(?P<t>[0-9]+)"

urlpatterns = [
    re_path(
        rf"^render_image/{IID}/(?:(?P<z>[0-9]+)/)?(?:(?P<t>[0-9]+)/)?$",
        render.render_image,
        name="webgateway_render_image",
    ),
    re_path(
        rf"^render_image_region/{IID}/{PLANE}/$",
        render.render_image_region,
        name="webgateway_render_image_region",
    ),
    re_path(
        rf"^render_image_rdef/{IID}/(?:(?P<z>[0-9]+)/)?(?:(?P<t>[0-9]+)/)?$",
        render.render_image,
        {"strict": True},
        name="webgateway_render_image_rdef",
    ),
    re_path(
        rf"^render_image_region_rdef/{IID}/{PLANE}/$",
        render.render_image_region,
        {"strict": True},
        name="webgateway_render_image_region_rdef",
    ),
    re_path(
        rf"^render_split_channel/{IID}/{PLANE}/$",
        render.render_split_channel,
        name="webgateway_render_split_channel",
    ),
    re_path(
        rf"^render_row_plot/{IID}/{PLANE}/(?P<y>[0-9]+)/(?:(?P<w>[0-9]+)/)?$",
        render.render_row_plot,
        name="webgateway_render_row_plot",
    ),
    re_path(
        rf"^render_col_plot/{IID}/{PLANE}/(?P<x>[0-9]+)/(?:(?P<w>[0-9]+)/)?$",
        render.render_col_plot,
        name="webgateway_render_col_plot",
    ),
    re_path(
        rf"^render_thumbnail/{IID}/(?:(?P<w>[0-9]+)/)?(?:(?P<h>[0-9]+)/)?$",
        thumbnails.render_thumbnail,
        name="webgateway_render_thumbnail",
    ),
    re_path(
        rf"^render_birds_eye_view/{IID}/(?:(?P<size>[0-9]+)/)?$",
        thumbnails.render_birds_eye_view,
        name="webgateway_render_birds_eye_view",
    ),
    re_path(
        r"^get_thumbnails/(?:(?P<w>[0-9]+)/)?$",
        thumbnails.get_thumbnails,
        name="webgateway_get_thumbnails_json",
    ),
    re_path(
        rf"^get_thumbnail/{IID}/(?:(?P<w>[0-9]+)/)?(?:(?P<h>[0-9]+)/)?$",
        thumbnails.get_thumbnail,
        name="webgateway_get_thumbnail_json",
    ),
    re_path(
        rf"^imgData/{IID}/(?:(?P<key>[^/]+)/)?$",
        image_data.image_data,
        name="webgateway_imageData_json",
    ),
    re_path(
        rf"^histogram_json/{IID}/channel/(?P<theC>[0-9]+)/$",
        image_data.histogram,
        name="histogram_json",
    ),
    re_path(
        rf"^saveImgRDef/{IID}/$", rdefs.save_image_rdef, name="webgateway_save_image_rdef_json"
    ),
    re_path(r"^getImgRDef/$", rdefs.get_image_rdef, name="webgateway_get_image_rdef_json"),
    re_path(r"^copyImgRDef/$", rdefs.copy_image_rdef, name="webgateway_copy_image_rdef_json"),
    re_path(r"^resetRDef/$", rdefs.reset_rdef, name="reset_rdef_json"),
    re_path(
        r"^applyOwnersRDef/$", rdefs.reset_rdef, {"to_owners": True}, name="reset_owners_rdef_json"
    ),
    re_path(
        rf"^compatImgRDef/{IID}/$",
        rdefs.compatible_images,
        name="webgateway_list_compatible_imgs_json",
    ),
    re_path(
        r"^get_image_rdefs_json/(?P<img_id>[0-9]+)/$",
        rdefs.image_rdefs,
        name="webgateway_get_image_rdefs_json",
    ),
    re_path(r"^luts/$", luts.luts, name="webgateway_listLuts_json"),
    re_path(r"^luts_png/$", luts.luts_image, name="webgateway_luts_png"),
]
