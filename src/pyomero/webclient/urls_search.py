"""The search and history pages' paths (included by ``pyomero.webclient.urls``)."""

from django.urls import path

from pyomero.webclient.views import search

urlpatterns = [
    path("search/", search.search_page, name="search"),
    path("load_searching/form/", search.load_searching, name="load_searching"),
]
