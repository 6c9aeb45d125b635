"""The webclient: OMERO.web's data manager (tree, thumbnails, details, annotations)."""
