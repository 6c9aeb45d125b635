"""An image's "Original metadata" (OMERO.web's ``load_original_metadata/<id>/`` and
``download_orig_metadata/<id>/``) and the objective in the panel's Acquisition section."""

from __future__ import annotations

from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.actions.imports import do_start_import
from pyomero.model.models import (
    Image,
    Instrument,
    Objective,
    ObjectiveSettings,
    OriginalMetadata,
)
from pyomero.testing.personas import Personas


def acquired(personas: Personas, image: Image) -> Image:
    """``image`` as an import of a microscope's file leaves it."""
    fileset = do_start_import(personas.ctx("owner", personas.group))
    image.fileset = fileset
    image.save(update_fields=["fileset"])
    OriginalMetadata.objects.bulk_create(
        [
            OriginalMetadata.of(fileset, None, [("Software", "ZEN 3.1"), ("Lamp", "LED <470>")]),
            OriginalMetadata.of(fileset, image, [("Camera|Exposure", "120 ms")]),
        ]
    )
    scope = Instrument.objects.create(fileset=fileset, microscope="Zeiss Observer")
    lens = Objective.objects.create(
        instrument=scope,
        model="Plan-Apochromat 63x/1.4 Oil",
        nominal_magnification=63,
        lens_na=1.4,
        immersion="Oil",
    )
    ObjectiveSettings.objects.create(image=image, objective=lens)
    return image


def test_it_lists_the_global_and_series_pairs(
    signed_in: SignedIn, tree: Tree, personas: Personas
) -> None:
    image = acquired(personas, tree.images[0])
    page = signed_in("member").get(f"/webclient/load_original_metadata/{image.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Global metadata" in html and "Series metadata" in html
    assert "<td>Software</td><td>ZEN 3.1</td>" in html
    assert "LED &lt;470&gt;" in html  # values are text, escaped
    assert "<td>Camera|Exposure</td><td>120 ms</td>" in html
    assert 'id="om-global-filter"' in html
    assert f'href="/webclient/download_orig_metadata/{image.pk}/"' in html


def test_it_downloads_them_as_omeros_text_file(
    signed_in: SignedIn, tree: Tree, personas: Personas
) -> None:
    image = acquired(personas, tree.images[0])
    answer = signed_in("owner").get(f"/webclient/download_orig_metadata/{image.pk}/")
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == 'attachment; filename="Original_Metadata.txt"'
    assert answer.content.decode() == (
        "[Global Metadata]\nSoftware=ZEN 3.1\nLamp=LED <470>\n"
        "[Series Metadata]\nCamera|Exposure=120 ms\n"
    )


def test_it_says_when_an_image_has_none(signed_in: SignedIn, tree: Tree) -> None:
    page = signed_in("owner").get(f"/webclient/load_original_metadata/{tree.images[1].pk}/")
    assert "No original metadata for this image" in page.content.decode()


def test_it_answers_404_to_whoever_may_not_read_the_image(
    signed_in: SignedIn, tree: Tree, personas: Personas
) -> None:
    image = acquired(personas, tree.images[0])
    outsider = signed_in("outsider")
    for url in ("load_original_metadata", "download_orig_metadata"):
        answer = outsider.get(f"/webclient/{url}/{image.pk}/")
        assert answer.status_code == 404, url
        assert b"ZEN" not in answer.content
    assert outsider.get("/webclient/load_original_metadata/999999/").status_code == 404


def test_the_panel_shows_the_objective_and_opens_the_original_metadata(
    signed_in: SignedIn, tree: Tree, personas: Personas
) -> None:
    image = acquired(personas, tree.images[0])
    html = signed_in("member").get(f"/webclient/metadata_details/image/{image.pk}/").content
    text = html.decode()
    assert "<dt>Microscope</dt><dd>Zeiss Observer</dd>" in text
    assert "<dt>Magnification</dt><dd>63x</dd>" in text
    assert "<dt>Lens NA</dt><dd>1.4</dd>" in text
    assert "<dt>Immersion</dt><dd>Oil</dd>" in text
    assert "Plan-Apochromat 63x/1.4 Oil" in text
    assert f'hx-get="/webclient/load_original_metadata/{image.pk}/"' in text
