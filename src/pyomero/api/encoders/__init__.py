"""Model objects to OMERO's JSON, one module per concern (see ``base`` for the rules)."""

from pyomero.api.encoders.accounts import encode_experimenter, encode_group
from pyomero.api.encoders.annotations import (
    encode_annotation,
    encode_linked,
    encode_original_file,
)
from pyomero.api.encoders.base import Encoder, normalize
from pyomero.api.encoders.containers import encode_dataset, encode_project, encode_screen
from pyomero.api.encoders.images import encode_channel, encode_image, encode_pixels
from pyomero.api.encoders.rois import encode_roi, encode_shape
from pyomero.api.encoders.screens import (
    encode_plate,
    encode_plate_acquisition,
    encode_well,
    encode_well_sample,
)

__all__ = [
    "Encoder",
    "encode_annotation",
    "encode_channel",
    "encode_dataset",
    "encode_experimenter",
    "encode_group",
    "encode_image",
    "encode_linked",
    "encode_original_file",
    "encode_pixels",
    "encode_plate",
    "encode_plate_acquisition",
    "encode_project",
    "encode_roi",
    "encode_screen",
    "encode_shape",
    "encode_well",
    "encode_well_sample",
    "normalize",
]
