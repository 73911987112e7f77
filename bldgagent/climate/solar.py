"""Sun position and irradiance on building surfaces, vectorised over surfaces x hours (pvlib inside).

Conventions (as :mod:`bldgagent.model`): azimuth is the compass bearing of the surface's *outward* normal in
degrees clockwise from true north (0 N, 90 E, 180 S, 270 W; the same convention as pvlib's
``surface_azimuth``); tilt is degrees from horizontal (0 faces the sky, 90 is a wall, 180 faces the ground).

Method
- Sun position: :func:`pvlib.solarposition.get_solarposition` (NREL SPA, Reda & Andreas 2004) at the middle
  of each hour-ending weather interval (:meth:`Weather.mid_hour_times`), with the site's elevation and the
  hour's air temperature and pressure for refraction. Cached per :class:`Weather` object.
- Sky diffuse: Perez et al. (1990) anisotropic model, ``allsitescomposite1990`` coefficients
  (:func:`pvlib.irradiance.perez`) with extraterrestrial normal irradiance
  (:func:`pvlib.irradiance.get_extra_radiation`) and Kasten-Young (1989) relative air mass. In the few
  sunrise/sunset hours whose mid-hour sun is below the horizon (air mass undefined) while the file still
  reports diffuse light, the isotropic sky is used so no measured energy is dropped.
- Ground reflected: isotropic, ``albedo * GHI * (1 - cos tilt) / 2`` (:func:`pvlib.irradiance.get_ground_diffuse`).
- Beam: ``DNI * <max(cos AOI, 0)>`` where ``<.>`` is the mean over four instants spread evenly through the
  hour (7.5, 22.5, 37.5, 52.5 min), counting only instants with the sun above the horizon. DNI is an hour
  mean, so the hour-mean projection is the consistent factor; using the mid-hour sun alone over-counts the
  beam in sunrise and sunset hours (Denver TMY3: horizontal 1672 instead of 1669.5 kWh/m2 against a file
  GHI of 1670). ``aoi_deg`` is still reported at mid-hour (used for angular window transmittance).

Caching: sun position (mid-hour and the beam sub-hour samples) and the irradiance rows of every distinct
(tilt, azimuth, albedo) are computed once per :class:`Weather` object and kept on it (:func:`irradiance_rows`);
the thermal engine asks for the unique orientations of all zones, surfaces and windows in one call.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._cache import LRUCache, weather_fingerprint
from ..errors import InputValueError, WeatherFileError
from .weather import Weather

__all__ = ["SurfaceIrradiance", "hour_mean_beam_projection", "irradiance_rows", "solar_position",
           "sky_temperature_c", "surface_irradiance"]

#: Stefan-Boltzmann constant, W/(m2 K4) (CODATA 2018).
STEFAN_BOLTZMANN = 5.670374419e-8

#: Sun positions, sun vectors and irradiance rows per weather year, keyed by its content
#: (:func:`bldgagent._cache.weather_fingerprint`), never stored on the Weather.
_POSITIONS = LRUCache("solar.positions", 8)
_SUN_VECTORS = LRUCache("solar.sun_vectors", 8)
_IRRADIANCE = LRUCache("solar.irradiance", 8)
#: Sub-hour instants (fractions of the hour) averaged for the beam projection.
_BEAM_SAMPLES = (0.125, 0.375, 0.625, 0.875)


def _cache_key(weather: Weather) -> str:
    return weather_fingerprint(weather)


def solar_position(weather: Weather) -> pd.DataFrame:
    """Sun position at the middle of each weather hour.

    Returns a DataFrame indexed like ``weather.data`` (hour-ending stamps) with ``apparent_zenith_deg``,
    ``zenith_deg``, ``elevation_deg``, ``azimuth_deg`` (compass, clockwise from north), ``dni_extra_w_m2``
    and ``airmass_relative`` (NaN when the sun is below the horizon). Computed once per weather year
    (cached by the weather's content: equal years share it, a changed one gets its own).
    """
    import pvlib  # deferred: pvlib (and the scipy and HTTP stack it imports) loads on first use
    key = _cache_key(weather)
    cached = _POSITIONS.get(key)
    if cached is not None:
        return cached
    times = weather.mid_hour_times()
    if not isinstance(times, pd.DatetimeIndex) or times.tz is None:
        raise WeatherFileError(
            f"weather {weather.name!r}: the index must be a tz-aware DatetimeIndex in local standard time "
            "(see bldgagent.climate.weather.Weather)")
    data = weather.data
    temp = data["temp_air_c"].to_numpy(dtype=float) if "temp_air_c" in data else 12.0
    if "pressure_pa" in data and np.isfinite(data["pressure_pa"].to_numpy(dtype=float)).all():
        pressure = data["pressure_pa"].to_numpy(dtype=float)
    else:
        pressure = pvlib.atmosphere.alt2pres(weather.elevation_m)
    pos = pvlib.solarposition.get_solarposition(
        times, weather.latitude_deg, weather.longitude_deg, altitude=weather.elevation_m,
        pressure=pressure, temperature=temp)
    app_zen = pos["apparent_zenith"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        airmass = pvlib.atmosphere.get_relative_airmass(app_zen, model="kastenyoung1989")
    airmass = np.asarray(airmass, dtype=float)
    airmass = np.where(app_zen < 90.0, airmass, np.nan)
    out = pd.DataFrame(
        {
            "apparent_zenith_deg": app_zen,
            "zenith_deg": pos["zenith"].to_numpy(dtype=float),
            "elevation_deg": pos["apparent_elevation"].to_numpy(dtype=float),
            "azimuth_deg": pos["azimuth"].to_numpy(dtype=float),
            "dni_extra_w_m2": np.asarray(pvlib.irradiance.get_extra_radiation(times), dtype=float),
            "airmass_relative": airmass,
        },
        index=data.index,
    )
    return _POSITIONS.put(key, out)


def _sun_vectors(weather: Weather) -> np.ndarray:
    """Unit vectors towards the sun (east, north, up) at the sub-hour samples, shape (n_samples, 3, n_hours);
    zero where the sun is below the horizon. Cached by the weather's content."""
    import pvlib  # deferred: pvlib (and the scipy and HTTP stack it imports) loads on first use
    key = _cache_key(weather)
    cached = _SUN_VECTORS.get(key)
    if cached is not None:
        return cached
    out = np.zeros((len(_BEAM_SAMPLES), 3, len(weather.data)))
    end = weather.data.index
    for k, frac in enumerate(_BEAM_SAMPLES):
        times = end - pd.Timedelta(seconds=3600.0 * (1.0 - frac))
        pos = pvlib.solarposition.get_solarposition(
            times, weather.latitude_deg, weather.longitude_deg, altitude=weather.elevation_m)
        zen = np.radians(pos["apparent_zenith"].to_numpy(dtype=float))
        azi = np.radians(pos["azimuth"].to_numpy(dtype=float))
        up = zen < np.pi / 2
        out[k, 0] = np.where(up, np.sin(zen) * np.sin(azi), 0.0)
        out[k, 1] = np.where(up, np.sin(zen) * np.cos(azi), 0.0)
        out[k, 2] = np.where(up, np.cos(zen), 0.0)
    return _SUN_VECTORS.put(key, out)


def _normals(tilt: np.ndarray, az: np.ndarray) -> np.ndarray:
    """Outward unit normals (east, north, up), shape (n, 3)."""
    t, a = np.radians(tilt), np.radians(az)
    return np.stack([np.sin(t) * np.sin(a), np.sin(t) * np.cos(a), np.cos(t)], axis=1)


def hour_mean_beam_projection(weather: Weather, tilt_deg, azimuth_deg) -> np.ndarray:
    """Hour-mean of ``max(cos AOI, 0)`` with the sun up, shape (n_surfaces, n_hours); see module docstring."""
    tilt, az = _surface_arrays(tilt_deg, azimuth_deg)
    vec = _sun_vectors(weather)
    normals = _normals(tilt, az)
    proj = np.einsum("sc,kch->skh", normals, vec)
    return np.clip(proj, 0.0, None).mean(axis=1)


@dataclass
class SurfaceIrradiance:
    """Hourly irradiance on a set of surfaces, W/m2, arrays shaped ``(n_surfaces, n_hours)``.

    ``direct`` (beam on the plane), ``sky_diffuse`` (Perez), ``ground`` (ground-reflected) and
    ``aoi_deg`` (angle of incidence of the beam; 90 or more when the sun is behind the plane or below the
    horizon). ``total`` = direct + sky_diffuse + ground.
    """

    tilt_deg: np.ndarray
    azimuth_deg: np.ndarray
    direct: np.ndarray
    sky_diffuse: np.ndarray
    ground: np.ndarray
    aoi_deg: np.ndarray
    index: pd.DatetimeIndex

    @property
    def total(self) -> np.ndarray:
        return self.direct + self.sky_diffuse + self.ground

    @property
    def diffuse(self) -> np.ndarray:
        """Sky-diffuse plus ground-reflected, W/m2."""
        return self.sky_diffuse + self.ground

    def annual_kwh_m2(self) -> np.ndarray:
        """Annual incident irradiation per surface, kWh/m2 (hourly means summed over the hours)."""
        return self.total.sum(axis=1) / 1000.0

    def to_frame(self, surface: int = 0) -> pd.DataFrame:
        """Hourly components of one surface as a DataFrame (W/m2, degrees)."""
        return pd.DataFrame({
            "direct_w_m2": self.direct[surface], "sky_diffuse_w_m2": self.sky_diffuse[surface],
            "ground_w_m2": self.ground[surface], "total_w_m2": self.total[surface],
            "aoi_deg": self.aoi_deg[surface]}, index=self.index)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tilt_deg": [float(x) for x in self.tilt_deg],
            "azimuth_deg": [float(x) for x in self.azimuth_deg],
            "annual_kwh_m2": [float(x) for x in self.annual_kwh_m2()],
        }

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{t:.0f}</td><td>{a:.0f}</td><td>{e:.0f}</td></tr>"
            for t, a, e in zip(self.tilt_deg, self.azimuth_deg, self.annual_kwh_m2()))
        return ("<table><tr><th>tilt deg</th><th>azimuth deg</th><th>annual kWh/m2</th></tr>"
                f"{rows}</table>")


def _surface_arrays(tilt_deg, azimuth_deg) -> tuple[np.ndarray, np.ndarray]:
    tilt = np.atleast_1d(np.asarray(tilt_deg, dtype=float)).ravel()
    az = np.atleast_1d(np.asarray(azimuth_deg, dtype=float)).ravel()
    if az.size == 1 and tilt.size > 1:
        az = np.full_like(tilt, az[0])
    if tilt.size == 1 and az.size > 1:
        tilt = np.full_like(az, tilt[0])
    if tilt.size != az.size:
        raise InputValueError(f"tilt_deg ({tilt.size} values) and azimuth_deg ({az.size}) must have the same length")
    if not np.isfinite(tilt).all() or (tilt < 0).any() or (tilt > 180).any():
        raise InputValueError(f"tilt_deg must lie in 0..180 degrees from horizontal, got {tilt.tolist()}")
    if not np.isfinite(az).all():
        raise InputValueError(f"azimuth_deg must be finite compass bearings, got {az.tolist()}")
    return tilt, az % 360.0


def _compute_irradiance(weather: Weather, tilt: np.ndarray, az: np.ndarray, albedo: float):
    """Uncached (direct, sky_diffuse, ground, aoi_deg), each shaped (n_surfaces, n_hours)."""
    import pvlib  # deferred: pvlib (and the scipy and HTTP stack it imports) loads on first use
    pos = solar_position(weather)
    data = weather.data
    for col in ("ghi_w_m2", "dni_w_m2", "dhi_w_m2"):
        if col not in data:
            raise WeatherFileError(f"weather {weather.name!r} lacks column {col}; read it with bldgagent.climate")
    ghi = np.clip(np.nan_to_num(data["ghi_w_m2"].to_numpy(dtype=float)), 0.0, None)
    dni = np.clip(np.nan_to_num(data["dni_w_m2"].to_numpy(dtype=float)), 0.0, None)
    dhi = np.clip(np.nan_to_num(data["dhi_w_m2"].to_numpy(dtype=float)), 0.0, None)
    zen = pos["apparent_zenith_deg"].to_numpy()
    sazi = pos["azimuth_deg"].to_numpy()
    am = pos["airmass_relative"].to_numpy()
    up = zen < 90.0

    t2 = tilt[:, None]
    a2 = az[:, None]
    cos_aoi = pvlib.irradiance.aoi_projection(t2, a2, zen[None, :], sazi[None, :])
    cos_aoi = np.clip(cos_aoi, -1.0, 1.0)
    aoi = np.degrees(np.arccos(cos_aoi))
    direct = dni[None, :] * hour_mean_beam_projection(weather, tilt, az)

    with np.errstate(invalid="ignore", divide="ignore"):
        sky = pvlib.irradiance.perez(t2, a2, dhi[None, :], dni[None, :], pos["dni_extra_w_m2"].to_numpy()[None, :],
                                     zen[None, :], sazi[None, :], am[None, :])
    sky = np.asarray(sky, dtype=float)
    iso = dhi[None, :] * 0.5 * (1.0 + np.cos(np.radians(t2)))
    # sun below the horizon at mid-hour (air mass undefined) or a degenerate Perez bin: isotropic sky
    fallback = (~np.isfinite(sky)) | (np.isnan(am)[None, :] & (dhi[None, :] > 0.0))
    sky = np.where(fallback, iso, sky)
    sky = np.broadcast_to(sky, direct.shape).copy()
    ground = np.asarray(pvlib.irradiance.get_ground_diffuse(t2, ghi[None, :], albedo=albedo), dtype=float)
    ground = np.broadcast_to(ground, direct.shape).copy()
    aoi = np.where(up[None, :], aoi, 90.0)
    return direct, sky, ground, aoi


def _orientation_key(tilt: float, az: float, albedo: float) -> tuple:
    return (round(float(tilt), 6), round(float(az) % 360.0, 6), round(float(albedo), 9))


def irradiance_rows(weather: Weather, tilt_deg, azimuth_deg, albedo: float = 0.2) -> list[tuple]:
    """Per surface ``(direct, sky_diffuse, ground, aoi_deg)`` 1-D hourly arrays (read-only), as
    :func:`surface_irradiance` computes them, cached per weather (by content) and distinct orientation (tilt and
    azimuth rounded to 1e-6 degree) and albedo: the sun position and the Perez transposition run once per
    orientation and weather year, however many zones and surfaces share it."""
    if not (0.0 <= float(albedo) <= 1.0):
        raise InputValueError(f"albedo must lie in 0..1, got {albedo}")
    tilt, az = _surface_arrays(tilt_deg, azimuth_deg)
    store = _IRRADIANCE.get_or_compute(_cache_key(weather), dict)
    keys = [_orientation_key(t, a, albedo) for t, a in zip(tilt, az)]
    missing = list(dict.fromkeys(k for k in keys if k not in store))
    if missing:
        arr = np.array([(k[0], k[1]) for k in missing], dtype=float)
        comps = _compute_irradiance(weather, arr[:, 0], arr[:, 1], float(albedo))
        for i, k in enumerate(missing):
            rows = tuple(np.ascontiguousarray(c[i]) for c in comps)
            for r in rows:
                r.setflags(write=False)
            store[k] = rows
    return [store[k] for k in keys]


def surface_irradiance(weather: Weather, tilt_deg, azimuth_deg, albedo: float = 0.2) -> SurfaceIrradiance:
    """Irradiance on surfaces of given tilts and azimuths (arrays or scalars), W/m2, (n_surfaces, n_hours).

    Perez (1990) sky diffuse, isotropic ground reflection with ``albedo`` (0-1), beam on the plane from
    DNI; sun position at mid-hour (see module docstring). Rows are cached per weather (by content) and orientation
    (:func:`irradiance_rows`); the returned arrays are fresh copies.
    """
    tilt, az = _surface_arrays(tilt_deg, azimuth_deg)
    rows = irradiance_rows(weather, tilt, az, albedo)
    direct, sky, ground, aoi = (np.stack([r[i] for r in rows]) for i in range(4))
    return SurfaceIrradiance(tilt, az, direct, sky, ground, aoi, weather.data.index)


def sky_temperature_c(weather: Weather) -> np.ndarray:
    """Effective sky temperature, deg C, from horizontal infrared radiation: ``(IR / sigma) ** 0.25``.

    Where ``ir_horizontal_w_m2`` is missing (NaN) the sky is taken 11 K below the air temperature, the
    ISO 13790:2008 (11.4.6) mean sky-air temperature difference for intermediate zones.
    """
    temp = weather.data["temp_air_c"].to_numpy(dtype=float)
    if "ir_horizontal_w_m2" in weather.data:
        ir = weather.data["ir_horizontal_w_m2"].to_numpy(dtype=float)
    else:
        ir = np.full_like(temp, np.nan)
    with np.errstate(invalid="ignore"):
        t_sky = (np.clip(ir, 0.0, None) / STEFAN_BOLTZMANN) ** 0.25 - 273.15
    ok = np.isfinite(ir) & (ir > 50.0)
    return np.where(ok, t_sky, temp - 11.0)
