"""Plaster and render layers thicker than 50 mm are a finish naming the whole element (issue 11, trust on unseen
models). EN 13914-1:2016 (external rendering) and EN 13914-2:2016 (internal plastering) put a finished render at
about 15-25 mm and internal plaster at 10-25 mm; the limit is 50 mm (finish_thickness_limits.csv, with its source)."""
from __future__ import annotations

import pytest

from bldgagent.lca import assess_carbon
from bldgagent.lca.plausibility import finish_thickness_limits
from bldgagent.model import Building
from lca_buildings import element, mat


def _wall(material: str, thickness: float, area: float = 100.0) -> Building:
    e = element("w1", "wall", [(mat(material), area * thickness, thickness)])
    return Building(name="b", elements=[e], gross_floor_area_m2=100.0)


def test_limits_cite_en_13914():
    lim = finish_thickness_limits()
    assert lim.loc["render", "max_thickness_m"] == 0.05 and "EN 13914-1" in lim.loc["render", "source"]
    assert lim.loc["plaster", "max_thickness_m"] == 0.05 and "EN 13914-2" in lim.loc["plaster", "source"]


def test_a_300_mm_wall_named_plaster_is_plaster_on_masonry():
    """100 m2 of a 0.3 m wall whose only material is "Gypsum plaster": 30 m3 of solid plaster is no product; read
    as 15 mm of plaster (typical) on 285 mm of brick, the same 30 m3: 1.5 m3 plaster + 28.5 m3 brick."""
    r = assess_carbon(_wall("Gypsum plaster", 0.3), n_draws=0, rebar=False)
    warn = [d for d in r.diagnostics if d.code == "implausible_material"]
    assert len(warn) == 1 and "'Gypsum plaster' (plaster) over 300 mm" in warn[0].message
    assert "EN 13914-2" in warn[0].message
    lines = r.lines.groupby("category")["volume_m3"].sum()
    assert lines["plaster"] == pytest.approx(100 * 0.015)
    assert lines["brick"] == pytest.approx(100 * 0.285)
    assert r.lines["volume_m3"].sum() == pytest.approx(30.0)           # nothing dropped


def test_a_100_mm_slab_named_cement_render_is_render_on_concrete():
    e = element("s1", "slab", [(mat("Cement render"), 10.0, 0.1)])
    r = assess_carbon(Building(name="b", elements=[e], gross_floor_area_m2=100.0), n_draws=0, rebar=False)
    lines = r.lines.groupby("category")["volume_m3"].sum()
    assert lines["render"] == pytest.approx(100 * 0.02) and lines["concrete"] == pytest.approx(100 * 0.08)


def test_real_plaster_and_render_layers_are_left_alone():
    for material, t in (("Gypsum plaster", 0.015), ("Cement render", 0.025), ("Gypsum plaster", 0.05)):
        r = assess_carbon(_wall(material, t), n_draws=0, rebar=False)
        assert not any(d.code == "implausible_material" for d in r.diagnostics), (material, t)
        assert r.lines.iloc[0]["volume_m3"] == pytest.approx(100 * t)
