"""design_options and apply on the sample building: each option changes what it should and nothing else."""
from __future__ import annotations

from design_fixtures import sample, sample_path  # noqa: F401  (pytest fixtures)

import math

import ifcopenshell
import pytest

from bldgagent.design import apply, design_options, energy_options_for, explain_changes, sample_changes
from bldgagent.energy.constructions import construction_layers
from bldgagent.errors import BldgAgentError, DesignOptionError
from bldgagent.lca import assess_carbon
from bldgagent.lca.factors import FactorLibrary


def _ext_walls(b):
    return [e for e in b.elements if e.kind == "wall" and e.is_external]


def test_options_of_the_sample(sample):
    opts = {o.id: o for o in design_options(sample)}
    # the sample has external walls, a roof, a ground floor and windows on all four sides (SampleSpec.wwr)
    for oid in ("wall_insulation_material", "roof_insulation_thickness_m", "ground_floor_insulation_material",
                "glazing_type_S", "wwr_N", "shading_factor", "concrete_mix", "upper_floor_structure",
                "infiltration_ach", "heating_system", "pv_area_m2"):
        assert oid in opts, oid
    assert opts["wall_insulation_thickness_m"].current == pytest.approx(0.12)   # CONSTRUCTIONS["concrete"]
    assert opts["wall_insulation_material"].current == "mineral_wool"
    assert opts["roof_insulation_material"].current == "eps"
    assert opts["wwr_S"].current == pytest.approx(0.40, abs=1e-6)            # SampleSpec.wwr S
    assert opts["wwr_E"].current == pytest.approx(0.25, abs=1e-6)
    # window U 2.4 W/m2K in the sample: nearest library type is double_clear (2.9) vs double_lowe (1.6)
    assert opts["glazing_type_S"].current == "double_clear"
    assert opts["pv_area_m2"].bounds == (0.0, pytest.approx(0.7 * 288.0))   # 24 x 12 m roof x 0.7 usable share
    row = opts["wwr_S"].to_dict()
    assert row["kind"] == "continuous" and row["unit"] == "1" and row["bounds"] == [0.05, 0.8]
    # single glazing is offered only where it is already there (design.options.DOWNGRADES): the sample's windows
    # are double_clear, so the choices are the library's double, low-e, solar-control and triple types
    assert opts["glazing_type_S"].to_dict()["choices"] == ["double_clear", "double_lowe", "double_lowe_solar",
                                                           "triple_lowe"]


def test_wood_fibre_hand_check(sample, sample_path):
    """100 mm more wood fibre on the external walls: A1-A3 grows by area x 0.1 m x density x factor, and the wall's U
    is the ISO 6946 value of its layers with Rsi 0.13 and Rse 0.04 m2K/W (horizontal heat flow)."""
    b1 = apply(sample, {"wall_insulation_material": "wood_fibre", "wall_insulation_thickness_m": 0.12})
    b2 = apply(sample, {"wall_insulation_material": "wood_fibre", "wall_insulation_thickness_m": 0.22})
    # the known wall area: the external walls' NetSideArea in the file (Qto_WallBaseQuantities)
    model = ifcopenshell.open(str(sample_path))
    area = 0.0
    for wall in model.by_type("IfcWall"):
        psets = ifcopenshell.util.element.get_psets(wall)
        if psets.get("Pset_WallCommon", {}).get("IsExternal"):
            area += psets["Qto_WallBaseQuantities"]["NetSideArea"]
    assert area == pytest.approx(sum(e.quantities.net_side_area_m2 for e in _ext_walls(sample)))
    f = FactorLibrary()["kbob_10.009"]           # KBOB 2022 soft wood-fibre board: 0.633 kgCO2e/kg at 147.5 kg/m3
    assert (f.a1a3, f.density_kg_m3) == (0.633, 147.5)
    expected = area * 0.10 * 147.5 * 0.633
    delta = assess_carbon(b2).modules["A1-A3"] - assess_carbon(b1).modules["A1-A3"]
    assert delta == pytest.approx(expected, rel=1e-9)
    # U by hand: render 15 mm (lambda 1.0 from the file), wood fibre 220 mm (0.042, EN 13171 row of
    # materials_thermal.csv), concrete 200 mm (2.3), gypsum plaster 15 mm (file value)
    wall = _ext_walls(b2)[0]
    lam = [lay.material.conductivity_w_mk for lay in wall.construction.layers]
    assert lam[1] is None                          # the new material carries no file value: library 0.042
    r = 0.13 + 0.015 / lam[0] + 0.22 / 0.042 + 0.20 / lam[2] + 0.015 / lam[3] + 0.04
    assert construction_layers(wall.construction).u_value_w_m2k == pytest.approx(1 / r, rel=1e-9)
    assert lam == [1.0, None, 2.3, 0.43]           # ifc/samples.py MATERIALS
    # 1 / (0.13 + 0.015 + 5.2381 + 0.0870 + 0.0349 + 0.04) = 1 / 5.5450
    assert 1 / r == pytest.approx(0.18034, abs=1e-5)
    # the thicker wall has more volume: area x 0.1 m
    dv = sum(e.volume_m3 for e in _ext_walls(b2)) - sum(e.volume_m3 for e in _ext_walls(b1))
    assert dv == pytest.approx(area * 0.10, rel=1e-9)


def test_apply_is_pure_and_changes_only_its_targets(sample):
    before = [(e.global_id, e.volume_m3, e.construction and [(l.material and l.material.name, l.thickness_m)
                                                            for l in e.construction.layers]) for e in sample.elements]
    b = apply(sample, {"roof_insulation_thickness_m": 0.30})
    after = [(e.global_id, e.volume_m3, e.construction and [(l.material and l.material.name, l.thickness_m)
                                                           for l in e.construction.layers]) for e in sample.elements]
    assert before == after
    changed = [(x, y) for x, y in zip(sample.elements, b.elements) if x.volume_m3 != y.volume_m3]
    assert [x.kind for x, _ in changed] == ["roof"]
    roof, roof2 = changed[0]
    # 288 m2 roof, EPS 0.16 -> 0.30 m: +40.32 m3
    assert roof2.volume_m3 - roof.volume_m3 == pytest.approx(288.0 * 0.14)


def test_glazing_and_wwr(sample):
    b = apply(sample, {"glazing_type_S": "triple_lowe", "wwr_S": 0.45})
    south = [w for w in b.windows if w.orientation == "S"]
    assert all(w.u_value_w_m2k == 0.9 and w.g_value == 0.50 and w.visible_transmittance == 0.71 for w in south)
    north = [w for w in b.windows if w.orientation == "N"]
    assert all(w.u_value_w_m2k == 2.4 for w in north)            # untouched
    old_s = sum(w.area_m2 for w in sample.windows if w.orientation == "S")
    new_s = sum(w.area_m2 for w in south)
    assert new_s == pytest.approx(old_s * 0.45 / 0.4)
    # host walls lose the added window area times their thickness (0.35 m)
    walls0 = {e.global_id: e for e in sample.elements if e.kind == "wall" and e.orientation == "S" and e.is_external}
    walls1 = {e.global_id: e for e in b.elements if e.global_id in walls0}
    dv = sum(walls0[g].volume_m3 - walls1[g].volume_m3 for g in walls0)
    assert dv == pytest.approx((new_s - old_s) * 0.35)


def test_structure_options_change_factors(sample):
    base = assess_carbon(sample)
    ggbs = assess_carbon(apply(sample, {"concrete_mix": "c32_40_ggbs25"}))
    ids = set(ggbs.lines.loc[ggbs.lines.material.str.contains("GGBS", na=False), "factor_id"])
    assert ids == {"ice_concrete_c32_40_ggbs25"}
    clt = apply(sample, {"upper_floor_structure": "clt"})
    floors = [e for e in clt.elements if e.kind == "floor" and not e.is_ground_contact]
    assert all(lay.material.name != "Reinforced concrete C30/37" for e in floors for lay in e.construction.layers)
    assert assess_carbon(clt).modules["A1-A3"] != base.modules["A1-A3"]


def test_energy_options_for():
    o = energy_options_for({"shading_overhang_depth_m": 0.8, "infiltration_ach": 0.3, "heating_system": "air_water_hp",
                            "pv_area_m2": 50.0})
    assert o == {"windows": {"overhang_depth_m": 0.8}, "overrides": {"infiltration_ach": 0.3},
                 "systems": {"heating": "air_water_hp"}, "pv": {"area_m2": 50.0}}


@pytest.mark.parametrize("changes, words", [
    ({"no_such_option": 1}, "unknown option 'no_such_option'"),
    ({"wall_insulation_thickness_m": 0.9}, "outside its bounds [0.02, 0.4]"),
    ({"wall_insulation_thickness_m": float("nan")}, "finite number"),
    ({"glazing_type_S": "quadruple"}, "'quadruple' is not a choice"),
    ({"wwr_S": 0.8}, "wider than the wall"),
])
def test_bad_changes(sample, changes, words):
    with pytest.raises(DesignOptionError, match=words.replace("[", r"\[").replace("]", r"\]")):
        apply(sample, changes)


def test_not_applicable_option(sample):
    no_roof = sample.replace(elements=[e for e in sample.elements if e.kind != "roof"])
    with pytest.raises(BldgAgentError, match="'roof_insulation_thickness_m' does not apply"):
        apply(no_roof, {"roof_insulation_thickness_m": 0.2})


def test_explain_and_sample(sample):
    r = explain_changes(sample, {"wall_insulation_thickness_m": 0.2})
    assert len(r.changed_elements) == 12                       # 4 facades x 3 storeys
    draws = sample_changes(sample, 8, seed=1)
    assert len(draws) == 8 and draws == sample_changes(sample, 8, seed=1)
    opts = {o.id: o for o in design_options(sample)}
    for d in draws:
        assert set(d) == set(opts)
        apply(sample, {k: v for k, v in d.items() if not k.startswith("wwr")})
    lo = [d["wall_insulation_thickness_m"] for d in draws]
    assert min(lo) >= 0.02 and max(lo) <= 0.40 and max(lo) - min(lo) > 0.2   # space-filling, not clumped


def test_single_glazing_only_where_it_is(sample):
    """Single glazing (U 5.1 W/m2K) is a choice only for windows that have it: the sample's south windows given
    U 5.1 read as single_clear (nearest library U: |5.1 - 5.1| = 0 vs double_clear |2.9 - 5.1| = 2.2) and keep it
    as a choice; the north windows (U 2.4, double_clear) are not offered it, and applying it there is refused."""
    import copy

    from bldgagent.design.options import windows_facing

    b = copy.deepcopy(sample)
    for w in windows_facing(b, "S"):
        w.u_value_w_m2k = 5.1
    opts = {o.id: o for o in design_options(b)}
    assert opts["glazing_type_S"].current == "single_clear"
    assert "single_clear" in opts["glazing_type_S"].choices
    assert opts["glazing_type_N"].current == "double_clear"
    assert "single_clear" not in opts["glazing_type_N"].choices
    with pytest.raises(DesignOptionError, match="glazing_type_N"):
        apply(sample, {"glazing_type_N": "single_clear"})
