"""OMERO.webadmin: users, groups, my account, disk usage, email and the audit trail."""
