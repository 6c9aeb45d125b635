"""URL map of pyomero (OMERO.web's paths)."""

from django.urls import include, path
from django.views.generic import RedirectView

from pyomero.web.views import auth, health, oidc
from pyomero.web.views.favicon import favicon
from pyomero.web.views.image_viewer import image_viewer

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="webindex", permanent=False)),
    path("favicon.ico", favicon, name="favicon"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics, name="metrics"),
    path("webclient/login/", auth.login, name="weblogin"),
    path("webclient/logout/", auth.logout, name="weblogout"),
    path("webclient/login/oidc/", oidc.oidc_login, name="weboidclogin"),
    path("webclient/login/oidc/callback/", oidc.oidc_callback, name="weboidccallback"),
    # omero.web.viewer.view picks the viewer; the viewer app's own URLs follow.
    path("webclient/img_detail/<int:iid>/", image_viewer, name="web_image_viewer"),
    path("webclient/img_detail/", include("pyomero.viewer.urls")),
    path("webclient/", include("pyomero.webclient.urls")),
    path("webclient/", include("pyomero.web.urls_aliases")),
    path("webgateway/", include("pyomero.webgateway.urls")),
    path("api/", include("pyomero.api.urls")),
    path("webadmin/", include("pyomero.webadmin.urls")),
    path("iviewer/", include("pyomero.iviewer.urls")),
    path("figure/", include("pyomero.figure.urls")),
]

handler404 = "pyomero.web.views.errors.not_found"
