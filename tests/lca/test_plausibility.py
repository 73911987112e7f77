"""Implausible material assignments (a finish naming a whole element) and their generic build-up."""
from __future__ import annotations

import pytest

from bldgagent.lca import FactorLibrary, assess_carbon
from bldgagent.lca.plausibility import buildup_layers, finish_thickness_limits
from bldgagent.model import Building
from lca_buildings import element, mat


def _roof_office(material="Aluminium", volume=262.0, thickness=0.4):
    e = element("roof1", "roof", [(mat(material), volume, thickness)])
    return Building(name="office", elements=[e], gross_floor_area_m2=2600.0)


def test_every_limit_has_a_source():
    lim = finish_thickness_limits()
    assert {"aluminium", "steel", "steel_sheet", "glass", "membrane", "bitumen"} <= set(lim.index)
    assert lim["source"].str.len().min() > 20
    assert (lim["typical_thickness_m"] < lim["max_thickness_m"]).all()


def test_solid_aluminium_roof_becomes_a_generic_buildup():
    # the ArchiCAD case: 262 m3 of "Aluminium" on roofs 0.4 m thick -> 655 m2 of roof
    r = assess_carbon(_roof_office(), n_draws=0, waste=False)
    warn = [d for d in r.diagnostics if d.code == "implausible_material"]
    assert len(warn) == 1 and "roof1" in warn[0].message and "Aluminium" in warn[0].message
    lines = r.lines.set_index("category")
    # 1 mm aluminium finish (typical sheet), 300 mm insulation (cap), 99 mm air: volumes 0.655 / 196.5 / 64.845 m3
    assert lines.loc["aluminium", "volume_m3"] == pytest.approx(0.655)
    assert lines.loc["insulation", "volume_m3"] == pytest.approx(196.5)
    assert lines.loc["air", "volume_m3"] == pytest.approx(64.845)
    assert r.lines["volume_m3"].sum() == pytest.approx(262.0)  # nothing dropped
    assert (r.lines["confidence"] <= 0.3).all()
    # A1-A3 = 0.655 m3 x 2690 kg/m3 x 28.5 kgCO2e/kg (GB/T D.0.1 aluminium sheet 28 500 /t) + 196.5 m3 x 111.1
    lib = FactorLibrary()
    al = lib[lines.loc["aluminium", "factor_id"]]
    assert al.id == "gbt_al_sheet" and al.a1a3 == 28500
    expected = 0.655 * 2690 * 28.5 + 196.5 * 111.1
    assert r.modules["A1-A3"] == pytest.approx(expected)
    assert r.per_m2(r.modules["A1-A3"]) < 30  # was about 7,700 kgCO2e/m2 from solid aluminium


def test_thin_sheet_is_left_alone():
    r = assess_carbon(_roof_office(volume=655 * 0.0008, thickness=0.0008), n_draws=0)
    assert not any(d.code == "implausible_material" for d in r.diagnostics)
    assert r.lines.iloc[0]["category"] == "aluminium" and r.lines.iloc[0]["confidence"] > 0.5


def test_steel_slab_is_a_composite_floor():
    # a 0.2 m "Steel" slab: 0.75 mm deck + concrete topping for the rest (EN 1994 composite floor)
    layers = buildup_layers("slab", "metal", 0.2, 0.00075)
    assert [c for c, _, _ in layers] == ["finish", "concrete"]
    assert layers[1][1] == pytest.approx(0.2 - 0.00075)
    e = element("s", "slab", [(mat("Steel"), 20.0, None)])
    e.quantities.thickness_m = 0.2
    r = assess_carbon(Building(name="s", elements=[e], gross_floor_area_m2=100.0), n_draws=0, rebar=False)
    assert set(r.lines["category"]) == {"steel", "concrete"}
    assert r.lines.set_index("category").loc["steel", "volume_m3"] == pytest.approx(100 * 0.00075)


def test_mapping_is_trusted():
    # a confirmed mapping is the user's word: no replacement
    r = assess_carbon(_roof_office(), n_draws=0, mapping={"Aluminium": "gbt_al_sheet"})
    assert not any(d.code == "implausible_material" for d in r.diagnostics)
