"""B6 (grid factors, trajectories), benchmarks, write-back and the CLI body."""
from __future__ import annotations

import json

import numpy as np
import pytest

import bldgagent
from bldgagent.errors import InputFileError, InputValueError
from bldgagent.lca import assess_carbon, b6, compare, fuel_factor, grid_factor, linear, list_benchmarks
from lca_buildings import small_house


def test_grid_factors_by_year_and_region():
    assert grid_factor("CN", 2021).kg_per_kwh == 0.5568
    assert grid_factor("CN", 2022).kg_per_kwh == 0.5366
    assert grid_factor("CN").kg_per_kwh == 0.5306 and grid_factor("CN").basis == "CO2"
    assert grid_factor("Hainan").kg_per_kwh == 0.3648
    assert grid_factor("CN-South", 2022).kg_per_kwh == 0.3869 and grid_factor("CN-South", 2023).kg_per_kwh == 0.4042
    assert grid_factor("EU27", 2023).basis == "CO2e"
    # a year after the data: the latest published value
    assert grid_factor("CN", 2030).year == 2023
    with pytest.raises(InputValueError):
        grid_factor("Mars")


def test_fuel_factors():
    # GB/T 51366 Appendix A natural gas 55.54 tCO2/TJ x 3.6 MJ/kWh = 0.19994 kg/kWh
    assert fuel_factor("natural_gas", "CN").kg_per_kwh == pytest.approx(0.19994)
    # district heat 0.11 tCO2/GJ = 0.396 kg/kWh (not 0.0396)
    assert fuel_factor("district_heat", "CN-HI").kg_per_kwh == pytest.approx(0.396, rel=1e-3)
    assert fuel_factor("gas", "UK").kg_per_kwh == 0.18293


def test_b6_static_linear_series():
    r = b6({"electricity": 10_000, "natural_gas": 5_000}, 50, 2025, grid="CN-HI")
    assert r.total_kgco2e == pytest.approx(50 * (10_000 * 0.3648 + 5_000 * 0.19994), rel=1e-6)
    assert len(r.years) == 100 and set(r.by_carrier) == {"electricity", "natural_gas"}
    # linear from 0.5306 (2023) to 0 in 2060, then 0: years 2023..2072
    lin = b6({"electricity": 1000}, 50, 2023, grid="CN", trajectory=linear(2060, 0.0))
    years = np.arange(2023, 2073)
    expected = 1000 * 0.5306 * np.clip(1 - (years - 2023) / 37, 0, 1)
    assert lin.total_kgco2e == pytest.approx(expected.sum())
    ser = b6({"electricity": 1000}, 3, 2030, trajectory={2030: 0.5, 2032: 0.3})
    assert list(ser.years["kg_per_kwh"]) == pytest.approx([0.5, 0.4, 0.3])


def test_b6_denmark_trajectory():
    r = b6({"electricity": 1000, "district_heat": 1000}, 5, 2023, grid="DK", trajectory="DK-BR18")
    el = r.years[r.years["carrier"] == "electricity"].set_index("year")["kg_per_kwh"]
    # BR18 Annex 2 Table 8: 0.187 (2023), 0.135 (2025), 0.047 (2030) -> 2027 interpolated
    assert el[2023] == 0.187 and el[2025] == 0.135
    assert el[2027] == pytest.approx(0.135 + (0.047 - 0.135) * 2 / 5)


def test_b6_bad_input():
    with pytest.raises(InputValueError, match="carrier"):
        b6({"plutonium": 5}, 50)
    with pytest.raises(InputValueError, match="negative"):
        b6({"natural_gas": -5}, 50)
    with pytest.raises(InputValueError):
        b6({"electricity": 5}, 0)


def test_benchmarks_like_for_like():
    assert len(list_benchmarks("BR18")) >= 5
    r = assess_carbon(small_house(), n_draws=0, energy_by_carrier_kwh={"electricity": 3000}, grid="DK")
    leti = compare(r, "leti_residential_2030")
    assert leti.value == pytest.approx(r.upfront_kgco2e / 100)
    assert leti.limit == 300 and leti.passes == (leti.value <= 300)
    br = compare(r, "br18_2023_all")
    m = r.modules
    expected = (m["A1-A3"] + m["B4"] + m["B6"] + m["C3"] + m["C4"]) / 100 / 50
    assert br.value == pytest.approx(expected) and br.unit == "kgCO2e/m2/yr"
    riba = compare(r, "riba2030_residential_2030")
    assert set(riba.modules_not_computed) == {"B1", "B2", "B3", "B5"}
    assert any("study period 60" in n for n in riba.notes)
    with pytest.raises(InputValueError):
        compare(r, "nope")


def test_writeback_new_file(tmp_path):
    pytest.importorskip("ifcopenshell")
    import ifcopenshell
    import ifcopenshell.api
    import ifcopenshell.util.element

    f = ifcopenshell.file(schema="IFC4")
    ifcopenshell.api.run("root.create_entity", f, ifc_class="IfcProject", name="p")
    slab = ifcopenshell.api.run("root.create_entity", f, ifc_class="IfcSlab", name="slab1")
    src = tmp_path / "m.ifc"
    f.write(str(src))
    house = small_house()
    house.elements[0].global_id = slab.GlobalId
    r = assess_carbon(house, n_draws=0)
    from bldgagent.lca.writeback import write_carbon_pset
    with pytest.raises(InputFileError, match="refusing to overwrite"):
        write_carbon_pset(r, src, src)
    out = write_carbon_pset(r, src)
    assert out.name == "m_carbon.ifc" and out.exists()
    back = ifcopenshell.open(str(out))
    pset = ifcopenshell.util.element.get_psets(back.by_guid(slab.GlobalId))["Pset_bldgagent_Carbon"]
    slab_lines = r.lines[r.lines["element_id"] == slab.GlobalId]
    assert pset["A1A3_kgCO2e"] == pytest.approx(slab_lines["a1a3"].sum())
    assert "gbt_c30" in pset["FactorIds"]
    assert any(d.code == "writeback_missing" for d in r.diagnostics)  # the other elements are not in this file


def test_cli_body(monkeypatch, capsys, tmp_path):
    from bldgagent.cli.carbon import carbon_cli_main
    monkeypatch.setattr(bldgagent.ifc, "load", lambda path: small_house())
    assert carbon_cli_main([str(tmp_path / "x.ifc"), "--json", "--draws", "0"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["period_years"] == 50 and out["gbt51366"][0]["phase"] == "建材生产"
    assert carbon_cli_main([str(tmp_path / "x.ifc"), "--method", "gbt51366", "--period", "60", "--draws", "0"]) == 0
    assert "合计" in capsys.readouterr().out
    assert carbon_cli_main([str(tmp_path / "x.ifc"), "--grid", "Atlantis", "--draws", "0"]) == 2
