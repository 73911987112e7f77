"""PV in the carbon account, by hand: hourly split -> EN 15978 B6 (imports) and D (export), GB/T 51366 operation
(netted), and the array's embodied carbon per kWp (data/lca/pv_factors.csv: system 650, inverter 29 kgCO2e/kWp;
lives 30 and 15 years)."""
from __future__ import annotations

import json

import numpy as np
import pytest

from bldgagent.energy.pv import pv_self_consumption
from bldgagent.errors import InputValueError
from bldgagent.lca import assess_carbon
from bldgagent.lca.pv import pv_embodied, pv_factor, replacement_years
from bldgagent.lca.uncertainty import monte_carlo
from lca_buildings import small_house

F = 0.5        # kgCO2e/kWh, fixed electricity factor (carrier_factors) so every figure is hand-checkable
PERIOD = 50    # years
LOAD = [2.0, 2.0, 2.0, 2.0]   # kWh per hour, four hours
PV = [0.0, 3.0, 5.0, 1.0]


def _run(energy, pv=None, **kw):
    return assess_carbon(small_house(), n_draws=kw.pop("n_draws", 0), period_years=PERIOD, grid="CN",
                         carrier_factors={"electricity": F}, energy_by_carrier_kwh=energy, pv=pv, **kw)


def test_hourly_split_by_hand():
    b = pv_self_consumption(LOAD, PV)
    # hour by hour: own = min(load, pv) = 0, 2, 2, 1; export = pv - own = 0, 1, 3, 0; import = load - own = 2, 0, 0, 1
    assert b.self_consumed_kwh.tolist() == [0.0, 2.0, 2.0, 1.0]
    assert b.exported_kwh.tolist() == [0.0, 1.0, 3.0, 0.0]
    assert b.imported_kwh.tolist() == [2.0, 0.0, 0.0, 1.0]
    # annual netting would have hidden both: net = 8 - 9 = -1 kWh, but 3 kWh are imported and 4 exported
    assert float(b.exported_kwh.sum()) == 4.0 and float(b.imported_kwh.sum()) == 3.0


def test_b6_and_module_d_per_method_by_hand():
    b = pv_self_consumption(LOAD, PV)
    imported, exported, own = (float(x.sum()) for x in (b.imported_kwh, b.exported_kwh, b.self_consumed_kwh))
    base = _run({"electricity": float(np.sum(LOAD))})
    r = _run({"electricity": imported}, pv={"kwp": 2.0, "exported_kwh": exported, "self_consumed_kwh": own})
    # no PV: B6 = 8 kWh x 0.5 x 50 = 200
    assert base.modules["B6"] == pytest.approx(200.0)
    # EN 15978: B6 = imports only, 3 x 0.5 x 50 = 75 (self-consumption lowers it by 5 x 0.5 x 50 = 125)
    assert r.modules["B6"] == pytest.approx(75.0)
    # module D: the export, -4 x 0.5 x 50 = -100, outside the A1-C4 total
    assert r.modules["D"] - base.modules["D"] == pytest.approx(-100.0)
    assert r.totals["d_exported_energy_kgco2e"] == pytest.approx(-100.0)
    assert r.total_kgco2e == pytest.approx(sum(v for k, v in r.modules.items() if k != "D"))
    # PV embodied, 2 kWp: A1-A3 = 2 x 650 = 1300; B4 = array at year 30 (1300) + inverter alone at 15 and 45
    # (2 x 2 x 29 = 116) = 1416
    assert r.modules["A1-A3"] - base.modules["A1-A3"] == pytest.approx(1300.0)
    assert r.modules["B4"] - base.modules["B4"] == pytest.approx(1416.0)
    assert r.total_kgco2e - base.total_kgco2e == pytest.approx(75.0 - 200.0 + 1300.0 + 1416.0)
    # GB/T 51366: operation nets the whole generation, (3 - 4) x 0.5 x 50 = -25, the same as netting the annual
    # net; material production gets the array's A1-A3 (no replacement phase in GB)
    assert r.gbt["operation"] == pytest.approx(-25.0)
    assert r.gbt["material_production"] - base.gbt["material_production"] == pytest.approx(1300.0)
    assert r.gbt_total_kgco2e - base.gbt_total_kgco2e == pytest.approx(-25.0 - 200.0 + 1300.0)
    s = r.pv_summary()
    assert s["kwp"] == 2.0 and s["exported_kwh"] == 4.0 and s["self_consumed_kwh"] == 5.0
    assert s["array_replacement_years"] == [30] and s["inverter_replacement_years"] == [15, 45]
    codes = {d.code: d for d in r.diagnostics}
    assert "pv_export_in_module_d" in codes and "module D" in codes["pv_export_in_module_d"].message
    assert "net_export" not in codes


def test_tables_and_strict_json_name_units():
    r = _run({"electricity": 3.0}, pv={"kwp": 2.0, "exported_kwh": 4.0})
    table = r.en15978_table().set_index("module")
    assert table.loc["D", "kgco2e"] == pytest.approx(r.modules["D"]) and not table.loc["D", "in_total"]
    assert table.loc["D", "kgco2e_per_m2"] == pytest.approx(r.modules["D"] / 100.0)   # GFA 100 m2
    total = table.loc["total A1-C4 incl. B6", "kgco2e"]
    assert total == pytest.approx(r.total_kgco2e) and total == pytest.approx(table["kgco2e"].iloc[:9].sum())
    data = json.loads(r.to_json())        # strict: allow_nan=False
    assert data["pv"]["a1a3_kgco2e"] == pytest.approx(1300.0) and data["pv"]["export_credit_kgco2e"] == pytest.approx(-100)
    assert data["totals"]["d_exported_energy_kgco2e_per_m2"] == pytest.approx(-1.0)
    assert data["totals"]["pv_embodied_kgco2e"] == pytest.approx(1300.0 + 1416.0)
    assert data["pv"]["export_credit_module"]["en15978"].startswith("D")
    assert json.loads(_run({"electricity": 8.0}).to_json())["pv"] is None


def test_legacy_net_export_goes_to_module_d():
    r = _run({"electricity": -5.0})
    # a negative annual net: 0 imported (EN B6 0), 5 exported: D = -5 x 0.5 x 50 = -125; GB operation -125 as before
    assert r.modules["B6"] == pytest.approx(0.0)
    assert r.totals["d_exported_energy_kgco2e"] == pytest.approx(-125.0)
    assert r.gbt["operation"] == pytest.approx(-125.0)
    assert [d.level for d in r.diagnostics if d.code == "net_export"] == ["warning"]


@pytest.mark.parametrize("period,array,inverter", [(25, [], [15]), (50, [30], [15, 45]), (60, [30], [15, 45]),
                                                   (90, [30, 60], [15, 45, 75])])
def test_replacements_by_period(period, array, inverter):
    e = pv_embodied(10.0, period)
    assert e["array_replacement_years"] == array and e["inverter_replacement_years"] == inverter
    assert e["a1a3_kgco2e"] == pytest.approx(10 * 650)
    assert e["b4_kgco2e"] == pytest.approx(10 * (650 * len(array) + 29 * len(inverter)))
    assert len(replacement_years(period, 30)) == max(int(np.ceil(period / 30)) - 1, 0)


def test_factor_rows_have_sources_and_ranges():
    for fid in ("pv_system_csi", "pv_inverter"):
        row = pv_factor(fid)
        assert row["declared_unit"] == "kWp" and row["source"]
        assert row["low_kgco2e"] < row["a1a3_kgco2e"] < row["high_kgco2e"]
    assert pv_factor("pv_system_csi")["a1a3_kgco2e"] == (520 + 780) / 2   # midpoint of the published range


@pytest.mark.parametrize("pv,param", [({"kwp": -1.0}, "kwp"), ({"kwp": float("nan")}, "kwp"),
                                      ({"exported": 3.0}, "exported"), ([1, 2], "pv"),
                                      ({"exported_kwh": -4.0}, "exported_kwh")])
def test_bad_pv_option_names_the_parameter(pv, param):
    with pytest.raises(InputValueError, match=param):
        _run({"electricity": 3.0}, pv=pv)


def test_export_with_net_electricity_refused():
    with pytest.raises(InputValueError, match="imported"):
        _run({"electricity": -1.0}, pv={"exported_kwh": 4.0})


def test_monte_carlo_counts_pv_and_leaves_runs_without_pv_unchanged():
    base = _run({"electricity": 8.0})
    r = _run({"electricity": 3.0}, pv={"kwp": 2.0, "exported_kwh": 4.0}, n_draws=2000)
    lib = __import__("bldgagent.lca.factors", fromlist=["FactorLibrary"]).FactorLibrary("cn")
    plain = monte_carlo(base.lines, lib, base.building_modules, 200.0, 500, 3)
    assert plain == monte_carlo(base.lines, lib, base.building_modules, 200.0, 500, 3, pv=None)
    # the PV draw is triangular(0.8, 1, 1.2) (520/650, 780/650): its mean is 1, so the mean total moves by ~
    # the PV embodied; the other draws are shared (same seed), so the shift is close to 2716 - 125 (B6 saving)
    m0 = monte_carlo(r.lines, lib, r.building_modules, r.modules["B6"], 2000, 0)["total_a1_c4"]["mean"]
    assert r.uncertainty["total_a1_c4"]["mean"] - m0 == pytest.approx(1300.0 + 1416.0, rel=0.02)


def test_html_names_module_d():
    r = _run({"electricity": 3.0}, pv={"kwp": 2.0, "exported_kwh": 4.0})
    page = r._repr_html_()
    assert "2 kWp" in page and "module D" in page and "-0.1 tCO2e" in page   # -100 kgCO2e
    assert "On-site PV" not in _run({"electricity": 8.0})._repr_html_()
