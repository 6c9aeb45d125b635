"""The tag panel's and the action dialogs' paths (included by ``pyomero.webclient.urls``)."""

from django.urls import path

from pyomero.webclient.views import actions, tag_panel

urlpatterns = [
    path("tag_panel/<int:tag_id>/", tag_panel.panel, name="tag_panel"),
    path("tag_panel/<int:tag_id>/put/", tag_panel.put, name="tag_panel_put"),
    path("tag_panel/<int:tag_id>/take_out/", tag_panel.take_out, name="tag_panel_take_out"),
    path("tag_panel/<int:tag_id>/delete/", tag_panel.delete, name="tag_panel_delete"),
    path("action_summary/", actions.action_summary, name="action_summary"),
    path("chgrp_targets/", actions.chgrp_targets, name="chgrp_targets"),
]
