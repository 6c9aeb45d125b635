"""pyomero: the OMERO microscopy platform in pure Python."""

__version__ = "0.1.0"
