"""A reproducible synthetic hourly weather year from monthly climate normals.

Method (details, sources and the calibration in ``docs/climate.md``):

1. **Sun**: hour means of sun position, extraterrestrial and Ineichen-Perez clear-sky irradiance (pvlib),
   see :func:`bldgagent.climate._sun.hourly_sun`.
2. **Daily clearness** ``K = H / H0``: a seeded Gaussian AR(1) series mapped through the distribution of
   daily clearness of Bendt P, Collares-Pereira M, Rabl A (1981) "The frequency distribution of daily
   insolation values", Solar Energy 27: 1-5 (exponential density on ``[0.05, K_max]``,
   ``K_max = 0.6313 + 0.267 Kbar - 11.9 (Kbar - 0.75)^8``), its spread narrowed by a calibrated factor,
   then scaled so that each month's global irradiation equals the normal exactly (days capped at 1.1 x
   clear sky and at the extraterrestrial value). Hours follow the clear-sky shape of the day.
3. **Diffuse / direct**: Erbs DG, Klein SA, Duffie JA (1982) Solar Energy 28: 293-302
   (:func:`pvlib.irradiance.erbs`), then diffuse scaled per month to the normal exactly (bounded so that
   the beam stays below 1.25 x the clear-sky beam), beam from closure ``DNI = (GHI - DHI) / cos z``.
4. **Temperature**: daily means = mean-preserving seasonal curve + AR(1) anomalies partly correlated with
   daily clearness, each month's anomalies rescaled to their expected spread (a "typical" year); daily
   range from the monthly mean range, larger on clear days; diurnal shape of Parton WJ, Logan JA (1981)
   "A model for diurnal variation in soil and air temperature", Agricultural Meteorology 23: 205-216
   (sine by day, exponential decay by night; minimum just after sunrise, maximum mid-afternoon) raised to
   a per-month power, plus small hour-scale AR(1) fluctuations; range and power are iterated so that the
   mean daily maximum and minimum match the normals, and the monthly mean is exact.
5. **Humidity**: dew point = monthly normal (exact monthly mean) + a calibrated share of the temperature
   anomaly + a per-month spread (independent noise, or a share of the diurnal swing) solved so that the
   monthly mean RH matches the normal too; never above the air temperature; RH by Magnus (Alduchov &
   Eskridge 1996).
6. **Wind**: monthly mean (exact) x gamma-distributed daily factor x afternoon-peaking diurnal factor.
   Direction is unknown (NaN). **Pressure**: standard atmosphere at the elevation
   (:func:`pvlib.atmosphere.alt2pres`). **Sky infrared**: Clark & Allen (1978) with cloud cover from the
   daily clear-sky index (Kasten & Czeplak 1980 form, refitted), see :mod:`bldgagent.climate.sky`.

The variability parameters (:data:`PARAMS`) were calibrated on six typical-year files (Haikou, Guangzhou,
Shanghai, Beijing CSWD; Denver TMY3; Aachen TMYx) with :func:`bldgagent.climate.stats.daily_variability`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputValueError
from ..model import Diagnostics
from ._interp import DAYS_IN_MONTH, MONTH_OF_DAY, daily_from_monthly, monthly_mean_of_daily
from ._sun import hour_ending_index, hourly_sun
from .epw import REFERENCE_YEAR
from .humidity import relative_humidity_pct
from .normals import Place, get_place
from .sky import cloud_cover_tenths, sky_infrared_w_m2
from .weather import WEATHER_COLUMNS, Weather

#: Variability parameters (docs/climate.md, "Calibration"). Fitted by least squares to the 72 months of six
#: typical-year files (Haikou, Guangzhou, Shanghai, Beijing CSWD; Denver TMY3; Aachen TMYx) with
#: :func:`bldgagent.climate.stats.daily_variability`, except the ``*_input`` / ``t_sd_scale`` /
#: ``t_hourly_*`` / ``range_noise`` generator settings, tuned so that the same statistics measured on
#: synthetic twins of those six files match the fitted values. ``season``: +1 mid-summer, -1 mid-winter.
PARAMS = {
    # sd of the daily-mean temperature anomaly (K) = a + b |lat| + c R - d season (R: monthly mean daily range)
    "t_sd_const_k": 0.355, "t_sd_per_lat_k": 0.047, "t_sd_per_range": 0.094, "t_sd_winter_k": 0.657,
    "t_sd_scale": 1.12,             # generator sd / fitted sd (compensates the removal of monthly means)
    "t_lag1": 0.60,                 # AR(1) coefficient of daily temperature anomalies (fitted 0.63)
    "corr_t_kt": 0.36, "corr_t_kt_season": 0.28,  # corr. of T anomaly and clearness = a + b season (fit 0.29)
    "range_slope": 0.61,            # d(range / mean range) / d(K / mean K)
    "range_noise": 0.15,            # sd of (range / mean range) not explained by clearness (see docs)
    "t_hourly_noise": 0.10,         # sd of hour-scale temperature fluctuations / mean daily range
    "t_hourly_lag1": 0.7,           # their hour-to-hour AR(1) coefficient
    "range_factor_max": 2.5,        # largest daily range / monthly mean range
    "kt_lag1_input": 0.55,          # AR(1) coefficient of the Gaussian series behind the clearness (fit 0.37)
    "kt_spread": 0.85,              # sd of daily clearness / sd of the Bendt et al. distribution (fitted)
    "dew_slope": 0.67, "dew_slope_season": -0.44,  # daily dew-point anomaly per K of temperature anomaly
    "dew_lag1": 0.45,               # AR(1) coefficient of the dew-point anomaly not explained by T
    "wind_cv": 0.38,                # coefficient of variation of daily mean wind speed
    "wind_lag1": 0.39,              # lag-1 autocorrelation of daily mean wind speed
    "wind_diurnal_amp": 0.28,       # half peak-to-peak diurnal wind amplitude / mean
    "wind_peak_solar_h": 15.0,      # solar hour of the diurnal wind maximum
}
#: Parton & Logan (1981), air temperature at 1.5 m: ``a`` (h) sets the lag of the maximum after solar noon,
#: ``c`` (h) the lag of the minimum after sunrise, ``b`` the nocturnal decay. The profile is then raised to a
#: power fitted per month so that the mean sits where the normals put it between mean min and mean max.
PARTON_LOGAN_A_H = 1.86
PARTON_LOGAN_C_H = -0.17
PARTON_LOGAN_B = 2.2
#: Linke turbidity used when neither the packaged table nor pvlib's climatology is available
#: (typical mid-latitude value, Remund et al. 2003).
DEFAULT_LINKE = 3.0
BENDT_K_MIN = 0.05
_MID_MONTH_H = (np.concatenate([[0], np.cumsum(DAYS_IN_MONTH)[:-1]]) + DAYS_IN_MONTH / 2.0) * 24.0


def _season(latitude_deg: float) -> np.ndarray:
    """Per day: +1 mid-summer, -1 mid-winter (hemisphere-aware), damped towards the equator (|lat| < 20)."""
    doy = np.arange(365) + 0.5
    s = -np.cos(2.0 * np.pi * (doy - 15.0) / 365.0)  # -1 mid-January, +1 mid-July
    if latitude_deg < 0:
        s = -s
    return s * min(1.0, abs(latitude_deg) / 20.0)


def _linear_recurrence(coef: np.ndarray, forcing: np.ndarray) -> np.ndarray:
    """``x[t] = coef[t] * x[t-1] + forcing[t]`` (``x[-1] = 0``) by a log2(n)-step parallel prefix scan."""
    x = np.asarray(forcing, dtype=float).copy()
    a = np.asarray(coef, dtype=float).copy()
    a[0] = 0.0
    shift = 1
    while shift < len(x):
        x[shift:] = x[shift:] + a[shift:] * x[:-shift]
        a[shift:] = a[shift:] * a[:-shift]
        shift *= 2
    return x


def _ar1(rng: np.random.Generator, n: int, phi) -> np.ndarray:
    """Gaussian AR(1) series with unit variance; ``phi`` a constant or one coefficient per step."""
    phi = np.broadcast_to(np.asarray(phi, dtype=float), (n,))
    e = rng.standard_normal(n) * np.sqrt(1.0 - phi**2)
    e[0] /= np.sqrt(1.0 - phi[0] ** 2)  # start in the stationary distribution
    return _linear_recurrence(phi, e)


def _bendt_params(kbar: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """K_max and exponent gamma of the Bendt et al. (1981) daily-clearness density for monthly means ``kbar``."""
    kbar = np.asarray(kbar, dtype=float)
    kmax = 0.6313 + 0.267 * kbar - 11.9 * (kbar - 0.75) ** 8
    kb = np.clip(kbar, BENDT_K_MIN + 0.01, kmax - 0.01)
    lo, hi = np.full_like(kb, -200.0), np.full_like(kb, 200.0)
    for _ in range(80):  # bisection on the mean of the truncated exponential (increasing in gamma)
        g = 0.5 * (lo + hi)
        mean = _bendt_mean(g, kmax)
        lo = np.where(mean < kb, g, lo)
        hi = np.where(mean >= kb, g, hi)
    return kmax, 0.5 * (lo + hi)


def _bendt_mean(g, kmax):
    span = kmax - BENDT_K_MIN
    gs = g * span
    small = np.abs(gs) < 1e-6
    gs_safe = np.where(small, 1.0, gs)
    # mean of K on [kmin, kmax] with density ~ exp(g K): kmin + span * (1/(1-exp(-gs)) - 1/gs)
    frac = np.where(small, 0.5, 1.0 / (-np.expm1(-gs_safe)) - 1.0 / gs_safe)
    return BENDT_K_MIN + span * frac


def _bendt_quantile(u, kmax, g):
    span = kmax - BENDT_K_MIN
    small = np.abs(g * span) < 1e-6
    g_safe = np.where(small, 1.0, g)
    # inverse CDF of the truncated exponential, written to stay finite for large |g|
    q = np.where(g_safe > 0,
                 kmax + np.log(u + (1.0 - u) * np.exp(-g_safe * span)) / g_safe,
                 BENDT_K_MIN + np.log1p(u * np.expm1(g_safe * span)) / g_safe)
    return np.where(small, BENDT_K_MIN + u * span, q)


def _fit_total(values, low, high, weights, target, groups, n_groups=12):
    """Per group, find f with sum(w * clip(f * v, low, high)) == target (bisection on f); returns the clipped
    values and a mask of groups whose target could not be reached (then the nearest bound is returned)."""
    f_lo = np.zeros(n_groups)
    f_hi = np.full(n_groups, 1.0)
    for _ in range(60):  # grow the upper bracket until it covers the target
        s = np.bincount(groups, weights * np.clip(f_hi[groups] * values, low, high), n_groups)
        need = s < target
        if not need.any():
            break
        f_hi = np.where(need, f_hi * 2.0, f_hi)
    for _ in range(60):
        f = 0.5 * (f_lo + f_hi)
        s = np.bincount(groups, weights * np.clip(f[groups] * values, low, high), n_groups)
        f_lo = np.where(s < target, f, f_lo)
        f_hi = np.where(s >= target, f, f_hi)
    out = np.clip(f_hi[groups] * values, low, high)
    total = np.bincount(groups, weights * out, n_groups)
    return out, np.abs(total - target) > 1e-6 * np.maximum(target, 1.0)


def _solar_time_h(latitude_deg, longitude_deg, tz_hours, index):
    """Solar time (h, continuous from the year start), sunrise and sunset (solar h) of each day."""
    import pvlib

    doy = np.arange(1, 366)
    eot_min = pvlib.solarposition.equation_of_time_spencer71(doy)
    decl = pvlib.solarposition.declination_spencer71(doy)
    cos_ws = np.clip(-np.tan(np.radians(latitude_deg)) * np.tan(decl), -1.0, 1.0)
    half_day_h = np.degrees(np.arccos(cos_ws)) / 15.0
    half_day_h = np.clip(half_day_h, 2.0, 10.0)  # polar day / night: keep a usable diurnal cycle
    clock_h = np.arange(1, 8761, dtype=float)  # hour-ending stamps, hours since Jan 1 00:00
    day_of_hour = np.minimum((clock_h - 1e-9) // 24, 364).astype(int)
    solar_h = clock_h + (longitude_deg - 15.0 * tz_hours) / 15.0 + eot_min[day_of_hour] / 60.0
    return solar_h, 12.0 - half_day_h, 12.0 + half_day_h


def _parton_logan_unit(solar_h, sunrise, sunset):
    """Parton & Logan (1981) diurnal shape with minimum 0 (at sunrise + c) and maximum 1 (at sunrise + c +
    (day length + 2a) / 2) every day: sine by day, exponential decay (coefficient b) by night, evaluated at
    solar times ``solar_h`` (h from the year start). Returns the profile and, per day, the solar times of the
    minimum and maximum (h from the year start)."""
    a, b, c = PARTON_LOGAN_A_H, PARTON_LOGAN_B, PARTON_LOGAN_C_H
    day = np.floor(solar_h / 24.0).astype(int)
    t = solar_h - 24.0 * day
    d = day % 365
    nxt, prv = (d + 1) % 365, (d - 1) % 365
    period = sunset - sunrise + 2.0 * a

    def daytime(k, tt):
        return np.sin(np.pi * (tt - sunrise[k] - c) / period[k])

    def night(k_set, k_min, n):
        z = 24.0 - sunset[k_set] + sunrise[k_min] + c  # night length down to the next minimum
        w = (np.exp(-b * n / z) - np.exp(-b)) / (-np.expm1(-b))
        return daytime(k_set, sunset[k_set]) * w

    out = daytime(d, t)
    out = np.where(t < sunrise[d] + c, night(prv, d, t + 24.0 - sunset[prv]), out)
    out = np.where(t > sunset[d], night(d, nxt, t - sunset[d]), out)
    days = 24.0 * np.arange(365)
    t_min = days + sunrise + c
    return np.clip(out, 0.0, 1.0), t_min, t_min + period / 2.0


def _periodic_interp(x, anchors, values):
    """Linear interpolation of daily ``values`` placed at ``anchors`` (h), periodic over the 8760-h year."""
    xp = np.concatenate([anchors[-1:] - 8760.0, anchors, anchors[:1] + 8760.0])
    fp = np.concatenate([values[-1:], values, values[:1]])
    return np.interp(x, xp, fp)


def _validate(place: Place) -> pd.DataFrame:
    m = place.monthly
    need = ["t_mean_c", "t_max_mean_c", "t_min_mean_c", "rh_mean_pct", "ghi_kwh_m2", "dhi_kwh_m2", "wind_mean_m_s",
            "dewpoint_mean_c"]
    missing = [c for c in need if c not in m.columns]
    if missing or len(m) != 12:
        raise InputValueError(f"place {place.name!r}: monthly normals need 12 rows and columns {need}; "
                              f"missing {missing or 'rows'}")
    m = m[need].astype(float)
    bad = m.isna().stack()
    if bad.any():
        (month, col) = bad[bad].index[0]
        raise InputValueError(f"place {place.name!r}: monthly normal {col} of month {month} is missing")
    if (m["t_max_mean_c"] < m["t_mean_c"]).any() or (m["t_min_mean_c"] > m["t_mean_c"]).any():
        raise InputValueError(f"place {place.name!r}: monthly t_max_mean_c >= t_mean_c >= t_min_mean_c must hold")
    if (m[["ghi_kwh_m2", "dhi_kwh_m2", "wind_mean_m_s"]] < 0).any().any() or (m["dhi_kwh_m2"] > m["ghi_kwh_m2"]).any():
        raise InputValueError(f"place {place.name!r}: monthly GHI, DHI and wind must be >= 0 and DHI <= GHI")
    return m


def _linke(place: Place, diagnostics: Diagnostics) -> tuple[float, ...]:
    if place.linke_turbidity is not None and len(place.linke_turbidity) == 12:
        return tuple(float(x) for x in place.linke_turbidity)
    try:
        import pvlib

        times = pd.DatetimeIndex([pd.Timestamp(2023, m, 15, 12) for m in range(1, 13)], tz="UTC")
        tl = pvlib.clearsky.lookup_linke_turbidity(times, place.latitude_deg, place.longitude_deg,
                                                   interp_turbidity=False)
        return tuple(float(x) for x in tl.to_numpy())
    except (ImportError, OSError, KeyError, ValueError) as exc:
        diagnostics.add("info", "linke_default", f"Linke turbidity climatology unavailable ({type(exc).__name__}); "
                        f"used {DEFAULT_LINKE} in every month (affects only the hourly shape of clear-sky irradiance)")
        return (DEFAULT_LINKE,) * 12


def synthetic_year(place: str | Place, seed: int = 0, year: int = REFERENCE_YEAR) -> Weather:
    """A synthetic hourly year (8760 h, hour-ending local standard time) matching a place's monthly normals.

    Monthly mean temperature, monthly global and diffuse horizontal irradiation, monthly mean dew point and
    wind speed equal the normals (to rounding); mean daily max / min match closely. The same ``seed`` gives
    the same year. ``place`` is a packaged place name (see :func:`list_places`) or a :class:`Place`.
    """
    import pvlib

    place, seed = _check_arguments(place, seed, year)
    normals = _validate(place)
    diagnostics = Diagnostics()
    lat, lon = float(place.latitude_deg), float(place.longitude_deg)
    tz = float(place.tz_hours)
    rng = np.random.Generator(np.random.PCG64(seed))  # draw order: clearness, temperature, humidity, wind
    index = hour_ending_index(year, tz)
    mgroup_h = MONTH_OF_DAY[np.arange(8760) // 24] - 1  # month (0-11) of each hour
    season = _season(lat)
    sun = hourly_sun(round(lat, 4), round(lon, 4), float(place.elevation_m), tz, int(year), _linke(place, diagnostics))
    ghi, kt, kc_day, z_kt = _daily_clearness(sun, normals, rng, diagnostics)
    dhi, dni = _diffuse_and_beam(ghi, sun, index, normals, mgroup_h, diagnostics)
    anomaly = _temperature_anomaly(normals, lat, season, z_kt, rng)
    solar_h, sunrise, sunset = _solar_time_h(lat, lon, tz, index)
    temp = _hourly_temperature(normals, anomaly, kt, solar_h, sunrise, sunset, rng, mgroup_h)
    dew, rh = _humidity(normals, temp, anomaly, season, rng, mgroup_h)
    wind = _wind(normals, solar_h, rng, mgroup_h)
    pressure = np.full(8760, float(pvlib.atmosphere.alt2pres(place.elevation_m)))
    ir = sky_infrared_w_m2(temp, dew, np.repeat(cloud_cover_tenths(kc_day), 24))

    frame = pd.DataFrame({
        "temp_air_c": temp, "temp_dew_c": dew, "relative_humidity_pct": rh, "pressure_pa": pressure,
        "ghi_w_m2": ghi, "dni_w_m2": dni, "dhi_w_m2": dhi, "ir_horizontal_w_m2": ir, "wind_speed_m_s": wind,
        "wind_dir_deg": np.full(8760, np.nan),
    }, index=index)[list(WEATHER_COLUMNS)]
    diagnostics.add("info", "wind_direction_unknown", "synthetic year: wind direction is not in the monthly normals "
                    "and is NaN")
    return Weather(
        data=frame, name=place.name, latitude_deg=lat, longitude_deg=lon, elevation_m=float(place.elevation_m),
        tz_hours=tz, source=f"synthetic: {place.name} ({place.dataset or 'normals'})", diagnostics=diagnostics,
        metadata={"format": "synthetic", "seed": seed, "year": int(year), "place": place.name, "wmo": place.wmo,
                  "dataset": place.dataset, "normals_source": place.source, "method": "bldgagent.climate.synthetic"},
    )


def _check_arguments(place: str | Place, seed, year: int) -> tuple[Place, int]:
    """The :class:`Place` and integer seed of a :func:`synthetic_year` call; InputValueError on bad input."""
    if isinstance(place, str):
        place = get_place(place)
    if not isinstance(place, Place):
        raise InputValueError(f"place must be a place name or a Place, got {type(place).__name__}")
    if pd.Timestamp(year, 1, 1).is_leap_year:
        raise InputValueError(f"year {year} is a leap year; give a non-leap year such as {REFERENCE_YEAR}")
    try:
        return place, int(seed)
    except (TypeError, ValueError):
        raise InputValueError(f"seed must be an integer, got {seed!r}") from None


def _daily_clearness(sun, normals: pd.DataFrame, rng: np.random.Generator, diagnostics: Diagnostics):
    """Steps 1-2: daily clearness index drawn from Bendt et al. (1981), scaled to the monthly GHI normal.

    Returns hourly GHI (W/m2), daily clearness ``kt``, daily clear-sky index and the Gaussian series behind
    ``kt`` (the temperature anomaly is correlated with it).
    """
    from scipy.special import ndtr

    h0_day = sun.extra_horizontal_w_m2.reshape(365, 24).sum(axis=1)
    clear_day = sun.clear_ghi_w_m2.reshape(365, 24).sum(axis=1)
    ghi_target = normals["ghi_kwh_m2"].to_numpy() * 1000.0
    h0_month = np.bincount(MONTH_OF_DAY - 1, h0_day, 12)
    kbar = np.divide(ghi_target, h0_month, out=np.zeros(12), where=h0_month > 0)
    kmax, gamma = _bendt_params(kbar)
    z_kt = _ar1(rng, 365, PARAMS["kt_lag1_input"])
    kt = _bendt_quantile(ndtr(z_kt), kmax[MONTH_OF_DAY - 1], gamma[MONTH_OF_DAY - 1])
    kt = kbar[MONTH_OF_DAY - 1] + PARAMS["kt_spread"] * (kt - kbar[MONTH_OF_DAY - 1])
    shape = np.divide(sun.clear_ghi_w_m2.reshape(365, 24), clear_day[:, None],
                      out=np.zeros((365, 24)), where=clear_day[:, None] > 0)
    # cap: the hourly GHI never exceeds the extraterrestrial value, nor 1.1 x the clear sky of the day
    ratio = np.divide(sun.extra_horizontal_w_m2.reshape(365, 24), shape * h0_day[:, None],
                      out=np.full((365, 24), np.inf), where=shape > 0)
    k_cap = np.minimum(ratio.min(axis=1), 1.1 * np.divide(clear_day, h0_day, out=np.zeros(365), where=h0_day > 0))
    kt, short = _fit_total(kt, 0.0, k_cap, h0_day, ghi_target, MONTH_OF_DAY - 1)
    if short.any():
        months = ", ".join(str(m + 1) for m in np.flatnonzero(short))
        diagnostics.add("warning", "ghi_capped", f"monthly GHI normal above what the clear sky allows in month(s) "
                        f"{months}: every day set to its cap, the monthly total falls short")
    ghi = ((kt * h0_day)[:, None] * shape).ravel()
    kc_day = np.divide(kt * h0_day, clear_day, out=np.ones(365), where=clear_day > 0)
    return ghi, kt, kc_day, z_kt


def _diffuse_and_beam(ghi, sun, index, normals: pd.DataFrame, mgroup_h, diagnostics: Diagnostics):
    """Step 3: hourly DHI from Erbs et al. (1982), scaled to the monthly DHI normal within physical bounds;
    DNI closes GHI = DHI + DNI cos(zenith). Returns (dhi, dni) in W/m2."""
    import pvlib

    cosz = sun.cos_zenith
    erbs = pvlib.irradiance.erbs(ghi, sun.zenith_deg, index.day_of_year.to_numpy())
    dhi0 = np.asarray(erbs["dhi"], dtype=float)
    low_sun = cosz < 0.02
    # beam at most 1.25 x the clear-sky beam (and 0.9 x extraterrestrial): the normals' diffuse comes first
    dni_max = np.minimum(1.25 * sun.clear_dni_w_m2, 0.9 * sun.extra_normal_w_m2)
    dhi_low = np.where(low_sun, ghi, np.maximum(ghi - dni_max * cosz, 0.0))
    dhi_target = normals["dhi_kwh_m2"].to_numpy() * 1000.0
    dhi, dshort = _fit_total(dhi0, dhi_low, ghi, np.ones(8760), dhi_target, mgroup_h)
    if dshort.any():
        months = ", ".join(str(m + 1) for m in np.flatnonzero(dshort))
        diagnostics.add("info", "dhi_bounded", f"monthly DHI normal outside the physically bounded range in "
                        f"month(s) {months}: nearest bound used")
    dni = np.where(low_sun, 0.0, (ghi - dhi) / np.where(low_sun, 1.0, cosz))
    return dhi, dni


def _temperature_anomaly(normals: pd.DataFrame, lat: float, season, z_kt, rng: np.random.Generator) -> np.ndarray:
    """Step 4a: daily-mean temperature anomaly (K), AR(1), correlated with the clearness series, zero monthly
    mean and rescaled to each month's expected spread (:data:`PARAMS`)."""
    p = PARAMS
    range_target = (normals["t_max_mean_c"] - normals["t_min_mean_c"]).to_numpy()
    sd_month = p["t_sd_scale"] * (p["t_sd_const_k"] + p["t_sd_per_lat_k"] * abs(lat)
                                  + p["t_sd_per_range"] * range_target)
    sd_day = np.maximum(daily_from_monthly(sd_month) - p["t_sd_scale"] * p["t_sd_winter_k"] * season, 0.1)
    rho = np.clip(p["corr_t_kt"] + p["corr_t_kt_season"] * season, -0.95, 0.95)
    phi_e = np.clip((p["t_lag1"] - rho**2 * p["kt_lag1_input"]) / (1.0 - rho**2), 0.0, 0.98)
    eps = _ar1(rng, 365, phi_e)  # AR(1) with a day-varying coefficient, unit variance
    anomaly = sd_day * (rho * z_kt + np.sqrt(1.0 - rho**2) * eps)
    anomaly -= daily_from_monthly(monthly_mean_of_daily(anomaly))  # no drift of monthly means
    # a typical year: rescale each month's anomalies to their expected spread (smoothly across months)
    realised_sd = np.sqrt(monthly_mean_of_daily(anomaly**2))
    expected_sd = np.sqrt(monthly_mean_of_daily(sd_day**2))
    scale = np.divide(expected_sd, realised_sd, out=np.ones(12), where=realised_sd > 0)
    anomaly *= _periodic_interp(np.arange(365) * 24.0 + 12.0, _MID_MONTH_H, scale)
    return anomaly


def _hourly_temperature(normals: pd.DataFrame, anomaly, kt, solar_h, sunrise, sunset, rng: np.random.Generator,
                        mgroup_h) -> np.ndarray:
    """Step 4b: hourly air temperature (degC): Parton & Logan (1981) daily profile whose range follows the
    clearness, fitted so monthly mean, mean daily max and mean daily min meet the normals."""
    p = PARAMS
    t_mean = normals["t_mean_c"].to_numpy()
    range_target = (normals["t_max_mean_c"] - normals["t_min_mean_c"]).to_numpy()
    frac_target = np.divide(t_mean - normals["t_min_mean_c"].to_numpy(), range_target,
                            out=np.full(12, 0.5), where=range_target > 0)
    kt_month_mean = monthly_mean_of_daily(kt)
    kt_rel = kt / np.maximum(kt_month_mean[MONTH_OF_DAY - 1], 1e-6)
    range_noise = rng.standard_normal(365)
    range_factor = np.clip(1.0 + p["range_slope"] * (kt_rel - 1.0) + p["range_noise"] * range_noise, 0.2,
                           p["range_factor_max"])
    hourly_noise = _ar1(rng, 8760, p["t_hourly_lag1"]) * p["t_hourly_noise"] * np.repeat(
        daily_from_monthly(range_target), 24)
    mu_day = daily_from_monthly(t_mean) + anomaly

    unit, t_min_h, t_max_h = _parton_logan_unit(solar_h, sunrise, sunset)
    range_in = range_target.copy()
    power = np.ones(12)  # exponent of the unit profile: > 1 keeps the day nearer its minimum
    for _ in range(8):  # fixed-point iterations on the monthly range and profile exponent
        r_day = np.maximum(daily_from_monthly(range_in), 0.0) * range_factor
        tmin = mu_day - frac_target[MONTH_OF_DAY - 1] * r_day
        low = _periodic_interp(solar_h, t_min_h, tmin)
        span = _periodic_interp(solar_h, t_max_h, r_day)
        temp = low + span * unit ** power[mgroup_h] + hourly_noise
        temp += np.repeat(daily_from_monthly(t_mean - _monthly_mean_hourly(temp, mgroup_h)), 24)
        tday = temp.reshape(365, 24)
        max_m = monthly_mean_of_daily(tday.max(axis=1))
        min_m = monthly_mean_of_daily(tday.min(axis=1))
        r_out = np.maximum(max_m - min_m, 1e-3)
        range_in = range_in * np.clip(range_target / r_out, 0.5, 2.0)
        power = np.clip(power * np.exp(4.0 * ((t_mean - min_m) / r_out - frac_target)), 0.2, 6.0)
    temp += np.repeat(daily_from_monthly(t_mean - _monthly_mean_hourly(temp, mgroup_h)), 24)
    return temp


def _humidity(normals: pd.DataFrame, temp, anomaly, season, rng: np.random.Generator, mgroup_h):
    """Step 5: hourly dew point (degC) and relative humidity (%) meeting the monthly mean dew point and mean
    RH normals; the dew-point spread per month is found by bisection (mean RH rises with it)."""
    p = PARAMS
    dew_mean = normals["dewpoint_mean_c"].to_numpy()
    rh_target = normals["rh_mean_pct"].to_numpy()
    dew_slope = p["dew_slope"] + p["dew_slope_season"] * season
    x_hour = np.arange(8760) + 0.5
    x_day = np.arange(365) * 24.0 + 12.0
    dew_base = np.interp(x_hour, x_day, daily_from_monthly(dew_mean) + dew_slope * anomaly, period=8760.0)
    dew_noise = np.interp(x_hour, x_day, _ar1(rng, 365, p["dew_lag1"]), period=8760.0)
    temp_dev = temp - np.repeat(temp.reshape(365, 24).mean(axis=1), 24)  # diurnal deviation of the air

    def humidity(spread, iterations=6):
        # spread > 0: K of dew-point noise independent of temperature (raises mean RH);
        # spread < 0: share of the diurnal temperature swing the dew point follows (lowers mean RH)
        dew_h = (dew_base + np.maximum(spread, 0.0)[mgroup_h] * dew_noise
                 + np.clip(-spread, 0.0, 1.0)[mgroup_h] * temp_dev)
        for _ in range(iterations):  # exact monthly mean dew point while staying at or below the air temperature
            dew_h = np.minimum(dew_h, temp)
            error = dew_mean - _monthly_mean_hourly(dew_h, mgroup_h)
            dew_h = dew_h + error[mgroup_h]
            if np.abs(error).max() < 1e-10:
                break
        dew_h = np.minimum(dew_h, temp)
        rh_h = relative_humidity_pct(temp, dew_h)
        return dew_h, rh_h, _monthly_mean_hourly(rh_h, mgroup_h)

    # the spread is set per month so that the mean RH meets the normal as well as the mean dew point
    # (mean RH rises with the spread); bisection, all months at once
    lo, hi = np.full(12, -1.0), np.full(12, 10.0)
    for _ in range(20):
        mid = 0.5 * (lo + hi)
        rh_month = humidity(mid)[2]
        lo = np.where(rh_month < rh_target, mid, lo)
        hi = np.where(rh_month >= rh_target, mid, hi)
    dew, rh, _ = humidity(0.5 * (lo + hi), iterations=100)
    return dew, rh


def _wind(normals: pd.DataFrame, solar_h, rng: np.random.Generator, mgroup_h) -> np.ndarray:
    """Step 6: hourly wind speed (m/s): gamma-distributed daily means (AR(1) Gaussian copula) with a diurnal
    cosine peaking at :data:`PARAMS` ``wind_peak_solar_h``, scaled to the monthly mean normal."""
    from scipy.special import gammaincinv, ndtr

    p = PARAMS
    cv = p["wind_cv"]
    shape_k = 1.0 / cv**2  # gamma distribution with mean 1 and the calibrated coefficient of variation
    z_w = _ar1(rng, 365, p["wind_lag1"])
    wind_day = gammaincinv(shape_k, np.clip(ndtr(z_w), 1e-9, 1 - 1e-9)) / shape_k
    diurnal = 1.0 + p["wind_diurnal_amp"] * np.cos(2.0 * np.pi * (solar_h - p["wind_peak_solar_h"]) / 24.0)
    wind = np.repeat(wind_day, 24) * diurnal
    wind_mean = normals["wind_mean_m_s"].to_numpy()
    realised = _monthly_mean_hourly(wind, mgroup_h)
    return wind * np.divide(wind_mean, realised, out=np.zeros(12), where=realised > 0)[mgroup_h]


def _monthly_mean_hourly(values: np.ndarray, month_group: np.ndarray) -> np.ndarray:
    return np.bincount(month_group, values, 12) / (DAYS_IN_MONTH * 24.0)
