"""Features of a thermal zone and its climate, from plain data (the thermal engine's ZoneSpec + a Weather).

One row per zone: its envelope by orientation (areas per m2 of floor, U x A, inner heat capacity, glazing g, U and
shading, the solar the windows and walls receive in this climate), its operation (gains, air change, set-points
and the hours they apply, occupancy), building-level context standing for its neighbours (the zones it exchanges
heat with share the building's construction and operation), and the climate summarised from the weather year
(monthly temperatures and horizontal solar, solar by facade orientation, humidity, wind, degree-hours); schema 3
adds an EN ISO 13790 monthly estimate of the zone's heating and cooling need and its coupled neighbours
(:mod:`.estimate`, from the monthly ``aux_`` columns here, which are not model inputs).
:data:`FEATURE_SCHEMA_VERSION` changes whenever the list or a definition changes (saved with every data set and
model).
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

#: Version of the feature definitions below (bump on any change; models and data sets record it).
FEATURE_SCHEMA_VERSION = "3"

#: Compass orientations of facades (azimuth of the outward normal, deg from north, clockwise).
ORIENTATIONS = {"n": 0.0, "e": 90.0, "s": 180.0, "w": 270.0}

#: Depth of the inner layers counted in the areal heat capacity, m (EN ISO 13786:2017 Annex C, 10 cm rule).
KAPPA_DEPTH_M = 0.10

#: Degree-hour bases, deg C: 18 C heating / 26 C cooling (GB 50736-2012 design practice; EN ISO 15927-6 style sums).
HDH_BASE_C, CDH_BASE_C = 18.0, 26.0


def _cache():
    from .._cache import LRUCache

    return LRUCache("surrogate.climate_summary", 16)


_CLIMATES = _cache()


def _orientation(azimuth_deg: float) -> str:
    return min(ORIENTATIONS, key=lambda k: abs(((azimuth_deg - ORIENTATIONS[k]) + 180.0) % 360.0 - 180.0))


def _mean(x: Any) -> float:
    return float(np.mean(np.asarray(x, dtype=float)))


def _kappa_j_m2k(layers) -> float:
    """Areal heat capacity of the inner layers (from the room side, up to :data:`KAPPA_DEPTH_M`), J/(m2 K)."""
    left, total = KAPPA_DEPTH_M, 0.0
    for d, _k, rho, c in reversed(list(layers)):
        use = min(d, left)
        total += use * rho * c
        left -= use
        if left <= 0:
            break
    return total


def climate_summary(weather) -> dict[str, float]:
    """Cached per weather content (:func:`bldgagent._cache.weather_fingerprint`); see :func:`_climate_summary`."""
    from .._cache import weather_fingerprint

    key = weather_fingerprint(weather)
    out = _CLIMATES.get(key)
    if out is None:
        out = _climate_summary(weather)
        _CLIMATES.put(key, out)
    return dict(out)


def _climate_summary(weather) -> dict[str, float]:
    """The climate of a weather year as numbers: latitude, elevation, monthly mean dry-bulb (deg C) and
    horizontal global irradiation (kWh/m2), annual vertical irradiation per orientation (kWh/m2), mean relative
    humidity (%) and dew point (deg C), mean wind speed (m/s), heating/cooling degree-hours (kKh)."""
    from ..climate.solar import surface_irradiance

    d = weather.data
    month = (d.index - pd.Timedelta(minutes=30)).month
    temp = d["temp_air_c"].to_numpy(dtype=float)
    out: dict[str, float] = {"clim_latitude_deg": float(weather.latitude_deg),
                             "clim_elevation_m": float(weather.elevation_m or 0.0)}
    tm = d["temp_air_c"].groupby(month).mean()
    gm = d["ghi_w_m2"].groupby(month).sum() / 1000.0
    hours = pd.Series(1.0, index=d.index).groupby(month).sum()
    for m in range(1, 13):
        out[f"clim_temp_m{m:02d}_c"] = float(tm.get(m, np.nan))
        out[f"clim_ghi_m{m:02d}_kwh_m2"] = float(gm.get(m, np.nan))
        out[f"aux_hours_m{m:02d}_h"] = float(hours.get(m, 0.0))
    irr = surface_irradiance(weather, [90.0] * 4, list(ORIENTATIONS.values()))
    total = irr.direct + irr.sky_diffuse + irr.ground
    for i, k in enumerate(ORIENTATIONS):
        out[f"clim_vertical_{k}_kwh_m2"] = float(total[i].sum() / 1000.0)
    out["clim_rh_mean_pct"] = _mean(d["relative_humidity_pct"])
    out["clim_dew_mean_c"] = _mean(d["temp_dew_c"])
    out["clim_wind_mean_m_s"] = _mean(d["wind_speed_m_s"])
    out["clim_hdh18_kkh"] = float(np.clip(HDH_BASE_C - temp, 0, None).sum() / 1000.0)
    out["clim_cdh26_kkh"] = float(np.clip(temp - CDH_BASE_C, 0, None).sum() / 1000.0)
    daily = temp[: len(temp) // 24 * 24].reshape(-1, 24)
    out["clim_daily_range_c"] = float((daily.max(axis=1) - daily.min(axis=1)).mean())
    return out


class _Solar:
    """Annual and warm-half irradiation (kWh/m2) on a surface orientation, memoised per (tilt, azimuth);
    :meth:`monthly` the twelve monthly sums (kWh/m2)."""

    def __init__(self, weather):
        self.weather = weather
        d = weather.data
        month = (d.index - pd.Timedelta(minutes=30)).month.to_numpy()
        tm = d["temp_air_c"].groupby(month).mean()
        warm = tm.sort_values().index[6:]                    # the six warmest months of this year
        self.warm = np.isin(month, warm)
        self.month = month
        self._memo: dict[tuple[float, float], tuple[float, float, np.ndarray]] = {}

    def _get(self, tilt: float, azimuth: float) -> tuple[float, float, np.ndarray]:
        key = (round(float(tilt), 1), round(float(azimuth), 1))
        if key not in self._memo:
            from ..climate.solar import surface_irradiance

            irr = surface_irradiance(self.weather, [key[0]], [key[1]])
            total = (irr.direct + irr.sky_diffuse + irr.ground)[0]
            monthly = np.bincount(self.month - 1, weights=total, minlength=12)[:12] / 1000.0
            self._memo[key] = (float(total.sum() / 1000.0), float(total[self.warm].sum() / 1000.0), monthly)
        return self._memo[key]

    def __call__(self, tilt: float, azimuth: float) -> tuple[float, float]:
        return self._get(tilt, azimuth)[:2]

    def monthly(self, tilt: float, azimuth: float) -> np.ndarray:
        return self._get(tilt, azimuth)[2]


#: External surface resistance, m2K/W (ISO 6946:2017 Table 7), for the absorbed solar of opaque parts
#: (ISO 13790:2008 11.3.4: A_sol = alpha R_se U A).
R_SE_M2K_W = 0.04
#: Long-wave radiation to the sky (ISO 13790:2008 11.3.5 and 11.4.6): h_r = 5 eps (eps 0.9) W/m2K, mean sky - air
#: temperature difference 11 K (intermediate zones); form factor 1 for a roof (tilt < 45 deg), 0.5 for a wall.
H_R_EXT_W_M2K, DT_SKY_K = 4.5, 11.0


def _monthly(name: str) -> list[str]:
    return [f"aux_{name}_m{m:02d}" for m in range(1, 13)]


#: Monthly auxiliary columns (not model inputs; :func:`feature_names` leaves ``aux_`` out): the inputs of the
#: ISO 13790 monthly estimate (:mod:`.estimate`), kWh per m2 of floor, shares of hours.
WIN_SOL, OPQ_SOL, GAINS, H_ON, C_ON = (_monthly(n) for n in ("win_sol_kwh_m2", "opq_sol_kwh_m2", "gains_kwh_m2",
                                                               "heating_on_share", "cooling_on_share"))


def _envelope(z, solar: _Solar) -> dict[str, float]:
    """Envelope features of one ZoneSpec, per m2 of floor (schema 2), and the monthly solar and the sky loss the
    ISO 13790 estimate needs (``aux_`` columns)."""
    a = max(float(z.floor_area_m2), 1e-9)
    f = {f"wall_{o}_m2_m2": 0.0 for o in ORIENTATIONS} | {f"win_{o}_m2_m2": 0.0 for o in ORIENTATIONS}
    f.update({k: 0.0 for k in ("roof_m2_m2", "ground_m2_m2", "adiabatic_m2_m2", "internal_m2_m2", "ua_wall_w_k_m2",
                               "ua_roof_w_k_m2", "ua_ground_w_k_m2", "ua_win_w_k_m2", "kappa_kj_m2k_m2",
                               "opaque_solar_w_k_kwh_m2", "win_solar_kwh_m2", "win_solar_warm_kwh_m2",
                               "win_g_area_m2_m2")})
    win_m, opq_m, sky = np.zeros(12), np.zeros(12), 0.0
    for s in z.surfaces:
        ua = s.area_m2 * s.u_value_w_m2k()
        kap = s.area_m2 * _kappa_j_m2k(s.layers) / 1000.0
        f["kappa_kj_m2k_m2"] += kap * (2.0 if s.boundary == "internal" else 1.0) / a
        if s.boundary == "outdoor" and s.tilt_deg < 45:
            f["roof_m2_m2"] += s.area_m2 / a
            f["ua_roof_w_k_m2"] += ua / a
        elif s.boundary == "outdoor":
            f[f"wall_{_orientation(s.azimuth_deg)}_m2_m2"] += s.area_m2 / a
            f["ua_wall_w_k_m2"] += ua / a
        elif s.boundary == "ground":
            f["ground_m2_m2"] += s.area_m2 / a
            f["ua_ground_w_k_m2"] += ua / a
        elif s.boundary == "internal":
            f["internal_m2_m2"] += s.area_m2 / a
        else:
            f["adiabatic_m2_m2"] += s.area_m2 / a
        if s.boundary == "outdoor":
            sky += (1.0 if s.tilt_deg < 45 else 0.5) * R_SE_M2K_W * ua * H_R_EXT_W_M2K * DT_SKY_K / a
        if s.boundary == "outdoor" and s.sunlit:
            ua_sol = ua * s.solar_absorptance * s.shading_factor
            f["opaque_solar_w_k_kwh_m2"] += ua_sol * solar(s.tilt_deg, s.azimuth_deg)[0] / a / 1000.0
            opq_m += R_SE_M2K_W * ua_sol * solar.monthly(s.tilt_deg, s.azimuth_deg) / a
    for w in z.windows:
        ff = 0.2 if w.frame_fraction is None else w.frame_fraction
        g = 0.55 if w.g_normal is None else w.g_normal
        u = 2.4 if w.u_w_m2k is None else w.u_w_m2k
        eff = w.area_m2 * (1.0 - ff) * g * w.shading_factor
        annual, warm = solar(w.tilt_deg, w.azimuth_deg)
        f[f"win_{_orientation(w.azimuth_deg)}_m2_m2"] += w.area_m2 / a
        f["ua_win_w_k_m2"] += w.area_m2 * u / a
        f["win_g_area_m2_m2"] += eff / a
        f["win_solar_kwh_m2"] += eff * annual / a
        f["win_solar_warm_kwh_m2"] += eff * warm / a
        win_m += eff * solar.monthly(w.tilt_deg, w.azimuth_deg) / a
        sky += (1.0 if w.tilt_deg < 45 else 0.5) * R_SE_M2K_W * w.area_m2 * u * H_R_EXT_W_M2K * DT_SKY_K / a
    f.update(zip(WIN_SOL, win_m.tolist()))
    f.update(zip(OPQ_SOL, opq_m.tolist()))
    f["aux_sky_loss_w_m2"] = sky
    return f


def _operation(z, people: np.ndarray, temp_out: np.ndarray, month: np.ndarray) -> dict[str, float]:
    """Operation features of one ZoneSpec: gains, air change, set-points, the hours they apply, degree-hours; and
    per month (``month`` 1-12 of every hour) the internal gains (kWh/m2) and the shares of hours with a heating /
    cooling set-point (``aux_`` columns of the ISO 13790 estimate)."""
    a = max(float(z.floor_area_m2), 1e-9)
    n = len(temp_out)
    hs = np.broadcast_to(np.asarray(z.heating_setpoint_c, dtype=float), (n,))
    cs = np.broadcast_to(np.asarray(z.cooling_setpoint_c, dtype=float), (n,))
    h_on, c_on = np.isfinite(hs), np.isfinite(cs)
    gains = np.broadcast_to(np.asarray(z.internal_gains_w, dtype=float), (n,))
    occ = np.asarray(people, dtype=float) > 0
    hours = np.maximum(np.bincount(month - 1, minlength=12)[:12], 1)
    monthly = dict(zip(GAINS, (np.bincount(month - 1, weights=gains, minlength=12)[:12] / 1000.0 / a).tolist()))
    monthly.update(zip(H_ON, (np.bincount(month - 1, weights=h_on, minlength=12)[:12] / hours).tolist()))
    monthly.update(zip(C_ON, (np.bincount(month - 1, weights=c_on, minlength=12)[:12] / hours).tolist()))
    return monthly | {
        "floor_area_m2": float(z.floor_area_m2), "height_m": float(z.volume_m3) / a,
        "gains_w_m2": float(gains.mean()) / a,
        "gains_occupied_w_m2": float(gains[occ].mean()) / a if occ.any() else 0.0,
        "occupied_share": float(occ.mean()),
        "infiltration_ach": _mean(z.infiltration_ach),
        "ventilation_m3_h_m2": _mean(z.ventilation_m3_h) / a,
        "heat_recovery": float(z.heat_recovery_efficiency),
        "heating_on_share": float(h_on.mean()), "cooling_on_share": float(c_on.mean()),
        "heating_setpoint_c": float(hs[h_on].mean()) if h_on.any() else 0.0,
        "cooling_setpoint_c": float(cs[c_on].mean()) if c_on.any() else 0.0,
        "zone_hdh_kkh": float(np.clip(np.where(h_on, hs, -np.inf) - temp_out, 0, None).sum() / 1000.0),
        "zone_cdh_kkh": float(np.clip(temp_out - np.where(c_on, cs, np.inf), 0, None).sum() / 1000.0),
    }


#: Zone features averaged over the building (floor-area weighted): the neighbours' context.
CONTEXT = ("ua_wall_w_k_m2", "ua_win_w_k_m2", "ua_roof_w_k_m2", "win_solar_kwh_m2", "gains_w_m2", "kappa_kj_m2k_m2")


def zone_features(zoning, weather, *, mixed_mode: bool) -> pd.DataFrame:
    """One row of features per zone of ``zoning`` (a :class:`~bldgagent.energy.zoning.Zoning`) in ``weather``;
    ``mixed_mode``: the building is run windows-first (the residential scenario)."""
    solar = _Solar(weather)
    temp_out = weather.data["temp_air_c"].to_numpy(dtype=float)
    people = zoning.loads["people"]
    rows = []
    for i, z in enumerate(zoning.zones):
        rows.append(_operation(z, people[i], temp_out, solar.month) | _envelope(z, solar))
    frame = pd.DataFrame(rows)
    w = frame["floor_area_m2"].to_numpy()
    frame["bldg_floor_area_m2"] = float(w.sum())
    frame["bldg_zones"] = float(len(frame))
    frame["bldg_storeys"] = float(len({r.storey_name for r in zoning.records}))
    for k in CONTEXT:
        frame[f"bldg_{k}"] = float(np.average(frame[k], weights=w))
    frame["mixed_mode"] = float(bool(mixed_mode))
    clim = climate_summary(weather)
    for k, v in clim.items():
        frame[k] = v
    from .estimate import add_schema3, coupling_matrix

    coupling = coupling_matrix(zoning.zones)
    frame = add_schema3(add_derived(frame), coupling)
    frame.attrs["coupling"] = tuple(map(tuple, coupling.tolist()))    # the fast paths' neighbour weights
    return frame


#: Volumetric heat capacity of air, Wh/(m3 K) (1.2 kg/m3 x 1005 J/kgK / 3600; EN ISO 13789:2017 clause 8.2).
AIR_WH_M3K = 0.34


def add_derived(frame: pd.DataFrame) -> pd.DataFrame:
    """Steady-state proxies the network would otherwise have to learn as products (schema 2): the zone's heat
    loss coefficient per m2 (transmission + air, EN ISO 13789), times its heating / cooling degree-hours (kWh/m2),
    and its annual internal + solar gains (kWh/m2). Adds the columns in place when missing or incomplete (data sets
    of schema 1 concatenated with newer ones); returns ``frame``."""
    if "est_heating_kwh_m2" in frame.columns:
        from .estimate import add_logs

        add_logs(frame)                                 # schema-3 rows written before the log columns existed
    if "h_total_w_k_m2" in frame.columns and frame["h_total_w_k_m2"].notna().all():
        return frame
    air = AIR_WH_M3K * (frame["infiltration_ach"] * frame["height_m"]
                        + frame["ventilation_m3_h_m2"] * (1.0 - frame["heat_recovery"]))
    h = frame["ua_wall_w_k_m2"] + frame["ua_roof_w_k_m2"] + frame["ua_win_w_k_m2"] + frame["ua_ground_w_k_m2"] + air
    frame["h_air_w_k_m2"] = air
    frame["h_total_w_k_m2"] = h
    frame["loss_heating_kwh_m2"] = h * frame["zone_hdh_kkh"]
    frame["loss_cooling_kwh_m2"] = h * frame["zone_cdh_kkh"]
    frame["gains_kwh_m2"] = frame["gains_w_m2"] * 8.76 + frame["win_solar_kwh_m2"]
    frame["gains_warm_kwh_m2"] = frame["gains_w_m2"] * 4.38 + frame["win_solar_warm_kwh_m2"]
    frame["gain_loss_ratio"] = frame["gains_kwh_m2"] / (frame["loss_heating_kwh_m2"] + 1.0)
    return frame


def feature_names(frame: pd.DataFrame) -> list[str]:
    """The model input columns of a features frame (everything except targets and bookkeeping)."""
    from .targets import TARGETS, META

    return [c for c in frame.columns if c not in TARGETS and c not in META and not c.startswith("aux_")]
