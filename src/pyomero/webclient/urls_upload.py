"""The web upload's paths (included by ``pyomero.webclient.urls``)."""

from django.urls import path

from pyomero.webclient.views import upload

urlpatterns = [
    path("upload/", upload.start, name="upload_start"),
    path("upload/<str:upload_id>/<int:index>/", upload.chunk, name="upload_chunk"),
    path("upload/<str:upload_id>/finish/", upload.finish, name="upload_finish"),
    path("activities/", upload.activities, name="activities"),
]
