"""Systems and carriers: final energy = demand / efficiency, checked by hand."""
from __future__ import annotations

import json

import numpy as np
import pytest

from bldgagent.energy.systems import (
    GCV_NCV_RATIO, SystemSpec, Systems, available_systems, fan_energy_kwh, final_energy, hourly_efficiency, sfp_class,
    system,
)
from bldgagent.errors import InputValueError


def test_gas_boiler_carrier_kwh_is_demand_over_efficiency():
    boiler = system("gas_condensing_boiler_eu", "heating")
    assert boiler.efficiency == 0.97 and boiler.carrier == "natural_gas" and boiler.fuel_basis == "ncv"
    sys = Systems(heating=boiler, pump_kwh_per_kwh=0.0)
    res = final_energy({"heating": 9700.0}, sys)
    assert res.annual_by_carrier == pytest.approx({"natural_gas": 10000.0})  # 9700 / 0.97
    assert res.end_use_carrier == {"heating": "natural_gas"}
    assert not res.hourly and res.monthly_by_carrier is None


def test_hydronic_pumps_and_electric_end_uses():
    # 813/2013 minimum low-temperature heat pump: SCOP = (1.25 + 0.03) x 2.5 = 3.2
    hp = system("air_water_hp_eu_min", "heating")
    assert hp.efficiency == pytest.approx((1.25 + 0.03) * 2.5)
    sys = Systems(heating=hp, pump_kwh_per_kwh=0.02)
    res = final_energy({"heating": 6400.0, "lighting": 500.0, "equipment": 1500.0}, sys)
    # 6400/3.2 = 2000 + pumps 0.02 x 6400 = 128 + 500 + 1500
    assert res.annual_by_end_use == pytest.approx({"heating": 2000.0, "lighting": 500.0, "equipment": 1500.0, "pumps": 128.0})
    assert res.annual_by_carrier == pytest.approx({"electricity": 4128.0})
    assert any("pump" in n for n in res.notes)


def test_split_ac_has_no_pumps_and_both_end_uses():
    # EU 206/2012 tier 2: SEER 4.60, SCOP 3.80 for < 6 kW air conditioners
    heating, cooling = system("split_ac_eu", "heating"), system("split_ac_eu", "cooling")
    assert (heating.efficiency, cooling.efficiency) == (3.8, 4.6)
    res = final_energy({"heating": 3800.0, "cooling": 4600.0}, Systems(heating=heating, cooling=cooling))
    assert res.annual_by_end_use == pytest.approx({"heating": 1000.0, "cooling": 1000.0})


def test_hourly_conversion_with_monthly_totals():
    sys = Systems.default("cn", "office")  # gas boiler 0.92, water-cooled chiller 5.5, gas water heater 0.89
    n = 8760
    res = final_energy({"heating": np.full(n, 0.92), "cooling": np.full(n, 5.5), "dhw": np.full(n, 0.089)}, sys)
    assert res.hourly and len(res.by_carrier) == n
    assert res.by_end_use["heating"].to_numpy() == pytest.approx(np.ones(n))
    assert res.by_end_use["cooling"].to_numpy() == pytest.approx(np.ones(n))
    assert res.by_end_use["dhw"].to_numpy() == pytest.approx(np.full(n, 0.1))
    monthly = res.monthly_by_carrier
    # gas: (1 + 0.1) kWh per hour; January has 744 hours
    assert monthly.loc[1, "natural_gas"] == pytest.approx(744 * 1.1)
    assert monthly["natural_gas"].sum() == pytest.approx(8760 * 1.1)
    # electricity: chiller 1 kWh/h + pumps 0.02 x (0.92 + 5.5) (boiler and chiller are hydronic)
    assert res.annual_by_carrier["electricity"] == pytest.approx(8760 * (1 + 0.02 * 6.42))
    json.dumps(res.to_dict())
    assert "natural_gas" in res._repr_html_()
    assert list(res.to_frame().columns)[0] == "heating:natural_gas"


def test_temperature_dependent_cop_hand_calculation():
    hp = system("air_water_hp", "heating")  # SCOP 4.0, sink 35 C, reference 2 C
    t = np.array([2.0, -7.0, 12.0, 40.0])
    cop = hourly_efficiency(hp, t)
    # Carnot shape: C(T) = 308.15 / max(35 - T, 5); COP = 4.0 x C(T) / C(2)
    c = lambda x: 308.15 / max(35 - x, 5)
    expected = [4.0, 4.0 * c(-7) / c(2), 4.0 * c(12) / c(2), 10.0]  # at 40 C the ratio explodes -> clipped to 10
    assert cop == pytest.approx(expected)
    assert expected[1] == pytest.approx(4.0 * 33 / 42)
    res = final_energy({"heating": np.array([4.0, 4.0, 4.0, 4.0])}, Systems(heating=hp, pump_kwh_per_kwh=0), t)
    assert res.by_end_use["heating"].to_numpy() == pytest.approx(4.0 / np.array(expected))
    # cooling: C(T) = 280.15 / max(T - 7, 5), reference 30 C
    ac = system("split_ac_eu", "cooling")
    assert hourly_efficiency(ac, np.array([35.0]))[0] == pytest.approx(4.6 * 23 / 28)
    # ground-source: not temperature dependent
    assert hourly_efficiency(system("ground_source_hp", "heating"), t) == 4.5


def test_fans_from_sfp_and_flow():
    # 1000 m3/h at SFP3 upper limit 1250 W/(m3/s): 1250 x 1000/3600 = 347.2 W -> 0.3472 kWh per hour
    assert sfp_class("SFP3") == 1250.0 and sfp_class("sfp 1") == 500.0
    assert fan_energy_kwh(1000.0, 1250.0) == pytest.approx(1250 * 1000 / 3600 / 1000)
    res = final_energy({"lighting": np.zeros(24)}, Systems(), ventilation_m3_h=np.full(24, 1000.0))
    assert res.annual_by_end_use["fans"] == pytest.approx(24 * 0.34722, rel=1e-4)
    with pytest.raises(InputValueError, match="twice"):
        final_energy({"fans": np.zeros(24)}, Systems(), ventilation_m3_h=np.zeros(24))
    with pytest.raises(InputValueError, match="SFP class"):
        sfp_class("SFP9")


def test_solar_fraction_for_dhw():
    sys = Systems(dhw=system("electric_water_heater", "dhw"), dhw_solar_fraction=0.6)
    res = final_energy({"dhw": 1000.0}, sys)
    # 40 % of 1000 kWh from the 0.9-efficient heater, 60 % solar heat on site
    assert res.annual_by_carrier == pytest.approx({"electricity": 400 / 0.9, "solar_thermal": 600.0})


def test_defaults_by_region():
    cn = Systems.default("cn", "residential_bedroom")
    assert cn.heating.system_id == "split_ac_cn" and cn.dhw.system_id == "electric_water_heater"
    eu = Systems.default("Europe", "office")
    assert eu.cooling.system_id == "chiller_air_cooled"
    swapped = eu.replace(heating="gas_condensing_boiler_eu")
    assert swapped.heating.carrier == "natural_gas"
    with pytest.raises(InputValueError, match="region"):
        Systems.default("us")


def test_non_physical_efficiencies_rejected():
    # natural gas GCV/NCV = 1.109: above it even a perfect condensing boiler is impossible on NCV
    assert GCV_NCV_RATIO["natural_gas"] == pytest.approx(1.109)
    system("gas_condensing_boiler_eu", "heating", efficiency=1.08)  # possible on NCV
    with pytest.raises(InputValueError, match="non-physical"):
        system("gas_condensing_boiler_eu", "heating", efficiency=1.12)
    with pytest.raises(InputValueError, match="non-physical"):
        system("gas_condensing_boiler_eu", "heating", efficiency=1.02, fuel_basis="gcv")
    with pytest.raises(InputValueError, match="above 10"):
        system("air_water_hp", "heating", efficiency=11.0)
    with pytest.raises(InputValueError, match="cannot exceed efficiency 1"):
        system("electric_direct", "heating", efficiency=1.2)
    with pytest.raises(InputValueError, match="positive"):
        system("air_water_hp", "heating", efficiency=0.0)
    with pytest.raises(InputValueError, match="carrier"):
        SystemSpec("x", "heating", "hydrogen", "combustion", 0.9, fuel_basis="ncv")
    with pytest.raises(InputValueError, match="no packaged system"):
        system("magic_box", "heating")


def test_bad_demands_rejected():
    sys = Systems.default("eu", "residential")
    with pytest.raises(InputValueError, match="negative"):
        final_energy({"heating": -5.0}, sys)
    with pytest.raises(InputValueError, match="NaN"):
        final_energy({"heating": np.array([1.0, np.nan])}, sys)
    with pytest.raises(InputValueError, match="mix"):
        final_energy({"heating": np.ones(3), "lighting": 10.0}, sys)
    with pytest.raises(InputValueError, match="unknown end use"):
        final_energy({"hot_water": 10.0}, sys)
    with pytest.raises(InputValueError, match="differ in length"):
        final_energy({"heating": np.ones(3), "lighting": np.ones(4)}, sys)
    with pytest.raises(InputValueError, match="systems.cooling is None"):
        final_energy({"cooling": 10.0}, Systems(heating=system("electric_direct", "heating")))
    with pytest.raises(InputValueError, match="temp_air_c"):
        final_energy({"heating": np.ones(3)}, sys, np.ones(4))


def test_packaged_table_sourced():
    table = available_systems()
    assert table["source"].str.len().min() > 0
    assert {"heating", "cooling", "dhw"} == set(table["end_use"])
    for _, row in table.iterrows():  # every row builds a valid spec
        system(row["system_id"], row["end_use"])
