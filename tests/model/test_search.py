"""Full-text search (``model/search.py``): what it finds, how fresh, and for whom."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from pyomero.model.actions import (
    do_add_comment,
    do_add_file_annotation,
    do_add_map_annotation,
    do_add_tag,
    do_annotate,
    do_chgrp,
    do_create_original_file,
    do_create_project,
    do_create_screen,
    do_delete,
    do_remove_annotation_link,
    do_set_map_values,
    do_update,
)
from pyomero.model.context import EventContext
from pyomero.model.models import Annotation, Image, ImageAnnotationLink, OriginalFile, Permissions
from pyomero.model.search import SearchQuery, entry_of, refresh, search, words
from pyomero.testing.factories import make_image, make_tree
from pyomero.testing.personas import Personas, make_personas


def found(ctx: EventContext, text: str, **options: object) -> list[tuple[str, int]]:
    results = search(ctx, SearchQuery(text=text, **options))  # type: ignore[arg-type]
    return [(hit.obj_type, hit.obj_id) for hit in results.hits]


def test_it_matches_words_whatever_their_accents(owner_ctx: EventContext) -> None:
    image = make_image(owner_ctx, "Noyau du Café.tif")
    assert found(owner_ctx, "cafe") == found(owner_ctx, "CAFÉ") == [("Image", image.pk)]


def test_it_splits_text_into_lower_case_words() -> None:
    assert words("GFP-H2B cell_01.TIF, 2 Zellen") == [
        "gfp",
        "h2b",
        "cell",
        "01",
        "tif",
        "2",
        "zellen",
    ]


def test_it_finds_names_and_descriptions_by_word_prefixes(owner_ctx: EventContext) -> None:
    project, dataset, images = make_tree(owner_ctx, images=1, name="mitosis")
    other = make_image(owner_ctx, "other.tif", description="Late MITOSIS stage")
    assert found(owner_ctx, "mitos") == [
        ("Project", project.pk),
        ("Dataset", dataset.pk),
        ("Image", images[0].pk),
        ("Image", other.pk),
    ]
    assert found(owner_ctx, "mitosis stage") == [("Image", other.pk)]
    assert found(owner_ctx, "tosis") == []


def test_it_finds_tags_key_values_comments_and_attachment_names(
    owner_ctx: EventContext,
) -> None:
    image = make_image(owner_ctx, "plain.tif")
    do_add_tag(owner_ctx, image, "Nucleolus")
    do_add_map_annotation(owner_ctx, image, [("Antibody", "anti-fibrillarin")])
    do_add_comment(owner_ctx, image, "Looks saturated")
    attached = do_create_original_file(owner_ctx, "protocol-v7.pdf")
    do_add_file_annotation(owner_ctx, image, attached)
    for text in ("nucleolus", "antibody", "fibrillarin", "saturated", "protocol v7"):
        assert found(owner_ctx, text) == [("Image", image.pk)], text


def test_it_finds_the_new_name_and_not_the_old_after_a_rename(owner_ctx: EventContext) -> None:
    image = make_image(owner_ctx, "before.tif")
    assert found(owner_ctx, "before") == [("Image", image.pk)]
    do_update(owner_ctx, image, name="after.tif")
    assert found(owner_ctx, "after") == [("Image", image.pk)]
    assert found(owner_ctx, "before") == []


def test_it_follows_tags_and_key_values_as_they_change(owner_ctx: EventContext) -> None:
    image = make_image(owner_ctx, "cells.tif")
    assert found(owner_ctx, "mitochondria") == []
    tag = do_add_tag(owner_ctx, image, "mitochondria")
    assert found(owner_ctx, "mitochondria") == [("Image", image.pk)]
    Annotation.objects.filter(pk=tag.pk).update(text_value="golgi")  # any write counts
    assert found(owner_ctx, "golgi") == [("Image", image.pk)]
    assert found(owner_ctx, "mitochondria") == []
    pairs = do_add_map_annotation(owner_ctx, image, [("stain", "dapi")])
    do_set_map_values(owner_ctx, pairs, [("stain", "hoechst")])
    assert found(owner_ctx, "hoechst") == [("Image", image.pk)]
    assert found(owner_ctx, "dapi") == []
    link = ImageAnnotationLink.objects.get(parent=image, child=tag)
    do_remove_annotation_link(owner_ctx, link)
    assert found(owner_ctx, "golgi") == []


def test_it_finds_a_tag_linked_to_several_objects_on_each(owner_ctx: EventContext) -> None:
    first, second = make_image(owner_ctx, "a.tif"), make_image(owner_ctx, "b.tif")
    tag = do_add_tag(owner_ctx, first, "shared")
    do_annotate(owner_ctx, second, tag)
    assert found(owner_ctx, "shared") == [("Image", first.pk), ("Image", second.pk)]


def test_it_forgets_deleted_objects(owner_ctx: EventContext) -> None:
    image = make_image(owner_ctx, "doomed.tif")
    assert entry_of(image) is not None
    do_delete(owner_ctx, image)
    assert found(owner_ctx, "doomed") == []
    assert not Image.objects.filter(pk=image.pk).exists()


def test_it_filters_by_type_owner_group_and_date(
    personas: Personas, owner_ctx: EventContext
) -> None:
    project = do_create_project(owner_ctx, "alpha project")
    screen = do_create_screen(owner_ctx, "alpha screen")
    image = make_image(owner_ctx, "alpha.tif")
    theirs = make_image(personas.ctx("member", personas.group), "alpha theirs.tif")
    elsewhere = make_image(personas.ctx("owner", personas.other_group), "alpha other.tif")
    everywhere = personas.ctx("owner")
    images = found(everywhere, "alpha", types=frozenset({"Image"}))
    assert sorted(images) == sorted([("Image", i.pk) for i in (image, elsewhere, theirs)])
    assert found(everywhere, "alpha", types=frozenset({"Project", "Screen"})) == [
        ("Project", project.pk),
        ("Screen", screen.pk),
    ]
    assert found(everywhere, "alpha", owner_id=personas.member.pk) == [("Image", theirs.pk)]
    assert found(everywhere, "alpha", group_id=personas.other_group.pk) == [("Image", elsewhere.pk)]
    today = timezone.localdate()
    assert len(found(everywhere, "alpha", created_from=today, created_to=today)) == 5
    assert found(everywhere, "alpha", created_to=today - timedelta(days=1)) == []
    assert found(everywhere, "alpha", created_from=today + timedelta(days=1)) == []


def test_it_pages_results(owner_ctx: EventContext) -> None:
    made = [make_image(owner_ctx, f"page {i}.tif") for i in range(5)]
    results = search(owner_ctx, SearchQuery(text="page", page=2, limit=2))
    assert results.total == 5 and results.pages == 3
    assert [hit.obj_id for hit in results.hits] == [made[2].pk, made[3].pk]
    assert results.hits[0].owner_name == "Owner Person"


def test_it_reads_query_syntax_as_plain_words(owner_ctx: EventContext) -> None:
    image = make_image(owner_ctx, "quoted.tif")
    for text in ('"quoted', "quoted*", "quoted:* & !", "(quoted)", "'quot"):
        assert found(owner_ctx, text) == [("Image", image.pk)], text
    assert found(owner_ctx, "quoted OR other") == []  # every word must match
    assert found(owner_ctx, "  ") == [] and found(owner_ctx, "*") == []


def test_it_indexes_what_existed_before_and_queues_nothing_twice(owner_ctx: EventContext) -> None:
    make_image(owner_ctx, "one.tif")
    assert refresh() >= 1
    assert refresh() == 0


# Who finds what: persona x group level. True means the persona finds the owner's image.
TABLE = {
    Permissions.PRIVATE: {
        "owner": True,
        "member": False,
        "group_owner": True,
        "admin": True,
        "outsider": False,
    },
    Permissions.READ_ONLY: {
        "owner": True,
        "member": True,
        "group_owner": True,
        "admin": True,
        "outsider": False,
    },
    Permissions.READ_ANNOTATE: {
        "owner": True,
        "member": True,
        "group_owner": True,
        "admin": True,
        "outsider": False,
    },
}


@pytest.mark.parametrize("level", list(TABLE))
def test_it_finds_only_what_each_persona_may_see(db: None, level: Permissions) -> None:
    people = make_personas(level)
    image = make_image(people.ctx("owner", people.group), "confidential.tif")
    do_add_tag(people.ctx("owner", people.group), image, "secretive")
    for persona, sees in TABLE[level].items():
        expected = [("Image", image.pk)] if sees else []
        assert found(people.ctx(persona), "confidential") == expected, persona
        assert found(people.ctx(persona), "secretive") == expected, persona


def test_it_follows_a_move_to_another_group(personas: Personas, owner_ctx: EventContext) -> None:
    image = make_image(owner_ctx, "travelling.tif")
    do_add_tag(owner_ctx, image, "wanderer")
    do_chgrp(owner_ctx, image, personas.other_group)
    member = personas.ctx("member")  # in the first group only
    assert found(member, "travelling") == [] and found(member, "wanderer") == []
    moved = found(personas.ctx("owner", personas.other_group), "travelling")
    assert moved == [("Image", image.pk)]


def test_it_follows_writes_that_bypass_the_actions(owner_ctx: EventContext) -> None:
    image = make_image(owner_ctx, "bypassed.tif")
    attached = do_create_original_file(owner_ctx, "draft-notes.txt")
    do_add_file_annotation(owner_ctx, image, attached)
    comment = do_add_comment(owner_ctx, image, "blurry")
    OriginalFile.objects.filter(pk=attached.pk).update(name="final-notes.txt")
    assert found(owner_ctx, "final") == [("Image", image.pk)] and found(owner_ctx, "draft") == []
    Annotation.objects.filter(pk=comment.pk).delete()
    assert found(owner_ctx, "blurry") == []
    Image.objects.filter(pk=image.pk).update(description="sharp again")
    assert found(owner_ctx, "sharp") == [("Image", image.pk)]


def test_it_looks_only_in_the_fields_asked(owner_ctx: EventContext) -> None:
    named = make_image(owner_ctx, "anaphase.tif")
    described = make_image(owner_ctx, "b.tif", description="anaphase bridge")
    tagged = make_image(owner_ctx, "c.tif")
    do_add_tag(owner_ctx, tagged, "Anaphase")
    every = [("Image", named.pk), ("Image", described.pk), ("Image", tagged.pk)]
    assert found(owner_ctx, "anaph") == every
    assert found(owner_ctx, "anaph", fields=frozenset({"name"})) == every[:1]
    assert found(owner_ctx, "anaph", fields=frozenset({"description"})) == every[1:2]
    assert found(owner_ctx, "anaph", fields=frozenset({"annotation"})) == every[2:]
    assert found(owner_ctx, "anaph bridge", fields=frozenset({"name", "description"})) == [
        ("Image", described.pk)
    ]
    assert found(owner_ctx, "naph", fields=frozenset({"name"})) == []  # word starts only
