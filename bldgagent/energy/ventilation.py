"""Natural ventilation through opened windows, for free-running and mixed-mode operation.

Window opening depends on the room's own temperature, so it is decided inside the thermal simulation, hour by
hour, from the room's previous hour (:class:`bldgagent.energy.thermal.WindowControl`), as an occupant acts on
what the room was. (An earlier version simulated the year, opened the windows where the rule called for it and
simulated again, three times: those passes did not settle but swung between open and shut hours, by up to 8 K
from one pass to the next in Haikou and 26 K in Beijing, so the answer depended on the number of passes.)

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

Night ventilation (``night_ventilation=True``, a night purge): the same rule also opens the windows in the night
hours (22:00-07:00, the CIBSE TM59:2017 night period) whether or not the room is occupied, so the structure is
cooled by night air; the occupied-hour statistics and the mixed-mode heating/cooling hours stay those of the
occupants.

Mixed mode: occupied hours in which the free-running room (windows by the rule) is above its cooling
set-point (or below its heating set-point) get the air conditioner or heating with the windows shut, in a
second simulation whose other hours keep the window rule: a split-AC home that opens windows first.
"""
from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np

from ..errors import InputValueError
from .thermal import OperativeResult, simulate

OPEN_ABOVE_C = 22.0          # CIBSE TM59:2017 section 3
WIND_COEFFICIENT = 0.025     # CIBSE AM10:2005, single-sided wind-driven
DISCHARGE_COEFFICIENT = 0.61  # BS 5925:1991, sharp-edged opening
SUBURBAN_WIND_FACTOR = (270.0 / 10.0) ** 0.14 * (10.0 / 370.0) ** 0.22  # ASHRAE Fundamentals 2021 Ch. 24
GRAVITY = 9.81
NIGHT_HOURS = (22, 7)         # CIBSE TM59:2017 night period (22:00-07:00), windows of a night purge
OPENING_HEIGHT_M = 1.2        # height of a typical casement opening (CIBSE AM10:2005 worked examples)


def window_airflow_m3_h(open_area_m2, wind_speed_m_s, temp_in_c, temp_out_c, opening_height_m: float = OPENING_HEIGHT_M):
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
                          open_above_c: float = OPEN_ABOVE_C, mixed_mode: bool = False, passes: int | None = None,
                          simulate_options=None, keep_free_running: bool | str = False,
                          night_ventilation: bool = False):
    """Simulate ``zoning`` with windows opened by the TM59 rule, decided hour by hour inside the simulation.

    Each hour the rule looks at the room's previous hour (occupied, operative temperature above ``open_above_c``,
    outdoor air cooler than the room's air) and opens the windows for the hour, with the air flow of
    :func:`window_airflow_m3_h` for that hour's wind and temperatures. Heating and cooling are off and heat
    recovery is bypassed (summer bypass): the free-running building. With ``mixed_mode`` a second run gives the
    occupied hours in which the free-running room was above its cooling (below its heating) set-point to the air
    conditioner (heating), windows shut, and the other hours to the windows: a split-AC home that opens windows
    first.

    Returns ``(thermal_result, zones, info)``: ``zones`` are the simulated :class:`ZoneSpec` list (window air flows
    and the mixed-mode set-points in their hourly rows) and ``info`` the open share and the hours of heating/cooling
    per zone. With ``keep_free_running`` a fourth item is the free-running result (the first run); with
    ``keep_free_running="operative"`` only its operative temperatures (an
    :class:`~bldgagent.energy.thermal.OperativeResult`; the run's other hourly rows are freed before the second).
    ``night_ventilation``: the windows may also open in the night hours (:data:`NIGHT_HOURS`), occupied or not.
    ``passes`` is no longer used (the former fixed-point passes oscillated between open and shut hours by up to
    8 K instead of settling); giving it warns.
    """
    if passes is not None:
        warnings.warn("simulate_with_windows(passes=) is no longer used: windows are decided hour by hour in the "
                      "simulation", DeprecationWarning, stacklevel=2)
    if openable_fraction is not None and not 0.0 < openable_fraction <= 1.0:
        raise InputValueError(f"openable_fraction={openable_fraction}: give a share in (0, 1] or None for the "
                              "GB 50096 minimum")
    options = dict(simulate_options or {})
    zones = list(zoning.zones)
    n = len(weather.data)
    people = zoning.loads.get("people")
    occupied = people > 0 if people is not None else np.ones((len(zones), n), dtype=bool)
    open_area = _open_area(zoning, openable_fraction)
    wind = np.nan_to_num(weather.data["wind_speed_m_s"].to_numpy(dtype=float), nan=1.0) * SUBURBAN_WIND_FACTOR
    control = _control(open_area, occupied | _night(weather, len(zones)) if night_ventilation else occupied, wind,
                       open_above_c)
    free_zones = [replace(z, heating_setpoint_c=np.nan, cooling_setpoint_c=np.nan, heat_recovery_efficiency=0.0)
                  for z in zones]
    free = simulate(free_zones, weather, window_control=control, **options)
    if mixed_mode:
        runs = _ac_where_windows_fail(zones, free_zones, free, occupied, n)
        if keep_free_running == "operative":   # the free run's other hourly rows are freed before the next run
            free = OperativeResult.from_thermal(free)
        result = simulate(runs, weather, window_control=control, **options)
    else:
        result, runs = free, free_zones
    info = _window_info(zoning, result, runs, occupied, open_area, open_above_c, openable_fraction)
    simulated = _with_window_flows(runs, result, open_area, wind, weather)
    if keep_free_running:
        if keep_free_running == "operative" and not isinstance(free, OperativeResult):
            free = OperativeResult.from_thermal(free)
        return result, simulated, info, free
    return result, simulated, info


def _night(weather, n_zones: int) -> np.ndarray:
    """(zones x hours) True in the night hours of :data:`NIGHT_HOURS` (the weather's local clock)."""
    hour = np.asarray(weather.data.index.hour)
    night = (hour >= NIGHT_HOURS[0]) | (hour < NIGHT_HOURS[1])
    return np.broadcast_to(night, (n_zones, len(hour)))


def _control(open_area, occupied, wind, open_above_c):
    from .thermal import WindowControl

    return WindowControl(mode=np.ones(len(open_area), dtype=np.int64), open_area_m2=open_area, occupied=occupied,
                         wind_m_s=wind, open_above_c=open_above_c, wind_coefficient=WIND_COEFFICIENT,
                         discharge_coefficient=DISCHARGE_COEFFICIENT, opening_height_m=OPENING_HEIGHT_M,
                         gravity_m_s2=GRAVITY)


def _ac_where_windows_fail(zones, free_zones, free, occupied, n) -> list:
    """The free-running zones with the heating (cooling) set-point in the occupied hours the free-running room was
    below (above) it, and no set-point elsewhere (the windows' hours)."""
    top = free.operative_temp_c
    runs = []
    for i, (z, fz) in enumerate(zip(zones, free_zones)):
        heat = np.broadcast_to(np.asarray(z.heating_setpoint_c, dtype=float), (n,))
        cool = np.broadcast_to(np.asarray(z.cooling_setpoint_c, dtype=float), (n,))
        need_cool = occupied[i] & np.isfinite(cool) & (top[i] > cool)
        need_heat = occupied[i] & np.isfinite(heat) & (top[i] < heat)
        runs.append(replace(fz, heating_setpoint_c=np.where(need_heat, heat, np.nan),
                            cooling_setpoint_c=np.where(need_cool, cool, np.nan)))
    return runs


def _open_area(zoning, openable_fraction: float | None) -> np.ndarray:
    """Openable area per zone, m2: GB 50096 minimum (1/20 of the floor area, at most the glazed area) or a share
    of the glazed area."""
    glazed = np.array([sum(w["area_m2"] * (1.0 - (w.get("frame_fraction") or 0.0)) for w in r.windows)
                       for r in zoning.records])
    if openable_fraction is None:
        floor = np.array([r.floor_area_m2 for r in zoning.records])
        return np.minimum(CODE_MINIMUM_OPENABLE * floor, glazed)
    return openable_fraction * glazed


def _with_window_flows(zones, result, open_area, wind, weather) -> list:
    """``zones`` with the hours' window air flows added to their ventilation (m3/h), as the loop applied them:
    from the previous hour's air temperature, this hour's outdoor air and wind (the other air flows' consumers,
    e.g. the health engine's CO2, read them from the zones)."""
    t_out = weather.data["temp_air_c"].to_numpy(dtype=float)
    t_prev = np.roll(result.air_temp_c, 1, axis=1)
    out = []
    for i, z in enumerate(zones):
        flow = window_airflow_m3_h(open_area[i], wind / SUBURBAN_WIND_FACTOR, t_prev[i], t_out) * result.window_open[i]
        out.append(replace(z, ventilation_m3_h=np.asarray(z.ventilation_m3_h, dtype=float) + flow))
    return out


def _window_info(zoning, result, runs, occupied, open_area, open_above_c, openable_fraction) -> dict:
    """Per zone: the openable area, the share of occupied hours with the windows open, the heating/cooling hours."""
    floor = np.array([r.floor_area_m2 for r in zoning.records])
    opened = result.window_open > 0.5
    n = result.window_open.shape[1]
    hvac = [int(np.sum(np.isfinite(np.broadcast_to(np.asarray(z.heating_setpoint_c, dtype=float), (n,)))
                       | np.isfinite(np.broadcast_to(np.asarray(z.cooling_setpoint_c, dtype=float), (n,)))))
            for z in runs]
    return {
        "openable": "GB 50096-2011 minimum (1/20 of the floor area, at most the glazed area)"
        if openable_fraction is None else f"{openable_fraction} of the glazed area",
        "open_share_occupied": [float(opened[i][occupied[i]].mean()) if occupied[i].any() else 0.0
                                for i in range(len(floor))],
        "open_area_m2": open_area.tolist(),
        "open_area_below_gb50096": [bool(a < CODE_MINIMUM_OPENABLE * f - 1e-9) for a, f in zip(open_area, floor)],
        "air_conditioner_hours": hvac,
        "rule": f"windows open when occupied, operative > {open_above_c} C in the previous hour and outdoor air "
                "cooler than the room (CIBSE TM59), decided hour by hour",
    }
