"""The carbon engine on buildings built in code: hand-checked values for each module and both methods."""
from __future__ import annotations

import json
import math
import time

import pytest

from bldgagent.errors import InputValueError, MappingError, QuantityError
from bldgagent.lca import assess_carbon, method_mapping
from bldgagent.model import Building
from lca_buildings import element, mat, opening, small_house


def one(material, volume=None, kind="slab", density=None, mass=None, gfa=100.0, **kw):
    e = element("e1", kind, [(mat(material, density), volume, None)])
    if mass is not None:
        e.material_quantities[0].mass_kg = mass
    b = Building(name="one", elements=[e], gross_floor_area_m2=gfa)
    kw.setdefault("n_draws", 0)
    return assess_carbon(b, **kw)


def test_c30_concrete_gbt51366():
    # GB/T 51366-2019 Table D.0.1: C30 concrete 295 kgCO2e/m3 -> 1 m3 = 295 kgCO2e (A1-A3 = 建材生产)
    r = one("混凝土C30", 1.0, rebar=False, waste=False, method="gbt51366")
    assert r.modules["A1-A3"] == pytest.approx(295.0)
    assert r.gbt["material_production"] == pytest.approx(295.0)
    assert r.lines["factor_id"].iloc[0] == "gbt_c30"


def test_rebar_10_tonnes():
    # Table D.0.1 rebar 2340 kgCO2e/t: 10 t = 23.4 tCO2e
    r = one("钢筋", 10_000 / 7850, kind="beam", density=7850, waste=False)
    assert r.lines["mass_kg"].iloc[0] == pytest.approx(10_000)
    assert r.modules["A1-A3"] == pytest.approx(23_400.0)


def test_transport_100t_500km_30t_truck():
    # Table E.0.1: 30 t diesel truck 0.078 kgCO2e/(t km): 100 t x 500 km = 3.9 tCO2e
    r = one("Stahl", None, kind="beam", mass=100_000, transport={"steel": (500, "diesel_truck_30t")}, waste=False)
    assert r.modules["A4"] == pytest.approx(3900.0)
    # defaults: 40 km for concrete, 500 km otherwise (GB/T 51366); 2.4 t of concrete x 40 km x 0.078
    c = one("Concrete", 1.0, rebar=False, waste=False)
    assert c.modules["A4"] == pytest.approx(2.4 * 40 * 0.078)


def test_one_replacement_over_50_years():
    # a window (RSL 30 years, SIA 2032) over 50 years: ceil(50/30) - 1 = 1 replacement adding A1-A4 and C2-C4
    b = Building(name="w", elements=[opening("w1", "window", 2.0)], gross_floor_area_m2=10.0)
    r = assess_carbon(b, period_years=50, n_draws=0, waste=False)
    line = r.lines.iloc[0]
    assert line["rsl_years"] == 30 and line["replacements"] == 1
    assert line["b4"] == pytest.approx(line["a1a3"] + line["a4"] + line["c2"] + line["c3"] + line["c4"])
    # unknown frame: GB/T Table D.0.1 aluminium-clad wood window 147 kgCO2e/m2 (central default) x 2 m2
    assert line["a1a3"] == pytest.approx(294.0)
    r60 = assess_carbon(b, period_years=60, n_draws=0, waste=False)
    assert r60.lines.iloc[0]["replacements"] == 1  # ceil(60/30) - 1
    assert assess_carbon(b, period_years=30, n_draws=0).lines.iloc[0]["replacements"] == 0


def test_timber_biogenic_separate():
    r = one("Holz", 10.0, kind="roof", waste=False)
    line = r.lines.iloc[0]
    mass = 10.0 * 465  # KBOB 07.011 spruce density as category default
    assert line["mass_kg"] == pytest.approx(mass)
    # EN 16449: 44/12 x 0.5 x mass / 1.12 (12 % moisture)
    assert r.biogenic_stored_kgco2 == pytest.approx(44 / 12 * 0.5 * mass / 1.12, rel=1e-3)
    # never netted: the totals hold only fossil modules
    assert r.total_kgco2e == pytest.approx(sum(v for k, v in r.modules.items() if k != "D"))
    assert r.total_kgco2e > 0
    table = r.en15978_table()
    bio = table[table["module"].str.startswith("biogenic")]
    assert bio["kgco2e"].iloc[0] == pytest.approx(-r.biogenic_stored_kgco2) and not bio["in_total"].iloc[0]


def test_small_house_modules_and_methods_reconcile():
    r = assess_carbon(small_house(), n_draws=200)
    m, g = r.modules, r.gbt
    lines = r.lines
    # GB phases are aggregations of the same line values
    assert g["material_production"] == pytest.approx(lines["a1a3"].sum() + lines["a5_waste_production"].sum())
    assert g["material_transport"] == pytest.approx(m["A4"] + lines["a5_waste_transport"].sum())
    assert g["demolition"] == pytest.approx(m["C1"]) and m["C1"] == pytest.approx(3.4 * 100)
    assert g["recycling_credit"] < 0
    assert g["total"] == pytest.approx(sum(v for k, v in g.items() if k != "total"))
    # rebar default 100 kg/m3 for the 20 m3 slab = 2 t x 2340 kgCO2e/t
    rebar = lines[lines["category"] == "rebar"]
    assert rebar["mass_kg"].sum() == pytest.approx(2000) and rebar["a1a3"].sum() == pytest.approx(4680)
    # GB recycling credit = 0.5 x 0.9 (estimated recovery) x A1-A3 of metals
    metals = lines[lines["category"].isin(["rebar", "steel"])]
    assert g["recycling_credit"] == pytest.approx(-0.5 * 0.9 * metals["a1a3"].sum())
    # per m2 and per m2 per year
    assert r.per_m2() == pytest.approx(r.total_kgco2e / 100)
    assert r.per_m2_yr() == pytest.approx(r.total_kgco2e / 100 / 50)
    assert r.coverage["mass_share_matched"] == 1.0 and r.coverage["gbt_mass_check"]["passed"]
    for f in (r.by_element, r.by_material, r.by_storey, r.by_kind, r.by_category):
        assert f()["embodied_kgco2e"].sum() == pytest.approx(r.embodied_kgco2e - m["C1"] - r.building_modules["A5_site"])
    assert set(r.by_storey().index) == {"S1", "S2"}


def test_unmatched_listed_with_quantity_never_zero():
    b = Building(name="u", elements=[element("a", "wall", [(mat("Xyzzy compound"), 3.0, None)]),
                                     element("b", "wall", [(mat("Concrete"), 7.0, None)])], gross_floor_area_m2=50)
    r = assess_carbon(b, n_draws=0, rebar=False)
    um = r.unmatched
    assert list(um["material"]) == ["Xyzzy compound"] and um["volume_m3"].iloc[0] == pytest.approx(3.0)
    assert r.coverage["volume_share_matched"] == pytest.approx(0.7)
    assert any(d.code == "unmatched_material" and "Xyzzy" in d.message for d in r.diagnostics)
    assert not r.coverage["gbt_mass_check"]["passed"]


def test_missing_density_uses_factor_with_diagnostic():
    r = one("Plasterboard", 1.0, kind="wall", factor_sets="eu", waste=False)
    line = r.lines.iloc[0]
    assert line["density_kg_m3"] == 850 and line["density_source"].startswith("factor kbob_03.008")
    assert any(d.code == "density_from_factor" for d in r.diagnostics)
    # the model's own density wins
    r2 = one("Plasterboard", 1.0, kind="wall", density=700.0, factor_sets="eu", waste=False)
    assert r2.lines.iloc[0]["mass_kg"] == pytest.approx(700.0)


def test_bad_inputs_raise_named_errors():
    with pytest.raises(QuantityError, match="e1"):
        one("Concrete", -1.0)
    with pytest.raises(InputValueError, match="unknown transport mode"):
        one("Concrete", 1.0, transport={"concrete": (40, "teleport")})
    with pytest.raises(InputValueError, match="transport override for unknown category"):
        one("Concrete", 1.0, transport={"concret": 40})
    with pytest.raises(MappingError, match="Concrete"):
        one("Concrete", 1.0, mapping={"Concrete": "gbt_c31"})
    with pytest.raises(InputValueError, match="method"):
        one("Concrete", 1.0, method="leed")
    with pytest.raises(InputValueError, match="grid region"):
        one("Concrete", 1.0, grid="Atlantis")


def test_waste_and_site_energy():
    # A5 waste: WR 5 % for concrete -> WF = 0.05 / 0.95 of the material's A1-A3 + A4 + C2-C4
    r = one("混凝土C30", 1.0, rebar=False)
    line = r.lines.iloc[0]
    wf = 0.05 / 0.95
    assert line["a5_waste"] == pytest.approx(wf * (line["a1a3"] + line["a4"] + line["c2"] + line["c3"] + line["c4"]))
    # metered site energy: 1000 kWh diesel x GB/T App. A 72.59 tCO2/TJ x 3.6 MJ/kWh
    r2 = one("混凝土C30", 1.0, rebar=False, site_energy_kwh_by_carrier={"diesel": 1000})
    assert r2.building_modules["A5_site"] == pytest.approx(1000 * 72.59 * 3.6 / 1000, rel=1e-4)


def test_b6_in_assessment_and_mapping():
    r = one("Concrete", 1.0, energy_by_carrier_kwh={"electricity": 10_000}, grid="Hainan", period_years=50)
    # Hainan 2023 (MEE/NBS 2025 No. 47): 0.3648 kgCO2/kWh, static over 50 years
    assert r.modules["B6"] == pytest.approx(10_000 * 0.3648 * 50)
    assert r.gbt["operation"] == r.modules["B6"]
    mm = method_mapping()
    assert mm.loc[mm["gbt51366_phase"] == "建材生产", "en15978_modules"].iloc[0].startswith("A1-A3")
    assert "B4" in mm.loc[mm["gbt51366_phase"] == "(not covered)", "en15978_modules"].iloc[0]


def test_exports():
    r = assess_carbon(small_house(), n_draws=100)
    d = r.to_dict()
    text = json.dumps(d)  # JSON-ready
    assert "建材生产" in r.to_json() and json.loads(text)["totals"]["total_a1_c4_kgco2e"] == pytest.approx(r.total_kgco2e)
    assert len(r.to_frame()) == len(r.lines)
    html = r._repr_html_()
    assert "EN 15978" in html and "GB/T 51366" in html
    assert "lines" in r.to_dict(lines=True)


def test_monte_carlo_deterministic_and_ordered():
    a = assess_carbon(small_house(), n_draws=500, seed=3).uncertainty
    b = assess_carbon(small_house(), n_draws=500, seed=3).uncertainty
    assert a == b
    t = a["total_a1_c4"]
    assert t["p5"] < t["p50"] < t["p95"]


def _big_building(n_elements=300, layers=3):
    els = []
    names = ["Concrete - Cast In Situ", "Masonry - Brick", "Mineral wool", "Plasterboard", "Holz", "Stahl"]
    for i in range(n_elements):
        ls = [(mat(names[(i + j) % len(names)]), 0.5 + 0.01 * j, 0.1) for j in range(layers)]
        els.append(element(f"E{i}", ("wall", "slab", "beam")[i % 3], ls, storey=f"S{i % 3}"))
    els += [opening(f"W{i}", "window", 2.0) for i in range(30)]
    return Building(name="big", elements=els, gross_floor_area_m2=500.0)


def test_monte_carlo_speed_duplex_sized():
    b = _big_building()
    r = assess_carbon(b, n_draws=0)
    assert len(r.lines) >= 1000
    from bldgagent.lca.uncertainty import monte_carlo
    from bldgagent.lca import FactorLibrary
    lib = FactorLibrary()
    t0 = time.perf_counter()
    unc = monte_carlo(r.lines, lib, r.building_modules, 0.0, 1000, 0)
    assert time.perf_counter() - t0 < 1.0
    assert unc["n_draws"] == 1000 and math.isfinite(unc["total_a1_c4"]["p50"])
    assert unc["total_a1_c4"]["p50"] == pytest.approx(r.total_kgco2e, rel=0.05)
