"""Hourly thermal engine (bldgagent.energy.thermal): hand calculations, a dense reference solve, balance closure."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from bldgagent.climate.weather import Weather
from bldgagent.energy import thermal
from bldgagent.energy.thermal import kernel, templates
from bldgagent.energy.bestest import bestest_zone
from bldgagent.energy.ground import ground_temperature_c, penetration_depth_m
from bldgagent.energy.thermal import (SurfaceSpec, WindowSpec, ZoneSpec, air_heat_capacity_j_m3k,
                                      exterior_convection_w_m2k, natural_convection_w_m2k, simulate)
from bldgagent.errors import InputValueError

from shared_data import shared_epw  # noqa: E402

SIGMA = 5.670374419e-8


@pytest.fixture(scope="module")
def denver_weather():
    from bldgagent.climate.epw import read_epw

    return read_epw(shared_epw("denver"))


LIGHT_WALL = [(0.012, 0.16, 950.0, 840.0), (0.10, 0.04, 0.0, 0.0), (0.012, 0.16, 950.0, 840.0)]


def still_weather(temp_c=0.0, hours=8760, wind=4.0, elevation_m=0.0) -> Weather:
    """Constant (or given hourly) outdoor air, no sun, sky at air temperature (IR = sigma T^4)."""
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


def h_rad(eps, t1_c, t2_c):
    """Linearised long-wave coefficient between two temperatures, exact for the pair: eps sigma (T1^2+T2^2)(T1+T2)."""
    a, b = t1_c + 273.15, t2_c + 273.15
    return eps * SIGMA * (a * a + b * b) * (a + b)


def test_steady_state_heating_by_hand_fixed_films():
    # One surface: its inside long-wave exchange has no partner (the star node floats at the surface
    # temperature), so the inside film is convection only, 2.5 (ISO 6946, "fixed"). Layers 0.075 + 2.5 + 0.075.
    # Outside: h_c 20 + radiation to air-temperature surroundings (sky = air), exact at the surface temperature:
    # solve q = (20 - Ts) / R_in = Ts (20 + h_r(Ts)) by fixed point.
    r_in = 1 / 2.5 + 0.012 / 0.16 * 2 + 0.10 / 0.04
    ts = 0.0
    for _ in range(100):
        h_out = 20.0 + h_rad(0.9, ts, 0.0)
        ts = 20.0 / r_in / (1 / r_in + h_out)
    q = 30.0 * ts * h_out
    h_inf = air_heat_capacity_j_m3k(0.0) * 0.5 * 50.0 / 3600.0   # 0.5 ACH of 50 m3 at sea level, 20 C
    res = simulate(box(infiltration_ach=0.5), still_weather(0.0, hours=24 * 40), warmup_days=20,
                   h_conv_out_w_m2k=20.0, interior_convection="fixed")
    assert res.heating_w[0, -1] == pytest.approx(q + h_inf * 20.0, rel=1e-6)
    assert res.air_temp_c[0, -1] == pytest.approx(20.0, abs=1e-9)
    assert res.cooling_w.max() == 0.0


def test_steady_state_with_natural_convection_inside_by_hand():
    # Walton (TARP) on a vertical wall: h = 1.31 |dT|^(1/3); the per-step linearisation (coefficient from the
    # previous step) converges to the exact nonlinear steady state. Hand: iterate on the wall temperatures.
    r_wall = 0.012 / 0.16 * 2 + 0.10 / 0.04
    ti, to = 20.0, -10.0
    tsi, tso = 15.0, -9.0
    for _ in range(500):
        hi = 1.31 * abs(ti - tsi) ** (1 / 3)
        ho = 20.0 + h_rad(0.9, tso, to)
        u = 1 / (1 / hi + r_wall + 1 / ho)
        q = u * (ti - to)
        tsi, tso = ti - q / hi, to + q / ho
    res = simulate(box(), still_weather(to, hours=24 * 60), warmup_days=40, h_conv_out_w_m2k=20.0)
    assert res.heating_w[0, -1] == pytest.approx(30.0 * q, rel=1e-4)
    assert hi == pytest.approx(1.31 * (ti - tsi) ** (1 / 3), rel=1e-9)


def test_window_rated_u_under_rating_films():
    # a window with the EN 673 films as pure convection (emissivity 0: no long-wave) loses exactly U A dT
    win = WindowSpec("w", 4.0, glazing="double_clear", u_w_m2k=2.0, h_conv_in_w_m2k=1 / 0.13,
                     h_conv_out_w_m2k=1 / 0.04, emissivity=0.0)
    z = box(surfaces=[SurfaceSpec("wall", 30.0, LIGHT_WALL, "adiabatic")], windows=[win])
    res = simulate(z, still_weather(-5.0, hours=24 * 40), warmup_days=20)
    assert res.heating_w[0, -1] == pytest.approx(2.0 * 4.0 * 25.0, rel=1e-6)


def test_window_gap_physics_steady_state_by_hand():
    # Std 140 window, films fixed as pure convection (no long-wave at the glass faces): the glazing conductance
    # follows ISO 15099 at the pane temperatures. Hand: iterate the series circuit with gap_conductance_w_m2k.
    from bldgagent.energy.glazing import gap_conductance_w_m2k

    hi, ho, ti, to = 1 / 0.13, 1 / 0.04, 20.0, -10.0
    r_panes = 2 * 0.003048 / 1.0
    t1, t2 = -5.0, 10.0
    for _ in range(200):
        h_gap = float(gap_conductance_w_m2k(0.5 * (t1 + t2), abs(t1 - t2), 0.012, "air", (0.84, 0.84), 2.0))
        u = 1 / (1 / hi + 1 / h_gap + r_panes + 1 / ho)
        q = u * (ti - to)
        t1, t2 = to + q / ho, ti - q / hi
    win = WindowSpec("w", 6.0, glazing="bestest", h_conv_in_w_m2k=hi, h_conv_out_w_m2k=ho, emissivity=0.0,
                     height_m=2.0, gap_width_m=0.012, pane_thickness_m=0.003048, frame_fraction=0.0)
    z = box(surfaces=[SurfaceSpec("wall", 30.0, LIGHT_WALL, "adiabatic")], windows=[win])
    res = simulate(z, still_weather(to, hours=24 * 40), warmup_days=20)
    # bilinear table (2 K x 1 K grid) against the exact correlation: well within 0.5 %
    assert res.heating_w[0, -1] == pytest.approx(6.0 * q, rel=5e-3)
    assert 2.5 < u < 3.0  # an uncoated 12 mm air unit in the cold: U below the EN 673 rating of about 2.9


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
    # 100 W convective gains leave through the wall: outer surface at q / (A h_out), h_out with radiation at it
    h_out = 20.0 + h_rad(0.9, 0.0, 0.0)
    for _ in range(100):
        h_out = 20.0 + h_rad(0.9, 100.0 / (30.0 * h_out), 0.0)
    ua = 30.0 / (1 / 2.5 + 0.15 + 2.5 + 1 / h_out)
    res = simulate(box(heating_setpoint_c=None, internal_gains_w=100.0, internal_radiative_fraction=0.0),
                   still_weather(0.0, hours=24 * 60), warmup_days=40, h_conv_out_w_m2k=20.0,
                   interior_convection="fixed")
    assert res.air_temp_c[0, -1] == pytest.approx(100.0 / ua, rel=1e-4)


def test_capacity_limit_and_cooling():
    w = still_weather(35.0, hours=24 * 40)
    res = simulate(box(heating_setpoint_c=20.0, cooling_setpoint_c=26.0, cooling_capacity_w=50.0), w, warmup_days=20)
    assert res.cooling_w[0, -1] == pytest.approx(50.0)
    assert res.air_temp_c[0, -1] > 26.0


def _dense_reference(zone: ZoneSpec, weather: Weather, h_out: float, warmup_days: int) -> tuple:
    """Straightforward implicit Euler on the full node network (every sub-layer node, air, star, window nodes)
    with a dense solve per hour, for a linear zone (fixed films, no long-wave outside, no sun). The same sub-layer
    discretisation; independent assembly, solve, MRT factors and HVAC logic."""
    n_h = len(weather)
    t_out = weather.data["temp_air_c"].to_numpy()
    rho_c = air_heat_capacity_j_m3k(weather.elevation_m)
    caps, edges, bnd, faces = [rho_c * zone.volume_m3, 0.0], [], [], []   # 0 air, 1 star

    def node(c):
        caps.append(c)
        return len(caps) - 1

    for s in zone.surfaces:
        cap, g = thermal._chain_nodes(tuple(tuple(map(float, lay)) for lay in s.layers))
        ids = [node(c * s.area_m2) for c in cap]
        for i in range(len(ids) - 1):
            edges.append((ids[i], ids[i + 1], g[i] * s.area_m2))
        if s.boundary == "outdoor":
            bnd.append((ids[0], h_out * s.area_m2))
        hc = thermal._h_ci(s.tilt_deg)
        edges.append((ids[-1], 0, hc * s.area_m2))
        faces.append((ids[-1], s.area_m2, s.inside_emissivity * 5.7 * s.area_m2))
    area = sum(x.area_m2 for x in zone.windows)
    x = zone.windows[0]
    ids = [node(0.0), node(0.0)]
    edges.append((ids[0], ids[1], area / (1 / x.u_w_m2k - 0.17)))
    bnd.append((ids[0], h_out * area))
    edges.append((ids[1], 0, 2.5 * area))
    faces.append((ids[1], area, x.emissivity * 5.7 * area))
    # Walton's MRT factors F_i = 1 / (1 - G_i F_i / W), W = sum G F: for a given W each F is the root near 1 of
    # (G/W) F^2 - F + 1 = 0; W by bisection on W - sum G F(W)
    g0 = np.array([f[2] for f in faces])

    def f_of(w):
        r = np.maximum(g0 / w, 1e-300)
        return (1 - np.sqrt(1 - 4 * r)) / (2 * r)

    lo, hi = 4 * g0.max(), 10 * g0.sum()
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if mid - (g0 * f_of(mid)).sum() < 0 else (lo, mid)
    f = f_of(0.5 * (lo + hi))
    assert f.max() < 2.0  # the engine's cap (a face holding over a quarter of the exchange) is not reached here
    for (i, _, _), gi in zip(faces, g0 * f):
        edges.append((i, 1, gi))
    n = len(caps)
    K = np.zeros((n, n))
    for i, j, g in edges:
        K[i, i] += g
        K[j, j] += g
        K[i, j] -= g
        K[j, i] -= g
    gvec = np.zeros(n)
    for i, g in bnd:
        K[i, i] += g
        gvec[i] += g
    D = np.diag(np.array(caps) / 3600.0)
    h_vent = rho_c * zone.infiltration_ach * zone.volume_m3 / 3600.0
    K[0, 0] += h_vent
    gains = zone.internal_gains_w
    fa = (1 - zone.internal_radiative_fraction) * gains
    rad = np.zeros(n)
    a_faces = np.array([fa_[1] for fa_ in faces])
    for (i, a, _), p in zip(faces, a_faces / a_faces.sum()):
        rad[i] += p * zone.internal_radiative_fraction * gains
    M = D + K
    e0 = np.zeros(n)
    e0[0] = 1.0
    lu = np.linalg.inv(M)
    resp = lu @ e0
    T = np.full(n, 20.0)
    order = np.concatenate([np.arange(n_h - warmup_days * 24, n_h), np.arange(n_h)])
    q_out, ta_out = np.zeros(n_h), np.zeros(n_h)
    for k, h in enumerate(order):
        rhs = D @ T + gvec * t_out[h] + rad
        rhs[0] += fa + h_vent * t_out[h]
        tf = lu @ rhs
        q = max(0.0, (zone.heating_setpoint_c - tf[0]) / resp[0])
        T = tf + q * resp
        if k >= warmup_days * 24:
            q_out[h], ta_out[h] = q, T[0]
    return q_out, ta_out


def test_chain_engine_equals_dense_reference_solve():
    # a linear zone (fixed films, no long-wave outside, no sun) with a varying outdoor temperature: the engine's
    # condensed chains (modal interiors, 2 x 2 ends, air/star system) equal a dense implicit solve of every node
    hours = 24 * 30
    t = 5.0 + 10.0 * np.sin(2 * np.pi * np.arange(hours) / 24.0) + 4.0 * np.sin(2 * np.pi * np.arange(hours) / 170.0)
    weather = still_weather(t, hours=hours)
    heavy = [(0.1, 0.04, 30.0, 1400.0), (0.2, 1.8, 2400.0, 1000.0)]
    floor = [(0.05, 0.04, 0.0, 0.0), (0.15, 1.13, 1400.0, 1000.0), (0.02, 0.14, 650.0, 1200.0)]
    walls = [SurfaceSpec("wall", 30.0, heavy, "outdoor", 90.0, 180.0, emissivity=0.0),
             SurfaceSpec("back", 30.0, LIGHT_WALL, "adiabatic", 90.0, 0.0),
             SurfaceSpec("ceiling", 20.0, LIGHT_WALL, "adiabatic", 0.0, 0.0),
             SurfaceSpec("floor", 20.0, floor, "adiabatic", 180.0, 0.0, emissivity=0.0)]
    wins = [WindowSpec(f"w{i}", 3.0, glazing="double_clear", u_w_m2k=2.8, frame_fraction=0.0, emissivity=0.0)
            for i in (1, 2)]  # two identical windows: merged into one chain (exact)
    z = box(surfaces=walls, windows=wins, infiltration_ach=0.6, internal_gains_w=300.0,
            internal_radiative_fraction=0.5)
    res = simulate(z, weather, warmup_days=10, h_conv_out_w_m2k=15.0, interior_convection="fixed")
    q_ref, ta_ref = _dense_reference(z, weather, 15.0, 10)
    np.testing.assert_allclose(res.heating_w[0], q_ref, rtol=1e-8, atol=1e-6)
    np.testing.assert_allclose(res.air_temp_c[0], ta_ref, rtol=1e-10)
    assert q_ref.min() < 1.0 < q_ref.max()  # the thermostat switched: both branches of the control exercised



def _capture_loop(monkeypatch):
    """Record the arguments of every call of the compiled time loop (names as in ``_step_loop_py``)."""
    calls = []
    names = thermal._step_loop_py.__code__.co_varnames[:thermal._step_loop_py.__code__.co_argcount]
    inner = thermal._step_loop

    def spy(*args):
        calls.append(dict(zip(names, args)))
        return inner(*args)

    monkeypatch.setattr(kernel, "_step_loop", spy)
    return calls


def test_lane_blocks_and_extension_modes_equal_dense_reference(monkeypatch):
    # the loop runs constructions in blocks of _LANES (8) lanes with 4 interior modes in the block row and the rest
    # in extension rows: a zone with 12 chains (2 blocks) and massive constructions (5 and 9 interior modes) must
    # still equal the dense implicit solve of every node to round-off
    hours = 24 * 30
    t = 5.0 + 10.0 * np.sin(2 * np.pi * np.arange(hours) / 24.0) + 4.0 * np.sin(2 * np.pi * np.arange(hours) / 170.0)
    weather = still_weather(t, hours=hours)
    slab = [(0.3, 1.8, 2400.0, 1000.0)]                                              # 6 sub-layers: 5 modes
    thick = [(0.05, 1.0, 2000.0, 900.0), (0.3, 1.8, 2400.0, 1000.0), (0.1, 0.04, 30.0, 1400.0)]   # 9 modes
    surfaces = [SurfaceSpec(f"wall{i}", 10.0 + i, LIGHT_WALL if i % 2 else slab, "outdoor", 90.0, 45.0 * i,
                            emissivity=0.0) for i in range(6)]
    surfaces += [SurfaceSpec("roof", 20.0, thick, "outdoor", 0.0, 0.0, emissivity=0.0),
                 SurfaceSpec("floor", 20.0, thick, "adiabatic", 180.0, 0.0),
                 SurfaceSpec("core", 8.0, slab, "adiabatic", 90.0, 0.0),
                 SurfaceSpec("back", 12.0, LIGHT_WALL, "adiabatic", 90.0, 90.0),
                 SurfaceSpec("side", 9.0, [(0.1, 0.5, 1200.0, 1000.0)], "adiabatic", 90.0, 270.0)]
    wins = [WindowSpec("w", 3.0, glazing="double_clear", u_w_m2k=2.8, frame_fraction=0.0, emissivity=0.0)]
    z = box(surfaces=surfaces, windows=wins, infiltration_ach=0.6, internal_gains_w=300.0,
            internal_radiative_fraction=0.5)
    calls = _capture_loop(monkeypatch)
    res = simulate(z, weather, warmup_days=10, h_conv_out_w_m2k=15.0, interior_convection="fixed")
    bk = calls[0]["bk"]
    assert bk.shape[0] == 2 and bk[:, thermal._B_N].sum() == 12     # two blocks of lanes
    # lanes by decreasing number of modes: the first block holds the 9- and 5-mode chains, two extension rows
    assert list(bk[:, thermal._B_NX]) == [2, 0]
    q_ref, ta_ref = _dense_reference(z, weather, 15.0, 10)
    np.testing.assert_allclose(res.heating_w[0], q_ref, rtol=1e-8, atol=1e-6)
    np.testing.assert_allclose(res.air_temp_c[0], ta_ref, rtol=1e-10)


def test_zone_templates_are_reused_and_follow_changes(monkeypatch, denver_weather):
    # the lanes of a zone given by value are built once per weather and settings and reused; any change of the
    # specification (also in place) rebuilds them, and hourly arrays are never frozen in a template
    w = Weather(denver_weather.data.iloc[: 24 * 30].copy(), "denver 30 d", denver_weather.latitude_deg,
                denver_weather.longitude_deg, denver_weather.elevation_m, denver_weather.tz_hours, "test")
    built = []
    assemble = thermal._assemble_zone

    def counting(z, *args):
        built.append(z.name)
        return assemble(z, *args)

    monkeypatch.setattr(templates, "_assemble_zone", counting)
    z = bestest_zone("900")
    first = simulate(z, w, warmup_days=5)
    again = simulate(z, w, warmup_days=5)
    assert built == ["BESTEST 900"]                                   # the second run reused the template
    np.testing.assert_array_equal(first.heating_w, again.heating_w)
    z.surfaces[0].area_m2 *= 2.0                                      # changed in place: rebuilt
    changed = simulate(z, w, warmup_days=5)
    assert len(built) == 2
    fresh = simulate(replace(z, surfaces=[replace(s) for s in z.surfaces], name="copy"), w, warmup_days=5)
    np.testing.assert_array_equal(changed.heating_w, fresh.heating_w)
    assert changed.heating_w.sum() > first.heating_w.sum()
    simulate(z, w, warmup_days=5, interior_convection="iso6946")      # other settings: another template
    assert len(built) == 4
    # hourly gains as an array: assembled every call, so an in-place change is seen
    gains = np.full(len(w), 200.0)
    zg = replace(bestest_zone("600"), internal_gains_w=gains)
    a = simulate(zg, w, warmup_days=5).cooling_w.sum()
    gains *= 3.0
    b = simulate(zg, w, warmup_days=5).cooling_w.sum()
    assert b > a
    assert built.count("BESTEST 600") == 1           # its envelope is reused; the hourly rows are read anew


def test_identical_windows_merge_exactly(denver_weather):
    w = Weather(denver_weather.data.iloc[: 24 * 30].copy(), "denver 30 d", denver_weather.latitude_deg,
                denver_weather.longitude_deg, denver_weather.elevation_m, denver_weather.tz_hours, "test")
    z = bestest_zone("600")
    one = replace(z, windows=[replace(z.windows[0], name="one", area_m2=12.0)])
    a, b = simulate(z, w, warmup_days=5), simulate(one, w, warmup_days=5)
    np.testing.assert_allclose(a.heating_w, b.heating_w, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(a.operative_temp_c, b.operative_temp_c, rtol=1e-12)


def test_energy_balance_closes_on_bestest_and_general_boundaries(denver_weather):
    # BESTEST 900 / 600 plus a zone with every boundary type (ground, adjacent, adiabatic, internal partition)
    other = box(name="mixed", surfaces=[
        SurfaceSpec("ext", 30.0, LIGHT_WALL, "outdoor", 90.0, 90.0),
        SurfaceSpec("slab", 20.0, [(0.1, 0.04, 30.0, 1400.0), (0.15, 2.0, 2400.0, 1000.0)], "ground", 180.0),
        SurfaceSpec("party", 15.0, LIGHT_WALL, "adjacent", 90.0, 270.0, adjacent_temp_c=18.0),
        SurfaceSpec("core", 10.0, [(0.2, 1.8, 2400.0, 1000.0)], "adiabatic", 90.0, 0.0),
        SurfaceSpec("partition", 12.0, [(0.1, 0.5, 1200.0, 1000.0)], "internal", 90.0, 0.0),
        SurfaceSpec("ceiling", 20.0, [(0.2, 1.8, 2400.0, 1000.0)], "internal", 0.0, 0.0)],
        windows=[WindowSpec("win", 4.0, azimuth_deg=90.0)], internal_gains_w=250.0, infiltration_ach=0.4,
        cooling_setpoint_c=26.0)
    res = simulate([bestest_zone("900"), bestest_zone("600"), other], denver_weather)
    bal = res.annual_balance_kwh()
    scale = sum(np.abs(v) for v in bal.values())
    assert np.all(np.abs(res.balance_residual_kwh()) < 1e-9 * scale)
    # hourly too
    hourly = sum(res.balance[k] for k in ("transmission", "ventilation", "solar", "internal", "hvac"))
    np.testing.assert_allclose(hourly, res.balance["storage"], atol=1e-7 * np.abs(hourly).max())
    # the annual HVAC term is heating minus cooling
    np.testing.assert_allclose(bal["hvac"], res.annual_heating_kwh() - res.annual_cooling_kwh(), rtol=1e-12)
    assert res.to_dict()["zones"][0]["zone"] == "BESTEST 900"
    assert "heating_w" in res.to_frame("BESTEST 600")


def test_compiled_loop_equals_python_loop(denver_weather, monkeypatch):
    w = Weather(denver_weather.data.iloc[: 24 * 40].copy(), "denver 40 d", denver_weather.latitude_deg,
                denver_weather.longitude_deg, denver_weather.elevation_m, denver_weather.tz_hours, "test")
    zones = [bestest_zone("900"), replace(bestest_zone("600"), name="with internal", surfaces=bestest_zone(
        "600").surfaces + [SurfaceSpec("partition", 10.0, LIGHT_WALL, "internal", 90.0, 0.0)])]
    fast = simulate(zones, w, substeps=2, warmup_days=5)
    monkeypatch.setattr(kernel, "_step_loop", thermal._step_loop_py)
    slow = simulate(zones, w, substeps=2, warmup_days=5)
    np.testing.assert_allclose(fast.heating_w, slow.heating_w, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(fast.operative_temp_c, slow.operative_temp_c, rtol=1e-12)


def test_convection_options(denver_weather):
    w = Weather(denver_weather.data.iloc[: 24 * 30].copy(), "denver 30 d", denver_weather.latitude_deg,
                denver_weather.longitude_deg, denver_weather.elevation_m, denver_weather.tz_hours, "test")
    z = bestest_zone("600")
    runs = {(i, e): simulate(z, w, warmup_days=5, interior_convection=i, exterior_convection=e).heating_w.sum()
            for i in ("tarp", "iso6946", "fixed") for e in ("doe2", "iso6946")}
    assert len({round(v, 3) for v in runs.values()}) == len(runs)   # every option changes the physics
    # ISO 6946's 4 + 4 v is windier than the DOE-2 correlation at the same local wind: more heat lost
    assert runs[("tarp", "iso6946")] > runs[("tarp", "doe2")]
    with pytest.raises(InputValueError, match="interior_convection"):
        simulate(z, w, interior_convection="mcadams")
    with pytest.raises(InputValueError, match="exterior_convection"):
        simulate(z, w, exterior_convection="tarp")


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
    res = simulate(box(surfaces=[floor]), still_weather(5.0, hours=24 * 120), warmup_days=60, ground_temp_c=10.0,
                   interior_convection="fixed")
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
    (lambda z: replace(z, windows=[WindowSpec("w", 2.0, gap_width_m=0.5)]), "gap_width_m"),
    (lambda z: replace(z, windows=[WindowSpec("w", 2.0, gap_width_m=0.012, gap_gas="neon")]), "gap_gas"),
    (lambda z: replace(z, windows=[WindowSpec("w", 2.0, glazing="single_clear", gap_width_m=0.012)]), "gap"),
    (lambda z: replace(z, heat_recovery_efficiency=0.99), "heat_recovery_efficiency"),
    (lambda z: replace(z, surfaces=[replace(z.surfaces[0], boundary="sky")]), "boundary"),
    (lambda z: replace(z, surfaces=[replace(z.surfaces[0], roughness="bumpy")]), "roughness"),
    (lambda z: replace(z, surfaces=[replace(z.surfaces[0], centroid_height_m=-3.0)]), "centroid_height_m"),
    (lambda z: replace(z, surfaces=[replace(z.surfaces[0], layers=[(0.1, 0.0, 0.0, 0.0)])]), "conductivity_w_mk"),
    (lambda z: replace(z, heating_setpoint_c=25.0, cooling_setpoint_c=22.0), "heating_setpoint_c"),
    (lambda z: replace(z, internal_gains_w=np.ones(5)), "internal_gains_w"),
    (lambda z: replace(z, volume_m3=0.0), "volume_m3"),
])
def test_non_physical_inputs_name_the_field(change, field):
    with pytest.raises(InputValueError, match=field):
        simulate(change(box()), still_weather(0.0, hours=24 * 30))


def test_natural_convection_public_function():
    # Walton (1983): vertical 1.31 dT^(1/3); horizontal unstable 9.482 / 6.238 = 1.520, stable 1.810 / 2.382
    assert natural_convection_w_m2k(8.0, 0.0) == pytest.approx(2.62)
    assert natural_convection_w_m2k(1.0, 1.0) == pytest.approx(9.482 / 6.238)     # warm floor (face up)
    assert natural_convection_w_m2k(-1.0, -1.0) == pytest.approx(9.482 / 6.238)   # cool ceiling (face down)
    assert natural_convection_w_m2k(1.0, -1.0) == pytest.approx(1.810 / 2.382)    # warm ceiling: stable
