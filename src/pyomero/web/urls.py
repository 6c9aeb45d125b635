"""URL map of pyomero (OMERO.web's paths)."""

from django.urls import include, path
from django.views.generic import RedirectView

from pyomero.web.views import auth

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="webindex", permanent=False)),
    path("webclient/login/", auth.login, name="weblogin"),
    path("webclient/logout/", auth.logout, name="weblogout"),
    path("webclient/img_detail/", include("pyomero.viewer.urls")),
    path("webclient/", include("pyomero.webclient.urls")),
    path("webgateway/", include("pyomero.webgateway.urls")),
    path("api/", include("pyomero.api.urls")),
]
