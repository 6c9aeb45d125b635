"""OMERO.iviewer's views: the page, image data, ROIs, and pixel values."""
