"""Usage profiles: occupants, internal gains, set-points, ventilation and hot water per room use.

One :class:`UsageProfile` per usage category (:mod:`bldgagent.usage`) and standard, read from the
packaged tables ``data/energy/usage_profiles.csv`` (one row per standard x usage [x climate zone],
with ``source``, ``table`` and ``note`` columns; values that could not be checked against the printed
standard say ``estimate:`` in ``note``) and ``data/energy/usage_schedules.csv`` (24 hourly values per
schedule, kind and day type; hour ``h`` covers ``h:00``-``h+1:00``).

Standards (``standard=``):

- ``"gb55015"`` (alias ``"gb50189"``): Chinese public buildings, GB 55015-2021 Appendix C, which
  carries the calculation parameters of GB 50189-2015 Appendix B forward with updated values.
- ``"jgj"``: Chinese dwellings by climate zone (JGJ 26-2018 severe cold / cold, JGJ 134-2010 hot
  summer cold winter, JGJ 75-2012 hot summer warm winter) with GB 55015-2021 Appendix C values.
- ``"cn"``: ``"jgj"`` for residential categories, ``"gb55015"`` for the others.
- ``"en16798"``: EN 16798-1:2019 / ISO 17772-1:2017 annex values.
- ``"sia2024"``: SIA 2024 (Swiss room-use data); uses ``en16798`` rows for uses it lacks.
- ``"auto"``: ``"cn"`` when ``country`` is China, ``"en16798"`` otherwise.

Rooms the standards do not tabulate (corridors, stores, plant rooms, garages, WCs, balconies) use
``generic`` rows, marked as estimates. A usage without a row of its own falls back along
:data:`USAGE_FALLBACK`; the returned profile then has ``is_fallback=True`` and ``fallback_reason``.

Example
-------
>>> p = usage_profile("office", standard="gb55015")
>>> p.equipment_w_m2, p.area_per_person_m2
(15.0, 10.0)
>>> df = p.replace(equipment_w_m2=10.0).hourly(year=2023)
>>> len(df)
8760
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import html
import math
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from .._data import read_csv
from ..errors import DataFileError, InputValueError
from ..usage import USAGE_CATEGORIES, USAGES

__all__ = [
    "STANDARDS", "SCHEDULE_KINDS", "USAGE_FALLBACK", "CLIMATE_ZONES", "UsageProfile", "usage_profile",
    "available_profiles", "resolve_standard", "hourly_index", "WATER_HEAT_WH_PER_L_K",
]

#: Standards understood by :func:`usage_profile` (after alias resolution).
STANDARDS = ("gb55015", "jgj", "cn", "en16798", "sia2024", "generic")
_STANDARD_ALIASES = {
    "gb50189": "gb55015", "gb50189-2015": "gb55015", "gb55015-2021": "gb55015", "gb": "gb55015",
    "jgj26": "jgj", "jgj134": "jgj", "jgj75": "jgj", "china": "cn", "chinese": "cn",
    "en16798-1": "en16798", "iso17772": "en16798", "iso17772-1": "en16798", "en": "en16798",
    "sia": "sia2024", "sia2024:2015": "sia2024",
}
#: Where a standard looks when it has no row for a usage (in order).
_STANDARD_CHAIN = {
    "gb55015": ("gb55015", "jgj", "generic"),
    "jgj": ("jgj", "gb55015", "generic"),
    "en16798": ("en16798", "generic"),
    "sia2024": ("sia2024", "en16798", "generic"),
    "generic": ("generic",),
}
#: Next usage to try when no standard in the chain has a row (documented fallbacks).
USAGE_FALLBACK: Mapping[str, str] = MappingProxyType({
    "residential_living": "residential", "residential_bedroom": "residential",
    "residential_kitchen": "residential", "residential_bathroom": "residential",
    "meeting": "office", "hospital_treatment": "office", "classroom": "office",
    "restaurant": "retail", "hotel_room": "residential", "hospital_ward": "hotel_room",
    "retail": "office", "lobby": "circulation", "toilet": "circulation",
})
#: Chinese building climate zones (GB 50176-2016) accepted as ``climate_zone``.
CLIMATE_ZONES = ("severe_cold", "cold", "hscw", "hsww", "temperate")
_ZONE_ALIASES = {
    "严寒": "severe_cold", "严寒地区": "severe_cold", "寒冷": "cold", "寒冷地区": "cold",
    "夏热冬冷": "hscw", "夏热冬冷地区": "hscw", "夏热冬暖": "hsww", "夏热冬暖地区": "hsww",
    "温和": "temperate", "温和地区": "temperate", "hot_summer_cold_winter": "hscw",
    "hot_summer_warm_winter": "hsww", "severe cold": "severe_cold", "mild": "temperate",
}
_CHINA = {"cn", "chn", "china", "prc", "中国", "hainan", "海南"}

#: Fraction schedules (0..1) and temperature schedules (deg C, NaN = off) a profile may carry.
SCHEDULE_KINDS = ("occupancy", "lighting", "equipment", "hvac", "heating_c", "cooling_c")
_FRACTION_KINDS = ("occupancy", "lighting", "equipment", "hvac")
_REQUIRED_KINDS = _FRACTION_KINDS

#: Heat to warm one litre of water by one kelvin, Wh/(L.K): 4.186 kJ/(kg.K) x 1 kg/L / 3.6 kJ/Wh.
WATER_HEAT_WH_PER_L_K = 4.186 / 3.6
_HOUR_COLS = tuple(f"h{h:02d}" for h in range(24))


def _f(value: Any) -> float:
    """CSV cell to float (blank -> NaN)."""
    if value is None:
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


# ---------------------------------------------------------------------------------------------------
# the profile
# ---------------------------------------------------------------------------------------------------
_LIMITS: dict[str, tuple[float, float]] = {
    "area_per_person_m2": (0.2, 10000.0),
    "sensible_w_per_person": (0.0, 600.0),
    "latent_w_per_person": (0.0, 600.0),
    "equipment_w_m2": (0.0, 2000.0),
    "lighting_w_m2": (0.0, 100.0),
    "dhw_l_per_person_day": (0.0, 1000.0),
    "dhw_supply_temp_c": (30.0, 95.0),
    "dhw_cold_water_temp_c": (0.0, 40.0),
    "outdoor_air_l_s_person": (0.0, 100.0),
    "outdoor_air_l_s_m2": (0.0, 50.0),
    "air_change_rate_h": (0.0, 50.0),
    "heating_setpoint_c": (0.0, 35.0),
    "heating_setback_c": (0.0, 35.0),
    "cooling_setpoint_c": (15.0, 50.0),
    "cooling_setup_c": (15.0, 50.0),
    "radiant_fraction_people": (0.0, 1.0),
    "radiant_fraction_lighting": (0.0, 1.0),
    "radiant_fraction_equipment": (0.0, 1.0),
}
#: Fields where NaN means "none / off" rather than a missing value.
_NAN_ALLOWED = {
    "area_per_person_m2", "outdoor_air_l_s_person", "outdoor_air_l_s_m2", "air_change_rate_h",
    "heating_setpoint_c", "heating_setback_c", "cooling_setpoint_c", "cooling_setup_c",
}


@dataclass(frozen=True, eq=False)
class UsageProfile:
    """How a room of one usage is used, per m2 of floor area, with its 24 h schedules.

    Units: W per person, W/m2 floor area, L/(person.day) of hot water at ``dhw_supply_temp_c``,
    L/s per person and per m2, air changes per hour, deg C. ``area_per_person_m2`` NaN means the room
    has no occupants; a NaN set-point means the service is off (no heating, no cooling). When the
    schedules carry ``heating_c``/``cooling_c`` hourly set-points, these are used shifted by
    ``heating_setpoint_c`` minus the schedule's highest weekday value (so overriding the set-point
    moves the whole day); otherwise the set-point applies while ``hvac`` > 0 and the set-back/set-up
    value outside.

    Radiant fractions of the sensible gains (the rest is convective): people 0.6, lighting 0.5,
    equipment 0.3 by default -- estimates in the range of ASHRAE Handbook Fundamentals 2017 ch. 18
    (Tables 1, 3 and 14); override them per project.
    """

    usage: str
    standard: str
    area_per_person_m2: float
    sensible_w_per_person: float
    latent_w_per_person: float
    equipment_w_m2: float
    lighting_w_m2: float
    dhw_l_per_person_day: float
    outdoor_air_l_s_person: float
    outdoor_air_l_s_m2: float
    air_change_rate_h: float
    heating_setpoint_c: float
    heating_setback_c: float
    cooling_setpoint_c: float
    cooling_setup_c: float
    schedules: Mapping[str, tuple[np.ndarray, np.ndarray]]
    climate_zone: str | None = None
    dhw_supply_temp_c: float = 60.0
    dhw_cold_water_temp_c: float = 10.0
    radiant_fraction_people: float = 0.6
    radiant_fraction_lighting: float = 0.5
    radiant_fraction_equipment: float = 0.3
    source: str = ""
    table: str = ""
    note: str = ""
    requested_usage: str | None = None
    is_fallback: bool = False
    fallback_reason: str = ""
    overrides: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        label = f"usage profile {self.usage!r} ({self.standard})"
        for name, (lo, hi) in _LIMITS.items():
            value = getattr(self, name)
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise InputValueError(f"{label}: {name} must be a number, got {value!r}") from None
            object.__setattr__(self, name, value)
            if math.isnan(value):
                if name in _NAN_ALLOWED:
                    continue
                raise InputValueError(f"{label}: {name} is NaN; give a value in [{lo:g}, {hi:g}]")
            if not lo <= value <= hi:
                raise InputValueError(
                    f"{label}: {name}={value:g} is outside the physical range [{lo:g}, {hi:g}]; check the value "
                    f"and its unit (the unit is the end of the field name)"
                )
        if self.dhw_supply_temp_c <= self.dhw_cold_water_temp_c:
            raise InputValueError(
                f"{label}: dhw_supply_temp_c ({self.dhw_supply_temp_c:g} C) must exceed dhw_cold_water_temp_c "
                f"({self.dhw_cold_water_temp_c:g} C)"
            )
        if (not math.isnan(self.heating_setpoint_c) and not math.isnan(self.cooling_setpoint_c)
                and self.heating_setpoint_c > self.cooling_setpoint_c):
            raise InputValueError(
                f"{label}: heating set-point {self.heating_setpoint_c:g} C is above the cooling set-point "
                f"{self.cooling_setpoint_c:g} C; the dead band must be >= 0"
            )
        object.__setattr__(self, "schedules", _check_schedules(self.schedules, label))

    # -- construction helpers ----------------------------------------------------------------------
    def replace(self, **changes: Any) -> "UsageProfile":
        """A copy with fields replaced (validated again); records the names in ``overrides``.

        Schedules are replaced per kind: ``replace(schedules={"equipment": (weekday24, holiday24)})``
        keeps the other kinds.
        """
        unknown = [k for k in changes if k not in {f.name for f in dataclasses.fields(self)}]
        if unknown:
            raise InputValueError(
                f"UsageProfile.replace: unknown field(s) {', '.join(unknown)}; fields are "
                f"{', '.join(f.name for f in dataclasses.fields(self))}"
            )
        if "schedules" in changes:
            merged = dict(self.schedules)
            merged.update(dict(changes["schedules"]))
            changes["schedules"] = merged
        overrides = tuple(dict.fromkeys(self.overrides + tuple(k for k in changes if k != "overrides")))
        return dataclasses.replace(self, overrides=overrides, **changes)

    # -- derived quantities ------------------------------------------------------------------------
    @property
    def people_per_m2(self) -> float:
        """Design occupant density, persons/m2 (0 for unoccupied rooms)."""
        return 0.0 if math.isnan(self.area_per_person_m2) else 1.0 / self.area_per_person_m2

    @property
    def dhw_wh_per_person_day(self) -> float:
        """Heat to make the daily hot water of one person, Wh: litres x 1.163 Wh/(L.K) x (supply - cold)."""
        return self.dhw_l_per_person_day * WATER_HEAT_WH_PER_L_K * (self.dhw_supply_temp_c - self.dhw_cold_water_temp_c)

    def full_load_hours(self, kind: str) -> dict[str, float]:
        """Sum of a fraction schedule over 24 h for each day type: ``{"weekday": h, "holiday": h}``."""
        wd, hol = self._schedule(kind)
        return {"weekday": float(np.sum(wd)), "holiday": float(np.sum(hol))}

    def daily_wh_m2(self, daytype: str = "weekday") -> dict[str, float]:
        """Daily energy per m2 (Wh/m2) of equipment, lighting and people sensible/latent gains.

        Equipment: ``equipment_w_m2`` x sum of the equipment fractions; lighting likewise; people:
        W/person / m2-per-person x sum of the occupancy fractions.
        """
        if daytype not in ("weekday", "holiday"):
            raise InputValueError(f"daytype must be 'weekday' or 'holiday', got {daytype!r}")
        i = 0 if daytype == "weekday" else 1
        occ = float(np.sum(self._schedule("occupancy")[i]))
        return {
            "equipment": self.equipment_w_m2 * float(np.sum(self._schedule("equipment")[i])),
            "lighting": self.lighting_w_m2 * float(np.sum(self._schedule("lighting")[i])),
            "people_sensible": self.sensible_w_per_person * self.people_per_m2 * occ,
            "people_latent": self.latent_w_per_person * self.people_per_m2 * occ,
        }

    def _schedule(self, kind: str) -> tuple[np.ndarray, np.ndarray]:
        try:
            return self.schedules[kind]
        except KeyError:
            raise InputValueError(f"usage profile {self.usage!r} has no {kind!r} schedule") from None

    # -- the hourly year ---------------------------------------------------------------------------
    def hourly(
        self,
        year: int = 2023,
        tz: Any = None,
        *,
        index: pd.DatetimeIndex | None = None,
        holidays: Iterable[Any] = (),
        room_height_m: float = 2.8,
    ) -> pd.DataFrame:
        """The profile over a year: one row per hour, vectorised over all hours.

        ``index`` (e.g. ``weather.data.index``) gives the hour-ending timestamps to use; otherwise the
        8760 hour-ending timestamps of ``year`` in ``tz`` (a tz name, a tzinfo or a UTC offset in hours;
        29 February is skipped in leap years, like typical-year weather). Saturdays, Sundays and the
        dates in ``holidays`` use the holiday schedules. ``room_height_m`` turns an air-change rate into
        m3/h per m2 of floor.

        Columns: ``occupancy_fraction``, ``people_per_m2``, ``people_sensible_w_m2``,
        ``latent_w_m2``, ``lighting_w_m2``, ``equipment_w_m2``, ``sensible_w_m2`` (people + lighting +
        equipment), ``convective_w_m2`` and ``radiative_w_m2`` (its split), ``hvac_on``,
        ``heating_setpoint_c`` and ``cooling_setpoint_c`` (NaN when off), ``ventilation_m3_h_m2``
        (outdoor air), ``dhw_w_m2`` (heat to warm the hot water drawn: one daily volume per design
        occupant and day, spread over the occupied hours; rest days with fewer person-hours than a
        weekday carry proportionally less, so offices use none at weekends).
        """
        if not (0.5 <= float(room_height_m) <= 50.0):
            raise InputValueError(f"room_height_m={room_height_m!r} is not a room height in m (0.5-50)")
        if index is None:
            index = hourly_index(year, tz)
        elif not isinstance(index, pd.DatetimeIndex):
            raise InputValueError("index must be a pandas DatetimeIndex of hour-ending timestamps")
        mid = index - pd.Timedelta(minutes=30)
        hod = np.asarray(mid.hour, dtype=np.intp)
        hol = np.asarray(mid.day_of_week >= 5)
        holiday_dates = {pd.Timestamp(d).date() for d in holidays}
        if holiday_dates:
            hol = hol | np.asarray(pd.Index(mid.date).isin(holiday_dates))

        def pick(kind: str) -> np.ndarray:
            wd, hd = self._schedule(kind)
            return np.where(hol, hd[hod], wd[hod])

        occ = pick("occupancy")
        light = self.lighting_w_m2 * pick("lighting")
        equip = self.equipment_w_m2 * pick("equipment")
        hvac = pick("hvac")
        ppl = occ * self.people_per_m2
        people_sens = ppl * self.sensible_w_per_person
        latent = ppl * self.latent_w_per_person
        sensible = people_sens + light + equip
        radiative = (people_sens * self.radiant_fraction_people + light * self.radiant_fraction_lighting
                     + equip * self.radiant_fraction_equipment)
        heat_sp = self._setpoints("heating", hvac, pick)
        cool_sp = self._setpoints("cooling", hvac, pick)
        q_person = 0.0 if math.isnan(self.outdoor_air_l_s_person) else self.outdoor_air_l_s_person
        q_area = 0.0 if math.isnan(self.outdoor_air_l_s_m2) else self.outdoor_air_l_s_m2
        ach = 0.0 if math.isnan(self.air_change_rate_h) else self.air_change_rate_h
        ventilation = 3.6 * (q_person * ppl + q_area * (hvac > 0)) + ach * room_height_m * (hvac > 0)
        wd_occ, hd_occ = self._schedule("occupancy")
        s_wd, s_hd = float(np.sum(wd_occ)), float(np.sum(hd_occ))
        # each day type carries one daily volume per design occupant, spread over its occupied hours;
        # a rest day with fewer person-hours than a weekday (offices, shops) carries proportionally less
        share_wd = occ / s_wd if s_wd > 0 else np.zeros(len(occ))
        share_hd = occ / s_hd * (min(1.0, s_hd / s_wd) if s_wd > 0 else 1.0) if s_hd > 0 else np.zeros(len(occ))
        dhw = self.dhw_wh_per_person_day * self.people_per_m2 * np.where(hol, share_hd, share_wd)
        return pd.DataFrame(
            {
                "occupancy_fraction": occ,
                "people_per_m2": ppl,
                "people_sensible_w_m2": people_sens,
                "latent_w_m2": latent,
                "lighting_w_m2": light,
                "equipment_w_m2": equip,
                "sensible_w_m2": sensible,
                "convective_w_m2": sensible - radiative,
                "radiative_w_m2": radiative,
                "hvac_on": hvac > 0,
                "heating_setpoint_c": heat_sp,
                "cooling_setpoint_c": cool_sp,
                "ventilation_m3_h_m2": ventilation,
                "dhw_w_m2": dhw,
            },
            index=index,
        )

    def _setpoints(self, which: str, hvac: np.ndarray, pick) -> np.ndarray:
        occupied = self.heating_setpoint_c if which == "heating" else self.cooling_setpoint_c
        off = self.heating_setback_c if which == "heating" else self.cooling_setup_c
        n = len(hvac)
        if math.isnan(occupied):
            return np.full(n, np.nan)
        kind = f"{which}_c"
        if kind in self.schedules:
            wd, hd = self.schedules[kind]
            base = wd if np.any(np.isfinite(wd)) else hd
            if not np.any(np.isfinite(base)):
                return np.full(n, np.nan)
            ref = np.nanmax(base) if which == "heating" else np.nanmin(base)
            return pick(kind) + (occupied - ref)
        return np.where(hvac > 0, occupied, off)

    # -- output ------------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: scalar fields (NaN -> None) and schedules as lists."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "schedules":
                out[f.name] = {k: {"weekday": [float(x) if np.isfinite(x) else None for x in v[0]],
                                   "holiday": [float(x) if np.isfinite(x) else None for x in v[1]]}
                               for k, v in value.items()}
            elif isinstance(value, float):
                out[f.name] = None if math.isnan(value) else value
            elif isinstance(value, tuple):
                out[f.name] = list(value)
            else:
                out[f.name] = value
        return out

    def to_frame(self) -> pd.DataFrame:
        """The 24 h schedules as a frame: one column per kind and day type, rows = hour of day."""
        data = {}
        for kind, (wd, hol) in self.schedules.items():
            data[f"{kind}_weekday"] = wd
            data[f"{kind}_holiday"] = hol
        return pd.DataFrame(data, index=pd.RangeIndex(24, name="hour"))

    def _repr_html_(self) -> str:
        d = self.to_dict()
        rows = "".join(
            f"<tr><td>{html.escape(k)}</td><td>{html.escape(str(v))}</td></tr>"
            for k, v in d.items() if k not in ("schedules",)
        )
        return f"<table><caption>UsageProfile {html.escape(self.usage)} ({html.escape(self.standard)})</caption>{rows}</table>"

    def __repr__(self) -> str:
        flag = f", fallback for {self.requested_usage!r}" if self.is_fallback else ""
        return (f"UsageProfile({self.usage!r}, {self.standard!r}, {self.area_per_person_m2:g} m2/person, "
                f"equipment {self.equipment_w_m2:g} W/m2, lighting {self.lighting_w_m2:g} W/m2{flag})")


def _check_schedules(schedules: Mapping[str, Any], label: str) -> Mapping[str, tuple[np.ndarray, np.ndarray]]:
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for kind, pair in dict(schedules).items():
        if kind not in SCHEDULE_KINDS:
            raise InputValueError(f"{label}: unknown schedule kind {kind!r}; kinds are {', '.join(SCHEDULE_KINDS)}")
        try:
            wd, hol = pair
        except (TypeError, ValueError):
            raise InputValueError(f"{label}: schedule {kind!r} must be a pair (weekday, holiday) of 24 values") from None
        arrays = []
        for name, values in (("weekday", wd), ("holiday", hol)):
            arr = np.asarray(values, dtype=float).copy()
            if arr.shape != (24,):
                raise InputValueError(f"{label}: {kind} {name} schedule needs 24 hourly values, got shape {arr.shape}")
            if kind in _FRACTION_KINDS:
                if not np.all(np.isfinite(arr)) or np.any(arr < 0) or np.any(arr > 1):
                    raise InputValueError(f"{label}: {kind} {name} fractions must lie in [0, 1]; got {arr.tolist()}")
            else:
                finite = arr[np.isfinite(arr)]
                if np.any(finite < -30) or np.any(finite > 60):
                    raise InputValueError(f"{label}: {kind} {name} set-points must lie in [-30, 60] C (NaN = off)")
            arr.setflags(write=False)
            arrays.append(arr)
        out[kind] = (arrays[0], arrays[1])
    missing = [k for k in _REQUIRED_KINDS if k not in out]
    if missing:
        raise InputValueError(f"{label}: schedules lack {', '.join(missing)}")
    return MappingProxyType(out)


# ---------------------------------------------------------------------------------------------------
# time axis
# ---------------------------------------------------------------------------------------------------
def _tzinfo(tz: Any):
    if tz is None or isinstance(tz, (str, _dt.tzinfo)):
        return tz
    if isinstance(tz, (int, float)) and -14 <= tz <= 14:
        return _dt.timezone(_dt.timedelta(hours=float(tz)))
    raise InputValueError(f"tz must be None, a time-zone name, a tzinfo or a UTC offset in hours; got {tz!r}")


def hourly_index(year: int = 2023, tz: Any = None) -> pd.DatetimeIndex:
    """8760 hour-ending timestamps of ``year`` (01:00 on 1 January to 00:00 on 1 January next year).

    29 February is dropped in leap years (typical-year convention, same length as EPW weather).
    """
    if not isinstance(year, (int, np.integer)) or not 1900 <= int(year) <= 2200:
        raise InputValueError(f"year must be an integer between 1900 and 2200, got {year!r}")
    idx = pd.date_range(pd.Timestamp(int(year), 1, 1, 1), periods=8784 if _leap(int(year)) else 8760,
                        freq="h", tz=_tzinfo(tz))
    if _leap(int(year)):
        mid = idx - pd.Timedelta(minutes=30)
        idx = idx[~((mid.month == 2) & (mid.day == 29))]
    return idx


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


# ---------------------------------------------------------------------------------------------------
# packaged tables
# ---------------------------------------------------------------------------------------------------
_PROFILE_COLUMNS = (
    "standard", "usage", "climate_zone", "schedule", "area_per_person_m2", "sensible_w_per_person",
    "latent_w_per_person", "equipment_w_m2", "lighting_w_m2", "dhw_l_per_person_day", "outdoor_air_l_s_person",
    "outdoor_air_l_s_m2", "air_change_rate_h", "heating_setpoint_c", "heating_setback_c", "cooling_setpoint_c",
    "cooling_setup_c", "source", "table", "note",
)


@lru_cache(maxsize=1)
def _schedule_table() -> Mapping[str, Mapping[str, tuple[np.ndarray, np.ndarray]]]:
    frame = read_csv("energy/usage_schedules.csv", required=("schedule", "kind", "daytype") + _HOUR_COLS + ("source",))
    found: dict[str, dict[str, dict[str, np.ndarray]]] = {}
    for i, rec in enumerate(frame.to_dict("records"), start=2):
        where = f"energy/usage_schedules.csv line {i}"
        if rec["kind"] not in SCHEDULE_KINDS or rec["daytype"] not in ("weekday", "holiday"):
            raise DataFileError(f"{where}: kind {rec['kind']!r} / daytype {rec['daytype']!r} not recognised")
        if not isinstance(rec["source"], str) or not rec["source"].strip():
            raise DataFileError(f"{where}: empty source")
        values = np.array([_f(rec[c]) for c in _HOUR_COLS])
        found.setdefault(rec["schedule"], {}).setdefault(rec["kind"], {})[rec["daytype"]] = values
    out = {}
    for sid, kinds in found.items():
        pairs = {}
        for kind, days in kinds.items():
            if set(days) != {"weekday", "holiday"}:
                raise DataFileError(f"energy/usage_schedules.csv: schedule {sid!r} {kind} lacks a weekday or holiday row")
            pairs[kind] = (days["weekday"], days["holiday"])
        out[sid] = MappingProxyType(pairs)
    return MappingProxyType(out)


@lru_cache(maxsize=1)
def _profile_rows() -> tuple[dict[str, Any], ...]:
    frame = read_csv("energy/usage_profiles.csv", required=_PROFILE_COLUMNS)
    rows = []
    schedules = _schedule_table()
    for i, rec in enumerate(frame.to_dict("records"), start=2):
        where = f"energy/usage_profiles.csv line {i}"
        if rec["usage"] not in USAGE_CATEGORIES:
            raise DataFileError(f"{where}: usage {rec['usage']!r} is not a usage category")
        if rec["standard"] not in STANDARDS:
            raise DataFileError(f"{where}: standard {rec['standard']!r} is not one of {', '.join(STANDARDS)}")
        if rec["schedule"] not in schedules:
            raise DataFileError(f"{where}: schedule {rec['schedule']!r} is not in energy/usage_schedules.csv")
        if not isinstance(rec["source"], str) or not rec["source"].strip():
            raise DataFileError(f"{where}: empty source")
        zone = rec["climate_zone"] if isinstance(rec["climate_zone"], str) and rec["climate_zone"] else None
        rec = dict(rec, climate_zone=zone, line=i)
        rows.append(rec)
    return tuple(rows)


def available_profiles() -> pd.DataFrame:
    """The packaged profile table (one row per standard x usage [x climate zone]) with sources."""
    return pd.DataFrame([{k: v for k, v in r.items() if k != "line"} for r in _profile_rows()])


def _norm_zone(zone: str | None) -> str | None:
    if zone is None:
        return None
    z = str(zone).strip().lower().replace("-", "_")
    z = _ZONE_ALIASES.get(z, _ZONE_ALIASES.get(str(zone).strip(), z))
    if z not in CLIMATE_ZONES:
        raise InputValueError(f"climate_zone {zone!r} unknown; use one of {', '.join(CLIMATE_ZONES)} (GB 50176-2016 zones)")
    return z


def resolve_standard(standard: str = "auto", usage: str = "office", country: str | None = None) -> str:
    """The concrete standard key used for ``usage`` ("auto"/"cn" resolved, aliases mapped)."""
    key = str(standard).strip().lower()
    key = _STANDARD_ALIASES.get(key, key)
    if key == "auto":
        key = "cn" if country is not None and str(country).strip().lower() in _CHINA else "en16798"
    if key == "cn":
        key = "jgj" if USAGE_CATEGORIES[usage].profile_usage == "residential" else "gb55015"
    if key not in _STANDARD_CHAIN:
        raise InputValueError(
            f"unknown standard {standard!r}; use 'auto', 'cn', 'gb55015' (alias 'gb50189'), 'jgj', 'en16798' "
            f"or 'sia2024'"
        )
    return key


def usage_profile(
    usage: str,
    standard: str = "auto",
    climate_zone: str | None = None,
    *,
    country: str | None = None,
    fallback: str = "residential",
) -> UsageProfile:
    """The usage profile of a room use under a standard.

    ``usage`` is a category of :data:`bldgagent.usage.USAGES`. ``standard="auto"`` picks the Chinese
    standards when ``country`` is China ("CN", "China", "中国"...) and EN 16798-1 elsewhere.
    ``climate_zone`` (GB 50176 zones: severe_cold, cold, hscw, hsww, temperate, or their Chinese names)
    is required for Chinese dwellings. ``usage="unknown"`` returns the ``fallback`` usage's profile
    flagged ``is_fallback=True`` so the caller can report the room.
    """
    if usage not in USAGE_CATEGORIES:
        raise InputValueError(f"unknown usage {usage!r}; use one of {', '.join(USAGES)}")
    requested = usage
    reasons: list[str] = []
    if usage == "unknown":
        if fallback not in USAGE_CATEGORIES or fallback == "unknown":
            raise InputValueError(f"fallback must be a usage category other than 'unknown', got {fallback!r}")
        reasons.append(f"usage unknown: fallback {fallback!r} used")
        usage = fallback
    key = resolve_standard(standard, usage, country)
    zone = _norm_zone(climate_zone)
    rows = _profile_rows()
    chain_usage = [usage]
    while chain_usage[-1] in USAGE_FALLBACK and USAGE_FALLBACK[chain_usage[-1]] not in chain_usage:
        chain_usage.append(USAGE_FALLBACK[chain_usage[-1]])
    for u in chain_usage:
        for s in _STANDARD_CHAIN[key]:
            candidates = [r for r in rows if r["standard"] == s and r["usage"] == u]
            if not candidates:
                continue
            zoned = [r for r in candidates if r["climate_zone"] is not None]
            if zoned:
                if zone is None:
                    raise InputValueError(
                        f"{s} profiles for {u!r} depend on the climate zone; pass climate_zone= one of "
                        f"{', '.join(sorted({r['climate_zone'] for r in zoned}))}"
                    )
                candidates = [r for r in zoned if r["climate_zone"] == zone]
                if not candidates:
                    raise InputValueError(f"no {s} profile for {u!r} in climate zone {zone!r}")
            row = candidates[0]
            if u != usage:
                reasons.append(f"no profile for {usage!r}; {u!r} used")
            if s != key:
                reasons.append(f"{key} has no row for {u!r}; {s} row used")
            return _build(row, requested, reasons)
    raise InputValueError(f"no profile for usage {usage!r} under standard {key!r} or its fallbacks")


def _build(row: Mapping[str, Any], requested: str, reasons: list[str]) -> UsageProfile:
    sched = _schedule_table()[row["schedule"]]
    try:
        return UsageProfile(
            usage=row["usage"],
            standard=row["standard"],
            climate_zone=row["climate_zone"],
            area_per_person_m2=_f(row["area_per_person_m2"]),
            sensible_w_per_person=_f(row["sensible_w_per_person"]),
            latent_w_per_person=_f(row["latent_w_per_person"]),
            equipment_w_m2=_f(row["equipment_w_m2"]),
            lighting_w_m2=_f(row["lighting_w_m2"]),
            dhw_l_per_person_day=_f(row["dhw_l_per_person_day"]),
            outdoor_air_l_s_person=_f(row["outdoor_air_l_s_person"]),
            outdoor_air_l_s_m2=_f(row["outdoor_air_l_s_m2"]),
            air_change_rate_h=_f(row["air_change_rate_h"]),
            heating_setpoint_c=_f(row["heating_setpoint_c"]),
            heating_setback_c=_f(row["heating_setback_c"]),
            cooling_setpoint_c=_f(row["cooling_setpoint_c"]),
            cooling_setup_c=_f(row["cooling_setup_c"]),
            schedules=sched,
            source=str(row["source"]),
            table=str(row["table"]) if isinstance(row["table"], str) else "",
            note=str(row["note"]) if isinstance(row["note"], str) else "",
            requested_usage=requested,
            is_fallback=bool(reasons),
            fallback_reason="; ".join(reasons),
        )
    except InputValueError as exc:
        raise DataFileError(f"energy/usage_profiles.csv line {row['line']}: {exc}") from exc
