"""Downloads and the legacy JSON of the webclient and scripts."""

urlpatterns: list = []
