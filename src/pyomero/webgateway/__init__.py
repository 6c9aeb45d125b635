"""OMERO's /webgateway/ URLs: rendered images, imgData, rendering settings, downloads."""
