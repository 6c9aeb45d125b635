"""``tag_panel/<id>/``: a tag's or tag set's panel; rename and describe, put tags in a
set and take them out, delete; refusals answer the panel with the message."""

from __future__ import annotations

import re

from tests.webclient.helpers import SignedIn

from pyomero.model.actions import do_annotate, do_create_tag, do_create_tagset
from pyomero.model.models import Annotation, AnnotationAnnotationLink
from pyomero.testing.personas import Personas

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_it_shows_a_tag_set_with_its_tags_and_the_tags_to_put_in(
    personas: Personas, signed_in: SignedIn
) -> None:
    ctx = personas.ctx("owner", personas.group)
    stains = do_create_tagset(ctx, "Stains", "by colour")
    dapi, gfp = do_create_tag(ctx, "DAPI"), do_create_tag(ctx, "GFP")
    do_annotate(ctx, stains, dapi)
    html = signed_in("owner").get(f"/webclient/tag_panel/{stains.pk}/").content.decode()
    assert "Tag set" in html and '<h2 id="panel-title">Stains</h2>' in html
    assert 'aria-label="Take DAPI out of the set"' in html
    assert f'<option value="{gfp.pk}">GFP</option>' in html
    assert f'<option value="{dapi.pk}">' not in html  # already in


def test_it_puts_a_tag_in_a_set_and_takes_it_out(personas: Personas, signed_in: SignedIn) -> None:
    ctx = personas.ctx("owner", personas.group)
    stains, gfp = do_create_tagset(ctx, "Stains"), do_create_tag(ctx, "GFP")
    client = signed_in("owner")
    html = client.post(f"/webclient/tag_panel/{stains.pk}/put/", {"tag_id": gfp.pk}, **HTMX)
    assert html.status_code == 200
    assert AnnotationAnnotationLink.objects.filter(parent=stains, child=gfp).exists()
    link = re.search(r'name="link_id" value="(\d+)"', html.content.decode())
    assert link
    client.post(f"/webclient/tag_panel/{stains.pk}/take_out/", {"link_id": link.group(1)}, **HTMX)
    assert not AnnotationAnnotationLink.objects.filter(parent=stains, child=gfp).exists()
    assert Annotation.objects.filter(pk=gfp.pk).exists()


def test_it_refuses_to_put_a_tag_set_in_a_set_or_a_tag_in_a_tag(
    personas: Personas, signed_in: SignedIn
) -> None:
    ctx = personas.ctx("owner", personas.group)
    stains, other = do_create_tagset(ctx, "Stains"), do_create_tagset(ctx, "Other")
    tag = do_create_tag(ctx, "GFP")
    client = signed_in("owner")
    refused = client.post(f"/webclient/tag_panel/{stains.pk}/put/", {"tag_id": other.pk}, **HTMX)
    assert refused.status_code == 400
    assert "does not go into another tag set" in refused.content.decode()
    into_tag = client.post(f"/webclient/tag_panel/{tag.pk}/put/", {"tag_id": other.pk}, **HTMX)
    assert into_tag.status_code == 400
    missing = client.post(f"/webclient/tag_panel/{stains.pk}/put/", {"tag_id": "x"}, **HTMX)
    assert missing.status_code == 404
    assert not AnnotationAnnotationLink.objects.filter(parent__in=[stains, tag]).exists()


def test_it_renames_and_deletes_a_tag_for_its_owner_only(
    personas: Personas, signed_in: SignedIn
) -> None:
    tag = do_create_tag(personas.ctx("owner", personas.group), "mitosis")
    url = f"/webclient/tag_panel/{tag.pk}/"
    refused = signed_in("member").post(url, {"name": "meiosis"}, **HTMX)
    assert refused.status_code == 403
    assert 'role="alert"' in refused.content.decode()
    assert signed_in("member").post(f"{url}delete/", **HTMX).status_code == 403
    renamed = signed_in("owner").post(url, {"name": "anaphase", "description": "late"}, **HTMX)
    assert '<h2 id="panel-title">anaphase</h2>' in renamed.content.decode()
    gone = signed_in("owner").post(f"{url}delete/", **HTMX).content.decode()
    assert f'data-deleted-type="tag" data-deleted-id="{tag.pk}"' in gone
    assert not Annotation.objects.filter(pk=tag.pk).exists()


def test_it_answers_404_for_a_tag_the_user_may_not_see(
    personas: Personas, signed_in: SignedIn
) -> None:
    tag = do_create_tag(personas.ctx("owner", personas.group), "private")
    assert signed_in("outsider").get(f"/webclient/tag_panel/{tag.pk}/").status_code == 404
    assert signed_in("owner").get("/webclient/tag_panel/999999/").status_code == 404
