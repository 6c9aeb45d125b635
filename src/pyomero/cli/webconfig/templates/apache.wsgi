"""pyomero under Apache mod_wsgi: the WSGIScriptAlias of ``omero web config apache``.

mod_wsgi does not copy Apache's ``SetEnv`` into ``os.environ``, so the generated
site starts its daemon in the server directory (``WSGIDaemonProcess ... home=``)
and this script names that directory ``$OMERODIR`` before pyomero reads its
configuration.
"""

import os

os.environ["OMERODIR"] = os.getcwd()
os.environ["DJANGO_SETTINGS_MODULE"] = "pyomero.web.settings"

from pyomero.web.wsgi import application

__all__ = ["application"]
