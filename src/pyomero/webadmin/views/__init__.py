"""The views of OMERO.webadmin, one module per page family."""
