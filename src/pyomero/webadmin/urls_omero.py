"""OMERO.webadmin's paths, served beside pyomero's (included by ``webadmin.urls``); URL
names are OMERO's (``wamanageexperimenterid``, ``wamanagegroupid``...)."""

from django.urls import re_path

from pyomero.webadmin.views import omero_paths

urlpatterns = [
    re_path(r"^forgottenpassword/$", omero_paths.forgotten_password),
    re_path(
        r"^experimenter/(?P<action>new|create|edit|save)/(?:(?P<eid>[0-9]+)/)?$",
        omero_paths.manage_experimenter,
        name="wamanageexperimenterid",
    ),
    re_path(
        r"^group/(?P<action>new|create|edit|save)/(?:(?P<gid>[0-9]+)/)?$",
        omero_paths.manage_group,
        name="wamanagegroupid",
    ),
    re_path(
        r"^group_owner/(?P<action>edit|save)/(?P<gid>[0-9]+)/$",
        omero_paths.manage_group_owner,
        name="wamanagegroupownerid",
    ),
    re_path(r"^myaccount/(?P<action>[a-z]+)/$", omero_paths.my_account, name="wamyaccount"),
    re_path(
        r"^change_avatar/(?:(?P<eid>[0-9]+)/)?(?P<action>[a-z]+)/$",
        omero_paths.manage_avatar,
        name="wamanageavatar",
    ),
]
