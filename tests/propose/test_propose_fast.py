"""The estimator's fast path equals the slow path for every design-option kind: surrogate features of the baseline
zones with only the changed surfaces rebuilt vs apply + re-zone + features (1e-9 relative), and the carbon of the
changed elements' lines vs the exact carbon engine on the whole changed copy (1e-9 relative)."""
from __future__ import annotations

import numpy as np
import pytest

import bldgagent
from bldgagent.assess import material_account_of
from bldgagent.design import apply_with_report, design_options, energy_options_for
from bldgagent.energy.options import EnergyOptions
from bldgagent.ifc.samples import sample_building
from bldgagent.propose.fast import ChangeCarbon, ChangeFeaturizer
from bldgagent.surrogate.data import variant_features

#: One change set per option kind of the sample building, then all kinds at once (interactions: a thicker wall that
#: also loses area to larger windows, CLT floors in a building whose concrete mix changes, forced window shading on
#: new glazing).
CASES = [
    {"wall_insulation_material": "wood_fibre", "wall_insulation_thickness_m": 0.25},
    {"roof_insulation_material": "cellulose", "roof_insulation_thickness_m": 0.31},
    {"ground_floor_insulation_material": "eps", "ground_floor_insulation_thickness_m": 0.2},
    {"glazing_type_S": "triple_lowe", "wwr_S": 0.46},
    {"glazing_type_E": "double_lowe", "glazing_type_N": "double_lowe_solar", "wwr_N": 0.21, "wwr_W": 0.28},
    {"upper_floor_structure": "clt"},
    {"concrete_mix": "c32_40_ggbs25"},
    {"shading_factor": 0.85, "shading_overhang_depth_m": 0.4},
    {"infiltration_ach": 0.3, "heat_recovery_efficiency": 0.7},
    {"heating_system": "air_water_hp", "cooling_system": "vrf", "pv_area_m2": 60.0},
    {"shading_overhang_depth_m_S": 0.6, "shading_factor_N": 0.9, "shading_overhang_depth_m_N": 0.2,
     "shading_factor_S": 0.8, "shading_overhang_depth_m_E": 0.5, "shading_factor_E": 0.7,
     "shading_overhang_depth_m_W": 0.3, "shading_factor_W": 0.85, "openable_fraction": 0.5},
    {"shading_fin_depth_m_S": 0.3, "shading_fin_depth_m_N": 0.25, "shading_fin_depth_m_E": 0.4,
     "shading_fin_depth_m_W": 0.2},
    {"concrete_mix": "c32_40_pfa30"},
    {"wall_insulation_material": "eps", "wall_insulation_thickness_m": 0.3, "wwr_S": 0.48, "wwr_E": 0.3,
     "glazing_type_S": "double_lowe", "glazing_type_W": "triple_lowe", "concrete_mix": "c32_40_ggbs25",
     "upper_floor_structure": "clt", "shading_factor": 0.9, "heat_recovery_efficiency": 0.5,
     "roof_insulation_thickness_m": 0.12, "ground_floor_insulation_material": "xps"},
]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    path = tmp_path_factory.mktemp("propose-fast") / "sample.ifc"
    sample_building(path=path)
    building = bldgagent.load(path)
    ev = bldgagent.VariantEvaluator(building, "harbin", n_draws=0)
    mixed = ev.scenario.operation == "mixed"
    return building, ev, mixed, ChangeFeaturizer(building, ev.weather, ev.energy_options, mixed), \
        ChangeCarbon(ev._account)


def test_cases_cover_every_option_kind(setup):
    building = setup[0]
    covered = {k for ch in CASES for k in ch}
    assert {o.id for o in design_options(building)} <= covered


def _options(ev, ch):
    eo = energy_options_for(ch)
    return EnergyOptions.coerce(ev.energy_options, **eo) if eo else ev.energy_options


@pytest.mark.parametrize("ch", CASES, ids=lambda ch: "+".join(ch)[:60])
def test_features_equal_rezoning(setup, ch):
    building, ev, mixed, fz, _ = setup
    b2, report = apply_with_report(building, ch)
    changed = {gid for e in report.entries for gid in e["elements"]}
    fast = fz.frame(b2, changed, _options(ev, ch))
    if any(k.startswith("shading_fin_depth_m") for k in ch):
        assert fast is None     # fins need each window's width from its element: the estimator re-zones instead
        return
    slow = variant_features(b2, ev.weather, _options(ev, ch), mixed)
    assert fast is not None and list(fast.columns) == list(slow.columns)
    cols = [c for c in slow.columns if c != "zone"]
    assert list(fast["zone"]) == list(slow["zone"])
    np.testing.assert_allclose(fast[cols].to_numpy(float), slow[cols].to_numpy(float), rtol=1e-9, atol=1e-12)
    # the change reaches the features it should (not a copy of the baseline)
    if any(k.startswith(("wall_insulation_thickness", "glazing_type", "shading_factor", "heat_recovery",
                         "shading_overhang_depth_m_")) for k in ch):
        assert not np.allclose(fast[cols].to_numpy(float), fz.base[cols].to_numpy(float))


def test_carbon_equals_exact_engine(setup):
    """All cases in one batch (the search's way): module sums, reference area and both totals with a B6 equal the
    carbon engine's account of each whole changed copy."""
    from bldgagent.energy.assess import default_grid
    from bldgagent.lca.assess import account_result
    from bldgagent.lca.options import split_legacy

    building, ev, _, _, cc = setup
    applied = [apply_with_report(building, ch) for ch in CASES]
    items = [(b2, {gid for e in r.entries for gid in e["elements"]}) for b2, r in applied]
    carriers = {"electricity": 20000.0, "natural_gas": 30000.0}
    kw = dict(ev.carbon_options, grid=default_grid(ev.baseline.energy.zoning.location),
              energy_by_carrier_kwh=carriers, n_draws=0)
    _, b6o, unc = split_legacy((), kw, None, None, None)
    for (b2, _), (sums, gfa) in zip(items, cc.sums_many(items)):
        exact = account_result(material_account_of(b2, ev.carbon_options), b6o, unc)
        assert gfa == pytest.approx(exact.gfa_m2, rel=1e-12)
        got = cc.totals(sums, gfa, b6o)
        assert got["total"] == pytest.approx(exact.total_kgco2e, rel=1e-9)
        assert got["gbt_total"] == pytest.approx(exact.gbt_total_kgco2e, rel=1e-9)
        assert got["upfront"] == pytest.approx(exact.upfront_kgco2e, rel=1e-9)
        assert got["embodied"] == pytest.approx(exact.embodied_kgco2e, rel=1e-9)
        assert got["b6"] == pytest.approx(exact.modules["B6"], rel=1e-9)
    # the changes move the carbon: CLT upper floors lower A1-A3 (timber for concrete), another mix changes it
    base = cc.base["a1a3"]
    assert cc.sums_many([items[5]])[0][0]["a1a3"] < base and cc.sums_many([items[6]])[0][0]["a1a3"] != base


def test_b6_linear_equals_the_engine_and_keeps_its_errors(setup):
    """The fast path's B6 (kWh/a x the engine's B6 of 1 kWh/a per carrier, memoised) equals the engine's sum over
    carriers and years, also on a decarbonising grid (linear to 0 in 2060: every year's factor differs) and for
    a second energy mix from the same memo, for a net export and with a PV array."""
    from bldgagent.energy.assess import default_grid
    from bldgagent.lca.assess import account_result
    from bldgagent.lca import b6
    from bldgagent.lca.options import split_legacy

    building, ev, _, _, _ = setup
    cc = ChangeCarbon(ev._account)        # its own memo (the fixture's is filled by other tests)
    (sums, gfa), = cc.sums_many([(building, set())])
    grid = default_grid(ev.baseline.energy.zoning.location)
    for carriers in ({"electricity": 20000.0, "natural_gas": 30000.0}, {"electricity": 5000.0, "natural_gas": 0.0}):
        kw = dict(ev.carbon_options, grid=grid, energy_by_carrier_kwh=carriers, n_draws=0, start_year=2025,
                  trajectory=("linear", 2060, 0.0))
        _, b6o, _ = split_legacy((), kw, None, None, None)
        exact = b6(carriers, cc.account.period, 2025, grid, ("linear", 2060, 0.0)).total_kgco2e
        assert cc.totals(sums, gfa, b6o)["b6"] == pytest.approx(exact, rel=1e-12)
    assert len(cc._b6_unit) == 2          # one entry per carrier and grid setting, reused by the second mix
    # a net export (negative annual electricity) is 0 kWh imported in B6, as in the engine (the export goes to D)
    kw = dict(ev.carbon_options, grid=grid, energy_by_carrier_kwh={"electricity": -3000.0, "natural_gas": 1000.0},
              n_draws=0)
    _, b6o, _ = split_legacy((), kw, None, None, None)
    exact = b6({"electricity": 0.0, "natural_gas": 1000.0}, cc.account.period, None, grid).total_kgco2e
    assert cc.totals(sums, gfa, b6o)["b6"] == pytest.approx(exact, rel=1e-12) and exact > 0
    # with a PV array whose export is given: its A1-A3 and B4, and the export credit (module D in EN 15978, netted in
    # the GB/T 51366 operation) from the memoised electricity B6, equal the engine's account of the same options
    kw = dict(ev.carbon_options, grid=grid, energy_by_carrier_kwh={"electricity": 8000.0, "natural_gas": 1000.0},
              n_draws=0, pv={"kwp": 12.0, "self_consumed_kwh": 3000.0, "exported_kwh": 5000.0})
    _, b6o, unc = split_legacy((), kw, None, None, None)
    got, exact = cc.totals(sums, gfa, b6o), account_result(cc.account, b6o, unc)
    assert got["gbt_total"] == pytest.approx(exact.gbt_total_kgco2e, rel=1e-12)
    assert got["total"] == pytest.approx(exact.total_kgco2e, rel=1e-12)
    assert got["upfront"] == pytest.approx(exact.upfront_kgco2e, rel=1e-12)
    no_pv = cc.totals(sums, gfa, split_legacy((), dict(kw, pv=None), None, None, None)[1])
    assert got["gbt_total"] < no_pv["gbt_total"] and got["upfront"] > no_pv["upfront"]   # credit; array's A1-A3


def test_unchanged_building_is_the_baseline(setup):
    building, ev, _, fz, cc = setup
    (sums, gfa), = cc.sums_many([(building, set())])
    assert sums == cc.base and gfa == pytest.approx(ev.baseline.carbon.gfa_m2)
    assert fz.frame(building, set(), ev.energy_options).equals(fz.base)


def test_pv_carriers_interpolated_equal_a_plant_run(setup):
    """PV output is proportional to module area: the interpolated carriers of 163.4 m2 (beyond both reference areas)
    and the hourly split of that output (self-consumed, exported) equal a plant-only physics run with that area."""
    from bldgagent.propose.estimate import Estimator
    from bldgagent.surrogate.store import load

    _, ev, _, _, _ = setup
    est = Estimator(ev, load())
    for systems in ({}, {"heating_system": "air_water_hp"}):
        ch = dict(systems, pv_area_m2=163.4)
        got = est._plant(ch)
        run = ev.evaluate(energy_options=energy_options_for(ch)).energy
        want = {k: v for k, v in run.by_carrier.items()}
        assert set(got[0]) == set(want)
        for k in want:
            assert got[0][k] == pytest.approx(want[k], rel=1e-9)
        assert got[1] == run.final.efficiency and got[2] == run.final.end_use_carrier
        assert got[0]["electricity"] < est._plant(systems)[0]["electricity"]
        # the PV split for module D (kWp, self-consumed, exported), netted hour by hour at that area: the run's own
        from bldgagent.assess import pv_account_of
        split = pv_account_of(run)
        assert split["exported_kwh"] > 0 and set(got[3]) == set(split)
        for k in split:
            assert got[3][k] == pytest.approx(split[k], rel=1e-9)
