"""Statistics of a weather year: monthly normals, degree-hours, day-to-day variability.

The monthly normals follow the conventions of the packaged ``normals.csv`` (``../shared`` reference
file): a day is the EPW day (the 24 hours ending 01:00 ... 24:00), daily maxima and minima come from the
hourly values, relative humidity is capped at 100 % before averaging, irradiation sums are in kWh/m2.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._interp import MONTH_OF_DAY, daily_from_monthly
from .weather import Weather

#: Monthly columns of the packaged normals (and of :func:`monthly_normals`).
NORMAL_COLUMNS = (
    "t_mean_c", "t_max_mean_c", "t_min_mean_c", "rh_mean_pct", "ghi_kwh_m2", "dhi_kwh_m2", "wind_mean_m_s",
    "dewpoint_mean_c",
)


def _by_day(values) -> np.ndarray:
    return np.asarray(values, dtype=float).reshape(365, 24)


def monthly_normals(weather: Weather) -> pd.DataFrame:
    """Monthly statistics of a weather year, indexed by month 1-12, columns :data:`NORMAL_COLUMNS`.

    Means of hourly values, except ``t_max_mean_c`` / ``t_min_mean_c`` (mean of the daily max / min of
    hourly dry-bulb) and ``ghi_kwh_m2`` / ``dhi_kwh_m2`` (monthly sums of hourly irradiance / 1000).
    """
    d = weather.data
    month = (weather.mid_hour_times()).month
    t = _by_day(d["temp_air_c"])
    daily = pd.DataFrame({"tmax": t.max(axis=1), "tmin": t.min(axis=1)}).groupby(MONTH_OF_DAY).mean()
    g = d.groupby(month)
    out = pd.DataFrame({
        "t_mean_c": g["temp_air_c"].mean(),
        "t_max_mean_c": daily["tmax"].to_numpy(),
        "t_min_mean_c": daily["tmin"].to_numpy(),
        "rh_mean_pct": d["relative_humidity_pct"].clip(upper=100.0).groupby(month).mean(),
        "ghi_kwh_m2": g["ghi_w_m2"].sum() / 1000.0,
        "dhi_kwh_m2": g["dhi_w_m2"].sum() / 1000.0,
        "wind_mean_m_s": g["wind_speed_m_s"].mean(),
        "dewpoint_mean_c": g["temp_dew_c"].mean(),
    })
    out.index = pd.Index(np.arange(1, 13), name="month")
    return out


def heating_degree_hours(weather: Weather, base_c: float = 18.0) -> float:
    """Sum over hours of ``max(base_c - T_air, 0)`` in K h."""
    return float(np.maximum(base_c - weather.data["temp_air_c"].to_numpy(), 0.0).sum())


def cooling_degree_hours(weather: Weather, base_c: float = 26.0) -> float:
    """Sum over hours of ``max(T_air - base_c, 0)`` in K h."""
    return float(np.maximum(weather.data["temp_air_c"].to_numpy() - base_c, 0.0).sum())


def _lag1(x: np.ndarray) -> float:
    if len(x) < 3 or np.std(x) == 0:
        return float("nan")
    return float(np.corrcoef(x[:-1], x[1:])[0, 1])


def _corr(x: np.ndarray, y: np.ndarray) -> float:
    if np.std(x) == 0 or np.std(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def daily_variability(weather: Weather) -> pd.DataFrame:
    """Day-to-day statistics per month (index 1-12), used to calibrate and check synthetic years.

    Columns: ``t_anom_sd_k`` standard deviation of the daily-mean temperature about its mean-preserving
    seasonal curve; ``t_anom_lag1`` its lag-1 autocorrelation (within the month); ``t_range_mean_k`` mean
    daily range; ``range_slope`` least-squares slope of (daily range / monthly mean range) on (daily
    clearness / monthly mean clearness); ``kt_mean``, ``kt_sd``, ``kt_lag1`` daily clearness index (daily
    GHI / daily extraterrestrial horizontal irradiation); ``corr_t_kt`` correlation of daily temperature
    anomaly and clearness; ``dew_slope`` slope of the daily dew-point anomaly on the temperature anomaly;
    ``wind_cv`` coefficient of variation of daily mean wind; ``wind_diurnal_amp`` half the peak-to-peak
    amplitude of the mean diurnal wind profile relative to the monthly mean.
    """
    from ._sun import hourly_sun

    d = weather.data
    t = _by_day(d["temp_air_c"])
    tdew = _by_day(d["temp_dew_c"])
    wind = _by_day(d["wind_speed_m_s"])
    t_mean = t.mean(axis=1)
    monthly_t = pd.Series(t_mean).groupby(MONTH_OF_DAY).mean().to_numpy()
    anom = t_mean - daily_from_monthly(monthly_t)
    dew_mean = tdew.mean(axis=1)
    dew_anom = dew_mean - daily_from_monthly(pd.Series(dew_mean).groupby(MONTH_OF_DAY).mean().to_numpy())
    rng = t.max(axis=1) - t.min(axis=1)
    sun = hourly_sun(round(weather.latitude_deg, 4), round(weather.longitude_deg, 4), float(weather.elevation_m),
                     float(weather.tz_hours), int(weather.data.index[0].year), (3.0,) * 12)
    h0 = _by_day(sun.extra_horizontal_w_m2).sum(axis=1)
    kt = _by_day(d["ghi_w_m2"]).sum(axis=1) / np.where(h0 > 0, h0, np.nan)
    rows = []
    for m in range(1, 13):
        sel = MONTH_OF_DAY == m
        a, k, r = anom[sel], kt[sel], rng[sel]
        ok = np.isfinite(k)
        wd = wind[sel]
        prof = wd.mean(axis=0)
        rows.append({
            "t_anom_sd_k": float(a.std()),
            "t_anom_lag1": _lag1(a),
            "t_range_mean_k": float(r.mean()),
            "range_slope": float(np.polyfit(k[ok] / k[ok].mean(), r[ok] / r.mean(), 1)[0]) if ok.sum() > 2 else np.nan,
            "kt_mean": float(np.nanmean(k)),
            "kt_sd": float(np.nanstd(k)),
            "kt_lag1": _lag1(k[ok]),
            "corr_t_kt": _corr(a[ok], k[ok]),
            "dew_slope": float(np.polyfit(a, dew_anom[sel], 1)[0]) if a.std() > 0 else np.nan,
            "wind_cv": float(wd.mean(axis=1).std() / max(wd.mean(), 1e-9)),
            "wind_diurnal_amp": float((prof.max() - prof.min()) / 2.0 / max(wd.mean(), 1e-9)),
        })
    return pd.DataFrame(rows, index=pd.Index(np.arange(1, 13), name="month"))


def irradiance_consistency(weather: Weather) -> dict[str, float]:
    """Checks of the hourly irradiance against the sun (pvlib geometry, hour means of 6 samples):

    - ``lag_h``: mean delay of the irradiance, the GHI-weighted mean over the clearer half of the days (daily
      GHI / clear-sky GHI at or above its median) of (centroid time of the day's GHI - centroid time of its
      clear-sky GHI); about 0 for a file following the hour-ending convention, positive when radiation is
      stamped late (CSWD files: +0.5 to +1.3 h). Cloudy days are left out because their clouds, not the
      clock, move the centroid (Denver TMY3: -0.11 h over all days from summer afternoon storms, -0.05 h
      over the clearer half);
    - ``closure``: annual (DHI + DNI cos z) / GHI, 1 for consistent components;
    - ``sun_down_hours`` / ``sun_down_kwh_m2``: hours (and GHI sum) with irradiance while the sun stays
      below the horizon for the whole hour.
    """
    from ._sun import hourly_sun

    sun = hourly_sun(round(weather.latitude_deg, 4), round(weather.longitude_deg, 4), float(weather.elevation_m),
                     float(weather.tz_hours), int(weather.data.index[0].year), (3.0,) * 12)
    ghi = weather.data["ghi_w_m2"].to_numpy(dtype=float)
    t = (np.arange(8760) + 0.5).reshape(365, 24)
    g = ghi.reshape(365, 24)
    c = sun.clear_ghi_w_m2.reshape(365, 24)
    g_day, c_day = g.sum(axis=1), c.sum(axis=1)
    ok = (g_day > 0) & (c_day > 0)
    if ok.any():
        clearness = g_day[ok] / c_day[ok]
        ok[ok] = clearness >= np.median(clearness)
    lag = 0.0
    if ok.any():
        lags = (g[ok] * t[ok]).sum(axis=1) / g_day[ok] - (c[ok] * t[ok]).sum(axis=1) / c_day[ok]
        lag = float(np.average(lags, weights=g_day[ok]))
    total = ghi.sum()
    beam = (weather.data["dni_w_m2"].to_numpy(dtype=float) * sun.cos_zenith).sum()
    closure = float((weather.data["dhi_w_m2"].to_numpy(dtype=float).sum() + beam) / total) if total > 0 else 1.0
    down = (~sun.sunup_start) & (~sun.sunup_end) & (sun.cos_zenith == 0.0) & (ghi > 0)
    return {"lag_h": lag, "closure": closure, "sun_down_hours": int(down.sum()),
            "sun_down_kwh_m2": float(ghi[down].sum() / 1000.0)}


def irradiance_time_lag_h(weather: Weather) -> float:
    """Mean delay (h) of the hourly irradiance against the sun, see :func:`irradiance_consistency`."""
    return irradiance_consistency(weather)["lag_h"]
