"""Repairs of weather-file irradiance that contradicts the sun: late stamping and components that do not close.

Two faults are common in typical-year files made from modelled radiation, notably the Chinese Standard
Weather Data (CSWD) EPW files (``docs/climate.md``, "Irradiance repairs"):

- **Late stamping.** The hourly radiation runs behind the sun (CSWD: +0.5 to +1.3 h against the EPW
  hour-ending convention; ``../shared/reference/README.md`` notes the same). :func:`retime_irradiance` moves
  GHI, DNI and DHI earlier by the measured lag (:func:`bldgagent.climate.stats.irradiance_consistency`,
  ``lag_h``) by linear interpolation in time over the periodic year, which keeps the annual totals exactly and
  the monthly totals to within the few night-time hours at month ends (none: radiation is zero at midnight).
- **No closure.** ``DHI + DNI cos z`` falls short of GHI (CSWD: 90-98 % over the year). The CSWD DNI follows
  the sun at the stamp in the morning but an ever earlier (higher) sun in the afternoon, up to an hour and
  more before sunset: it is the derived column, while GHI is what the stations' records and the climate
  normals are built on. :func:`close_irradiance` keeps GHI and DHI and derives ``DNI = (GHI - DHI) / <cos z>``
  with the hour-mean sun projection the thermal engine uses for a horizontal surface
  (:func:`bldgagent.climate.solar.hour_mean_beam_projection`), so a roof receives the file's GHI. DNI is capped
  at the Ineichen-Perez clear-sky DNI of a clean, dry atmosphere (Linke turbidity :data:`CAP_LINKE_TURBIDITY`;
  Ineichen P, Perez R (2002) Solar Energy 73: 151-157, :func:`pvlib.clearsky.ineichen`), an upper bound real
  skies rarely exceed; the beam above the cap, and any beam while the sun is down, becomes diffuse, so GHI is
  kept in every hour.

The same choice of two components out of three is what other tools let users make (e.g. NREL SAM reads "GHI
and DHI", "DNI and DHI" or "GHI and DNI"); EnergyPlus uses DNI and DHI as written. :func:`bldgagent.climate.
read_epw` reads the file as written by default (``irradiance="file"``, the convention of the field) and warns
with the computed effect of the repairs on facade irradiation; with ``irradiance="repair"`` (alias ``"auto"``)
it applies both repairs when the checks fail and records each in a diagnostic and in
``metadata["irradiance_repairs"]``.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from ..errors import InputValueError
from ..model import Diagnostics
from .weather import Weather

__all__ = ["CAP_LINKE_TURBIDITY", "SKY_LINKE_TURBIDITY", "close_irradiance", "retime_irradiance", "sky_from_sunshine"]

#: Linke turbidity of the clear-sky DNI cap: a clean, dry atmosphere (Remund J et al. (2003) "Worldwide Linke
#: turbidity information", ISES Solar World Congress: monthly values below 2.5 are rare outside high mountains).
CAP_LINKE_TURBIDITY = 2.0
_RADIATION = ("ghi_w_m2", "dni_w_m2", "dhi_w_m2")
#: Linke turbidity of the clear sky behind the daily clear-sky index of :func:`sky_from_sunshine`: the value the
#: cloud-cover relation of :mod:`bldgagent.climate.sky` was fitted with (its module docstring).
SKY_LINKE_TURBIDITY = 3.0


def _with_data(weather: Weather, data, repair: dict) -> Weather:
    """A new Weather with ``data``; the repair is appended to ``metadata["irradiance_repairs"]`` (``source`` is
    kept: it says where the year came from)."""
    metadata = dict(weather.metadata)
    metadata["irradiance_repairs"] = [*(dict(r) for r in metadata.get("irradiance_repairs", [])), repair]
    return dataclasses.replace(weather, data=data, diagnostics=Diagnostics(weather.diagnostics), metadata=metadata)


def retime_irradiance(weather: Weather, lag_h: float) -> Weather:
    """A copy of ``weather`` whose GHI, DNI and DHI are moved ``lag_h`` hours earlier (late stamping undone).

    ``new[i] = old(i + lag_h)``, linear interpolation between hours, the year taken as periodic: annual totals
    are unchanged. Other columns are untouched. ``lag_h`` in hours, within +-6.
    """
    lag = float(lag_h)
    if not np.isfinite(lag) or abs(lag) > 6.0:
        raise InputValueError(f"irradiance lag {lag_h!r} h: give a finite shift within +-6 h")
    data = weather.data.copy()
    n = len(data)
    x = np.arange(n, dtype=float)
    for col in _RADIATION:
        data[col] = np.interp(x + lag, x, data[col].to_numpy(dtype=float), period=n)
    return _with_data(weather, data, {"repair": "retime", "moved_earlier_h": round(lag, 3)})


def close_irradiance(weather: Weather) -> Weather:
    """A copy of ``weather`` whose DNI is derived from its GHI and DHI, ``DNI = (GHI - DHI) / <cos z>``.

    ``<cos z>``: hour-mean projection of the beam on a horizontal plane, as the thermal engine computes it.
    DNI is capped at the clear-sky DNI with Linke turbidity :data:`CAP_LINKE_TURBIDITY`; beam above the cap or
    with the sun down is added to DHI, so ``DHI + DNI <cos z> = GHI`` in every hour. The repair record gives the
    annual irradiation moved to diffuse (kWh/m2).
    """
    from ._sun import hourly_sun
    from .solar import hour_mean_beam_projection

    out = _with_data(weather, weather.data.copy(), {"repair": "close"})
    data = out.data
    # the sun projection depends on place and hours only: computed on (and cached for) the new object
    cos_z = hour_mean_beam_projection(out, [0.0], [0.0])[0]
    ghi = data["ghi_w_m2"].to_numpy(dtype=float)
    dhi = np.minimum(data["dhi_w_m2"].to_numpy(dtype=float), ghi)
    year = int(data.index[0].year)
    sun = hourly_sun(round(weather.latitude_deg, 4), round(weather.longitude_deg, 4), float(weather.elevation_m),
                     float(weather.tz_hours), year, (CAP_LINKE_TURBIDITY,) * 12)
    with np.errstate(divide="ignore", invalid="ignore"):
        dni = np.where(cos_z > 0.0, (ghi - dhi) / cos_z, 0.0)
    dni = np.clip(np.minimum(dni, sun.clear_dni_w_m2), 0.0, None)
    new_dhi = ghi - dni * cos_z
    data["dni_w_m2"] = dni
    data["dhi_w_m2"] = new_dhi
    out.metadata["irradiance_repairs"][-1].update(
        dni_kwh_m2_before=round(float(weather.data["dni_w_m2"].sum()) / 1000, 1),
        dni_kwh_m2_after=round(float(dni.sum()) / 1000, 1),
        moved_to_diffuse_kwh_m2=round(float((new_dhi - dhi).sum()) / 1000, 2))
    return out


def sky_from_sunshine(weather: Weather) -> Weather:
    """A copy of ``weather`` whose sky infrared comes from its own sunshine (for files whose sky cover is filler).

    Each day's opaque sky cover is :func:`bldgagent.climate.sky.cloud_cover_tenths` of its clear-sky index (daily
    GHI / daily Ineichen-Perez clear-sky GHI with Linke turbidity :data:`SKY_LINKE_TURBIDITY`; 1 on days without
    sun), and the horizontal infrared is Clark & Allen (1978) of the hour's dry bulb and dew point under that cover
    (:func:`bldgagent.climate.sky.sky_infrared_w_m2`), as the synthetic years do. The CSWD files' opaque sky cover
    is uniform over 0-9 tenths and unrelated to their sunshine, and their infrared is computed from it
    (docs/validation.md section 2). The repair record gives the annual mean infrared before and after (W/m2).
    """
    from ._sun import hourly_sun
    from .sky import cloud_cover_tenths, sky_infrared_w_m2

    data = weather.data.copy()
    n_days = len(data) // 24
    sun = hourly_sun(round(weather.latitude_deg, 4), round(weather.longitude_deg, 4), float(weather.elevation_m),
                     float(weather.tz_hours), int(data.index[0].year), (SKY_LINKE_TURBIDITY,) * 12)
    ghi_day = data["ghi_w_m2"].to_numpy(dtype=float)[: 24 * n_days].reshape(n_days, 24).sum(axis=1)
    clear_day = sun.clear_ghi_w_m2[: 24 * n_days].reshape(n_days, 24).sum(axis=1)
    index = np.divide(ghi_day, clear_day, out=np.ones(n_days), where=clear_day > 0)
    cover = np.repeat(cloud_cover_tenths(index), 24)
    before = float(data["ir_horizontal_w_m2"].mean())
    data["ir_horizontal_w_m2"] = sky_infrared_w_m2(data["temp_air_c"].to_numpy(dtype=float),
                                                   data["temp_dew_c"].to_numpy(dtype=float), cover)
    return _with_data(weather, data, {"repair": "sky", "ir_w_m2_before": round(before, 1),
                                      "ir_w_m2_after": round(float(data["ir_horizontal_w_m2"].mean()), 1)})
