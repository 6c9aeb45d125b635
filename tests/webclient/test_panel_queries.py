"""The right-hand panel costs the same queries however many annotations it shows."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.actions import (
    do_add_comment,
    do_add_file_annotation,
    do_add_map_annotation,
    do_add_tag,
    do_create_original_file,
)
from pyomero.testing.personas import Personas


def test_it_costs_the_same_queries_whatever_the_number_of_annotations(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    ctx = personas.ctx("owner", personas.group)
    image = tree.images[0]
    client = signed_in("owner")
    url = f"/webclient/metadata_details/image/{image.pk}/"

    def annotate(n: int) -> None:
        do_add_tag(ctx, image, f"tag {n}")
        do_add_comment(ctx, image, f"comment {n}")
        do_add_map_annotation(ctx, image, [(f"key {n}", "value")])
        do_add_file_annotation(ctx, image, do_create_original_file(ctx, f"f{n}.txt", size=1))

    annotate(0)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(1, 5):
        annotate(n)
    with CaptureQueriesContext(connection) as five:
        html = client.get(url).content.decode()
    assert "tag 4" in html and "f4.txt" in html and "comment 4" in html
    assert len(five.captured_queries) == len(one.captured_queries)
