"""Natural ventilation through opened windows, for free-running and mixed-mode operation.

The thermal engine is linear with prescribed air flows, so window opening (which depends on the room's
own temperature) is resolved by a few fixed-point passes: simulate, open the windows in the hours the
rule calls for, simulate again. Three passes settle the opening hours to within a few percent.

Opening rule (CIBSE TM59:2017, section 3): windows open when the room is occupied, the internal
temperature exceeds 22 C and the outdoor air is cooler than the room. Air flow per room, single-sided
(CIBSE AM10:2005 / BS 5925:1991 clause 8, the larger of the two mechanisms):

- wind: ``Q = 0.025 A U`` (m3/s), ``U`` the wind speed at building height;
- stack: ``Q = Cd A / 3 sqrt(g h |dT| / T_mean)``, ``Cd = 0.61``, ``h`` the opening height.

``A`` is the openable area. IFC models rarely state it, so by default each room gets the minimum that
GB 50096-2011 cl. 7.2.4 requires of living rooms, bedrooms and kitchens (ventilation openings of 1/20 of
the floor area), but never more than its glazed area: a bigger window then brings more sun, not more air,
which is the conservative reading for overheating. ``openable_fraction=x`` instead opens a share ``x`` of
the glazed area (e.g. 0.5 for sliding sashes). Wind at building height is the weather
file's 10 m open-country speed reduced to a suburban site (ASHRAE Fundamentals 2021 Ch. 24 Eq. 4 and
Table 1: U_H = U_met (270/10)^0.14 (H/370)^0.22, about 0.77 U_met at 10 m).

Mixed mode: after the natural-ventilation passes, hours in which the occupied room is still above its
cooling set-point (or below its heating set-point) get the air conditioner (windows shut) and one more
simulation settles them: a split-AC home that opens windows first.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..errors import InputValueError
from .thermal import simulate

OPEN_ABOVE_C = 22.0          # CIBSE TM59:2017 section 3
WIND_COEFFICIENT = 0.025     # CIBSE AM10:2005, single-sided wind-driven
DISCHARGE_COEFFICIENT = 0.61  # BS 5925:1991, sharp-edged opening
SUBURBAN_WIND_FACTOR = (270.0 / 10.0) ** 0.14 * (10.0 / 370.0) ** 0.22  # ASHRAE Fundamentals 2021 Ch. 24
GRAVITY = 9.81


def window_airflow_m3_h(open_area_m2, wind_speed_m_s, temp_in_c, temp_out_c, opening_height_m: float = 1.2):
    """Single-sided natural ventilation through an opening, m3/h (larger of wind and stack, BS 5925)."""
    area = np.asarray(open_area_m2, dtype=float)
    wind = np.asarray(wind_speed_m_s, dtype=float) * SUBURBAN_WIND_FACTOR
    dt = np.abs(np.asarray(temp_in_c, dtype=float) - np.asarray(temp_out_c, dtype=float))
    t_mean = 273.15 + 0.5 * (np.asarray(temp_in_c, dtype=float) + np.asarray(temp_out_c, dtype=float))
    q_wind = WIND_COEFFICIENT * area * wind
    q_stack = DISCHARGE_COEFFICIENT * area / 3.0 * np.sqrt(GRAVITY * opening_height_m * dt / t_mean)
    return 3600.0 * np.maximum(q_wind, q_stack)


CODE_MINIMUM_OPENABLE = 1.0 / 20.0  # GB 50096-2011 cl. 7.2.4: ventilation opening >= 1/20 of the floor area


def simulate_with_windows(zoning, weather, *, openable_fraction: float | None = None,
                          open_above_c: float = OPEN_ABOVE_C, mixed_mode: bool = False, passes: int = 3,
                          simulate_options=None, keep_free_running: bool = False):
    """Simulate ``zoning`` (free-running zones) with windows opened by the TM59 rule.

    Returns ``(thermal_result, zones, info)`` where ``zones`` are the final :class:`ZoneSpec` list and
    ``info`` holds the hourly open share and the hours of air-conditioner use per zone. With
    ``keep_free_running`` a fourth item is returned: the free-running result (no heating or cooling, windows
    by the rule), which the mixed-mode passes compute on their way and which is the thermal result itself
    when ``mixed_mode`` is off. The free-running building is the operated one with set-points off and heat
    recovery bypassed (summer bypass), so one call gives both the operated and the free-running run.
    """
    if openable_fraction is not None and not 0.0 < openable_fraction <= 1.0:
        raise InputValueError(f"openable_fraction={openable_fraction}: give a share in (0, 1] or None for the "
                              "GB 50096 minimum")
    options = dict(simulate_options or {})
    zones = list(zoning.zones)
    n = len(weather.data)
    t_out = weather.data["temp_air_c"].to_numpy(dtype=float)
    wind = np.nan_to_num(weather.data["wind_speed_m_s"].to_numpy(dtype=float), nan=1.0)
    people = zoning.loads.get("people")
    occupied = people > 0 if people is not None else np.ones((len(zones), n), dtype=bool)
    glazed = np.array([sum(w["area_m2"] * (1.0 - (w.get("frame_fraction") or 0.0)) for w in r.windows)
                       for r in zoning.records])
    if openable_fraction is None:
        floor = np.array([r.floor_area_m2 for r in zoning.records])
        open_area = np.minimum(CODE_MINIMUM_OPENABLE * floor, glazed)
    else:
        open_area = openable_fraction * glazed
    base_vent = [np.broadcast_to(np.asarray(z.ventilation_m3_h, dtype=float), (n,)).copy() for z in zones]
    free = [replace(z, heating_setpoint_c=np.nan, cooling_setpoint_c=np.nan, heat_recovery_efficiency=0.0)
            for z in zones]
    result = simulate(free, weather, **options)
    open_mask = np.zeros((len(zones), n), dtype=bool)
    for _ in range(max(1, passes)):
        t_in = result.air_temp_c
        open_mask = occupied & (result.operative_temp_c > open_above_c) & (t_out[None, :] < t_in)
        flow = window_airflow_m3_h(open_area[:, None], wind[None, :], t_in, t_out[None, :])
        current = [replace(z, ventilation_m3_h=base_vent[i] + flow[i] * open_mask[i]) for i, z in enumerate(free)]
        result = simulate(current, weather, **options)
    free_result = result
    ac_hours = np.zeros(len(zones), dtype=int)
    if mixed_mode:
        heat = [np.broadcast_to(np.asarray(z.heating_setpoint_c, dtype=float), (n,)) for z in zones]
        cool = [np.broadcast_to(np.asarray(z.cooling_setpoint_c, dtype=float), (n,)) for z in zones]
        top = result.operative_temp_c
        need_cool = occupied & np.array([np.isfinite(c) & (top[i] > c) for i, c in enumerate(cool)])
        need_heat = occupied & np.array([np.isfinite(h) & (top[i] < h) for i, h in enumerate(heat)])
        ac_hours = (need_cool | need_heat).sum(axis=1)
        t_in = result.air_temp_c
        flow = window_airflow_m3_h(open_area[:, None], wind[None, :], t_in, t_out[None, :])
        current = []
        for i, z in enumerate(free):
            windows_open = open_mask[i] & ~need_cool[i] & ~need_heat[i]
            current.append(replace(
                z, ventilation_m3_h=base_vent[i] + flow[i] * windows_open,
                heating_setpoint_c=np.where(need_heat[i], heat[i], np.nan),
                cooling_setpoint_c=np.where(need_cool[i], cool[i], np.nan)))
            open_mask[i] = windows_open
        result = simulate(current, weather, **options)
    floor = np.array([r.floor_area_m2 for r in zoning.records])
    info = {
        "openable": "GB 50096-2011 minimum (1/20 of the floor area, at most the glazed area)"
        if openable_fraction is None else f"{openable_fraction} of the glazed area",
        "open_share_occupied": [float(open_mask[i][occupied[i]].mean()) if occupied[i].any() else 0.0
                                for i in range(len(zones))],
        "open_area_m2": open_area.tolist(),
        "open_area_below_gb50096": [bool(a < CODE_MINIMUM_OPENABLE * f - 1e-9) for a, f in zip(open_area, floor)],
        "air_conditioner_hours": ac_hours.tolist(),
        "rule": f"windows open when occupied, operative > {open_above_c} C and outdoor air cooler (CIBSE TM59)",
    }
    if keep_free_running:
        return result, current, info, free_result
    return result, current, info
