from django.apps import AppConfig


class ModelConfig(AppConfig):
    name = "pyomero.model"
    label = "model"
    verbose_name = "OMERO data model"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Count every failed login, whatever backend refused it (signal receivers).
        from pyomero.model import throttle  # noqa: F401
