"""OMERO.figure's views, one module per resource: the page, images, saved figures."""
