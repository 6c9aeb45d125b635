"""The multi-dimensional image viewer, at OMERO's ``/webclient/img_detail/<iid>/``."""
