from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "pyomero.web"
    label = "web"
    verbose_name = "pyomero web"
