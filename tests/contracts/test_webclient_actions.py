"""OMERO.web's ``action/<action>/<type>/<id>/``, the chgrp dialog's JSON,
``activities_json/``, ``api/groups/``, ``api/experimenters/<id>/``,
``load_calendar/`` and ``usertags/``."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.contracts.omeroweb import get, get_json, post, post_json

from pyomero.model.actions import (
    do_annotate,
    do_create_dataset,
    do_create_project,
    do_create_tag,
    do_link,
)
from pyomero.model.context import EventContext
from pyomero.model.models import Annotation, Dataset, Project, TagAnnotation
from pyomero.testing.factories import make_image, make_tree
from pyomero.testing.personas import Personas


def action(*args: object) -> str:
    return reverse("manage_action_containers", args=[str(a) for a in args])


def test_add_and_rename_container(web) -> None:
    """test_containers.py::TestContainers::test_add_and_rename_container: a project
    answers ``{"id"}``; a dataset is added under it; both its name and its description
    can be saved."""
    client = web("owner")
    pid = post_json(
        client, action("addnewcontainer"), {"folder_type": "project", "name": "foobar"}
    )["id"]
    rsp = post_json(
        client,
        action("addnewcontainer", "project", pid),
        {"folder_type": "dataset", "name": "foobar"},
    )
    dataset = Dataset.objects.get(pk=rsp["id"])
    assert list(dataset.project_links.values_list("parent_id", flat=True)) == [pid]
    assert post_json(client, action("savename", "project", pid), {"name": "anotherfoobar"}) == {
        "bad": "false",
        "o_type": "project",
    }
    post(client, action("savedescription", "project", pid), {"description": "anotherfoobar"})
    project = Project.objects.get(pk=pid)
    assert (project.name, project.description) == ("anotherfoobar", "anotherfoobar")


def test_it_refuses_an_empty_name_with_a_message(web) -> None:
    """test_containers.py::TestContainers (ContainerForm): a container needs a name;
    pyomero answers 400 with the reason and creates nothing."""
    rsp = post(
        web("owner"), action("addnewcontainer"), {"folder_type": "project", "name": " "}, 400
    )
    assert rsp.json()["message"] and not Project.objects.exists()


def test_add_owned_container(web, personas: Personas) -> None:
    """test_containers.py::TestContainers::test_add_owned_container: an administrator
    creates a dataset owned by a user, in the session's active group."""
    client = web("admin")
    session = client.session
    session["active_group"] = personas.group.pk
    session.save()
    rsp = post_json(
        client,
        action("addnewcontainer"),
        {"folder_type": "dataset", "name": "ownedby", "owner": str(personas.member.pk)},
    )
    dataset = Dataset.objects.get(pk=rsp["id"])
    assert (dataset.owner_id, dataset.group_id) == (personas.member.pk, personas.group.pk)


def test_it_refuses_an_owner_to_a_plain_member(web, personas: Personas) -> None:
    """test_containers.py::TestContainers::test_add_owned_container, the other side: a
    member may not create for someone else (403), and nothing is left behind."""
    data = {"folder_type": "project", "name": "theirs", "owner": str(personas.colleague.pk)}
    post(web("member"), action("addnewcontainer"), data, 403)
    assert not Project.objects.filter(name="theirs").exists()


def test_it_creates_tag_sets_and_tags_in_them(web) -> None:
    """test_tags.py::TestTags::test_create_tag_and_tagset: ``folder_type`` tagset, then
    ``addnewcontainer/tagset/<id>/`` makes a tag inside it."""
    client = web("owner")
    tagset = post_json(client, action("addnewcontainer"), {"folder_type": "tagset", "name": "set"})[
        "id"
    ]
    tag = post_json(client, action("addnewcontainer", "tagset", tagset), {"name": "inside"})["id"]
    assert TagAnnotation.objects.get(pk=tag).text_value == "inside"
    found = get_json(client, reverse("api_tags"), {"id": tagset})
    assert [t["id"] for t in found["tags"]] == [tag]
    post(client, action("savename", "tag", tag), {"name": "afterEdit"})
    post(client, action("savedescription", "tagset", tagset), {"description": "New description"})
    assert TagAnnotation.objects.get(pk=tag).text_value == "afterEdit"
    assert TagAnnotation.objects.get(pk=tagset).description == "New description"


def test_remove_and_delete_tag(web, owner_ctx: EventContext) -> None:
    """test_tags.py::TestTags::test_add_edit_and_remove_tag: ``action/remove/tag/<id>/``
    with ``parent=image-<id>`` takes the tag off; ``action/delete/tag/<id>/`` deletes it."""
    client = web("owner")
    img = make_image(owner_ctx)
    tag, other = do_create_tag(owner_ctx, "a"), do_create_tag(owner_ctx, "b")
    do_annotate(owner_ctx, img, tag)
    do_annotate(owner_ctx, img, other)
    post(client, action("remove", "tag", tag.pk), {"index": 0, "parent": f"image-{img.pk}"})
    anns = reverse("api_annotations")
    found = get_json(client, anns, {"image": img.pk, "type": "tag"})["annotations"]
    assert [a["id"] for a in found] == [other.pk]
    post(client, action("delete", "tag", other.pk), {})
    assert get_json(client, anns, {"image": img.pk, "type": "tag"})["annotations"] == []
    assert not Annotation.objects.filter(pk=other.pk).exists()
    assert Annotation.objects.filter(pk=tag.pk).exists()


@pytest.mark.parametrize("credentials", ["owner", "admin"])
def test_load_chgrp_groups(web, personas: Personas, credentials: str) -> None:
    """test_chgrp.py::TestChgrp::test_load_chgrp_groups: the owner's other group is the
    one place their project may move to."""
    project = make_tree(personas.ctx("owner", personas.group))[0]
    data = get_json(web(credentials), reverse("load_chgrp_groups"), {"Project": project.pk})
    assert [g["id"] for g in data["groups"]] == [personas.other_group.pk]
    assert data["groups"][0]["perms"] == {"write": False, "annotate": False, "read": True}
    assert data["owners"] == [[personas.owner.pk, "Owner Person"]]


@pytest.fixture
def projects_dataset_image_tag(owner_ctx: EventContext):
    """test_chgrp.py's fixture: two projects holding one dataset (with an image), a tag
    on both projects."""
    project1, dataset, images = make_tree(owner_ctx)
    project2 = do_create_project(owner_ctx, "second")
    do_link(owner_ctx, project2, dataset)
    tag = do_create_tag(owner_ctx, "ChgrpTag")
    do_annotate(owner_ctx, project1, tag)
    do_annotate(owner_ctx, project2, tag)
    return project1, project2, dataset, images, tag


def dry_run(client, data):
    job = post(client, reverse("chgrpDryRun"), data).content.decode()
    rsp = get_json(client, reverse("activities_json"), {"jobId": job})
    assert rsp["finished"] is True
    return rsp


def test_chgrp_dry_run(web, personas: Personas, projects_dataset_image_tag) -> None:
    """test_chgrp.py::TestChgrp::test_chgrp_dry_run: moving one project leaves the
    shared dataset and tag behind; moving both takes everything; nothing moves."""
    project1, project2, dataset, images, tag = projects_dataset_image_tag
    client = web("owner")
    rsp = dry_run(client, {"group_id": personas.other_group.pk, "Project": project1.pk})
    assert rsp["includedObjects"] == {"Projects": [project1.pk]}
    assert rsp["unlinkedChildren"] == {"Datasets": [{"id": dataset.pk, "name": dataset.name}]}
    assert rsp["unlinkedAnnotations"] == {
        "Files": [],
        "Tags": [{"id": tag.pk, "name": "ChgrpTag"}],
        "Comments": [],
        "Others": 0,
    }
    both = f"{project1.pk},{project2.pk}"
    rsp = dry_run(client, {"group_id": personas.other_group.pk, "Project": both})
    assert rsp["includedObjects"] == {
        "Projects": sorted([project1.pk, project2.pk]),
        "Datasets": [dataset.pk],
        "Images": sorted(i.pk for i in images),
    }
    assert rsp["unlinkedAnnotations"]["Tags"] == []
    assert Project.objects.get(pk=project1.pk).group_id == personas.group.pk


def test_chgrp_takes_omeros_class_names(web, personas: Personas, owner_ctx) -> None:
    """test_chgrp.py::TestChgrp::test_chgrp_new_container: the dialog posts
    ``Dataset=<id>``; the dataset moves and activities_json shows a finished
    "Change group" job to that group."""
    dataset = make_tree(owner_ctx)[1]
    client = web("owner")
    post(client, reverse("chgrp"), {"group_id": personas.other_group.pk, "Dataset": dataset.pk})
    assert Dataset.objects.get(pk=dataset.pk).group_id == personas.other_group.pk
    data = get_json(client, reverse("activities_json"))
    assert data["inprogress"] == 0
    jobs = [o for o in data.values() if isinstance(o, dict)]
    assert jobs and all(o["status"] == "finished" for o in jobs)
    assert [(o["job_name"], o["to_group_id"]) for o in jobs] == [
        ("Change group", personas.other_group.pk)
    ]


def test_it_answers_an_unknown_dry_run_job_404(web) -> None:
    """test_chgrp.py (``activities_json/?jobId=``): an unknown job is not found."""
    get(web("owner"), reverse("activities_json"), {"jobId": "nothing"}, 404)


def test_marshal_experimenter(web, personas: Personas) -> None:
    """test_tree.py::TestTree::test_marshal_experimenter, over HTTP: id, omeName,
    firstName, lastName; -1 is "All members"."""
    url = reverse("api_experimenter", args=[personas.member.pk])
    assert get_json(web("owner"), url) == {
        "experimenter": {
            "id": personas.member.pk,
            "omeName": "member",
            "firstName": "Member",
            "lastName": "Person",
        }
    }
    everyone = get_json(web("owner"), reverse("api_experimenter", args=[-1]))["experimenter"]
    assert everyone["id"] == -1 and everyone["omeName"] == "All members"
    get(web("outsider"), url, status_code=404)


def test_marshal_groups(web, personas: Personas) -> None:
    """test_tree.py::TestTree::test_marshal_groups (``api/groups/?member=``): the
    member's groups by name, without ``user``."""
    data = get_json(web("owner"), reverse("api_groups"), {"member": personas.owner.pk})
    assert data["groups"] == [
        {"id": personas.group.pk, "name": "lab", "perm": personas.group.permissions},
        {"id": personas.other_group.pk, "name": "other-lab", "perm": "rwr---"},
    ]


def test_calendar_default(web) -> None:
    """test_history.py::TestHistory::test_calendar_default: ``load_calendar/`` is this
    month; a project created today shows on it."""
    client = web("owner")
    assert b'class="count"' not in get(client, reverse("load_calendar")).content
    post(client, action("addnewcontainer"), {"folder_type": "project", "name": "foobar"})
    assert b'class="count"' in get(client, reverse("load_calendar")).content


def test_usertags_page(web) -> None:
    """test_show.py (``load_template``, menu ``usertags``): the page is served."""
    assert b"tags-tree" in get(web("owner"), reverse("usertags")).content


EXPECTED_UPDATE = {
    "childless": {"project": [], "orphaned": False, "dataset": []},
    "remove": {"project": [], "plate": [], "screen": [], "image": [], "dataset": []},
}


@pytest.mark.parametrize("credentials", ["owner", "admin"])
def test_chgrp_new_container(web, personas: Personas, owner_ctx, credentials: str) -> None:
    """test_chgrp.py::TestChgrp::test_chgrp_new_container: the dataset moves into a new
    project of the target group, owned by the data's owner; the answer's ``update``
    removes the dataset from the tree (pyomero adds ``moved`` and ``group_id``)."""
    dataset = do_create_dataset(owner_ctx, "to move")
    data = {
        "group_id": personas.other_group.pk,
        "Dataset": dataset.pk,
        "new_container_name": "chgrp-project",
        "new_container_type": "project",
    }
    rsp = post_json(web(credentials), reverse("chgrp"), data)
    expected = {**EXPECTED_UPDATE, "remove": {**EXPECTED_UPDATE["remove"], "dataset": [dataset.pk]}}
    assert rsp["update"] == expected
    moved = Dataset.objects.get(pk=dataset.pk)
    assert moved.group_id == personas.other_group.pk
    (parent,) = Project.objects.filter(dataset_links__child=moved)
    assert (parent.name, parent.group_id) == ("chgrp-project", personas.other_group.pk)
    assert parent.owner_id == personas.owner.pk


@pytest.mark.parametrize("credentials", ["owner", "admin"])
def test_chgrp_old_container(web, personas: Personas, owner_ctx, credentials: str) -> None:
    """test_chgrp.py::TestChgrp::test_chgrp_old_container: ``target_id=project-<id>``
    puts the moved dataset into the owner's project of the target group."""
    dataset = do_create_dataset(owner_ctx, "to move")
    target = do_create_project(personas.ctx("owner", personas.other_group), "chgrp-target")
    data = {
        "group_id": personas.other_group.pk,
        "Dataset": dataset.pk,
        "target_id": f"project-{target.pk}",
    }
    rsp = post_json(web(credentials), reverse("chgrp"), data)
    assert rsp["update"]["remove"]["dataset"] == [dataset.pk]
    assert list(Project.objects.filter(dataset_links__child=dataset)) == [target]


def test_chgrp_tells_which_projects_are_left_empty(web, personas: Personas, owner_ctx) -> None:
    """webclient ``getAllObjects`` (the ``childless`` part of chgrp's ``update``)."""
    project, dataset, _ = make_tree(owner_ctx)
    data = {"group_id": personas.other_group.pk, "Dataset": dataset.pk}
    rsp = post_json(web("owner"), reverse("chgrp"), data)
    assert rsp["update"]["childless"]["project"] == [project.pk]
