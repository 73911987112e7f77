"""PV generation (PVWatts in pvlib) and hourly netting, checked against hand calculations."""
from __future__ import annotations

import math

import numpy as np
import pytest

from bldgagent.energy.pv import pv_defaults, pv_generation, pv_self_consumption
from bldgagent.errors import InputValueError


def _pvwatts_inverter_eta(zeta, nom=0.96, ref=0.9637):
    # PVWatts v5 manual (Dobos 2014) eq. for part-load inverter efficiency
    return nom / ref * (-0.0162 * zeta - 0.0059 / zeta + 0.9858)


def test_one_kwp_at_1000_w_m2_hand_calculation():
    # 1000 h at 1000 W/m2 (1000 kWh/m2 POA), 20 C air, 1 m/s wind, close roof mount
    res = pv_generation(np.full(1000, 1000.0), 20.0, 1.0, kwp=1.0)
    # SAPM cell temperature (King et al. 2004): T = E exp(a + b WS) + Ta + E/1000 dT
    t_cell = 1000 * math.exp(-2.98 - 0.0471 * 1.0) + 20 + 1.0
    assert res.temp_cell_c[0] == pytest.approx(t_cell)  # 69.46 C
    pdc = 1.0 * (1 - 0.0037 * (t_cell - 25)) * (1 - 0.14)  # kW after 14 % losses
    pdc0_inv = (1.0 / 1.2) / 0.96  # AC rating kWp/1.2, DC input rating = AC / 0.96
    pac = pdc * _pvwatts_inverter_eta(pdc / pdc0_inv)
    assert res.ac_kwh[0] == pytest.approx(pac, rel=1e-9)
    assert res.annual_ac_kwh == pytest.approx(1000 * pac)  # 690.9 kWh
    assert res.annual_ac_kwh == pytest.approx(690.9, abs=0.1)
    assert res.performance_ratio == pytest.approx(pac)


def test_1000_kwh_m2_spread_over_the_year_gives_a_plausible_yield():
    # 1000 kWh/m2 POA as 2000 h at 500 W/m2, 15 C air: cooler cells and better inverter loading than above
    res = pv_generation(np.full(2000, 500.0), np.full(2000, 15.0), np.full(2000, 2.0), kwp=1.0)
    assert sum(res.poa_global_w_m2) / 1000 == pytest.approx(1000.0)
    t_cell = 500 * math.exp(-2.98 - 0.0471 * 2.0) + 15 + 0.5
    pdc = 0.5 * (1 - 0.0037 * (t_cell - 25)) * 0.86
    pac = pdc * _pvwatts_inverter_eta(pdc / ((1 / 1.2) / 0.96))
    assert res.annual_ac_kwh == pytest.approx(2000 * pac)
    # PR = 0.950 (cells at 38.6 C) x 0.86 (losses) x 0.962 (inverter at 47 % load) = 0.786
    assert res.specific_yield_kwh_kwp == pytest.approx(1000 * 0.950 * 0.86 * 0.962, rel=2e-3)


def test_area_sizing_and_clipping():
    # 10 m2 of 21 % modules = 2.1 kWp; at 1600 W/m2 on a cold day the inverter clips at 2.1/1.2 = 1.75 kW
    res = pv_generation([1600.0], [-10.0], [5.0], area_m2=10.0)
    assert res.kwp == pytest.approx(2.1)
    assert res.ac_kwh[0] == pytest.approx(2.1 / 1.2)
    assert pv_generation([0.0, -1.0], 10.0, kwp=1.0).annual_ac_kwh == 0.0  # night and round-off negatives


def test_faiman_and_mounting_options_change_cell_temperature():
    close = pv_generation([800.0], 25.0, 1.0, kwp=1.0)
    rack = pv_generation([800.0], 25.0, 1.0, kwp=1.0, mounting="open_rack")
    faiman = pv_generation([800.0], 25.0, 1.0, kwp=1.0, temperature_model="faiman")
    assert rack.temp_cell_c[0] < close.temp_cell_c[0]
    assert faiman.temp_cell_c[0] == pytest.approx(25 + 800 / (25 + 6.84 * 1))  # Faiman 2008 with pvlib defaults
    assert rack.annual_ac_kwh > close.annual_ac_kwh


def test_defaults_are_sourced():
    d = pv_defaults()
    assert d["system_losses"] == 0.14 and d["inverter_efficiency"] == 0.96 and d["module_efficiency"] == 0.21
    from bldgagent._data import read_csv
    assert read_csv("energy/pv_defaults.csv")["source"].str.len().min() > 0


def test_bad_inputs():
    with pytest.raises(InputValueError, match="exactly one"):
        pv_generation([500.0], 20.0)
    with pytest.raises(InputValueError, match="exactly one"):
        pv_generation([500.0], 20.0, kwp=1.0, area_m2=5.0)
    with pytest.raises(InputValueError, match="module_efficiency"):
        pv_generation([500.0], 20.0, kwp=1.0, module_efficiency=21)
    with pytest.raises(InputValueError, match="system_losses"):
        pv_generation([500.0], 20.0, kwp=1.0, system_losses=14)
    with pytest.raises(InputValueError, match="poa_global_w_m2"):
        pv_generation([5000.0], 20.0, kwp=1.0)
    with pytest.raises(InputValueError, match="NaN"):
        pv_generation([np.nan], 20.0, kwp=1.0)
    with pytest.raises(InputValueError, match="temp_air_c has 2 values"):
        pv_generation([500.0], [20.0, 21.0], kwp=1.0)
    with pytest.raises(InputValueError, match="mounting"):
        pv_generation([500.0], 20.0, kwp=1.0, mounting="floating")


def test_self_consumption_hour_by_hour():
    load = np.array([1.0, 1.0, 1.0, 2.0])
    pv = np.array([0.0, 3.0, 0.5, 2.0])
    bal = pv_self_consumption(load, pv)
    assert bal.self_consumed_kwh.tolist() == [0.0, 1.0, 0.5, 2.0]
    assert bal.exported_kwh.tolist() == [0.0, 2.0, 0.0, 0.0]
    assert bal.imported_kwh.tolist() == [1.0, 0.0, 0.5, 0.0]
    assert bal.self_consumption_ratio == pytest.approx(3.5 / 5.5)
    assert bal.self_sufficiency_ratio == pytest.approx(3.5 / 5.0)
    # annual netting would claim 100 % self-sufficiency; hourly netting does not
    assert bal.to_dict()["imported_kwh"] == 1.5
    with pytest.raises(InputValueError, match="equal length"):
        pv_self_consumption([1.0], [1.0, 2.0])
    with pytest.raises(InputValueError, match=">= 0"):
        pv_self_consumption([-1.0], [1.0])


def test_pv_against_final_energy_electricity():
    from bldgagent.energy.systems import Systems, final_energy
    n = 24
    fe = final_energy({"lighting": np.full(n, 0.5), "equipment": np.full(n, 0.5)}, Systems())
    pv = pv_generation(np.r_[np.zeros(8), np.full(8, 700.0), np.zeros(8)], 25.0, kwp=3.0)
    bal = pv_self_consumption(fe.electricity_kwh, pv.ac_kwh)
    assert bal.to_dict()["load_kwh"] == pytest.approx(24.0)
    assert bal.imported_kwh[:8].sum() == pytest.approx(8.0)
    assert bal.exported_kwh.sum() == pytest.approx(pv.annual_ac_kwh - 8.0)
