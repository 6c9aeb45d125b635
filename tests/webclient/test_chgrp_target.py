"""Moving to another group into a chosen container (``chgrp/`` with ``target_id``), and
the containers offered for it (``chgrp_targets/``)."""

from __future__ import annotations

from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.actions import do_create_dataset
from pyomero.model.models import DatasetImageLink, Image
from pyomero.testing.personas import Personas


def test_it_moves_an_image_into_a_dataset_of_the_other_group(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    there = do_create_dataset(personas.ctx("owner", personas.other_group), "Archive")
    image = tree.images[0]
    form = {
        "image": image.pk,
        "group_id": personas.other_group.pk,
        "target_id": f"dataset-{there.pk}",
    }
    response = signed_in("owner").post("/webclient/chgrp/", form)
    assert response.status_code == 200
    assert Image.objects.get(pk=image.pk).group_id == personas.other_group.pk
    parents = DatasetImageLink.objects.filter(child_id=image.pk).values_list("parent_id", flat=True)
    assert list(parents) == [there.pk]


def test_it_offers_the_datasets_of_the_other_group(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    there = do_create_dataset(personas.ctx("owner", personas.other_group), "Archive")
    query = f"group_id={personas.other_group.pk}&type=image"
    data = signed_in("owner").get(f"/webclient/chgrp_targets/?{query}").json()
    assert data == {"targets": [{"type": "dataset", "id": there.pk, "name": "Archive"}]}
    refused = signed_in("owner").get(
        f"/webclient/chgrp_targets/?group_id={personas.outside_group.pk}&type=image"
    )
    assert refused.status_code == 404
