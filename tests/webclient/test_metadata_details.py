from __future__ import annotations

from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.actions import do_add_map_annotation, do_add_tag, do_set_rating
from pyomero.model.models import Pixels
from pyomero.testing.personas import Personas


def test_it_shows_the_general_facts_of_an_image(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    image = tree.images[0]
    Pixels.objects.filter(image=image).update(physical_size_x=0.5, physical_size_y=0.5)
    page = signed_in("owner").get(f"/webclient/metadata_details/image/{image.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'Image <span class="muted">ID {image.pk}</span>' in html
    assert "<dd>64 \u00d7 48</dd>" in html
    assert "<dd>1 / 2 / 1</dd>" in html
    assert "<dd>uint8</dd>" in html
    assert "<dd>X: 0.5 µm, Y: 0.5 µm</dd>" in html
    assert "<dd>Owner Person</dd>" in html


def test_it_offers_editing_to_the_owner(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    html = signed_in("owner").get(f"/webclient/metadata_details/dataset/{tree.dataset.pk}/")
    assert f'hx-post="/webclient/action/save/dataset/{tree.dataset.pk}/"' in html.content.decode()


def test_it_shows_the_annotations(personas: Personas, tree: Tree, signed_in: SignedIn) -> None:
    ctx = personas.ctx("owner", personas.group)
    image = tree.images[0]
    do_add_tag(ctx, image, "mitosis")
    do_add_map_annotation(ctx, image, [("strain", "HeLa")])
    do_set_rating(ctx, image, 4)
    html = signed_in("owner").get(f"/webclient/metadata_details/image/{image.pk}/").content
    text = html.decode()
    assert f'title="Added by {personas.user("owner").ome_name}">mitosis<span' in text
    assert 'name="key" type="text" value="strain"' in text
    assert 'name="value" type="text" value="HeLa"' in text
    assert 'id="rating-4" name="rating" value="4" checked' in text


def test_it_answers_404_for_an_object_the_user_cannot_see(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    response = signed_in("outsider").get(f"/webclient/metadata_details/image/{tree.images[0].pk}/")
    assert response.status_code == 404


def test_it_answers_404_for_an_unknown_type(personas: Personas, signed_in: SignedIn) -> None:
    assert signed_in("owner").get("/webclient/metadata_details/plate/1/").status_code == 404
