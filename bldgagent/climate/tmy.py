"""Reader of the 1981 Typical Meteorological Year format (SOLMET/TMY, NCDC TD-9734), as the 1995 BESTEST
weather ``DRYCOLD.TMY`` (Denver-Stapleton, WBAN 23062) is written.

One fixed-width record of 132 characters per hour, 8,760 records, no header (the station's position is not in the
file: give it). Positions (1-based, TD-9734 "Typical Meteorological Year User's Manual", NCDC 1981), as read here:

- 1-5 WBAN station, 6-7 year, 8-9 month, 10-11 day, 12-15 hour ending (0100-2400, local standard time);
- 25-28 direct normal irradiation (kJ/m2 in the hour; 9999 missing: sun down), 55-58 global horizontal
  irradiation (kJ/m2; the column the BESTEST conversions use), each after a one-character flag;
- 99-103 station pressure (0.1 mbar), 104-107 dry bulb and 108-111 dew point (0.1 deg C), 112-114 wind
  direction (deg), 115-118 wind speed (0.1 m/s), 119-120 total and 121-122 opaque sky cover (tenths).

The file has no diffuse column (TD-9734 field 103 is 99999 throughout in DRYCOLD.TMY): DHI = GHI - DNI <cos z> with
the hour-mean sun projection the thermal engine uses (DNI capped so that DHI >= 0). Relative humidity from dry
bulb and dew point (Magnus, :mod:`bldgagent.climate.humidity`); sky infrared from the opaque cover (Clark & Allen
1978, :mod:`bldgagent.climate.sky`), as EnergyPlus fills it.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import WeatherFileError
from ..model import Diagnostics
from .epw import REFERENCE_YEAR
from .weather import WEATHER_COLUMNS, Weather

__all__ = ["TMY_RECORD_CHARS", "read_tmy"]

#: Characters of one TMY (1981) record, without the line end.
TMY_RECORD_CHARS = 132
#: kJ/m2 in an hour -> mean W/m2 over the hour.
_KJ_TO_WH = 1.0 / 3.6
#: (start, end) 0-based slices of the fields read (see the module docstring for the 1-based positions).
_FIELDS = {"month": (7, 9), "day": (9, 11), "hour": (11, 15), "dni": (24, 28), "ghi": (54, 58),
           "pressure": (98, 103), "temp": (103, 107), "dew": (107, 111), "wind_dir": (111, 114),
           "wind": (114, 118), "opaque": (120, 122)}


def _fail(path, what: str) -> WeatherFileError:
    return WeatherFileError(f"TMY weather file {path}: {what}")


def _records(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="ascii", errors="replace")
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror or exc}); check the path") from None
    lines = [ln.rstrip("\r\n") for ln in text.splitlines() if ln.strip()]
    if len(lines) != 8760:
        raise _fail(path, f"{len(lines)} records; a TMY year has 8760 (one per hour, no header)")
    short = [i for i, ln in enumerate(lines) if len(ln) < 122]
    if short:
        raise _fail(path, f"line {short[0] + 1} has {len(lines[short[0]])} characters; TMY records have "
                          f"{TMY_RECORD_CHARS}")
    return lines


def _column(path: Path, lines: list[str], name: str) -> np.ndarray:
    a, b = _FIELDS[name]
    try:
        return np.array([float(ln[a:b]) for ln in lines])
    except ValueError:
        bad = next(i for i, ln in enumerate(lines) if not ln[a:b].strip().lstrip("-").isdigit())
        raise _fail(path, f"line {bad + 1}, characters {a + 1}-{b}: {lines[bad][a:b]!r} is not a number "
                          f"({name})") from None


def read_tmy(path, *, latitude_deg: float, longitude_deg: float, elevation_m: float, tz_hours: float,
             name: str | None = None, year: int = REFERENCE_YEAR) -> Weather:
    """Read a 1981-format TMY file (8760 records of 132 characters) into a :class:`Weather`.

    The station's ``latitude_deg`` (north positive), ``longitude_deg`` (east positive), ``elevation_m`` and
    ``tz_hours`` (standard time, east positive) are not in the file and must be given. Records must run from
    1 January 01:00 to 31 December 24:00, hour ending.
    """
    from ._sun import hour_ending_index
    from .humidity import relative_humidity_pct
    from .sky import sky_infrared_w_m2
    from .solar import hour_mean_beam_projection

    path = Path(path)
    lines = _records(path)
    col = {k: _column(path, lines, k) for k in _FIELDS}
    expected = pd.date_range(pd.Timestamp(year, 1, 1), periods=365, freq="D")
    if not (np.array_equal(col["month"], np.repeat(expected.month, 24))
            and np.array_equal(col["day"], np.repeat(expected.day, 24))
            and np.array_equal(col["hour"], np.tile(np.arange(100, 2401, 100), 365))):
        raise _fail(path, "records are not the hours 0100-2400 of 1 January to 31 December in order")
    diagnostics = Diagnostics()
    missing_t = (col["temp"] <= -999) | (col["dew"] <= -999)
    if missing_t.any():
        raise _fail(path, f"line {int(np.flatnonzero(missing_t)[0]) + 1}: dry bulb or dew point missing")
    ghi = np.where(col["ghi"] >= 9999, 0.0, col["ghi"]) * _KJ_TO_WH
    dni = np.where(col["dni"] >= 9999, 0.0, col["dni"]) * _KJ_TO_WH
    index = hour_ending_index(year, tz_hours)
    temp, dew = col["temp"] / 10.0, np.minimum(col["dew"], col["temp"]) / 10.0
    frame = pd.DataFrame({
        "temp_air_c": temp, "temp_dew_c": dew, "relative_humidity_pct": relative_humidity_pct(temp, dew),
        "pressure_pa": col["pressure"] * 10.0, "ghi_w_m2": ghi, "dni_w_m2": dni, "dhi_w_m2": ghi,
        "ir_horizontal_w_m2": sky_infrared_w_m2(temp, dew, np.clip(col["opaque"], 0, 10)),
        "wind_speed_m_s": col["wind"] / 10.0, "wind_dir_deg": col["wind_dir"]}, index=index)[list(WEATHER_COLUMNS)]
    weather = Weather(data=frame, name=name or path.stem, latitude_deg=float(latitude_deg),
                      longitude_deg=float(longitude_deg), elevation_m=float(elevation_m), tz_hours=float(tz_hours),
                      source=str(path), diagnostics=diagnostics,
                      metadata={"format": "tmy1981", "wban": lines[0][0:5], "year": int(year)})
    cos_z = hour_mean_beam_projection(weather, [0.0], [0.0])[0]
    beam_h = np.minimum(dni * cos_z, ghi)
    frame["dni_w_m2"] = np.where(cos_z > 0, beam_h / np.where(cos_z > 0, cos_z, 1.0), 0.0)
    frame["dhi_w_m2"] = ghi - np.where(cos_z > 0, beam_h, 0.0)
    capped = int(np.sum((dni * cos_z > ghi + 0.5) & (cos_z > 0)) + np.sum((dni > 0) & (cos_z <= 0)))
    diagnostics.add("info", "tmy_diffuse", "TMY (1981) file: DHI derived as GHI - DNI <cos z>"
                    + (f"; DNI reduced in {capped} hour(s) where its horizontal beam exceeded GHI or the sun was "
                       "down" if capped else ""), entity=str(path))
    return weather
