from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "pyomero.web"
    label = "web"
    verbose_name = "pyomero web"

    def ready(self) -> None:
        from pyomero.web import checks  # registers the system checks

        checks.log_configuration_problems()
