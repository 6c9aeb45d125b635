from django.apps import AppConfig


class ModelConfig(AppConfig):
    name = "pyomero.model"
    label = "model"
    verbose_name = "OMERO data model"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Count every failed login, whatever backend refused it (signal receivers).
        # Refuse, on every backend alike, values a database would refuse or alter.
        from pyomero.model import (
            throttle,  # noqa: F401
            values,  # noqa: F401
        )
