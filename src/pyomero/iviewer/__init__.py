"""OMERO.iviewer's server side, for the published OMERO.iviewer front end.

The front end (PyPI ``omero-iviewer``, installed with ``--no-deps`` and added to
``omero.web.apps``) is served unmodified at ``<prefix>/iviewer/``; this package
answers the page and the JSON endpoints it calls, in OMERO's URL shapes and field
names. It sits above the webgateway and the JSON API, whose encoders it reuses
(OMERO's iviewer app does the same with OMERO.web's marshal and omero-marshal).
"""
