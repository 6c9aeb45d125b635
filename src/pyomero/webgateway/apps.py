from django.apps import AppConfig


class WebgatewayConfig(AppConfig):
    name = "pyomero.webgateway"
    label = "webgateway"
    verbose_name = "OMERO webgateway"
