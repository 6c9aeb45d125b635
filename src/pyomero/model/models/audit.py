"""The audit trail of administrative changes, and the experimenters' avatars.

Every change to users, groups, memberships, privileges and passwords leaves one
:class:`AuditEntry`: who acted, what they did to which object, when, and the
object as it was before and after (passwords never appear, only that one changed).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEntry(models.Model):
    """One administrative change (``action`` such as ``experimenter.update``)."""

    omero_type = "AuditEntry"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=255)
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64)
    target_id = models.BigIntegerField(null=True)
    target_name = models.CharField(max_length=255, blank=True, default="")
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    time = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-time", "-id"]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_name}"


class ExperimenterAvatar(models.Model):
    """The picture a user uploaded in ``myaccount/`` (a small PNG or JPEG)."""

    experimenter = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="avatar"
    )
    data = models.BinaryField()
    content_type = models.CharField(max_length=32)
    updated = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"avatar of {self.experimenter_id}"
