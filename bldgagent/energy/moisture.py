"""Hourly moisture balance of the zones and the latent cooling load of dehumidification.

The thermal engine is sensible-only; this module post-processes its run (air temperatures, the hours the
cooling runs) with a well-mixed water-vapour balance of each zone's air, vectorised over zones and marched
hour by hour (implicit Euler, one-hour steps; numba when compiled):

    M dW/dt = G + m_dot (W_out - W) - D,     M = f_buf rho V,     m_dot = rho (n V + V_mech) / 3600

``W`` the humidity ratio (kg water / kg dry air), ``G`` the moisture gains (kg/s), ``m_dot`` the dry-air flow
exchanged with outdoors (infiltration ``n`` ach, mechanical supply and opened windows, m3/h; a sensible heat
recovery passes the vapour), ``f_buf`` an optional moisture-capacity multiplier of the room air (furnishings,
the EnergyPlus "humidity capacity multiplier" idea; 1 = air only), ``D`` the dehumidification: in hours the
cooling system runs (sensible cooling > 0), an ideal coil removes what keeps ``W`` at or below the humidity
set-point; above saturation the excess condenses on surfaces (not counted as energy). Latent load =
``D x h_fg(T_air)``, delivered by the cooling carrier with the cooling system's EER (:func:`latent_final`).

Sources
- Humidity ratio ``W = 0.621945 p_w / (p - p_w)``: ASHRAE Handbook Fundamentals 2017, ch. 1, eq. 20.
- Saturation pressure: :func:`bldgagent.climate.humidity.saturation_vapour_pressure_pa` (Alduchov & Eskridge 1996).
- Latent heat of vaporisation ``h_fg = 2.501e6 - 2370 T`` J/kg (T in degC): Rogers & Yau (1989), A Short Course
  in Cloud Physics, 3rd ed., p. 16 (linear fit; 2454 kJ/kg at 20 C).
- Set-point: 60 % RH, the upper design humidity of EN 16798-1:2019 Table B.6 for Category II (dehumidification
  installed) and of GB 50736-2012 cl. 3.0.2 (comfort level I in summer: 40-60 %); ``max_humidity_ratio``
  optionally adds the 12 g/kg absolute limit of EN 16798-1:2019 B.3.2.
- People: the usage profile's latent W per person (GB 55015 / EN 16798-1 / SIA 2024 tables); where a profile
  gives none (the JGJ residential profiles lump people into 4.3 W/m2 sensible), 55 g/h awake and 40 g/h asleep
  (22-07 h) per person, BS 5250:2011+A1:2016 Table G.1 (values from IEA Annex 14, 1991, Vol. 1).
- Dwellings (usage ``residential*``): cooking 2000 g/day (electric; 3000 g/day gas), dish washing 400 g/day per
  household, bathing and washing 200 g/person/day, BS 5250:2011+A1:2016 Table G.1 / IEA Annex 14; a household of
  2.62 persons (China 2020 census, average household size) turns the per-household values into per-person ones.
  The daily moisture is spread over the hours in proportion to the people present; a dwelling's air is taken
  as well mixed, so kitchen and bathroom moisture is shared by its rooms in proportion to their occupants.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .._lazy import lazy_njit
from ..climate.humidity import saturation_vapour_pressure_pa
from ..errors import InputValueError
from ..results import Result, frame_html

__all__ = ["MoistureResult", "moisture_balance", "zone_moisture", "moisture_gains_kg_s", "latent_final",
           "humidity_ratio", "relative_humidity_from_ratio", "latent_heat_j_kg", "MOISTURE_OPTIONS"]

EPSILON = 0.621945            # M_water / M_dry_air, ASHRAE Fundamentals 2017 ch. 1 eq. 20
RH_SETPOINT_PCT = 60.0        # EN 16798-1:2019 Table B.6 Cat. II; GB 50736-2012 cl. 3.0.2 level I (summer)
PEOPLE_AWAKE_KG_H = 0.055     # BS 5250:2011+A1:2016 Table G.1 (IEA Annex 14): person active
PEOPLE_ASLEEP_KG_H = 0.040    # same table: person asleep
ASLEEP_HOURS = (22, 7)        # CIBSE TM59:2017 night period, as for the health engine's bedrooms
#: Daily household moisture (kg/day): BS 5250:2011+A1:2016 Table G.1 (IEA Annex 14, 1991).
HOUSEHOLD_KG_DAY = {"cooking_electric": 2.0, "cooking_gas": 3.0, "dish_washing": 0.4}
BATHING_KG_PERSON_DAY = 0.2   # same table: bathing and washing, per person
HOUSEHOLD_SIZE = 2.62         # persons per household, China 7th population census (2020)
#: Zones per batch of the balance (the zones are independent; the batch bounds the work arrays, not the result).
MOISTURE_BATCH_ZONES = 32
MOISTURE_OPTIONS = ("rh_setpoint_pct", "max_humidity_ratio", "buffer_factor", "cooking", "dwelling_sources")


def latent_heat_j_kg(temp_c):
    """Latent heat of vaporisation of water (J/kg) at ``temp_c`` (degC), Rogers & Yau (1989) linear fit."""
    return 2.501e6 - 2370.0 * np.asarray(temp_c, dtype=float)


def humidity_ratio(vapour_pressure_pa, pressure_pa=101325.0):
    """Humidity ratio (kg/kg dry air) from the water-vapour partial pressure (Pa), ASHRAE Fundamentals ch. 1."""
    pw = np.asarray(vapour_pressure_pa, dtype=float)
    return EPSILON * pw / (np.asarray(pressure_pa, dtype=float) - pw)


def relative_humidity_from_ratio(w, temp_c, pressure_pa=101325.0):
    """Relative humidity (%) of air at ``temp_c`` with humidity ratio ``w`` (kg/kg); capped at 100."""
    w = np.asarray(w, dtype=float)
    pw = w * np.asarray(pressure_pa, dtype=float) / (EPSILON + w)
    return np.minimum(100.0 * pw / saturation_vapour_pressure_pa(temp_c), 100.0)


@lazy_njit(cache=True)
def _march(w0, a, m, gain, w_out, w_set, w_sat, dehum):
    """The balance hour by hour for all zones: returns (W, removed kg/s). Shapes: a (nz,), others (nz, nh);
    w_out (nh,)."""
    nz, nh = m.shape
    w = np.empty((nz, nh))
    removed = np.zeros((nz, nh))
    for z in range(nz):
        prev = w0[z]
        for h in range(nh):
            den = a[z] + m[z, h]
            free = (a[z] * prev + gain[z, h] + m[z, h] * w_out[h]) / den
            if dehum[z, h] and free > w_set[z, h]:
                removed[z, h] = den * (free - w_set[z, h])
                free = w_set[z, h]
            if free > w_sat[z, h]:
                free = w_sat[z, h]
            w[z, h] = free
            prev = free
    return w, removed


def moisture_balance(gain_kg_s, air_flow_m3_h, outdoor_ratio, air_temp_c, dehumidify, volume_m3, *,
                     rho_air_kg_m3: float = 1.2, pressure_pa: float = 101325.0,
                     rh_setpoint_pct: float = RH_SETPOINT_PCT, max_humidity_ratio: float | None = None,
                     buffer_factor: float = 1.0) -> dict[str, np.ndarray]:
    """The zone moisture balance (module docstring) on plain arrays shaped ``(n_zones, n_hours)``.

    ``gain_kg_s`` moisture gains, ``air_flow_m3_h`` outdoor air exchanged (m3/h), ``outdoor_ratio`` (n_hours,)
    kg/kg, ``air_temp_c`` zone air temperature, ``dehumidify`` True where the cooling coil runs, ``volume_m3``
    (n_zones,). Returns ``humidity_ratio``, ``relative_humidity_pct``, ``removed_kg_s`` and ``latent_w``."""
    temp = np.atleast_2d(np.asarray(air_temp_c, dtype=float))
    shape = temp.shape
    gain = np.broadcast_to(np.asarray(gain_kg_s, dtype=float), shape)
    flow = np.broadcast_to(np.asarray(air_flow_m3_h, dtype=float), shape)
    w_out = np.broadcast_to(np.asarray(outdoor_ratio, dtype=float), shape[1:])
    vol = np.broadcast_to(np.asarray(volume_m3, dtype=float), shape[:1])
    _check(gain, flow, w_out, vol, rh_setpoint_pct, buffer_factor, max_humidity_ratio, temp)
    dehum = np.broadcast_to(np.asarray(dehumidify, dtype=bool), shape)
    a = buffer_factor * rho_air_kg_m3 * vol / 3600.0          # kg/s per unit of W change over one hour
    out = {k: np.empty(shape) for k in ("humidity_ratio", "relative_humidity_pct", "removed_kg_s", "latent_w")}
    for z0 in range(0, shape[0], MOISTURE_BATCH_ZONES):      # zones are independent: bounded work arrays
        z = slice(z0, z0 + MOISTURE_BATCH_ZONES)
        p_sat = saturation_vapour_pressure_pa(temp[z])
        w_sat = humidity_ratio(p_sat, pressure_pa)
        w_set = humidity_ratio(rh_setpoint_pct / 100.0 * p_sat, pressure_pa)
        del p_sat
        if max_humidity_ratio is not None:
            w_set = np.minimum(w_set, float(max_humidity_ratio))
        m = rho_air_kg_m3 * flow[z] / 3600.0
        w0 = np.minimum(w_out[0] + gain[z, 0] / np.maximum(m[:, 0], 1e-9), w_sat[:, 0])
        w, removed = _march(np.ascontiguousarray(w0), np.ascontiguousarray(a[z]), np.ascontiguousarray(m),
                            np.ascontiguousarray(gain[z]), np.ascontiguousarray(w_out), np.ascontiguousarray(w_set),
                            np.ascontiguousarray(w_sat), np.ascontiguousarray(dehum[z]))
        out["humidity_ratio"][z], out["removed_kg_s"][z] = w, removed
        out["relative_humidity_pct"][z] = relative_humidity_from_ratio(w, temp[z], pressure_pa)
        out["latent_w"][z] = removed * latent_heat_j_kg(temp[z])
    return out


def _check(gain, flow, w_out, vol, rh_sp, buffer_factor, w_max, temp) -> None:
    for name, arr in (("moisture gains", gain), ("air flow", flow), ("outdoor humidity ratio", w_out),
                      ("zone volume", vol), ("air temperature", temp)):
        if not np.all(np.isfinite(arr)):
            raise InputValueError(f"moisture balance: {name} has NaN or infinite values; fill them first")
        if name != "air temperature" and np.any(arr < 0):
            raise InputValueError(f"moisture balance: {name} must be >= 0")
    if not np.all(vol > 0):
        raise InputValueError("moisture balance: every zone needs volume_m3 > 0")
    if not 10.0 <= float(rh_sp) <= 100.0:
        raise InputValueError(f"moisture rh_setpoint_pct={rh_sp!r}: give a relative humidity in 10-100 %")
    if not 1.0 <= float(buffer_factor) <= 50.0:
        raise InputValueError(f"moisture buffer_factor={buffer_factor!r}: give 1 (air only) to 50")
    if w_max is not None and not 0.002 <= float(w_max) <= 0.03:
        raise InputValueError(f"moisture max_humidity_ratio={w_max!r}: give kg/kg, e.g. 0.012 (EN 16798-1)")


# ---------------------------------------------------------------------------------------------------------
# the zones of an energy assessment
# ---------------------------------------------------------------------------------------------------------
@dataclass(repr=False)
class MoistureResult(Result):
    """Hourly moisture balance per zone, arrays ``(n_zones, n_hours)``: ``humidity_ratio`` (kg/kg),
    ``relative_humidity_pct`` (at the zone air temperature), ``gain_kg_h`` (moisture gains), ``removed_kg_h``
    (dehumidification by the cooling coil), ``latent_w`` (latent cooling load). ``settings`` the set-point and
    the sources used."""

    zone_names: list[str]
    index: pd.DatetimeIndex
    humidity_ratio: np.ndarray
    relative_humidity_pct: np.ndarray
    gain_kg_h: np.ndarray
    removed_kg_h: np.ndarray
    latent_w: np.ndarray
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def latent_kwh(self) -> np.ndarray:
        """Hourly latent cooling load of the building (kWh per hour, sum over zones)."""
        return self.latent_w.sum(axis=0) / 1000.0

    @property
    def annual_latent_kwh(self) -> float:
        return float(self.latent_w.sum() / 1000.0)

    def summary(self) -> pd.DataFrame:
        """Per zone: moisture gains and removal (kg/year), latent kWh, mean and max RH, hours above 60/70 % RH."""
        rh = self.relative_humidity_pct
        return pd.DataFrame({
            "zone": self.zone_names, "moisture_gain_kg": self.gain_kg_h.sum(axis=1),
            "dehumidified_kg": self.removed_kg_h.sum(axis=1), "latent_kwh": self.latent_w.sum(axis=1) / 1000.0,
            "mean_rh_pct": rh.mean(axis=1), "max_rh_pct": rh.max(axis=1),
            "hours_rh_above_60": (rh > 60.0 + 1e-6).sum(axis=1), "hours_rh_above_70": (rh > 70.0).sum(axis=1)})

    def _data(self) -> dict[str, Any]:
        return {"annual_latent_kwh": self.annual_latent_kwh, "zones": self.summary().to_dict(orient="records"),
                "settings": dict(self.settings)}

    def _html_title(self) -> str:
        return f"MoistureResult: {len(self.zone_names)} zones, latent {self.annual_latent_kwh:,.0f} kWh"

    def _html_body(self) -> str:
        return frame_html(self.summary())

    def __repr__(self) -> str:
        return (f"MoistureResult({len(self.zone_names)} zones, {self.latent_w.shape[1]} h, "
                f"latent {self.annual_latent_kwh:,.0f} kWh)")


def _options(options: Mapping[str, Any] | None) -> dict[str, Any]:
    opts = dict(options or {})
    unknown = sorted(set(opts) - set(MOISTURE_OPTIONS))
    if unknown:
        raise InputValueError(f"moisture options: unknown {unknown}; known: {', '.join(MOISTURE_OPTIONS)}")
    cooking = opts.get("cooking", "electric")
    if cooking not in ("electric", "gas", None):
        raise InputValueError(f"moisture cooking={cooking!r}: use 'electric', 'gas' or None (no cooking moisture)")
    return {"rh_setpoint_pct": float(opts.get("rh_setpoint_pct", RH_SETPOINT_PCT)),
            "max_humidity_ratio": opts.get("max_humidity_ratio"),
            "buffer_factor": float(opts.get("buffer_factor", 1.0)),
            "cooking": cooking, "dwelling_sources": bool(opts.get("dwelling_sources", True))}


def _asleep(index: pd.DatetimeIndex) -> np.ndarray:
    hour = (index - pd.Timedelta(minutes=30)).hour.to_numpy()
    return (hour >= ASLEEP_HOURS[0]) | (hour < ASLEEP_HOURS[1])


def moisture_gains_kg_s(zoning, air_temp_c: np.ndarray, cooking: str | None = "electric",
                        dwelling_sources: bool = True) -> np.ndarray:
    """Moisture gains per zone and hour (kg/s): people (profile latent W / h_fg, or BS 5250 rates where the
    profile gives none) and, in dwellings, cooking, dish washing and bathing (module docstring)."""
    people = np.asarray(zoning.loads["people"], dtype=float)
    latent = np.asarray(zoning.loads.get("latent_w", np.zeros_like(people)), dtype=float)
    gain = latent / latent_heat_j_kg(air_temp_c)
    bs5250 = np.where(_asleep(zoning.index), PEOPLE_ASLEEP_KG_H, PEOPLE_AWAKE_KG_H) / 3600.0
    no_latent = (latent.sum(axis=1) <= 0.0) & (people.sum(axis=1) > 0.0)
    gain[no_latent] = people[no_latent] * bs5250
    if not dwelling_sources:
        return gain
    per_person_day = BATHING_KG_PERSON_DAY + (HOUSEHOLD_KG_DAY["dish_washing"] + (
        HOUSEHOLD_KG_DAY[f"cooking_{cooking}"] if cooking else 0.0)) / HOUSEHOLD_SIZE
    n_days = people.shape[1] / 24.0
    for i, record in enumerate(zoning.records):
        total = people[i].sum()
        if record.usage.startswith("residential") and total > 0:
            residents = people[i].max()
            gain[i] += residents * per_person_day * n_days * people[i] / total / 3600.0
    return gain


def _outdoor(weather, elevation_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Hourly station pressure (Pa; ISO 2533 standard atmosphere where missing) and outdoor humidity ratio."""
    data = weather.data
    p_std = 101325.0 * (1.0 - 2.25577e-5 * elevation_m) ** 5.25588
    p = data["pressure_pa"].to_numpy(dtype=float) if "pressure_pa" in data else np.full(len(data), p_std)
    p = np.where(np.isfinite(p) & (p > 3e4), p, p_std)
    dew = data["temp_dew_c"].to_numpy(dtype=float)
    if not np.all(np.isfinite(dew)):
        raise InputValueError(f"weather {weather.name!r}: dew-point temperature has gaps; the moisture balance "
                              "needs it every hour (fill the EPW or pass moisture=False)")
    return p, humidity_ratio(saturation_vapour_pressure_pa(dew), p)


def zone_moisture(zoning, thermal, weather, options: Mapping[str, Any] | None = None) -> MoistureResult:
    """The moisture balance of the zones of ``zoning`` over ``thermal``'s run (air temperatures, cooling hours)
    with ``weather``'s dew point and pressure. ``options``: ``rh_setpoint_pct`` (60), ``max_humidity_ratio``
    (None; e.g. 0.012), ``buffer_factor`` (1), ``cooking`` ("electric"/"gas"/None), ``dwelling_sources`` (True)."""
    from .thermal.physics import CP_AIR

    opts = _options(options)
    temp = np.asarray(thermal.air_temp_c, dtype=float)
    nz, nh = temp.shape
    rho = float(thermal.settings.get("air_heat_capacity_j_m3k", 1.2 * CP_AIR)) / CP_AIR
    volume = np.array([z.volume_m3 for z in zoning.zones], dtype=float)
    flow = np.stack([np.broadcast_to(np.asarray(z.infiltration_ach, dtype=float), (nh,)) * z.volume_m3
                     + np.broadcast_to(np.asarray(z.ventilation_m3_h, dtype=float), (nh,)) for z in zoning.zones])
    pressure, w_out = _outdoor(weather, float(getattr(weather, "elevation_m", 0.0) or 0.0))
    gain = moisture_gains_kg_s(zoning, temp, opts["cooking"], opts["dwelling_sources"])
    out = moisture_balance(gain, flow, w_out, temp, thermal.cooling_w > 0.0, volume, rho_air_kg_m3=rho,
                           pressure_pa=pressure, rh_setpoint_pct=opts["rh_setpoint_pct"],
                           max_humidity_ratio=opts["max_humidity_ratio"], buffer_factor=opts["buffer_factor"])
    settings = {**opts, "air_density_kg_m3": rho, "sources": {
        "set-point": "EN 16798-1:2019 Table B.6 Cat. II / GB 50736-2012 cl. 3.0.2",
        "moisture gains": "usage profile latent W; BS 5250:2011+A1:2016 Table G.1 (IEA Annex 14)",
        "latent heat": "Rogers & Yau (1989)"}}
    del flow
    gain *= 3600.0                        # in place: kg/h (no second copy of the hourly rows)
    out["removed_kg_s"] *= 3600.0
    return MoistureResult(list(thermal.zone_names), thermal.index, out["humidity_ratio"],
                          out["relative_humidity_pct"], gain, out["removed_kg_s"],
                          out["latent_w"], settings)


def latent_final(final, latent_kwh: np.ndarray, systems, temp_air_c, index):
    """``final`` (a :class:`~bldgagent.energy.systems.FinalEnergy`) with the end use ``cooling_latent``: the latent
    load through the cooling generator (same carrier, same hourly EER and pumps as the sensible cooling)."""
    from .systems import final_energy

    latent = np.asarray(latent_kwh, dtype=float)
    if systems.cooling is None or not np.any(latent > 0):
        return final
    part = final_energy({"cooling": latent}, systems, temp_air_c, index=index)
    by_end_use = final.by_end_use.copy()
    cols = list(by_end_use.columns)
    at = cols.index("cooling") + 1 if "cooling" in cols else len(cols)
    by_end_use.insert(at, "cooling_latent", part.by_end_use["cooling"].to_numpy())
    if "pumps" in part.by_end_use:
        by_end_use["pumps"] = (by_end_use["pumps"].to_numpy() if "pumps" in by_end_use else 0.0) \
            + part.by_end_use["pumps"].to_numpy()
    by_carrier = final.by_carrier.add(part.by_carrier, fill_value=0.0)
    by_carrier = by_carrier[[c for c in final.by_carrier.columns] +
                            [c for c in part.by_carrier.columns if c not in final.by_carrier.columns]]
    carriers = {**final.end_use_carrier, "cooling_latent": part.end_use_carrier["cooling"]}
    if "pumps" in part.end_use_carrier:
        carriers["pumps"] = "electricity"
    return replace(final, by_end_use=by_end_use, by_carrier=by_carrier, end_use_carrier=carriers,
                   demand_kwh={**final.demand_kwh, "cooling_latent": float(latent.sum())},
                   efficiency={**final.efficiency, "cooling_latent": part.efficiency["cooling"]})
