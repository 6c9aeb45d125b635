"""OMERO.figure's server side, for the published OMERO.figure front end.

The front end (PyPI ``omero-figure``, installed with ``--no-deps`` and added to
``omero.web.apps``) is served unmodified at ``<prefix>/figure/``; this package answers
its page and every endpoint it calls, in OMERO's URL shapes and field names: image
data, scaled regions, saved figures (FileAnnotations of OMERO.figure's namespace), and
the export to PDF and TIFF that OMERO runs as a server-side script.
"""
