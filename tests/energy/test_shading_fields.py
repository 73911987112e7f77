"""WindowShading is the source of the shading field names: a WindowSpec carries each of them with the same default,
and WindowShading.of reads a WindowSpec by those names (no positional copy of the field list to drift)."""
from __future__ import annotations

from dataclasses import MISSING, fields

from bldgagent.energy.shading import SHADING_FIELDS, WindowShading
from bldgagent.energy.thermal.inputs import window_shading
from bldgagent.energy.thermal.specs import WindowSpec


def test_window_spec_carries_every_shading_field_with_its_default():
    spec = {f.name: f.default for f in fields(WindowSpec)}
    shading = {f.name: f.default for f in fields(WindowShading)}
    assert SHADING_FIELDS == ("overhang_depth_m", "overhang_gap_m", "overhang_left_m", "overhang_right_m",
                              "fin_left_depth_m", "fin_right_depth_m", "fin_offset_m", "fin_above_m")
    for name in SHADING_FIELDS:
        assert shading[name] is not MISSING and spec[name] == shading[name], name
    assert spec["height_m"] is None and spec["width_m"] is None


def test_of_reads_a_window_spec_by_name():
    """Every field lands on its namesake (distinct values catch a swap); no overhang and no fins: None."""
    w = WindowSpec("w", 2.0, height_m=1.5, width_m=1.2, overhang_depth_m=0.8, overhang_gap_m=0.1, overhang_left_m=0.2,
                   overhang_right_m=0.3, fin_left_depth_m=0.4, fin_right_depth_m=0.5, fin_offset_m=0.6,
                   fin_above_m=0.7)
    g = window_shading(w)
    assert g == WindowShading(1.5, 1.2, 0.8, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
    assert window_shading(WindowSpec("bare", 2.0, height_m=1.5)) is None
    assert WindowShading.of(WindowSpec("fins only", 2.0, height_m=1.5, width_m=1.0, fin_right_depth_m=0.3)) == \
        WindowShading(1.5, 1.0, fin_right_depth_m=0.3)
