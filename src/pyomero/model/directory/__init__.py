"""Directories users sign in through: LDAP (OMERO's rules, over ``ldap_client``)."""
