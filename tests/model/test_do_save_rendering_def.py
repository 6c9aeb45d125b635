"""Rendering settings: one's own on any visible image one may annotate; the owner's by edit."""

from __future__ import annotations

import pytest

from pyomero.model.actions import do_save_rendering_def
from pyomero.model.errors import ActionForbiddenError
from pyomero.model.models import RenderingDef
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas


def test_it_saves_ones_own_settings_with_bindings(personas: Personas) -> None:
    image = make_image(personas.ctx("owner", personas.group))
    channels = [{"input_start": 10.0, "input_end": 200.0, "red": 0, "lut": "fire.lut"}]
    rdef = do_save_rendering_def(personas.ctx("member"), image, channels, model="greyscale")
    assert (rdef.owner, rdef.model, rdef.version) == (personas.member, "greyscale", 1)
    binding = rdef.channel_bindings.get()
    assert (binding.input_start, binding.input_end, binding.lut) == (10.0, 200.0, "fire.lut")


def test_it_bumps_the_version_on_each_save(personas: Personas) -> None:
    image = make_image(personas.ctx("owner", personas.group))
    do_save_rendering_def(personas.ctx("owner"), image, default_z=0)
    rdef = do_save_rendering_def(personas.ctx("owner"), image, default_t=0)
    assert rdef.version == 2 and RenderingDef.objects.count() == 1


def test_it_needs_edit_to_change_the_owners_settings(personas: Personas) -> None:
    image = make_image(personas.ctx("owner", personas.group))
    with pytest.raises(ActionForbiddenError):
        do_save_rendering_def(personas.ctx("member"), image, for_owner=True, default_z=0)
    rdef = do_save_rendering_def(personas.ctx("group_owner"), image, for_owner=True)
    assert rdef.owner == personas.owner
