from django.apps import AppConfig


class WebclientConfig(AppConfig):
    name = "pyomero.webclient"
    label = "webclient"
    verbose_name = "OMERO.webclient"
