"""OMERO's JSON API, ``/api/v0/``: the same URLs, objects and envelopes as OMERO.web.

Layout:

- ``endpoints.py``: every URL of the API as data (path, methods, parameters,
  response shape); ``urls.py`` is built from it, and so will the OpenAPI document.
- ``schema.py``: the JSON shapes (TypedDicts) the endpoints return; ``body.py``
  those they take, and reading them.
- ``encoders/``: model objects to OMERO's JSON (omero-marshal's encoding).
- ``params.py``: query parameters, declared and parsed once into a dataclass.
- ``annotating.py``: the annotations extension's bodies to the model's actions.
- ``respond.py``: the one place that turns results and errors into responses.
- ``views/``: one module per resource; each view parses, calls the model, responds.

pyomero's own additions (the annotations extension) are marked as such in
``endpoints.py`` and in docs/api.md.
"""
