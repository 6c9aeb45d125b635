"""OMERO.web's own forms of the webclient, which plugins and scripts post to: objects
named in the form (``image=1&dataset=2``), JSON answers (included by ``webclient.urls``;
the panel's forms with the object in the path share their URL names)."""

from django.urls import path, re_path

from pyomero.webclient.views import omero_actions, omero_annotate, tables

urlpatterns = [
    path("annotate_tags/", omero_annotate.annotate_tags, name="annotate_tags"),
    path("annotate_map/", omero_annotate.annotate_map, name="annotate_map"),
    path("annotate_comment/", omero_annotate.annotate_comment, name="annotate_comment"),
    path("annotate_file/", omero_annotate.annotate_file, name="annotate_file"),
    path("api/annotations/", omero_annotate.api_annotations, name="api_annotations"),
    re_path(
        r"^action/(?P<action>[a-zA-Z]+)/(?:(?P<o_type>[a-zA-Z]+)/)?(?:(?P<o_id>[0-9]+)/)?$",
        omero_actions.manage_action_containers,
        name="manage_action_containers",
    ),
    path("load_chgrp_groups/", omero_actions.load_chgrp_groups, name="load_chgrp_groups"),
    path("chgrpDryRun/", omero_actions.chgrp_dry_run, name="chgrpDryRun"),
    path("activities_json/", omero_actions.activities_json, name="activities_json"),
    path("api/groups/", omero_actions.api_groups, name="api_groups"),
    re_path(
        r"^api/experimenters/(?P<experimenter_id>-?[0-9]+)/$",
        omero_actions.api_experimenter,
        name="api_experimenter",
    ),
    path("load_calendar/", omero_actions.load_calendar_now, name="load_calendar"),
    path("usertags/", omero_actions.usertags, name="usertags"),
    re_path(
        r"^omero_table/(?P<file_id>[0-9]+)/(?:(?P<mtype>json|csv)/)?$",
        tables.omero_table,
        name="omero_table",
    ),
]
