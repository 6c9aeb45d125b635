"""Lookup tables: files, the shipped set, OMERO's luts/ JSON and luts_png."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pyomero.rendering import UnknownLookupTableError, default_luts, load_luts, luts_json, luts_png
from pyomero.rendering._lutgen import generate_all
from pyomero.rendering.lookup import parse_lut, write_lut

SHIPPED = Path(__file__).parents[2] / "src" / "pyomero" / "rendering" / "luts"
USUAL = [
    "cool.lut",
    "fire.lut",
    "grays.lut",
    "ice.lut",
    "spectrum.lut",
    "3-3-2_rgb.lut",
    "red.lut",
    "green.lut",
    "blue.lut",
    "cyan.lut",
    "magenta.lut",
    "yellow.lut",
    "red-green.lut",
    "16_colors.lut",
    "thermal.lut",
]


def test_it_ships_the_usual_tables():
    assert set(USUAL) <= set(default_luts().names)


def test_the_shipped_files_are_the_generators_output():
    generated = generate_all()
    assert sorted(p.name for p in SHIPPED.glob("*.lut")) == sorted(generated)
    for name, table in generated.items():
        assert (parse_lut((SHIPPED / name).read_bytes()) == table).all(), name


def test_grays_is_the_identity_and_3_3_2_packs_bits():
    luts = default_luts()
    assert (luts.get("grays.lut").table == np.arange(256)[:, None]).all()
    assert luts.get("3-3-2_rgb.lut").table[0b101_011_10].tolist() == [
        0b10100000,
        0b01100000,
        0b10000000,
    ]


def test_it_reads_binary_tables_with_and_without_a_header(tmp_path):
    table = generate_all()["fire.lut"]
    write_lut(tmp_path / "a.lut", table)
    data = (tmp_path / "a.lut").read_bytes()
    assert len(data) == 768
    assert (parse_lut(data) == table).all()
    assert (parse_lut(b"ICOL" + bytes(28) + data) == table).all()


def test_it_reads_text_tables_with_an_index_column_and_a_header():
    rows = "\n".join(f"{i}\t{i}\t{255 - i}\t7" for i in range(256))
    table = parse_lut(("Index\tRed\tGreen\tBlue\n" + rows).encode())
    assert table[10].tolist() == [10, 245, 7]


def test_it_interpolates_short_text_tables():
    table = parse_lut(b"0 0 0\n255 255 255\n")
    assert (table == np.arange(256)[:, None]).all()


def test_a_later_directory_wins(tmp_path):
    write_lut(tmp_path / "fire.lut", np.zeros((256, 3), np.uint8))
    luts = load_luts(SHIPPED, tmp_path)
    assert not luts.get("fire.lut").table.any()
    assert len(luts) == len(default_luts())


def test_an_unknown_table_is_a_400_naming_c():
    with pytest.raises(UnknownLookupTableError) as caught:
        default_luts().get("nope.lut")
    assert (caught.value.status, caught.value.parameter) == (400, "c")


def test_names_match_ignoring_case():
    assert default_luts().get("Fire.LUT").name == "fire.lut"


def test_the_json_indexes_rows_of_the_png_in_omeros_shape():
    luts = default_luts()
    payload = luts_json(luts)
    png = luts_png(luts)
    assert png.shape == (10 * (len(luts) + 1), 256, 4)
    assert payload["png_luts_new"][-1] == "gradient.png"
    for entry in payload["luts"]:
        row = png[entry["png_index"] * 10 + 5, :, :3]
        assert (row == luts.get(entry["name"]).table).all()
        assert entry["png_index"] == entry["png_index_new"]
        assert payload["png_luts"][entry["png_index"]] == entry["path"] + entry["name"]


def test_the_png_ends_with_the_sliders_gradient():
    png = luts_png(default_luts())
    gradient = png[-10:]
    assert not gradient[..., :3].any()
    assert gradient[0, 0, 3] == 255 and gradient[0, 179, 3] == 0 and not gradient[:, 180:, 3].any()


def test_the_generator_command_writes_the_shipped_bytes(tmp_path):
    from pyomero.rendering._lutgen import main

    assert main([str(tmp_path)]) == 0
    for path in SHIPPED.glob("*.lut"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes()
