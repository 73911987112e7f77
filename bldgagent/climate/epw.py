"""Read EnergyPlus weather (EPW) files into a :class:`~bldgagent.climate.weather.Weather`.

Parsing is done by :func:`pvlib.iotools.read_epw`; this module checks the file, maps the fields to SI
columns and fixes what can be fixed with a :class:`~bldgagent.model.Diagnostic`:

- field definitions, missing-value sentinels and valid ranges follow the EPW data dictionary (EnergyPlus
  Auxiliary Programs, "EnergyPlus Weather File (EPW) Data Dictionary"): a value at or above the sentinel
  (99.9 for temperatures, 999 for RH and wind, 999999 for pressure, 9999 for radiation) is missing;
- gaps of up to :data:`MAX_GAP_HOURS` hours are filled by linear interpolation in time (wind direction
  through its sine and cosine); longer gaps, or more than :data:`MAX_MISSING_FRACTION` of the hours of a
  field, raise :class:`~bldgagent.errors.WeatherFileError`;
- relative humidity between 100 and 110 % (allowed by the data dictionary, frequent in CSWD files) is
  clipped to 100 %; values outside the dictionary's ranges raise an error naming the line;
- a missing horizontal infrared field is computed from dry bulb, dew point and opaque sky cover as
  EnergyPlus does (Clark & Allen 1978, see :mod:`bldgagent.climate.sky`);
- irradiance stamped late or early against the sun (e.g. CSWD files, about +0.5 to +1.3 h), components
  that do not close (DHI + DNI cos z != GHI) and irradiance while the sun is down are flagged
  (``irradiance_time_shift``, ``irradiance_closure``, ``irradiance_sun_down``). By default
  (``irradiance="file"``) the radiation is read as written, as EnergyPlus, DeST and Ladybug read it; when a
  check fails a further warning (``irradiance_repair_available``) names the opt-in repair and gives its effect
  on the annual irradiation of the four vertical facades, computed. ``irradiance="repair"`` (alias ``"auto"``)
  applies the repairs of :mod:`bldgagent.climate.repair` (radiation moved back by the measured lag, DNI derived
  from GHI - DHI), each said in its diagnostic and in ``metadata["irradiance_repairs"]``;
- a leap-year file (8784 rows) loses its 29 February; every year is coerced to ``year`` (non-leap), so files
  made of months from different years line up. The row stamped ``hh:00`` holds the hour ending then.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputValueError, WeatherFileError
from ..model import Diagnostics
from ._sun import hour_ending_index
from .sky import sky_infrared_w_m2
from .stats import irradiance_consistency
from .weather import WEATHER_COLUMNS, Weather

#: Default year of the returned index: not a leap year, and 1 January 2023 is a Sunday, the start day the
#: DATA PERIODS record of most typical-year files (TMY3, CSWD, TMYx) declares.
REFERENCE_YEAR = 2023
#: Longest run of missing hours filled by interpolation.
MAX_GAP_HOURS = 6
#: Largest share of missing hours per field that is still filled.
MAX_MISSING_FRACTION = 0.05
#: Mean irradiance delay against the sun (h) above which a warning is given (see irradiance_time_lag_h).
MAX_IRRADIANCE_LAG_H = 0.3
#: Largest accepted relative error of the annual closure DHI + DNI cos(z) = GHI before a warning.
MAX_CLOSURE_ERROR = 0.03
HEADER_LINES = 8
#: Irradiance handling of :func:`read_epw`: ``"repair"`` (alias ``"auto"``, its name before the default became
#: ``"file"``) repairs radiation that fails the checks; ``"file"`` (default) reads it as written.
IRRADIANCE_MODES = ("repair", "auto", "file")
#: The reading every user gets unless they opt in to the repair (issue 12 item 5: the convention of the field).
DEFAULT_IRRADIANCE = "file"
#: Vertical facades whose annual irradiation the repair warning reports: azimuth (degrees from north, clockwise).
FACADE_AZIMUTHS_DEG = {"N": 0.0, "E": 90.0, "S": 180.0, "W": 270.0}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class _Field:
    epw: str        # pvlib column name
    column: str     # Weather column
    label: str      # for messages
    missing: float  # values >= missing are missing
    low: float
    high: float
    open_range: bool  # True: low < x < high; False: low <= x <= high


#: EPW data dictionary: missing sentinel and valid range of each field read.
FIELDS = (
    _Field("temp_air", "temp_air_c", "dry-bulb temperature (C, field 7)", 99.9, -70.0, 70.0, True),
    _Field("temp_dew", "temp_dew_c", "dew-point temperature (C, field 8)", 99.9, -70.0, 70.0, True),
    _Field("relative_humidity", "relative_humidity_pct", "relative humidity (%, field 9)", 999.0, 0.0, 110.0, False),
    _Field("atmospheric_pressure", "pressure_pa", "station pressure (Pa, field 10)", 999999.0, 31000.0, 120000.0,
           True),
    _Field("ghi_infrared", "ir_horizontal_w_m2", "horizontal infrared radiation (Wh/m2, field 13)", 9999.0, 0.0,
           np.inf, False),
    _Field("ghi", "ghi_w_m2", "global horizontal radiation (Wh/m2, field 14)", 9999.0, 0.0, np.inf, False),
    _Field("dni", "dni_w_m2", "direct normal radiation (Wh/m2, field 15)", 9999.0, 0.0, np.inf, False),
    _Field("dhi", "dhi_w_m2", "diffuse horizontal radiation (Wh/m2, field 16)", 9999.0, 0.0, np.inf, False),
    _Field("wind_direction", "wind_dir_deg", "wind direction (degrees, field 21)", 999.0, 0.0, 360.0, False),
    _Field("wind_speed", "wind_speed_m_s", "wind speed (m/s, field 22)", 999.0, 0.0, 40.0, False),
)
_OPAQUE_SKY = _Field("opaque_sky_cover", "", "opaque sky cover (tenths, field 24)", 99.0, 0.0, 10.0, False)


def _fail(path, what: str) -> WeatherFileError:
    return WeatherFileError(f"weather file {path}: {what}")


def _line(row: int) -> int:
    """1-based line number in the file of 0-based data row ``row``."""
    return row + HEADER_LINES + 1


def _read_text(path: Path) -> str:
    if not path.exists():
        raise _fail(path, "does not exist; give the path of an .epw file (or a place name, see list_places())")
    if not path.is_file():
        raise _fail(path, "is not a file; give the path of an .epw file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc})") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # older files carry accented place names in Windows / Latin-1


def _check_header(path: Path, lines: list[str]) -> dict:
    first = lines[0].strip() if lines else ""
    if not first.upper().startswith("LOCATION,"):
        shown = first[:60] + ("..." if len(first) > 60 else "")
        raise _fail(path, f"is not an EPW file: line 1 should start with 'LOCATION,' but reads {shown!r}")
    parts = [p.strip() for p in first.split(",")]
    if len(parts) < 10:
        raise _fail(path, f"LOCATION record has {len(parts)} fields, expected 10 (city, state, country, source, "
                          "WMO, latitude, longitude, time zone, elevation)")
    values = {}
    for name, i, low, high in (("latitude", 6, -90, 90), ("longitude", 7, -180, 180), ("time zone", 8, -12, 14),
                               ("elevation", 9, -1000, 9000)):
        try:
            v = float(parts[i])
        except ValueError:
            raise _fail(path, f"LOCATION {name} {parts[i]!r} is not a number") from None
        if not low <= v <= high:
            raise _fail(path, f"LOCATION {name} {v} is outside {low}..{high}")
        values[name] = v
    if len(lines) <= HEADER_LINES or not lines[HEADER_LINES - 1].upper().startswith("DATA PERIODS"):
        raise _fail(path, f"is not a complete EPW file: line {HEADER_LINES} should be the DATA PERIODS record "
                          "followed by hourly data")
    dp = [p.strip() for p in lines[HEADER_LINES - 1].split(",")]
    try:
        per_hour = int(float(dp[2]))
    except (IndexError, ValueError):
        per_hour = 1
    if per_hour != 1:
        raise _fail(path, f"has {per_hour} records per hour (DATA PERIODS); only hourly EPW files are read: "
                          "convert it to hourly first")
    return {"city": parts[1], "state": parts[2], "country": parts[3], "data_type": parts[4], "wmo": parts[5],
            **values, "start_weekday": dp[4].lower() if len(dp) > 4 else ""}


def _check_field_counts(path: Path, lines: list[str]) -> None:
    """Every data line needs the fields up to wind speed (22) and at most the 35 of the format."""
    counts = np.array([line.count(",") + 1 for line in lines[HEADER_LINES:] if line.strip()])
    bad = np.flatnonzero((counts < 22) | (counts > 35))
    if bad.size:
        i = int(bad[0])
        raise _fail(path, f"line {_line(i)} has {counts[i]} fields, expected 35 (at least 22); "
                          f"{bad.size} such line(s): the file is corrupt or not comma-separated EPW data")


def _pad_short_rows(text: str, lines: list[str], diagnostics: Diagnostics) -> str:
    """Rows of fewer than the 35 fields of the current EPW format (older files stop after the snow and
    precipitation fields, e.g. 32 fields in the 1995 BESTEST weather and many archives) padded with empty fields,
    read as missing; none of those trailing fields (albedo, liquid precipitation) is used by bldgagent."""
    data = lines[HEADER_LINES:]
    counts = [line.count(",") + 1 for line in data if line.strip()]
    if not counts or min(counts) >= 35:
        return text
    diagnostics.add("info", "epw_short_rows", f"data rows have {min(counts)}-{max(counts)} of the 35 EPW fields (an "
                    "older layout): the missing trailing fields (albedo, liquid precipitation) are read as missing")
    padded = [line + "," * (35 - (line.count(",") + 1)) if line.strip() else line for line in data]
    return "\n".join(lines[:HEADER_LINES] + padded) + "\n"


def _check_dates(path: Path, raw: pd.DataFrame, diagnostics: Diagnostics) -> np.ndarray:
    """Validate month/day/hour; return the positions of the rows to keep (29 February dropped)."""
    date = {}
    for col in ("month", "day", "hour"):
        values = pd.to_numeric(raw[col], errors="coerce")
        bad = np.flatnonzero(values.isna().to_numpy())
        if bad.size:
            i = int(bad[0])
            raise _fail(path, f"line {_line(i)}: {col} {raw[col].iloc[i]!r} is not a number")
        date[col] = values.to_numpy().astype(int)
    leap = np.flatnonzero((date["month"] == 2) & (date["day"] == 29))
    keep = np.setdiff1d(np.arange(len(raw)), leap)
    if leap.size:
        diagnostics.add("info", "leap_day_dropped", f"dropped the {leap.size} rows of 29 February (lines "
                        f"{_line(int(leap[0]))}-{_line(int(leap[-1]))}) to make a 365-day year", entity=str(path))
    n = keep.size
    if n != 8760:
        kind = "truncated (too few rows)" if n < 8760 else "too long"
        raise _fail(path, f"has {n} hourly data rows{' after dropping 29 February' if leap.size else ''}, expected "
                          f"8760 (one per hour of a full year): the file is {kind}; use a complete typical-year file")
    expected = pd.date_range("2023-01-01", periods=8760, freq="h")
    exp_m, exp_d, exp_h = expected.month.to_numpy(), expected.day.to_numpy(), expected.hour.to_numpy() + 1
    got_m, got_d, got_h = date["month"][keep], date["day"][keep], date["hour"][keep]
    wrong = np.flatnonzero((got_m != exp_m) | (got_d != exp_d) | (got_h != exp_h))
    if wrong.size:
        j = int(wrong[0])
        raise _fail(path, f"line {_line(int(keep[j]))}: date month {got_m[j]} day {got_d[j]} hour {got_h[j]} where "
                          f"month {exp_m[j]} day {exp_d[j]} hour {exp_h[j]} was expected: rows must run hour by "
                          "hour from 1 January hour 1 to 31 December hour 24")
    return keep


def _gaps(missing: np.ndarray) -> tuple[int, int]:
    """Length and start of the longest run of True."""
    if not missing.any():
        return 0, -1
    padded = np.concatenate([[False], missing, [False]])
    edges = np.flatnonzero(np.diff(padded.astype(int)))
    starts, ends = edges[::2], edges[1::2]
    k = int(np.argmax(ends - starts))
    return int(ends[k] - starts[k]), int(starts[k])


def _numeric(path: Path, raw: pd.DataFrame, field: _Field, rows: np.ndarray) -> np.ndarray:
    text = raw[field.epw].iloc[rows]
    if pd.api.types.is_numeric_dtype(text.dtype):  # the usual case: pandas parsed every cell as a number
        return text.to_numpy(dtype=float)
    values = pd.to_numeric(text, errors="coerce")
    blank = text.isna() | (text.astype(str).str.strip() == "")
    bad = np.flatnonzero((values.isna() & ~blank).to_numpy())
    if bad.size:
        i = int(rows[bad[0]])
        raise _fail(path, f"line {_line(i)}: {field.label} {raw[field.epw].iloc[i]!r} is not a number "
                          f"({bad.size} such cell(s) in this field); fix or remove the text")
    return values.to_numpy(dtype=float)


def _fill(path: Path, values: np.ndarray, missing: np.ndarray, field: _Field, rows: np.ndarray,
          diagnostics: Diagnostics) -> np.ndarray:
    count = int(missing.sum())
    if count == 0:
        return values
    longest, start = _gaps(missing)
    if longest > MAX_GAP_HOURS or count > MAX_MISSING_FRACTION * len(values):
        raise _fail(path, f"{field.label} is missing in {count} hours, longest gap {longest} h from line "
                          f"{_line(int(rows[start]))}; at most {MAX_GAP_HOURS} h in a row and "
                          f"{MAX_MISSING_FRACTION:.0%} of the year can be filled: use a more complete file")
    x = np.arange(len(values), dtype=float)
    ok = ~missing
    if field.column == "wind_dir_deg":
        rad = np.radians(values[ok])
        s = np.interp(x, x[ok], np.sin(rad), period=len(values))
        c = np.interp(x, x[ok], np.cos(rad), period=len(values))
        filled = np.degrees(np.arctan2(s, c)) % 360.0
    else:
        filled = np.interp(x, x[ok], values[ok], period=len(values))
    out = values.copy()
    out[missing] = filled[missing]
    diagnostics.add("warning", "missing_filled", f"{field.label}: {count} missing hour(s) (longest gap {longest} h, "
                    f"from line {_line(int(rows[start]))}) filled by linear interpolation", entity=str(path))
    return out


def read_epw(path: str | PathLike, year: int = REFERENCE_YEAR, *, irradiance: str = DEFAULT_IRRADIANCE) -> Weather:
    """Read an hourly EPW file into a :class:`Weather` (8760 rows, SI columns, hour-ending local standard time).

    Parameters
    ----------
    path : path of the ``.epw`` file.
    year : non-leap year given to every row (typical-year files mix years).
    irradiance : ``"file"`` (default) keeps the radiation as written (as EnergyPlus reads it) and flags the
        faults, with the repair's effect on facade irradiation; ``"repair"`` (alias ``"auto"``) repairs radiation
        that fails the checks against the sun (stamped more than :data:`MAX_IRRADIANCE_LAG_H` late or early:
        moved back; DHI + DNI cos z off GHI by more than :data:`MAX_CLOSURE_ERROR`: DNI derived from GHI - DHI),
        see :mod:`bldgagent.climate.repair`.

    Raises
    ------
    WeatherFileError
        missing or unreadable file, not an EPW, not 8760 hours, non-numeric cell, long gaps of missing
        values, values outside the EPW data dictionary's ranges. The message names the file and line.
    """
    import pvlib

    path = Path(path)
    if irradiance not in IRRADIANCE_MODES:
        raise InputValueError(f"irradiance={irradiance!r}: use one of {', '.join(IRRADIANCE_MODES)}")
    if pd.Timestamp(year, 1, 1).is_leap_year:
        raise InputValueError(f"year {year} is a leap year; give a non-leap year such as {REFERENCE_YEAR}")
    text = _read_text(path)
    lines = text.splitlines()
    header = _check_header(path, lines)
    _check_field_counts(path, lines)
    diagnostics = Diagnostics()
    text = _pad_short_rows(text, lines, diagnostics)
    try:
        # year 2000 (leap) only so that any 29 February parses; the index is rebuilt below
        raw, meta = pvlib.iotools.read_epw(io.StringIO(text), coerce_year=2000)
    except (ValueError, TypeError, KeyError, IndexError, pd.errors.ParserError) as exc:
        # find the offending row ourselves for a useful message, else pass pvlib's on
        table = pd.read_csv(io.StringIO(text), skiprows=HEADER_LINES, header=None, dtype=str,
                            on_bad_lines="skip", names=range(35), usecols=range(4))
        table.columns = ["year", "month", "day", "hour"]
        _check_dates(path, table, Diagnostics())
        raise _fail(path, f"cannot be parsed as EPW data ({type(exc).__name__}: {exc})") from exc

    keep = _check_dates(path, raw, diagnostics)
    data = {}
    for field in FIELDS:
        values = _numeric(path, raw, field, keep)
        missing = np.isnan(values) | (values >= field.missing)
        v = np.where(missing, np.nan, values)
        low_bad = (v <= field.low) if field.open_range else (v < field.low)
        high_bad = (v >= field.high) if field.open_range else (v > field.high)
        bad = np.flatnonzero(low_bad | high_bad)
        if bad.size:
            i = int(bad[0])
            bounds = f"{field.low:g} < x < {field.high:g}" if field.open_range else f"{field.low:g}..{field.high:g}"
            raise _fail(path, f"line {_line(int(keep[i]))}: {field.label} {v[i]:g} is out of range ({bounds}); "
                              f"{bad.size} such value(s) in this field: fix the file")
        if field.column == "ir_horizontal_w_m2":
            data[field.column] = v  # filled below from sky cover
            continue
        data[field.column] = _fill(path, v, missing, field, keep, diagnostics)

    rh = data["relative_humidity_pct"]
    over = int((rh > 100.0).sum())
    if over:
        diagnostics.add("info", "rh_clipped", f"relative humidity above 100 % in {over} hour(s) (max {rh.max():.0f} %) "
                        "clipped to 100 %", entity=str(path))
        data["relative_humidity_pct"] = np.minimum(rh, 100.0)

    ir = data["ir_horizontal_w_m2"]
    ir_missing = np.isnan(ir)
    if ir_missing.any():
        cover = _numeric(path, raw, _OPAQUE_SKY, keep)
        cover = np.where((cover >= _OPAQUE_SKY.missing) | (cover < 0), np.nan, cover)
        estimate = sky_infrared_w_m2(data["temp_air_c"], data["temp_dew_c"], cover)
        data["ir_horizontal_w_m2"] = np.where(ir_missing, estimate, ir)
        still = int(np.isnan(data["ir_horizontal_w_m2"]).sum())
        diagnostics.add("warning" if still else "info", "ir_estimated",
                        f"horizontal infrared radiation missing in {int(ir_missing.sum())} hour(s): computed from "
                        "dry bulb, dew point and opaque sky cover (Clark & Allen 1978, as EnergyPlus does)"
                        + (f"; {still} hour(s) without sky cover stay NaN" if still else ""), entity=str(path))

    tz_hours = float(meta["TZ"])
    index = hour_ending_index(year, tz_hours)
    frame = pd.DataFrame({c: data[c] for c in WEATHER_COLUMNS}, index=index)
    start = header["start_weekday"]
    jan1 = _WEEKDAYS[dt.date(year, 1, 1).weekday()]
    if start in _WEEKDAYS and start != jan1:
        diagnostics.add("info", "start_weekday", f"the file's DATA PERIODS starts on a {start.title()}; rows are "
                        f"stamped in {year}, whose 1 January is a {jan1.title()}", entity=str(path))
    name = ", ".join(p for p in (header["city"], header["state"], header["country"]) if p and p != "-")
    weather = Weather(
        data=frame,
        name=name or path.stem,
        latitude_deg=float(meta["latitude"]),
        longitude_deg=float(meta["longitude"]),
        elevation_m=float(meta["altitude"]),
        tz_hours=tz_hours,
        source=str(path),
        diagnostics=diagnostics,
        metadata={"format": "epw", "wmo": header["wmo"], "data_type": header["data_type"],
                  "city": header["city"], "country": header["country"], "year": int(year)},
    )
    _check_zero_radiation(frame, diagnostics, path)
    return _check_irradiance(weather, path, mode=irradiance)


def _check_zero_radiation(frame: pd.DataFrame, diagnostics: Diagnostics, path: Path) -> None:
    """Warn when the file's solar radiation is zero all year: global horizontal (field 14), or direct normal and
    diffuse horizontal together (fields 15-16); a placeholder or a broken export, never a real climate."""
    if not (frame["ghi_w_m2"] > 0).any():
        diagnostics.add("warning", "radiation_zero_ghi", "global horizontal radiation (field 14) is zero in every "
                        "hour of the year: no solar gains, daylight or PV yield will follow; use a weather file "
                        "with measured or modelled radiation", entity=str(path))
    if not (frame["dni_w_m2"] > 0).any() and not (frame["dhi_w_m2"] > 0).any():
        diagnostics.add("warning", "radiation_zero_dni_dhi", "direct normal and diffuse horizontal radiation "
                        "(fields 15 and 16) are both zero in every hour of the year: the radiation on facades and "
                        "roofs is zero; use a weather file with measured or modelled radiation", entity=str(path))


def _check_irradiance(weather: Weather, path: Path, *, mode: str) -> Weather:
    """Flag irradiance stamped off the sun and components that do not close; with ``mode`` "repair"/"auto" fix
    them, with "file" keep them and report what the repair would change."""
    check = irradiance_consistency(weather)
    lag, closure = check["lag_h"], check["closure"]
    weather.metadata.update(irradiance_lag_h=round(lag, 2), irradiance_closure=round(closure, 3))
    if mode == "file":
        _flag_as_written(weather, path, check)
    else:
        weather = _repair(weather, path, check)
    weather.metadata["irradiance"] = mode
    return weather


def _lag_text(lag: float) -> str:
    return (f"global irradiance runs {lag:+.1f} h against the sun on average (daily centroid vs clear sky): "
            f"the radiation is stamped {'late' if lag > 0 else 'early'}")


def _closure_text(closure: float) -> str:
    return (f"diffuse + direct normal x cos(zenith) sums to {closure:.1%} of the global horizontal "
            "irradiation over the year: the direct normal field is inconsistent with global and diffuse")


def _sun_down(weather: Weather, path: Path, check: dict, closed: bool) -> None:
    if check["sun_down_hours"]:
        weather.diagnostics.add("warning", "irradiance_sun_down", f"{check['sun_down_hours']} hour(s) with global "
                                f"irradiance ({check['sun_down_kwh_m2']:.1f} kWh/m2) while the sun stays below the "
                                "horizon" + (" after the repairs (counted as diffuse)" if closed else ""),
                                entity=str(path))


def _apply_repairs(weather: Weather, check: dict) -> tuple[Weather, dict, list]:
    """The repaired copy (re-timed if the lag fails, then DNI from GHI - DHI if the closure still fails), the
    checks after re-timing, and the names of the repairs applied."""
    from .repair import close_irradiance, retime_irradiance

    applied = []
    if abs(check["lag_h"]) > MAX_IRRADIANCE_LAG_H:
        weather = retime_irradiance(weather, check["lag_h"])
        check = irradiance_consistency(weather)
        applied.append("retime")
    if abs(check["closure"] - 1.0) > MAX_CLOSURE_ERROR:
        weather = close_irradiance(weather)
        applied.append("close")
    return weather, check, applied


def _repair(weather: Weather, path: Path, check: dict) -> Weather:
    """``irradiance="repair"``: the repairs applied, each said in a warning."""
    lag = check["lag_h"]
    opt_out = "; the default read_epw(..., irradiance='file') (CLI --epw-irradiance file) keeps the file's values"
    repaired, after, applied = _apply_repairs(weather, check)
    if "retime" in applied:
        repaired.diagnostics.add("warning", "irradiance_time_shift", f"{_lag_text(lag)}; moved {abs(lag):.2f} h "
                                 f"{'earlier' if lag > 0 else 'later'} (annual totals kept, residual lag "
                                 f"{abs(after['lag_h']):.2f} h){opt_out}", entity=str(path))
    if "close" in applied:
        r = repaired.metadata["irradiance_repairs"][-1]
        repaired.diagnostics.add("warning", "irradiance_closure", f"{_closure_text(after['closure'])}; DNI derived "
                                 f"from GHI - DHI ({r['dni_kwh_m2_before']:.0f} -> {r['dni_kwh_m2_after']:.0f} kWh/m2 "
                                 f"a year, {r['moved_to_diffuse_kwh_m2']:.1f} kWh/m2 of beam above the clear-sky cap "
                                 f"or with the sun down counted as diffuse){opt_out}", entity=str(path))
    _sun_down(repaired, path, after, "close" in applied)
    return repaired


def facade_irradiation_kwh_m2(weather: Weather) -> dict[str, float]:
    """Annual irradiation on the vertical facades of :data:`FACADE_AZIMUTHS_DEG`, kWh/m2 (ground albedo 0.2,
    :func:`bldgagent.climate.solar.surface_irradiance`)."""
    from .solar import surface_irradiance

    az = list(FACADE_AZIMUTHS_DEG.values())
    annual = surface_irradiance(weather, [90.0] * len(az), az, albedo=0.2).annual_kwh_m2()
    return {k: float(v) for k, v in zip(FACADE_AZIMUTHS_DEG, annual)}


def _flag_as_written(weather: Weather, path: Path, check: dict) -> None:
    """``irradiance="file"``: the failed checks as warnings, and one warning naming the opt-in repair with its
    computed effect on the annual facade irradiation (also in ``metadata["irradiance_repair_effect"]``)."""
    lag_bad = abs(check["lag_h"]) > MAX_IRRADIANCE_LAG_H
    close_bad = abs(check["closure"] - 1.0) > MAX_CLOSURE_ERROR
    if lag_bad:
        weather.diagnostics.add("warning", "irradiance_time_shift", f"{_lag_text(check['lag_h'])}; solar gains on "
                                "east and west facades will be biased", entity=str(path))
    if close_bad:
        weather.diagnostics.add("warning", "irradiance_closure", f"{_closure_text(check['closure'])}; beam on "
                                "facades will be off", entity=str(path))
    _sun_down(weather, path, check, False)
    if not (lag_bad or close_bad):
        return
    repaired, _, applied = _apply_repairs(weather, check)
    before, after = facade_irradiation_kwh_m2(weather), facade_irradiation_kwh_m2(repaired)
    weather.metadata["irradiance_repair_effect"] = {
        "repairs": applied, "facade_kwh_m2_as_written": {k: round(v, 1) for k, v in before.items()},
        "facade_kwh_m2_repaired": {k: round(v, 1) for k, v in after.items()}}
    what = " and ".join({"retime": "moves the radiation back by the measured lag",
                         "close": "derives DNI from GHI - DHI"}[a] for a in applied)
    change = ", ".join(f"{k} {before[k]:.0f} -> {after[k]:.0f} ({(after[k] - before[k]) / before[k]:+.0%})"
                       for k in before if before[k] > 0)
    weather.diagnostics.add("warning", "irradiance_repair_available", "radiation read as written (as EnergyPlus, "
                            "DeST and Ladybug read it) although it fails the checks above; the opt-in repair "
                            f"read_epw(..., irradiance='repair') (CLI --epw-irradiance repair) {what}, which changes "
                            f"the annual irradiation of the vertical facades, kWh/m2: {change}", entity=str(path))
