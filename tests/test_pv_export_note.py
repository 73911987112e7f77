"""Roof PV through bldgagent.assess: EN 15978 B6 counts the hourly imports and puts the export in module D; GB/T
51366 keeps netting the export in operation; the array's embodied carbon is counted in both."""
import pytest

import bldgagent
from bldgagent.ifc.samples import sample_building

HAINAN = 0.3648   # kgCO2/kWh, CN-HI 2023 (MEE & NBS announcement 2025 No. 47, data/lca/grid_factors.csv)


def test_pv_export_in_module_d_not_in_b6(tmp_path):
    sample_building(path=tmp_path / "t.ifc", storeys=1)
    b = bldgagent.load(tmp_path / "t.ifc")
    plain = bldgagent.assess(b, "haikou", n_draws=0, health=False)
    pv = bldgagent.assess(b, "haikou", n_draws=0, health=False, energy_options={"pv": {"area_m2": 200.0}})
    bal, c, c0 = pv.energy.pv_balance, pv.carbon, plain.carbon
    imported, exported = float(bal.imported_kwh.sum()), float(bal.exported_kwh.sum())
    years = c.period_years
    assert exported > 0 and c.b6.years["kg_per_kwh"].iloc[0] == pytest.approx(HAINAN)
    # EN 15978: B6 = hourly imports x factor x years; D = - export x factor x years, apart from A1-C4
    assert c.modules["B6"] == pytest.approx(imported * HAINAN * years)
    assert c.totals["d_exported_energy_kgco2e"] == pytest.approx(-exported * HAINAN * years)
    assert c.modules["D"] == pytest.approx(c0.modules["D"] - exported * HAINAN * years)
    # GB/T 51366: operation nets the export (imports - exports), as the annual net by carrier always did
    assert c.gbt["operation"] == pytest.approx((imported - exported) * HAINAN * years)
    assert c.gbt["operation"] == pytest.approx(float(pv.energy.by_carrier["electricity"]) * HAINAN * years)
    # the array: 200 m2 x 0.21 (packaged module efficiency) = 42 kWp; A1-A3 = 42 x 650 kgCO2e/kWp in both methods
    assert c.pv["kwp"] == pytest.approx(42.0)
    assert c.modules["A1-A3"] - c0.modules["A1-A3"] == pytest.approx(42 * 650.0)
    assert c.gbt["material_production"] - c0.gbt["material_production"] == pytest.approx(42 * 650.0)
    # the old netting warning is gone; the info names module D; PV lowers EN B6 only by what the building uses
    assert not [d for d in c.diagnostics if d.code == "pv_export_in_b6"]
    notes = [d for d in c.diagnostics if d.code == "pv_export_in_module_d"]
    assert len(notes) == 1 and notes[0].level == "info" and f"{exported:,.0f} kWh" in notes[0].message
    assert not [d for d in c0.diagnostics if d.code == "pv_export_in_module_d"]
    own = float(bal.self_consumed_kwh.sum())
    assert c0.modules["B6"] - c.modules["B6"] == pytest.approx(own * HAINAN * years)
    assert pv.headline()["module_d_en15978_kgco2e_m2"] == pytest.approx(c.modules["D"] / c.gfa_m2)
