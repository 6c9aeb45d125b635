"""Every write of a domain row: ``do_*`` functions, one transaction each.

Each checks the policy of ``permissions.py`` for its context and raises the
model's errors (``errors.py``) when refused; nothing is written then.
"""

from pyomero.model.actions.accounts import (
    create_experimenter,
    do_bootstrap_root,
    do_create_experimenter,
    do_set_active,
    do_set_default_group,
    do_set_password,
    do_set_privileges,
    do_update_experimenter,
)
from pyomero.model.actions.annotations import (
    do_add_comment,
    do_add_file_annotation,
    do_add_map_annotation,
    do_add_tag,
    do_add_value_annotation,
    do_annotate,
    do_create_tag,
    do_create_tagset,
    do_remove_annotation_link,
    do_set_map_values,
    do_set_rating,
)
from pyomero.model.actions.containers import (
    do_add_well_sample,
    do_create_dataset,
    do_create_image,
    do_create_plate,
    do_create_plate_acquisition,
    do_create_project,
    do_create_screen,
    do_link,
    do_unlink,
    do_update,
)
from pyomero.model.actions.files import (
    do_attach_files,
    do_create_fileset,
    do_create_original_file,
)
from pyomero.model.actions.graphs import (
    FilesetSplit,
    do_chgrp,
    do_chgrp_many,
    do_chown,
    do_chown_many,
    do_delete,
    do_delete_many,
    fileset_splits,
)
from pyomero.model.actions.groups import (
    PermissionsChange,
    do_add_group_members,
    do_create_group,
    do_remove_group_members,
    do_set_group_permissions,
)
from pyomero.model.actions.imports import (
    do_add_original_files,
    do_complete_pixels,
    do_create_imported_images,
    do_fail_import,
    do_finish_import,
    do_start_import,
    do_touch_import,
)
from pyomero.model.actions.rendering import do_save_rendering_def
from pyomero.model.actions.roi_edits import RoiEdits, do_save_roi_edits
from pyomero.model.actions.rois import do_save_roi

__all__ = [
    "FilesetSplit",
    "PermissionsChange",
    "RoiEdits",
    "create_experimenter",
    "do_add_comment",
    "do_add_file_annotation",
    "do_add_group_members",
    "do_add_map_annotation",
    "do_add_original_files",
    "do_add_tag",
    "do_add_value_annotation",
    "do_add_well_sample",
    "do_annotate",
    "do_attach_files",
    "do_bootstrap_root",
    "do_chgrp",
    "do_chgrp_many",
    "do_chown",
    "do_chown_many",
    "do_complete_pixels",
    "do_create_dataset",
    "do_create_experimenter",
    "do_create_fileset",
    "do_create_group",
    "do_create_image",
    "do_create_imported_images",
    "do_create_original_file",
    "do_create_plate",
    "do_create_plate_acquisition",
    "do_create_project",
    "do_create_screen",
    "do_create_tag",
    "do_create_tagset",
    "do_delete",
    "do_delete_many",
    "do_fail_import",
    "do_finish_import",
    "do_link",
    "do_remove_annotation_link",
    "do_remove_group_members",
    "do_save_rendering_def",
    "do_save_roi",
    "do_save_roi_edits",
    "do_set_active",
    "do_set_default_group",
    "do_set_group_permissions",
    "do_set_map_values",
    "do_set_password",
    "do_set_privileges",
    "do_set_rating",
    "do_start_import",
    "do_touch_import",
    "do_unlink",
    "do_update",
    "do_update_experimenter",
    "fileset_splits",
]
