from django.apps import AppConfig


class WebadminConfig(AppConfig):
    name = "pyomero.webadmin"
    label = "webadmin"
    verbose_name = "OMERO.webadmin"
