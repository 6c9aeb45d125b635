"""The landing page after sign-in, until the webclient takes it over."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required(redirect_field_name="url")
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "web/index.html")
