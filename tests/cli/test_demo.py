"""``omero demo`` imports the demo set once, owned by a demo user in a read-annotate group."""

from __future__ import annotations

from pyomero.model.actions import do_bootstrap_root
from pyomero.model.models import Experimenter, Image, Pixels, Plate, Project, WellSample
from pyomero.testing.personas import Personas

from .conftest import Omero
from .import_fixtures import cli_env

__all__ = ["cli_env"]


def test_it_imports_the_demo_set_once(omero: Omero, cli_env: Personas) -> None:
    do_bootstrap_root("root-password")
    first = omero("demo", "--big-side", "700")
    assert first.code == 0, first.err
    assert "Created the demo user 'demo' with the password: " in first.out
    demo = Experimenter.objects.get(ome_name="demo")
    group = demo.group_maps.get(parent__name="demo").parent
    assert group.permissions == "rwra--"
    project = Project.objects.get(name="Demo project", owner=demo)
    dataset = project.datasets.get(name="Demo images")
    names = sorted(dataset.images.values_list("name", flat=True))
    assert names == ["Large 700 x 700", "Time series", "Z-stack", "rgb.png"]
    stack = Pixels.objects.get(image__name="Z-stack")
    assert (stack.size_z, stack.size_c, stack.physical_size_z) == (16, 3, 0.8)
    assert Pixels.objects.get(image__name="Time series").size_t == 10
    plate = Plate.objects.get(screens__name="Demo screen")
    assert (plate.rows, plate.columns) == (2, 3)
    assert WellSample.objects.filter(well__plate=plate).count() == 12
    assert set(Image.objects.values_list("owner_id", flat=True)) == {demo.pk}

    again = omero("demo", "--big-side", "700")
    assert again.code == 0
    assert again.out == "The demo data is already imported\n"
    assert Image.objects.count() == 16
