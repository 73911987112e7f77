"""Natural ventilation decided hour by hour inside the thermal loop (bldgagent.energy.ventilation, WindowControl).

Checked against the rule itself (CIBSE TM59: occupied, operative above 22 C, outdoor air cooler than the room,
judged on the previous hour) and against the air-flow formula (BS 5925 / CIBSE AM10) by hand from the simulated
temperatures."""
from __future__ import annotations

import numpy as np
import pytest

import bldgagent
from bldgagent.climate import load_weather
from bldgagent.energy.thermal import air_heat_capacity_j_m3k
from bldgagent.energy.ventilation import OPEN_ABOVE_C, simulate_with_windows, window_airflow_m3_h
from bldgagent.energy.zoning import zones_from_building
from bldgagent.ifc.samples import sample_building


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    path = tmp_path_factory.mktemp("vent") / "house.ifc"
    sample_building(path=path, storeys=1)
    weather = load_weather("beijing")          # heating, cooling and window hours in one year
    zoning = zones_from_building(bldgagent.load(path), weather=weather)
    mixed, zones, info, free = simulate_with_windows(zoning, weather, mixed_mode=True, keep_free_running=True)
    return zoning, weather, mixed, zones, info, free


def test_windows_follow_the_rule_of_the_previous_hour(runs):
    zoning, weather, _, _, _, free = runs
    occupied = zoning.loads["people"] > 0
    t_out = weather.data["temp_air_c"].to_numpy()
    top_prev = free.operative_temp_c[:, :-1]
    air_prev = free.air_temp_c[:, :-1]
    expected = occupied[:, 1:] & (top_prev > OPEN_ABOVE_C) & (t_out[None, 1:] < air_prev)
    np.testing.assert_array_equal(free.window_open[:, 1:] > 0.5, expected)
    assert 0.05 < expected.mean() < 0.6           # Beijing: windows open in part of the occupied hours


def test_window_air_flow_by_hand(runs):
    """In an open hour the ventilation heat flow is (G_base + rho c Q_window) (T_out - T_air), with Q_window the
    larger of the wind flow 0.025 A U and the stack flow Cd A/3 sqrt(g h dT / T_mean) from the previous hour's air
    temperature (one implicit step per hour: the hour's air temperature is the step's)."""
    zoning, weather, _, _, info, free = runs
    t_out = weather.data["temp_air_c"].to_numpy()
    wind = weather.data["wind_speed_m_s"].to_numpy()
    rho_c = air_heat_capacity_j_m3k(weather.elevation_m)
    zone = 0
    area = info["open_area_m2"][zone]
    h = np.flatnonzero(free.window_open[zone] > 0.5)
    h = h[h > 0][:200]
    q_m3_h = window_airflow_m3_h(area, wind[h], free.air_temp_c[zone, h - 1], t_out[h])
    closed = np.flatnonzero((free.window_open[zone] < 0.5) & (np.abs(t_out - free.air_temp_c[zone]) > 1.0))[:50]
    g_base = np.median(free.balance["ventilation"][zone, closed] / (t_out[closed] - free.air_temp_c[zone, closed]))
    expected = (g_base + rho_c * q_m3_h / 3600.0) * (t_out[h] - free.air_temp_c[zone, h])
    np.testing.assert_allclose(free.balance["ventilation"][zone, h], expected, rtol=1e-6)


def test_mixed_mode_cools_only_where_windows_fail(runs):
    zoning, weather, mixed, zones, info, free = runs
    occupied = zoning.loads["people"] > 0
    for i, z in enumerate(zones):
        cool = np.isfinite(np.asarray(z.cooling_setpoint_c, dtype=float))
        heat = np.isfinite(np.asarray(z.heating_setpoint_c, dtype=float))
        assert not (mixed.window_open[i][cool | heat] > 0.5).any()          # windows shut while the AC runs
        setpoint = np.asarray(z.cooling_setpoint_c, dtype=float)[cool]
        assert (free.operative_temp_c[i][cool] > setpoint).all() and occupied[i][cool].all()
        assert (mixed.cooling_w[i][~cool] == 0).all() and (mixed.heating_w[i][~heat] == 0).all()
        assert info["air_conditioner_hours"][i] == int((cool | heat).sum())


def test_passes_is_deprecated(runs):
    zoning, weather, *_ = runs
    with pytest.warns(DeprecationWarning, match="passes"):
        simulate_with_windows(zoning, weather, passes=3)


def test_balance_closes_with_windows(runs):
    for r in (runs[2], runs[5]):        # mixed and free running
        assert np.abs(r.balance_residual_kwh()).max() < 1e-6
