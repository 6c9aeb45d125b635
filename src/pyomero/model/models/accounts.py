"""Experimenters, groups, memberships and administrator privileges (OMERO's accounts)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone

SYSTEM_GROUP = "system"  # administrators
USER_GROUP = "user"  # every active experimenter
GUEST_GROUP = "guest"
SYSTEM_GROUPS = (SYSTEM_GROUP, USER_GROUP, GUEST_GROUP)
ROOT = "root"


class Permissions(models.TextChoices):
    """A group's permission level, stored as OMERO's permission string."""

    PRIVATE = "rw----", "private"
    READ_ONLY = "rwr---", "read-only"
    READ_ANNOTATE = "rwra--", "read-annotate"
    READ_WRITE = "rwrw--", "read-write"

    @classmethod
    def from_name(cls, name: str) -> Permissions:
        """``private``, ``read-only``, ... or a permission string such as ``rwra--``."""
        for member in cls:
            if name in (member.label, member.value):
                return member
        raise ValueError(f"unknown permission level {name!r}")

    @property
    def rank(self) -> int:
        """0 for private up to 3 for read-write: a lower rank allows less."""
        return list(Permissions).index(self)


class AdminPrivilege(models.TextChoices):
    """OMERO's administrator privileges; a restricted admin has only some of them."""

    SUDO = "Sudo"
    WRITE_OWNED = "WriteOwned"
    WRITE_FILE = "WriteFile"
    WRITE_MANAGED_REPO = "WriteManagedRepo"
    DELETE_OWNED = "DeleteOwned"
    DELETE_FILE = "DeleteFile"
    DELETE_MANAGED_REPO = "DeleteManagedRepo"
    CHGRP = "Chgrp"
    CHOWN = "Chown"
    MODIFY_GROUP = "ModifyGroup"
    MODIFY_USER = "ModifyUser"
    MODIFY_GROUP_MEMBERSHIP = "ModifyGroupMembership"
    WRITE_SCRIPT_REPO = "WriteScriptRepo"
    DELETE_SCRIPT_REPO = "DeleteScriptRepo"


class ExperimenterGroup(models.Model):
    """A group: data lives in exactly one group, whose level rules who sees and changes it."""

    omero_type = "ExperimenterGroup"

    name = models.CharField(max_length=255, unique=True)
    description = models.TextField(blank=True, default="")
    permissions = models.CharField(
        max_length=6, choices=Permissions.choices, default=Permissions.PRIVATE
    )
    ldap = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> Permissions:
        return Permissions(self.permissions)

    @property
    def is_system_group(self) -> bool:
        return self.name in SYSTEM_GROUPS


class ExperimenterManager(BaseUserManager["Experimenter"]):
    """What ``django.contrib.auth`` needs; both methods go through the actions."""

    use_in_migrations = False

    def get_by_natural_key(self, username: str | None) -> Experimenter:
        return self.get(ome_name=username)

    def create_user(
        self, ome_name: str, password: str | None = None, **fields: Any
    ) -> Experimenter:
        from pyomero.model.actions.accounts import create_experimenter

        return create_experimenter(ome_name, password=password, **fields)

    def create_superuser(
        self, ome_name: str, password: str | None = None, **fields: Any
    ) -> Experimenter:
        return self.create_user(ome_name, password=password, admin=True, **fields)


class Experimenter(AbstractBaseUser):
    """A user: Django's user model with OMERO's fields.

    ``ome_name`` is the login name; an LDAP user (``ldap``) has no local password
    and the DN of its directory entry in ``ldap_dn``; one who signs in with OpenID
    Connect has its provider's issuer and subject in ``sso_subject``. An administrator
    is a member of the ``system`` group; ``admin_privileges`` is ``None`` for a full
    administrator, or the list of privileges of a restricted one.
    """

    omero_type = "Experimenter"

    ome_name = models.CharField("login name", max_length=255, unique=True)
    first_name = models.CharField(max_length=255)
    middle_name = models.CharField(max_length=255, blank=True, default="")
    last_name = models.CharField(max_length=255)
    email = models.CharField(max_length=255, blank=True, default="")
    institution = models.CharField(max_length=255, blank=True, default="")
    is_active = models.BooleanField(default=True)
    ldap = models.BooleanField(default=False)
    # The directory entry of an LDAP user (OMERO keeps it beside the password).
    ldap_dn = models.CharField("LDAP DN", max_length=1024, blank=True, default="")
    # "ISSUER SUBJECT" of a user who signs in with OpenID Connect (pyomero's own).
    sso_subject = models.CharField(max_length=1024, blank=True, default="", db_index=True)
    default_group = models.ForeignKey(
        ExperimenterGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    admin_privileges = models.JSONField(null=True, blank=True, default=None)
    created = models.DateTimeField(default=timezone.now, editable=False)

    objects: ClassVar[ExperimenterManager] = ExperimenterManager()

    USERNAME_FIELD = "ome_name"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.ome_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.first_name or self.ome_name

    @property
    def is_admin(self) -> bool:
        """Member of ``system`` (full or restricted administrator)."""
        return self.group_maps.filter(parent__name=SYSTEM_GROUP).exists()

    @property
    def is_staff(self) -> bool:
        return self.is_admin

    @property
    def is_superuser(self) -> bool:
        """A full administrator: in ``system`` with no restriction."""
        return self.admin_privileges is None and self.is_admin

    def privileges(self) -> frozenset[AdminPrivilege]:
        """The privileges this user holds as an administrator (empty when not one)."""
        if not self.is_admin:
            return frozenset()
        if self.admin_privileges is None:
            return frozenset(AdminPrivilege)
        return frozenset(AdminPrivilege(p) for p in self.admin_privileges)


class GroupExperimenterMap(models.Model):
    """Membership of ``child`` in ``parent``; ``owner`` makes the member a group owner."""

    omero_type = "GroupExperimenterMap"

    parent = models.ForeignKey(
        ExperimenterGroup, on_delete=models.CASCADE, related_name="member_maps"
    )
    child = models.ForeignKey(Experimenter, on_delete=models.CASCADE, related_name="group_maps")
    owner = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["parent", "child"], name="model_gem_unique")]

    def __str__(self) -> str:
        role = "owner" if self.owner else "member"
        return f"{self.child_id} {role} of {self.parent_id}"
