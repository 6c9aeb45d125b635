"""OMERO.webadmin's /webadmin/ paths (mounted by pyomero.web.urls)."""

from django.urls import include, path

from pyomero.webadmin.views import audit, email, experimenters, groups, myaccount, passwords, stats

urlpatterns = [
    path("", experimenters.index, name="waindex"),
    path("experimenters/", experimenters.experimenters, name="waexperimenters"),
    path("experimenter/new/", experimenters.create_experimenter, name="wacreateexperimenter"),
    path(
        "experimenter/edit/<int:eid>/", experimenters.edit_experimenter, name="waeditexperimenter"
    ),
    path("change_password/<int:eid>/", passwords.change_password, name="wamanagechangepasswordid"),
    path("groups/", groups.groups, name="wagroups"),
    path("group/new/", groups.create_group, name="wacreategroup"),
    path("group/edit/<int:gid>/", groups.edit_group, name="waeditgroup"),
    path("group_owner/", groups.group_owner, name="wagroupowner"),
    path("group_owner/edit/<int:gid>/", groups.group_owner_edit, name="wagroupowner_edit"),
    path("myaccount/", myaccount.myaccount, name="wamyaccount"),
    path("manage_avatar/upload/", myaccount.upload_avatar, name="wamanageavatar"),
    path("myphoto/", myaccount.myphoto, name="wamyphoto"),
    path("avatar/<int:eid>/", myaccount.myphoto, name="waavatar"),
    path("stats/", stats.stats, name="wastats"),
    path("drivespace_json/<str:query>/", stats.drivespace_json, name="waloaddrivespace"),
    path(
        "drivespace_json/group/<int:group_id>/",
        stats.drivespace_json,
        {"query": "group"},
        name="waloaddrivespace_group",
    ),
    path(
        "drivespace_json/user/<int:user_id>/",
        stats.drivespace_json,
        {"query": "user"},
        name="waloaddrivespace_user",
    ),
    path("email/", email.email, name="waemail"),
    path("audit/", audit.audit, name="waaudit"),
    path("audit.csv", audit.audit_csv, name="waaudit_csv"),
    path("forgotten_password/", passwords.forgotten_password, name="waforgottenpassword"),
    path(
        "reset_password/<str:uidb64>/<str:token>/",
        passwords.reset_password,
        name="waresetpassword",
    ),
    # OMERO.webadmin's own paths and field names (issue 18)
    path("", include("pyomero.webadmin.urls_omero")),
]
