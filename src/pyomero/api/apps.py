from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pyomero.api"
    label = "api"
    verbose_name = "OMERO JSON API"
