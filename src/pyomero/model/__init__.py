"""OMERO's data model: accounts, groups, containers, images, annotations, ROIs, rendering.

Public surface (import from the modules, not from here, to keep imports cheap):

- ``models``: the Django models, with OMERO's names.
- ``context``: :class:`~pyomero.model.context.EventContext`, who acts and in which group.
- ``permissions``: the one policy (what a context may do with an object).
- ``access``: ``access_<thing>(ctx, id)``, one object or a not-found error.
- ``queries``: ``visible_<things>(ctx)``, querysets scoped to what ctx may see.
- ``actions``: ``do_*``, every write of a domain row, one transaction each.
- ``errors``: the package's errors, each with an HTTP status and a stable code.
"""
