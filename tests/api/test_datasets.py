"""``m/datasets/``: in a project, holding an image, orphaned, one dataset, delete."""

from __future__ import annotations

from pyomero.model.models import Dataset

from .conftest import M, SignIn, World, data, names


def test_it_lists_datasets_by_lower_cased_name(world: World, sign_in: SignIn) -> None:
    assert names(sign_in("member").get(f"{M}datasets/")) == ["alpha dataset", "Loose dataset"]


def test_it_links_each_dataset_to_itself_its_images_and_projects(
    world: World, sign_in: SignIn
) -> None:
    listed = data(sign_in("owner").get(f"{M}datasets/"))[0]
    base = f"http://testserver{M}datasets/{world.dataset.pk}/"
    assert listed["url:dataset"] == base
    assert listed["url:images"] == f"{base}images/"
    assert listed["url:projects"] == f"{base}projects/"


def test_it_lists_the_datasets_of_a_project(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    assert names(client.get(f"{M}projects/{world.project.pk}/datasets/")) == ["alpha dataset"]
    assert names(client.get(f"{M}datasets/?project={world.project.pk}")) == ["alpha dataset"]


def test_it_lists_the_datasets_holding_an_image(world: World, sign_in: SignIn) -> None:
    url = f"{M}images/{world.images[1].pk}/datasets/"
    assert names(sign_in("owner").get(url)) == ["alpha dataset"]


def test_it_lists_orphaned_datasets(world: World, sign_in: SignIn) -> None:
    assert names(sign_in("owner").get(f"{M}datasets/?orphaned=true")) == ["Loose dataset"]


def test_it_counts_the_images_of_a_dataset(world: World, sign_in: SignIn) -> None:
    one = data(sign_in("owner").get(f"{M}datasets/{world.dataset.pk}/?childCount=true"))
    assert one["omero:childCount"] == 2
    assert set(one) >= {"url:images", "url:projects"}


def test_it_deletes_a_dataset(world: World, sign_in: SignIn) -> None:
    response = sign_in("owner").delete(f"{M}datasets/{world.orphan_dataset.pk}/")
    assert response.json()["data"]["Name"] == "Loose dataset"
    assert not Dataset.objects.filter(pk=world.orphan_dataset.pk).exists()
