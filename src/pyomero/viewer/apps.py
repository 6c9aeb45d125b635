from django.apps import AppConfig


class ViewerConfig(AppConfig):
    name = "pyomero.viewer"
    label = "viewer"
    verbose_name = "OMERO.web image viewer"
