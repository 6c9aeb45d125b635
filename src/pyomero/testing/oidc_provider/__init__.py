"""A small OpenID Connect provider for the single sign-on tests (django-oauth-toolkit).

It is a Django project of its own, run in a child process by
:func:`pyomero.testing.oidc.oidc_provider`; nothing of pyomero is imported.
"""
