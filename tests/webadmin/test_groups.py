"""``group/edit/<gid>/``: lowering a level that drops others' links asks first."""

from __future__ import annotations

from tests.webadmin.conftest import SignedIn

from pyomero.model.actions import do_add_tag
from pyomero.model.models import AuditEntry, ExperimenterGroup, ImageAnnotationLink
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas


def _form(personas: Personas, level: str, **extra: str) -> dict[str, object]:
    members = [m.child_id for m in personas.group.member_maps.all()]
    return {
        "name": personas.group.name,
        "description": "the lab",
        "permissions": level,
        "members": members,
        "owners": [personas.group_owner.pk],
        **extra,
    }


def test_it_asks_before_a_lower_level_drops_annotation_links(
    personas: Personas, signed_in: SignedIn
) -> None:
    image = make_image(personas.ctx("owner", personas.group))
    do_add_tag(personas.ctx("member", personas.group), image, "mitosis")
    links = ImageAnnotationLink.objects.filter(parent=image)
    client = signed_in("admin")
    url = f"/webadmin/group/edit/{personas.group.pk}/"

    asked = client.post(url, _form(personas, "read-only"))
    assert asked.status_code == 409
    assert "would remove 1 link" in asked.content.decode()
    assert 'name="confirm" value="True"' in asked.content.decode()
    group = ExperimenterGroup.objects.get(pk=personas.group.pk)
    assert (group.permissions, group.description, links.count()) == ("rwra--", "", 1)
    assert not AuditEntry.objects.filter(action="group.update").exists()

    confirmed = client.post(url, _form(personas, "read-only", confirm="True"))
    assert confirmed.status_code == 302
    assert ExperimenterGroup.objects.get(pk=personas.group.pk).permissions == "rwr---"
    assert links.count() == 0
    entry = AuditEntry.objects.get(action="group.update")
    assert (entry.before["permissions"], entry.after["permissions"]) == (
        "read-annotate",
        "read-only",
    )
    assert entry.after["links_removed"] == 1


def test_it_lists_groups_with_their_level_and_size(personas: Personas, signed_in: SignedIn) -> None:
    page = signed_in("admin").get("/webadmin/groups/").content.decode()
    assert "other-lab" in page and "read-only" in page and "read-annotate" in page


def test_it_lets_a_group_owner_add_an_owner(personas: Personas, signed_in: SignedIn) -> None:
    members = [m.child_id for m in personas.group.member_maps.all()]
    owners = [personas.group_owner.pk, personas.member.pk]
    response = signed_in("group_owner").post(
        f"/webadmin/group_owner/edit/{personas.group.pk}/",
        {"members": members, "owners": owners},
    )
    assert response.status_code == 302
    assert personas.group.member_maps.get(child=personas.member).owner
    entry = AuditEntry.objects.get(actor_name="group-owner")
    assert entry.before["owners"] == ["group-owner"]
    assert entry.after["owners"] == ["group-owner", "member"]
