"""assess_energy / operational_carbon on the sample building (Haikou site, synthetic year unless stated)."""
from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from bldgagent import load
from bldgagent.climate import synthetic_year, get_place
from bldgagent.energy import assess_energy, operational_carbon
from bldgagent.energy.profiles import usage_profile
from bldgagent.errors import InputValueError, UnknownPlaceError, WeatherFileError
from bldgagent.ifc.samples import sample_building
from bldgagent.lca.grid import grid_factor

from shared_data import shared_epw


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("assess") / "sample.ifc"
    sample_building(path=path)
    return load(path)


@pytest.fixture(scope="module")
def result(sample):
    return assess_energy(sample, pv={"kwp": 20.0})


def test_default_climate_is_nearest_place(result):
    assert result.weather.source.startswith("synthetic: Haikou")
    assert any(d.code == "nearest_place" and "Haikou" in d.message for d in result.diagnostics)


def test_json_contract(result):
    d = json.loads(json.dumps(result.to_dict()))
    for key in ("heating_kwh", "cooling_kwh", "by_end_use", "by_carrier", "zones", "per_m2", "peaks_kw", "monthly",
                "pv", "coverage", "diagnostics"):
        assert key in d
    assert len(d["zones"]) == 24 and d["zones"][0]["space_ids"]
    assert set(d["by_end_use"]) >= {"heating", "cooling", "dhw", "lighting", "equipment", "fans"}
    assert len(d["monthly"]["cooling"]) == 12
    assert sum(d["monthly"]["cooling"]) == pytest.approx(d["cooling_kwh"], rel=1e-9)
    assert "<b>EnergyResult</b>" in result._repr_html_()
    assert result.to_frame().shape[0] == 8760


def test_end_uses_by_hand(result):
    a = result.floor_area_m2
    p = usage_profile("residential", "cn", "hsww")
    # DHW, JGJ dwelling: 40 L/(person.day) at 60 C from 10 C, 25 m2/person:
    # 40 x 4.186/3.6 Wh/(L K) x 50 K / 25 m2 = 93.02 Wh/(m2 d) -> x 365 = 33.95 kWh/m2
    assert result.annual_demand_kwh["dhw"] / a == pytest.approx(40 * 4.186 / 3.6 * 50 / 25 * 365 / 1000, rel=1e-9)
    # appliances 3.8 W/m2 around the clock: 33.288 kWh/m2
    assert result.annual_demand_kwh["equipment"] / a == pytest.approx(3.8 * 8760 / 1000, rel=1e-9)
    fl = p.full_load_hours("lighting")
    days = np.unique((result.demand.index - np.timedelta64(30, "m")).date)
    weekend = sum(1 for d in days if d.weekday() >= 5)
    light = 5.0 * (fl["weekday"] * (365 - weekend) + fl["holiday"] * weekend) / 1000
    assert result.annual_demand_kwh["lighting"] / a == pytest.approx(light, rel=1e-9)
    # Haikou: heating set-point 16 C is never needed; cooling is the dominant load
    assert result.heating_kwh < 1.0 and result.cooling_kwh / a > 30


def test_carriers_and_pv_netting(result):
    fin = result.final
    assert sum(fin.annual_by_end_use.values()) == pytest.approx(sum(fin.annual_by_carrier.values()), rel=1e-12)
    b = result.pv_balance
    load_kwh = fin.annual_by_carrier["electricity"]
    assert np.sum(b.self_consumed_kwh) + np.sum(b.imported_kwh) == pytest.approx(load_kwh, rel=1e-12)
    assert result.by_carrier["electricity"] == pytest.approx(load_kwh - result.pv.annual_ac_kwh, rel=1e-9)
    # split AC (GB 21455 APF 4.5) with the temperature-dependent COP: final cooling below demand / 1 and above / 10
    cool = result.by_end_use["cooling"]
    assert cool["demand_kwh"] / 10 < cool["final_kwh"] < cool["demand_kwh"]


def test_b6_by_hand(result):
    c = operational_carbon(result, period_years=50, start_year=2026)
    assert c.region == "CN-HI"
    f = grid_factor("CN-HI").kg_per_kwh
    assert c.total_kgco2e == pytest.approx(50 * result.by_carrier["electricity"] * f, rel=1e-9)


def test_zone_temperatures_for_health(result, sample):
    op = result.zone_operative_c
    assert op.shape == (8760, 24) and list(op.columns) == result.thermal.zone_names
    sp = result.space_operative_c
    assert set(sp.columns) == {s.global_id for s in sample.spaces}
    # cooled to 26 C air: operative stays within a few K of it
    assert op.to_numpy().max() < 31.0


def test_free_running_and_storey_zoning(sample):
    r = assess_energy(sample, "haikou", zoning="storey", free_running=True)
    assert r.heating_kwh == 0.0 and r.cooling_kwh == 0.0
    assert r.zone_operative_c.shape == (8760, 3)
    assert r.zone_operative_c.to_numpy().max() > 30.0  # Haikou summer without cooling


def test_climate_errors(sample, tmp_path):
    with pytest.raises(UnknownPlaceError, match="Haikou"):
        assess_energy(sample, "haikuo")
    b = copy.copy(sample)
    b.site = None
    with pytest.raises(InputValueError, match="no latitude/longitude"):
        assess_energy(b)
    short = tmp_path / "short.epw"
    lines = shared_epw("haikou").read_text(encoding="latin-1").splitlines()
    short.write_text("\n".join(lines[:500]) + "\n", encoding="latin-1")
    with pytest.raises(WeatherFileError):
        assess_energy(sample, str(short))
    bad = tmp_path / "bad.epw"
    bad.write_text("not a weather file\n")
    with pytest.raises(WeatherFileError):
        assess_energy(sample, str(bad))


def test_bad_overrides(sample):
    with pytest.raises(InputValueError, match="heat_recovery_efficiency"):
        assess_energy(sample, "haikou", overrides={"heat_recovery_efficiency": 1.5})
    with pytest.raises(InputValueError, match="pv"):
        assess_energy(sample, "haikou", pv={"kwp": 5, "panels": 3})
    with pytest.raises(InputValueError):
        assess_energy(sample, "haikou", pv={"kwp": -5})


def test_real_epw_and_year(sample):
    w = shared_epw("haikou")
    r = assess_energy(sample, str(w), zoning="storey", year=2024)
    assert r.weather.source.endswith(".epw") and r.settings["year"] == 2024
    syn = assess_energy(sample, synthetic_year(get_place("Haikou")), zoning="storey")
    assert syn.cooling_kwh == pytest.approx(r.cooling_kwh, rel=0.15)


@pytest.mark.parametrize("name", ["AC20-FZK-Haus.ifc", "AC90R1-niedriha-V2-2x3.ifc", "Duplex_A_20110907.ifc",
                                  "ExampleHOM.ifc", "LargeBuilding.ifc"])
def test_shared_models_on_aachen(name):
    """Real exporter files run end to end; what is not assigned is reported, and demands are plausible for Aachen
    (EN 16798-1 dwelling operation: 5-300 kWh/m2 heating across passive to uninsulated houses)."""
    from shared_data import shared_ifc

    b = load(shared_ifc(name))
    r = assess_energy(b, str(shared_epw("aachen")))
    assert 5.0 < r.heating_kwh / r.floor_area_m2 < 300.0
    d = r.to_dict()
    codes = {x["code"] for x in d["diagnostics"]}
    for k, v in d["coverage"].items():
        if k != "ground_floor" and v["share"] < 0.999:
            assert "envelope_coverage" in codes
    if name == "LargeBuilding.ifc":  # room volumes exported 1000 x too large: replaced by area x height
        assert "space_volume_inconsistent" in codes
        assert all(z.volume_m3 / z.floor_area_m2 < 10 for z in r.zoning)


def test_no_site_and_no_climate_names_both_spellings():
    """A building without a site location and no climate: the error names the Python argument (climate=) and the
    command-line option (--climate), which a CLI user reads (before it said only 'pass climate=')."""
    from bldgagent.energy.assess import weather_for
    from bldgagent.errors import InputValueError
    from bldgagent.model import Building

    with pytest.raises(InputValueError) as err:
        weather_for(Building(name="no site"))
    assert "climate=" in str(err.value) and "--climate" in str(err.value)
