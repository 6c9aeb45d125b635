"""pyomero's extension: ``m/annotations/``, the annotations a user sees, and one of them."""

from __future__ import annotations

from .conftest import M, SignIn, World, data


def test_it_lists_the_annotations_one_sees(world: World, sign_in: SignIn) -> None:
    response = sign_in("member").get(f"{M}annotations/?type=TagAnnotation")
    (tag,) = data(response)
    assert tag["Value"] == "mitosis"
    assert "omero:link" not in tag
    assert response.json()["meta"]["totalCount"] == 1
    assert data(sign_in("outsider").get(f"{M}annotations/")) == []


def test_it_gets_one_annotation(world: World, sign_in: SignIn) -> None:
    client = sign_in("member")
    pairs = data(client.get(f"{M}annotations/?type=MapAnnotation"))[0]
    one = data(client.get(f"{M}annotations/{pairs['@id']}/"))
    assert one["Value"] == [["gene", "CDK1"], ["organism", "human"]]
    assert sign_in("outsider").get(f"{M}annotations/{pairs['@id']}/").status_code == 404


def test_it_replaces_the_pairs_of_a_map_annotation(world: World, sign_in: SignIn) -> None:
    owner = sign_in("owner")
    pairs = data(owner.get(f"{M}annotations/?type=MapAnnotation"))[0]
    target = f"{M}annotations/{pairs['@id']}/"
    body = {"Value": [["gene", "CDK2"]]}
    assert sign_in("member").put(target, body, content_type="application/json").status_code == 403
    response = owner.put(target, body, content_type="application/json")
    assert data(response)["Value"] == [["gene", "CDK2"]]
    tag = data(owner.get(f"{M}annotations/?type=TagAnnotation"))[0]
    edit_tag = owner.put(f"{M}annotations/{tag['@id']}/", body, content_type="application/json")
    assert edit_tag.status_code == 405


def test_it_deletes_an_annotation(world: World, sign_in: SignIn) -> None:
    owner = sign_in("owner")
    comment = data(owner.get(f"{M}annotations/?type=CommentAnnotation"))[0]
    assert sign_in("member").delete(f"{M}annotations/{comment['@id']}/").status_code == 403
    assert data(owner.delete(f"{M}annotations/{comment['@id']}/"))["Value"] == "a fine cell"
    assert owner.get(f"{M}annotations/{comment['@id']}/").status_code == 404
