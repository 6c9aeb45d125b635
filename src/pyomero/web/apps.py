from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "pyomero.web"
    label = "web"
    verbose_name = "pyomero web"

    def ready(self) -> None:
        import pyomero.web.deployment_checks  # noqa: F401 - registers its checks
        from pyomero.web import checks  # registers the system checks

        checks.log_configuration_problems()
        if consumer_wanted():
            from pyomero.imports.consumer import start_for_development_server

            start_for_development_server()


def consumer_wanted() -> bool:
    """Django's development server works the task queue itself (gunicorn's hooks do it
    for gunicorn's workers)."""
    import os
    import sys

    if "runserver" not in sys.argv[1:2]:
        return False
    return "--noreload" in sys.argv or os.environ.get("RUN_MAIN") == "true"
