"""Django settings of pyomero: computed from $OMERODIR's configuration.

Set values with ``omero config set omero.web.*``; do not edit this module.
"""

from pyomero.conf import load_config
from pyomero.web.build_settings import build

globals().update(build(load_config()))
