"""What every encoder shares: ``@id``/``@type``, ``omero:details``, units, enums, times.

OMERO's JSON, as omero-marshal writes it: null fields are left out (pyomero stores
"no value" of optional text as an empty string, so empty text is left out too),
times are milliseconds since the epoch, colours signed 32-bit RGBA integers,
quantities unit objects (``{"@type": "TBD#LengthI", "Unit": "MICROMETER",
"Symbol": "µm", "Value": 0.5}``), enumerations objects with a ``value``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pyomero.api.conf import ome_type, omero_type
from pyomero.api.schema import (
    DetailsJson,
    EnumJson,
    ExperimenterGroupJson,
    ExperimenterJson,
    Json,
    PermissionsJson,
    UnitJson,
)
from pyomero.model.context import EventContext
from pyomero.model.models import Experimenter, ExperimenterGroup
from pyomero.model.models.images import LENGTH_UNITS, TIME_UNITS
from pyomero.model.permissions import (
    Details,
    ObjectPermissions,
    can_modify_groups,
    can_modify_users,
    details_of,
    permissions_of,
)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
LENGTH_SYMBOLS = {**dict(LENGTH_UNITS), "REFERENCEFRAME": "reference frame", "POINT": "pt"}
TIME_SYMBOLS = dict(TIME_UNITS)


def fixed(perm: str, *, editable: bool = False) -> ObjectPermissions:
    """Permissions of an object outside groups (enumerations, experimenters, groups)."""
    return ObjectPermissions(
        perm=perm,
        can_annotate=False,
        can_delete=False,
        can_edit=editable,
        can_link=False,
        can_chgrp=False,
        can_chown=False,
    )


# Enumerations are readable by everyone and changed by no one.
READ_ONLY = fixed("rwr-r-")


def put(target: Json, key: str, value: Any) -> None:
    """Set ``key`` unless ``value`` is None or empty text (OMERO leaves nulls out)."""
    if value is None or value == "":
        return
    target[key] = value


def millis(moment: datetime | None) -> int | None:
    """A time as OMERO's JSON writes it: milliseconds since the epoch."""
    if moment is None:
        return None
    return (moment - EPOCH) // timedelta(milliseconds=1)


def length(value: float | None, unit: str) -> UnitJson | None:
    if value is None:
        return None
    return {
        "@type": omero_type("LengthI"),
        "Unit": unit,
        "Symbol": LENGTH_SYMBOLS.get(unit, unit),
        "Value": value,
    }


def duration(value: float | None, unit: str) -> UnitJson | None:
    if value is None:
        return None
    return {
        "@type": omero_type("TimeI"),
        "Unit": unit,
        "Symbol": TIME_SYMBOLS.get(unit, unit),
        "Value": value,
    }


def enumeration(kind: str, value: str, values: Sequence[str]) -> EnumJson:
    """An enumeration object (``Type``, ``DimensionOrder``); ids follow the value list."""
    return {
        "@id": list(values).index(value) + 1 if value in values else 0,
        "@type": omero_type(kind),
        "value": value,
        "omero:details": {"@type": omero_type("Details"), "permissions": _perms(READ_ONLY)},
    }


def _perms(permissions: ObjectPermissions) -> PermissionsJson:
    return permissions.to_json()  # type: ignore[return-value]


@dataclass
class Encoder:
    """Encodes model objects for one event context (their permissions are ctx's).

    Owners and groups recur in a list; each is encoded once and shared, and so are
    the permissions of objects with the same details (owner, group, level).
    """

    ctx: EventContext
    _people: dict[int, ExperimenterJson] = field(default_factory=dict)
    _groups: dict[int, ExperimenterGroupJson] = field(default_factory=dict)
    _permissions: dict[Details, PermissionsJson] = field(default_factory=dict)

    def start(self, obj: Any, type_name: str, *, ome: bool = True) -> Json:
        """``@id``, ``@type`` and ``omero:details`` of a data object."""
        return {
            "@id": obj.pk,
            "@type": ome_type(type_name) if ome else omero_type(type_name),
            "omero:details": self.details(obj),
        }

    def details(self, obj: Any) -> DetailsJson:
        """Owner, group and ctx's permissions on ``obj`` (owner and group joined)."""
        return {
            "@type": omero_type("Details"),
            "owner": self.experimenter(obj.owner),
            "group": self.group(obj.group),
            "permissions": self.permissions(obj),
        }

    def permissions(self, obj: Any) -> PermissionsJson:
        """ctx's permissions on ``obj``: the policy's answer for its details, once each."""
        details = details_of(obj)
        if details not in self._permissions:
            self._permissions[details] = _perms(permissions_of(self.ctx, obj))
        return self._permissions[details]

    def experimenter(self, user: Experimenter) -> ExperimenterJson:
        if user.pk not in self._people:
            editable = user.pk == self.ctx.user_id or can_modify_users(self.ctx)
            perms = fixed("rwr-r-", editable=editable)
            self._people[user.pk] = {
                "@id": user.pk,
                "@type": ome_type("Experimenter"),
                "omero:details": {"@type": omero_type("Details"), "permissions": _perms(perms)},
                "FirstName": user.first_name,
                "MiddleName": user.middle_name,
                "LastName": user.last_name,
                "Email": user.email,
                "Institution": user.institution,
                "UserName": user.ome_name,
            }
        return self._people[user.pk]

    def group(self, group: ExperimenterGroup) -> ExperimenterGroupJson:
        if group.pk not in self._groups:
            editable = can_modify_groups(self.ctx) or group.pk in self.ctx.leader_of_groups
            perms = fixed(group.permissions, editable=editable)
            encoded: Json = {
                "@id": group.pk,
                "@type": ome_type("ExperimenterGroup"),
                "omero:details": {"@type": omero_type("Details"), "permissions": _perms(perms)},
                "Name": group.name,
            }
            put(encoded, "Description", group.description)
            self._groups[group.pk] = encoded  # type: ignore[assignment]
        return self._groups[group.pk]

    def named(self, obj: Any, type_name: str) -> Json:
        """A data object with ``Name`` and ``Description``."""
        encoded = self.start(obj, type_name)
        put(encoded, "Name", obj.name)
        put(encoded, "Description", obj.description)
        return encoded


def normalize(objects: list[Json]) -> tuple[list[Json], list[Json]]:
    """Move owners and groups out of the objects' details into two lists (by first use).

    Returns the experimenters and groups; the objects keep ``{"@id": ...}`` only.
    Objects without an owner (experimenters, groups) are left as they are.
    """
    people: dict[int, Json] = {}
    groups: dict[int, Json] = {}
    for obj in objects:
        details = obj.get("omero:details", {})
        if "owner" not in details or "group" not in details:
            continue
        owner, group = details["owner"], details["group"]
        people.setdefault(owner["@id"], owner)
        groups.setdefault(group["@id"], group)
        obj["omero:details"] = {**details, "owner": {"@id": owner["@id"]}}
        obj["omero:details"]["group"] = {"@id": group["@id"]}
    return list(people.values()), list(groups.values())
