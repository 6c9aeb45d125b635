"""The search and history pages' paths (included by ``pyomero.webclient.urls``)."""

from django.urls import path

from pyomero.webclient.views import history, search

urlpatterns = [
    path("search/", search.search_page, name="search"),
    path("load_searching/form/", search.load_searching, name="load_searching"),
    path("history/", history.history_page, name="history"),
    path("history/activities/", history.history_activities, name="history_activities"),
    path("load_calendar/<int:year>/<int:month>/", history.load_calendar, name="load_calendar"),
    path(
        "load_history/<int:year>/<int:month>/<int:day>/",
        history.load_history,
        name="load_history",
    ),
]
