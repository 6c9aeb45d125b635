"""A tag two users put on the same object shows once in its panel, naming both; each
user may take off their own link, and the other's stays."""

from __future__ import annotations

import re

from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.actions import do_annotate, do_create_tag
from pyomero.testing.personas import Personas

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_it_shows_a_tag_two_users_added_once(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    image = tree.images[0]
    tag = do_create_tag(personas.ctx("owner", personas.group), "mitosis")
    do_annotate(personas.ctx("owner", personas.group), image, tag)
    do_annotate(personas.ctx("member", personas.group), image, tag)
    html = signed_in("member").get(f"/webclient/metadata_details/image/{image.pk}/").content
    text = html.decode()
    owner, member = personas.user("owner").ome_name, personas.user("member").ome_name
    assert text.count('<li class="chip"') == 1
    assert f'title="Added by {owner}, {member}">mitosis <span class="muted">\u00d72</span>' in text
    # The member's remove button takes off the member's link only.
    link_id = re.search(r'name="link_id" value="(\d+)"', text)
    assert link_id
    url = f"/webclient/remove_annotation/image/{image.pk}/"
    after = signed_in("member").post(url, {"link_id": link_id.group(1)}, **HTMX).content.decode()
    assert f'title="Added by {owner}">mitosis<span' in after
