"""Hour-mean sun geometry and clear-sky irradiance for a hour-ending weather year (pvlib underneath).

Each hour is sampled at ``SUBSTEPS`` evenly spaced instants (the middles of equal sub-intervals) and
averaged, so sunrise and sunset hours get their partial share of irradiance and the hour means are
consistent with the EPW definition (energy received during the hour ending at the stamp).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

SUBSTEPS = 6


def hour_ending_index(year: int, tz_hours: float) -> pd.DatetimeIndex:
    """8760 hour-ending stamps of a non-leap ``year`` at a fixed UTC offset: Jan 1 01:00 ... Jan 1 (+1 y) 00:00."""
    tz = dt.timezone(dt.timedelta(hours=float(tz_hours)))
    return pd.date_range(pd.Timestamp(year, 1, 1, 1), periods=8760, freq="h", tz=tz)


@dataclass(frozen=True)
class HourlySun:
    """Hour means over a year (8760 values each); irradiances in W/m2."""

    cos_zenith: np.ndarray          # mean of max(cos z, 0) over the hour
    zenith_deg: np.ndarray          # arccos of cos_zenith (90 when the sun stays down)
    extra_normal_w_m2: np.ndarray   # extraterrestrial normal irradiance
    extra_horizontal_w_m2: np.ndarray
    clear_ghi_w_m2: np.ndarray
    clear_dni_w_m2: np.ndarray
    clear_dhi_w_m2: np.ndarray
    sunup_start: np.ndarray         # sun above the horizon at the start / end of the hour (booleans)
    sunup_end: np.ndarray


@lru_cache(maxsize=32)
def hourly_sun(latitude_deg: float, longitude_deg: float, elevation_m: float, tz_hours: float, year: int,
               linke_turbidity: tuple[float, ...]) -> HourlySun:
    """Hour-mean sun position and Ineichen-Perez clear sky (pvlib) with monthly Linke turbidity (12 values).

    Solar position: :func:`pvlib.solarposition.ephemeris`; extraterrestrial irradiance:
    :func:`pvlib.irradiance.get_extra_radiation` (Spencer 1971); clear sky:
    :func:`pvlib.clearsky.ineichen` (Ineichen P, Perez R (2002) Solar Energy 73: 151-157) with the
    Kasten-Young (1989) air mass. Cached: a second call for the same place and year is free.
    """
    import pvlib  # deferred: pvlib (and the scipy and HTTP stack it imports) loads on first use

    tz = hour_ending_index(year, tz_hours).tz
    step = pd.Timedelta(hours=1) / SUBSTEPS
    # row i of the (8760, SUBSTEPS) reshape covers the hour ending at Jan 1 00:00 + (i + 1) h
    times = pd.date_range(pd.Timestamp(year, 1, 1) + step / 2, periods=8760 * SUBSTEPS, freq=step, tz=tz)
    pressure = pvlib.atmosphere.alt2pres(elevation_m)
    sp = pvlib.solarposition.ephemeris(times, latitude_deg, longitude_deg, pressure=pressure)
    # true (geometric) zenith throughout, so that clear-sky GHI never exceeds the extraterrestrial value
    zen = sp["zenith"].to_numpy()
    e0 = np.asarray(pvlib.irradiance.get_extra_radiation(times), dtype=float)
    tl = np.asarray(linke_turbidity, dtype=float)[times.month - 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        am_rel = pvlib.atmosphere.get_relative_airmass(zen, model="kastenyoung1989")
        am_abs = pvlib.atmosphere.get_absolute_airmass(am_rel, pressure)
        cs = pvlib.clearsky.ineichen(zen, am_abs, tl, altitude=elevation_m, dni_extra=e0)
    shape = (8760, SUBSTEPS)
    cosz = np.clip(np.cos(np.radians(zen)), 0.0, None).reshape(shape)

    def mean(x):
        return np.nan_to_num(np.asarray(x, dtype=float), nan=0.0).reshape(shape).mean(axis=1)

    cos_mean = cosz.mean(axis=1)
    up = cosz > 0.0  # sun state near the start / end of each hour (first / last sub-sample)
    return HourlySun(
        cos_zenith=cos_mean,
        zenith_deg=np.degrees(np.arccos(np.clip(cos_mean, 0.0, 1.0))),
        extra_normal_w_m2=e0.reshape(shape).mean(axis=1),
        extra_horizontal_w_m2=(e0.reshape(shape) * cosz).mean(axis=1),
        clear_ghi_w_m2=mean(cs["ghi"]),
        clear_dni_w_m2=mean(cs["dni"]),
        clear_dhi_w_m2=mean(cs["dhi"]),
        sunup_start=up[:, 0],
        sunup_end=up[:, -1],
    )
