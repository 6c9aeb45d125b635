"""The `omero` command: config, web, db, user, group (as OMERO's CLI)."""
