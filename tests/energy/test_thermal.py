"""Hourly thermal engine (bldgagent.energy.thermal): hand calculations, balance closure, validation."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from bldgagent.climate.weather import Weather
from bldgagent.energy import thermal
from bldgagent.energy.bestest import bestest_zone
from bldgagent.energy.ground import ground_temperature_c, penetration_depth_m
from bldgagent.energy.thermal import (SurfaceSpec, WindowSpec, ZoneSpec, air_heat_capacity_j_m3k,
                                      exterior_convection_w_m2k, simulate)
from bldgagent.errors import InputValueError

from shared_data import shared_epw  # noqa: E402

SIGMA = 5.670374419e-8


@pytest.fixture(scope="module")
def denver_weather():
    from bldgagent.climate.epw import read_epw

    return read_epw(shared_epw("denver"))
LIGHT_WALL = [(0.012, 0.16, 950.0, 840.0), (0.10, 0.04, 0.0, 0.0), (0.012, 0.16, 950.0, 840.0)]


def still_weather(temp_c=0.0, hours=8760, wind=4.0, elevation_m=0.0) -> Weather:
    """Constant outdoor air, no sun, sky at air temperature (IR = sigma T^4): pure conduction cases."""
    idx = pd.date_range("2023-01-01 01:00", periods=hours, freq="h", tz="Etc/GMT-1")
    t = np.broadcast_to(np.asarray(temp_c, dtype=float), (hours,)).copy()
    data = pd.DataFrame({
        "temp_air_c": t, "temp_dew_c": t - 5, "relative_humidity_pct": 70.0, "pressure_pa": 101325.0,
        "ghi_w_m2": 0.0, "dni_w_m2": 0.0, "dhi_w_m2": 0.0, "ir_horizontal_w_m2": SIGMA * (t + 273.15) ** 4,
        "wind_speed_m_s": wind, "wind_dir_deg": 0.0}, index=idx)
    return Weather(data, "still", 50.0, 10.0, elevation_m, 1.0, "test: constant")


def box(**kw) -> ZoneSpec:
    wall = SurfaceSpec("wall", 30.0, LIGHT_WALL, "outdoor", 90.0, 180.0)
    base = dict(name="box", floor_area_m2=20.0, volume_m3=50.0, surfaces=[wall], heating_setpoint_c=20.0,
                cooling_setpoint_c=None)
    base.update(kw)
    return ZoneSpec(**base)


def test_steady_state_heating_equals_ua_times_dt():
    # U by hand. The zone has one surface, so its inside long-wave exchange has no partner (the star node
    # floats at the surface temperature): inside film = convection only, R_si = 1/2.5. Layers 0.075 + 2.5 +
    # 0.075; outside R_se = 1/(20 + 0.9*4.6) (sky at air temperature, so long-wave acts like convection).
    r_tot = 1 / 2.5 + 0.012 / 0.16 * 2 + 0.10 / 0.04 + 1 / (20 + 0.9 * 4.6)
    ua = 30.0 / r_tot
    h_inf = air_heat_capacity_j_m3k(0.0) * 0.5 * 50.0 / 3600.0   # 0.5 ACH of 50 m3 at sea level, 20 C
    res = simulate(box(infiltration_ach=0.5), still_weather(0.0, hours=24 * 40), warmup_days=20,
                   h_conv_out_w_m2k=20.0)
    assert res.heating_w[0, -1] == pytest.approx((ua + h_inf) * 20.0, rel=1e-6)
    assert res.air_temp_c[0, -1] == pytest.approx(20.0, abs=1e-9)
    assert res.cooling_w.max() == 0.0


def test_window_rated_u_under_rating_films():
    # a window with the EN 673 films as pure convection (emissivity 0: no long-wave) loses exactly U A dT
    win = WindowSpec("w", 4.0, glazing="double_clear", u_w_m2k=2.0, h_conv_in_w_m2k=1 / 0.13,
                     h_conv_out_w_m2k=1 / 0.04, emissivity=0.0)
    z = box(surfaces=[SurfaceSpec("wall", 30.0, LIGHT_WALL, "adiabatic")], windows=[win])
    res = simulate(z, still_weather(-5.0, hours=24 * 40), warmup_days=20)
    assert res.heating_w[0, -1] == pytest.approx(2.0 * 4.0 * 25.0, rel=1e-6)


def test_heat_recovery_ventilation_conductance():
    # 100 m3/h with 80 % recovery adds rho c V (1 - 0.8) / 3600 W/K; compare with and without
    w = still_weather(0.0, hours=24 * 40)
    base = simulate(box(), w, warmup_days=20, h_conv_out_w_m2k=20.0).heating_w[0, -1]
    vent = simulate(box(ventilation_m3_h=100.0, heat_recovery_efficiency=0.8), w, warmup_days=20,
                    h_conv_out_w_m2k=20.0).heating_w[0, -1]
    assert vent - base == pytest.approx(air_heat_capacity_j_m3k(0.0) * 100.0 * 0.2 / 3600.0 * 20.0, rel=1e-6)


def test_air_density_at_altitude_matches_ashrae140_note():
    # Std 140: 0.5 ACH at 1650 m equals 0.414 ACH with sea-level density (ratio 0.828); ISO 2533 gives 0.819
    ratio = air_heat_capacity_j_m3k(1650.0) / air_heat_capacity_j_m3k(0.0)
    assert ratio == pytest.approx(0.828, abs=0.012)


def test_free_float_with_constant_outdoor_and_no_gains_stays_at_outdoor():
    res = simulate(box(heating_setpoint_c=None), still_weather(7.0, hours=24 * 60), warmup_days=40)
    assert np.abs(res.air_temp_c[0, -24:] - 7.0).max() < 1e-3
    assert res.heating_w.max() == 0.0


def test_internal_gains_raise_free_float_temperature_by_q_over_ua():
    r_tot = 1 / 2.5 + 0.15 + 2.5 + 1 / (20 + 0.9 * 4.6)  # single surface: convective inside film only
    ua = 30.0 / r_tot
    res = simulate(box(heating_setpoint_c=None, internal_gains_w=100.0, internal_radiative_fraction=0.0),
                   still_weather(0.0, hours=24 * 60), warmup_days=40, h_conv_out_w_m2k=20.0)
    assert res.air_temp_c[0, -1] == pytest.approx(100.0 / ua, rel=1e-4)


def test_capacity_limit_and_cooling():
    w = still_weather(35.0, hours=24 * 40)
    res = simulate(box(heating_setpoint_c=20.0, cooling_setpoint_c=26.0, cooling_capacity_w=50.0), w, warmup_days=20)
    assert res.cooling_w[0, -1] == pytest.approx(50.0)
    assert res.air_temp_c[0, -1] > 26.0


def test_energy_balance_closes_on_bestest_900(denver_weather):
    res = simulate([bestest_zone("900"), bestest_zone("600")], denver_weather)
    bal = res.annual_balance_kwh()
    scale = sum(np.abs(v) for v in bal.values())
    assert np.all(np.abs(res.balance_residual_kwh()) < 1e-8 * scale)
    # hourly too
    hourly = sum(res.balance[k] for k in ("transmission", "ventilation", "solar", "internal", "hvac"))
    np.testing.assert_allclose(hourly, res.balance["storage"], atol=1e-6 * np.abs(hourly).max())
    # the annual HVAC term is heating minus cooling
    np.testing.assert_allclose(bal["hvac"], res.annual_heating_kwh() - res.annual_cooling_kwh(), rtol=1e-12)
    assert res.to_dict()["zones"][0]["zone"] == "BESTEST 900"
    assert "heating_w" in res.to_frame("BESTEST 600")


def test_compiled_loop_equals_python_loop(denver_weather, monkeypatch):
    w = Weather(denver_weather.data.iloc[: 24 * 40].copy(), "denver 40 d", denver_weather.latitude_deg,
                denver_weather.longitude_deg, denver_weather.elevation_m, denver_weather.tz_hours, "test")
    fast = simulate(bestest_zone("900"), w, substeps=2, warmup_days=5)
    monkeypatch.setattr(thermal, "_step_loop", thermal._step_loop_py)
    slow = simulate(bestest_zone("900"), w, substeps=2, warmup_days=5)
    np.testing.assert_allclose(fast.heating_w, slow.heating_w, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(fast.operative_temp_c, slow.operative_temp_c, rtol=1e-12)


def test_ground_temperature_damping_and_lag():
    # T_air = 10 + 10 cos(w t): at depth delta the amplitude is 10/e and the lag one radian
    n = 8760
    t_air = 10 + 10 * np.cos(2 * np.pi * np.arange(n) / n)
    delta = penetration_depth_m()
    assert delta == pytest.approx(np.sqrt(2.0 * 365 * 86400 / (np.pi * 2.0e6)), rel=1e-12)  # 3.17 m
    tg = ground_temperature_c(t_air, depth_m=delta)
    assert tg.mean() == pytest.approx(10.0, abs=1e-9)
    assert (tg.max() - tg.min()) / 2 == pytest.approx(10 / np.e, rel=1e-3)
    assert int(np.argmax(tg)) == pytest.approx(n / (2 * np.pi), abs=2)


def test_ground_floor_zone_runs_and_loses_heat_downward():
    floor = SurfaceSpec("slab", 20.0, [(0.1, 0.04, 30.0, 1400.0), (0.15, 2.0, 2400.0, 1000.0)], "ground", 180.0)
    res = simulate(box(surfaces=[floor]), still_weather(5.0, hours=24 * 120), warmup_days=60, ground_temp_c=10.0)
    # floor face h_ci 0.7 (ISO 6946 downward), slab, insulation, 1 m virtual soil (lambda 2.0), tie to the soil
    r_tot = 1 / 0.7 + 0.15 / 2.0 + 0.1 / 0.04 + 1.0 / 2.0 + 1 / thermal._G_TIE
    assert res.heating_w[0, -1] == pytest.approx(20.0 / r_tot * 10.0, rel=1e-4)


def test_exterior_convection_from_wind():
    w = still_weather(0.0, wind=5.0)
    # country terrain at 10 m is the met station itself: v at 3 m = 5 (3/10)^0.14 -> 4 + 4 v
    assert exterior_convection_w_m2k(w, height_m=10.0, terrain="country") == pytest.approx(24.0)
    assert exterior_convection_w_m2k(w, terrain="suburbs") < exterior_convection_w_m2k(w, terrain="country")


@pytest.mark.parametrize("change, field", [
    (lambda z: replace(z, surfaces=[replace(z.surfaces[0], area_m2=-1.0)]), "area_m2"),
    (lambda z: replace(z, windows=[WindowSpec("w", 2.0, g_normal=1.2)]), "g_normal"),
    (lambda z: replace(z, windows=[WindowSpec("w", 2.0, u_w_m2k=-1.0)]), "u_w_m2k"),
    (lambda z: replace(z, heat_recovery_efficiency=0.99), "heat_recovery_efficiency"),
    (lambda z: replace(z, surfaces=[replace(z.surfaces[0], boundary="sky")]), "boundary"),
    (lambda z: replace(z, surfaces=[replace(z.surfaces[0], layers=[(0.1, 0.0, 0.0, 0.0)])]), "conductivity_w_mk"),
    (lambda z: replace(z, heating_setpoint_c=25.0, cooling_setpoint_c=22.0), "heating_setpoint_c"),
    (lambda z: replace(z, internal_gains_w=np.ones(5)), "internal_gains_w"),
    (lambda z: replace(z, volume_m3=0.0), "volume_m3"),
])
def test_non_physical_inputs_name_the_field(change, field):
    with pytest.raises(InputValueError, match=field):
        simulate(change(box()), still_weather(0.0, hours=24 * 30))
