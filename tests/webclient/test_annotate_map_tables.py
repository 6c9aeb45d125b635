"""One key-value table per user per namespace: "Add pair" appends to the user's own
map of that namespace on the object, as OMERO.web does."""

from __future__ import annotations

from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.context import ALL_GROUPS
from pyomero.model.models import CLIENT_MAP_NS
from pyomero.model.queries import annotation_links
from pyomero.testing.personas import Personas

HTMX = {"HTTP_HX_REQUEST": "true"}


def _maps(personas: Personas, tree: Tree) -> list[tuple[str, str, list[tuple[str, str]]]]:
    links = annotation_links(personas.ctx("owner", ALL_GROUPS), tree.images[0])
    return [
        (
            link.child.owner.ome_name,
            link.child.ns,
            [(row.name, row.value) for row in link.child.map_values.all()],
        )
        for link in links
        if link.child.kind == "MapAnnotation"
    ]


def test_it_adds_pairs_to_the_users_existing_table(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    url = f"/webclient/annotate_map/image/{tree.images[0].pk}/"
    client = signed_in("owner")
    client.post(url, {"key": "strain", "value": "HeLa"}, **HTMX)
    response = client.post(url, {"key": ["stain", "dye"], "value": ["DAPI", "Hoechst"]}, **HTMX)
    assert response.status_code == 200
    owner = personas.user("owner").ome_name
    pairs = [("strain", "HeLa"), ("stain", "DAPI"), ("dye", "Hoechst")]
    assert _maps(personas, tree) == [(owner, CLIENT_MAP_NS, pairs)]


def test_it_keeps_one_table_per_user_and_per_namespace(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    url = f"/webclient/annotate_map/image/{tree.images[0].pk}/"
    signed_in("owner").post(url, {"key": "strain", "value": "HeLa"}, **HTMX)
    signed_in("member").post(url, {"key": "seen", "value": "yes"}, **HTMX)
    signed_in("owner").post(url, {"key": "a", "value": "1", "ns": "lab/protocol"}, **HTMX)
    signed_in("owner").post(url, {"key": "b", "value": "2"}, **HTMX)
    owner, member = personas.user("owner").ome_name, personas.user("member").ome_name
    assert sorted(_maps(personas, tree)) == sorted(
        [
            (owner, CLIENT_MAP_NS, [("strain", "HeLa"), ("b", "2")]),
            (member, CLIENT_MAP_NS, [("seen", "yes")]),
            (owner, "lab/protocol", [("a", "1")]),
        ]
    )
