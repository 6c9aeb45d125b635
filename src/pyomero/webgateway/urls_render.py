"""Rendered images, imgData and rendering settings."""

urlpatterns: list = []
