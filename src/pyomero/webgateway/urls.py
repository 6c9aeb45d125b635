"""URL map of /webgateway/: one list per group of views, each in its own module."""

from pyomero.webgateway.urls_legacy import urlpatterns as legacy_patterns
from pyomero.webgateway.urls_render import urlpatterns as render_patterns

app_name = "webgateway"

urlpatterns = [*render_patterns, *legacy_patterns]
