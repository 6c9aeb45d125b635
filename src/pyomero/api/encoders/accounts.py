"""Experimenters and groups as top-level objects (their nested form is in ``base``)."""

from __future__ import annotations

from pyomero.api.encoders.base import Encoder
from pyomero.api.schema import Json
from pyomero.model.models import Experimenter, ExperimenterGroup


def encode_experimenter(enc: Encoder, user: Experimenter) -> Json:
    return dict(enc.experimenter(user))  # a copy: links are added to it


def encode_group(enc: Encoder, group: ExperimenterGroup) -> Json:
    return dict(enc.group(group))
