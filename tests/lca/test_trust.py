"""Coverage that says what is missing, whole-building sanity, reference areas, B6 not assessed, option groups."""
from __future__ import annotations

import json
import math
import warnings

import pytest

from bldgagent.errors import BldgAgentError, InputValueError
from bldgagent.lca import B6Options, CarbonOptions, UncertaintyOptions, assess_carbon
from bldgagent.model import Building, Space, Storey
from lca_buildings import element, mat, small_house


def test_default_material_counts_against_mass_coverage():
    # 161 m3 of "Default" on proxies (no kind default, no density) next to 100 m3 of concrete: before, the mass
    # share was 100 % because the Default volume had no mass. Now it counts at the mean density of the rest
    # (concrete 2400 kg/m3): matched mass 240 t of 240 + 161 x 2.4 = 626.4 t -> 38.3 %
    els = [element("c", "slab", [(mat("Concrete"), 100.0, None)]),
           element("d", "proxy", [(mat("Default"), 161.0, None)])]
    r = assess_carbon(Building(name="d", elements=els, gross_floor_area_m2=500.0), n_draws=0, rebar=False)
    cov = r.coverage
    assert cov["volume_share_matched"] == pytest.approx(100 / 261)
    assert cov["volume_unmatched_m3"] == pytest.approx(161.0)
    assert cov["mass_unknown_volume_m3"] == pytest.approx(161.0)
    assert cov["mass_share_matched"] == pytest.approx(240_000 / (240_000 + 161 * 2400))
    assert cov["gbt_mass_check"]["passed"] is False
    assert cov["top_unmatched"][0]["material"] == "Default"
    assert cov["top_unmatched"][0]["volume_m3"] == pytest.approx(161.0)
    assert "mass matched 38 %" in repr(r) and "volume matched 38 %" in repr(r)
    assert cov["trust"]["as_is"] is False and "volume_share_matched" in cov["trust"]["reasons"]


def test_floor_area_the_reader_found_not_credible_gives_no_intensity():
    # the reader says the model has no credible floor area (ifc/floor_area.py: 'no_credible_floor_area'); the
    # carbon engine's slab fallback (80 m2 of slab here) must not bring an intensity back
    b = Building(name="s", elements=[element("c", "column", [(mat("Concrete"), 2.0, None)]),
                                     element("f", "slab", [(mat("Concrete"), 16.0, 0.2)])])
    b.elements[1].quantities.net_area_m2 = 80.0
    b.diagnostics.add("warning", "no_credible_floor_area", "floor area 0.3 m2 is under 10 % of the plan extent")
    r = assess_carbon(b, n_draws=0)
    assert r.total_kgco2e > 0 and r.gfa_m2 is None and r.per_m2() is None
    assert "reader flagged" in r.reference_area["why_no_intensity"]


def test_structure_only_model_has_totals_but_no_intensity():
    # a GFA of 0.3 m2 (structure-only model): totals, no per-m2 figure, a diagnostic saying why
    b = Building(name="s", elements=[element("c", "column", [(mat("Concrete"), 2.0, None)])],
                 gross_floor_area_m2=0.3, gross_floor_area_source="slab areas")
    r = assess_carbon(b, n_draws=0)
    assert r.total_kgco2e > 0 and r.gfa_m2 is None
    assert r.per_m2() is None and r.totals["total_a1_c4_kgco2e_per_m2"] is None
    assert r.reference_area["found_m2"] == 0.3 and "below 1 m2" in r.reference_area["why_no_intensity"]
    assert any(d.code == "no_intensity" for d in r.diagnostics)
    assert r.en15978_table()["kgco2e_per_m2"].isna().all()
    json.loads(json.dumps(r.to_dict(), allow_nan=False))


def test_every_per_m2_figure_names_its_reference_area():
    r = assess_carbon(small_house(), n_draws=0)
    d = r.to_dict()
    assert d["reference_area"]["name"] == "gross floor area (GFA, ISO 9836)"
    assert d["totals"]["reference_area"] == "gross floor area (GFA, ISO 9836)"
    assert d["totals"]["reference_area_m2"] == 100


def test_b6_without_energy_is_not_assessed():
    r = assess_carbon(small_house(), n_draws=0)
    t = r.totals
    assert t["b6_kgco2e"] is None and t["b6_assessed"] is False and t["b6_kgco2e_per_m2"] is None
    row = r.en15978_table().set_index("module").loc["B6 (not assessed)"]
    assert math.isnan(row["kgco2e"]) and not row["in_total"]  # None in a float column
    assert "B6 not assessed" in repr(r)
    with_energy = assess_carbon(small_house(), n_draws=0, energy_by_carrier_kwh={"electricity": 1000})
    assert with_energy.totals["b6_kgco2e"] > 0 and with_energy.totals["b6_assessed"] is True


def test_implausible_intensity_warns_with_contributors():
    # 50 m3 of steel columns on a 100 m2 office: 392.5 t x 2.05 kgCO2e/kg (GB/T D.0.1 market steel 2050 /t) -> ~8,000
    # kgCO2e/m2, far above the 1,400 of RIBA 2030 business as usual
    els = [element("col", "column", [(mat("Steel"), 50.0, None)])]
    spaces = [Space(global_id="sp", name="Office", usage="office", net_floor_area_m2=100.0)]
    b = Building(name="o", elements=els, spaces=spaces, gross_floor_area_m2=100.0)
    r = assess_carbon(b, n_draws=0, waste=False)
    chk = r.coverage["trust"]["checks"]["a1a3_per_m2"]
    assert chk["building_type"] == "office" and chk["high"] == 1400 and chk["passed"] is False
    warn = [d for d in r.diagnostics if d.code == "implausible_a1a3_per_m2"]
    assert warn and "'Steel' (steel) 100 %" in warn[0].message
    assert r.coverage["trust"]["as_is"] is False
    assert "NOT TO BE TRUSTED" in repr(r)


def test_gfa_per_storey_against_footprint():
    # two storeys of 100 m2 slabs but a GFA of 2,000 m2: 1,000 m2 per storey over a 100 m2 footprint = 10x
    els = [element("s1", "slab", [(mat("Concrete"), 20.0, None)], storey="S1"),
           element("s2", "slab", [(mat("Concrete"), 20.0, None)], storey="S2")]
    for e in els:
        e.quantities.gross_area_m2 = 100.0
    b = Building(name="f", elements=els, storeys=[Storey("S1", "EG", 0.0), Storey("S2", "OG", 3.0)],
                 gross_floor_area_m2=2000.0)
    r = assess_carbon(b, n_draws=0)
    chk = r.coverage["trust"]["checks"]["gfa_per_storey_over_footprint"]
    assert chk["value"] == pytest.approx(10.0) and chk["passed"] is False
    assert any(d.code == "implausible_gfa_per_storey_over_footprint" for d in r.diagnostics)


def test_small_house_is_trusted():
    r = assess_carbon(small_house(), n_draws=0)
    checks = r.coverage["trust"]["checks"]
    assert checks["volume_per_m2_gfa"]["value"] == pytest.approx(39.6 / 100)  # 20 + 14.6 + 5 m3 of solids
    assert checks["volume_per_m2_gfa"]["passed"] is True


def test_option_groups_and_old_keywords_agree():
    b = small_house()
    new = assess_carbon(b, options=CarbonOptions(period_years=60, rebar=False),
                        b6=B6Options(energy_by_carrier_kwh={"electricity": 2000}, grid="DK"),
                        uncertainty=UncertaintyOptions(n_draws=50, seed=3))
    old = assess_carbon(b, period_years=60, rebar=False, energy_by_carrier_kwh={"electricity": 2000}, grid="DK",
                        n_draws=50, seed=3)
    assert new.total_kgco2e == pytest.approx(old.total_kgco2e)
    assert new.uncertainty["total_a1_c4"] == old.uncertainty["total_a1_c4"]
    with pytest.warns(DeprecationWarning):
        pos = assess_carbon(b, "both", 60, None, None, None, False, {"electricity": 2000}, "DK", "static", None, 3, 50)
    assert pos.total_kgco2e == pytest.approx(old.total_kgco2e)
    # a flat keyword overrides the same field of a group
    assert assess_carbon(b, options=CarbonOptions(period_years=60), period_years=40, n_draws=0).period_years == 40


@pytest.mark.parametrize("kwargs,param", [
    (dict(period_years=math.nan), "period_years"), (dict(period_years=1_000_000), "period_years"),
    (dict(period_years=0), "period_years"), (dict(n_draws=-1), "n_draws"), (dict(n_draws=10**9), "n_draws"),
    (dict(energy_by_carrier_kwh={"electricity": math.inf}), "energy_by_carrier_kwh"),
    (dict(energy_by_carrier_kwh={"natural_gas": -5}), "energy_by_carrier_kwh"),
    (dict(energy_by_carrier_kwh=[1, 2]), "energy_by_carrier_kwh"), (dict(gfa_m2=math.inf), "gfa_m2"),
    (dict(gfa_m2=-3), "gfa_m2"), (dict(start_year=math.nan), "start_year"), (dict(method="lca"), "method"),
    (dict(n_draw=10), "n_draw"), (dict(options={"period_years": 50}), "options"),
])
def test_bad_options_name_the_parameter(kwargs, param):
    with pytest.raises(InputValueError, match=param) as info:
        assess_carbon(small_house(), **kwargs)
    assert isinstance(info.value, BldgAgentError)


def test_net_export_is_not_silent():
    r = assess_carbon(small_house(), n_draws=0, energy_by_carrier_kwh={"electricity": -5.0})
    assert any(d.code == "net_export" and "module D" in d.message for d in r.diagnostics)


def test_option_objects_validate_on_construction():
    with pytest.raises(InputValueError, match="period_years"):
        CarbonOptions(period_years=float("nan"))
    with pytest.raises(InputValueError, match="n_draws"):
        UncertaintyOptions(n_draws=-1)
    assert CarbonOptions(period_years=50.0).period_years == 50
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assess_carbon(small_house(), method="gbt51366", n_draws=0)  # keywords: no warning
