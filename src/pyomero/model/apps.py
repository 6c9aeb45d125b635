from django.apps import AppConfig


class ModelConfig(AppConfig):
    name = "pyomero.model"
    label = "model"
    verbose_name = "OMERO data model"
    default_auto_field = "django.db.models.BigAutoField"
