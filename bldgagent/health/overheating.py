"""Overheating of free-running rooms: CIBSE TM52 (three criteria) and CIBSE TM59 (homes).

TM52 (CIBSE TM52:2013 Section 6.1.2), on the occupied hours of May to September:
  theta_max = 0.33 theta_rm + 21.8 C (BS EN 15251 category II upper limit), delta_T = t_o - theta_max
  rounded to the nearest whole degree (half up: 0.5 -> 1);
  1. hours with delta_T >= 1 K: at most 3 % of the occupied hours of the period;
  2. daily weighted exceedance W_e = sum over the day's occupied hours of max(delta_T, 0) <= 6;
  3. delta_T never above 4 K.
  A room failing two or more criteria is overheating. Hours whose running mean lies outside the
  10-30 C range of the adaptive upper limit are excluded (no limit is defined there) and counted.
TM59 (CIBSE TM59:2017), naturally ventilated homes:
  a. living rooms, kitchens and bedrooms pass TM52 criterion 1;
  b. bedrooms: t_o > 26 C for at most 1 % of the annual night hours 22:00-07:00 (32 of 3285 hours).
  Mechanically ventilated homes: t_o > 26 C for at most 3 % of annual occupied hours.
All thresholds live in ``data/health/overheating_criteria.csv`` with their source.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

import numpy as np

from ..errors import InputValueError
from ._common import (
    DAYS_PER_YEAR,
    HOURS_PER_YEAR,
    Result,
    as_hourly,
    as_hourly_bool,
    hour_of_day,
    hourly_field,
    month_of_hour,
    records,
)
from .comfort import running_mean_outdoor_c


@lru_cache(maxsize=None)
def _criteria(method: str) -> dict[str, float]:
    return {r["parameter"]: float(r["value"]) for r in records("overheating_criteria") if r["method"] == method}


def _round_half_up(x: np.ndarray) -> np.ndarray:
    """Round to the nearest whole degree, halves up (TM52: 0.5 to 1.5 K counts as 1 K). The 1e-9 K
    guard keeps an exact half (e.g. 28.9 - 28.4) from falling to the lower degree through float error."""
    return np.floor(x + 0.5 + 1e-9)


@dataclass
class TM52Result(Result):
    """CIBSE TM52 assessment of one room (May-September occupied hours)."""

    name: str
    category: str
    hours_assessed: int
    hours_excluded_running_mean: int
    c1_hours_exceeding: int
    c1_limit_hours: float
    c1_pass: bool
    c2_max_daily_weighted_exceedance: float
    c2_days_failing: int
    c2_pass: bool
    c3_max_delta_t_k: float | None
    c3_hours_above_limit: int
    c3_pass: bool
    criteria_failed: int
    overheating: bool
    delta_t_hourly: np.ndarray = hourly_field()

    @property
    def passes(self) -> bool:
        return not self.overheating


@dataclass
class TM59Result(Result):
    """CIBSE TM59 assessment of one room of a home."""

    name: str
    room_type: str
    ventilation: str
    criterion_a_hours_exceeding: int | None
    criterion_a_limit_hours: float | None
    criterion_a_pass: bool | None
    criterion_b_night_hours_above_26: int | None
    criterion_b_limit_hours: float | None
    criterion_b_pass: bool | None
    mech_hours_above_26: int | None
    mech_limit_hours: float | None
    mech_pass: bool | None
    passes: bool


def tm52_many(
    operative_temp_c: Any,
    occupied: Any,
    temp_out_c: Any = None,
    *,
    running_mean_c: Any = None,
    category: str = "II",
    names: Sequence[str] | None = None,
) -> list[TM52Result]:
    """TM52 for several rooms (operative temperature and occupancy shaped rooms x 8760).

    Give either the hourly outdoor temperature ``temp_out_c`` (the running mean is derived with
    alpha = 0.8) or the 365 daily ``running_mean_c`` values. ``category`` I/II/III selects the upper
    limit (TM52 uses II for normal expectation, I for vulnerable occupants).
    """
    c = _criteria("tm52")
    key = f"theta_max_intercept_cat_{category}_c"
    if key not in c:
        raise InputValueError(f"TM52 category {category!r} must be 'I', 'II' or 'III'")
    top = np.atleast_2d(as_hourly(operative_temp_c, "operative_temp_c"))
    occ = np.broadcast_to(np.atleast_2d(as_hourly_bool(occupied, "occupied")), top.shape)
    if running_mean_c is None:
        if temp_out_c is None:
            raise InputValueError("TM52 needs temp_out_c (hourly outdoor temperature) or running_mean_c (365 values)")
        trm = running_mean_outdoor_c(temp_out_c)
    else:
        trm = np.asarray(running_mean_c, dtype=float)
        if trm.shape != (DAYS_PER_YEAR,):
            raise InputValueError(f"running_mean_c must have {DAYS_PER_YEAR} daily values, got shape {trm.shape}")
    theta_max = np.repeat(c["theta_max_slope"] * trm + c[key], 24)
    trm_h = np.repeat(trm, 24)
    month = month_of_hour()
    period = (month >= c["period_first_month"]) & (month <= c["period_last_month"])
    trm_ok = (trm_h >= c["running_mean_min_c"]) & (trm_h <= c["running_mean_max_c"])
    assessed = occ & period & trm_ok
    excluded = occ & period & ~trm_ok
    dt = _round_half_up(top - theta_max)
    n_assessed = assessed.sum(axis=1)
    he = ((dt >= c["c1_min_delta_t_k"]) & assessed).sum(axis=1)
    c1_limit = c["c1_max_share_of_occupied_hours"] * n_assessed
    we = np.where(assessed, np.maximum(dt, 0.0), 0.0).reshape(top.shape[0], DAYS_PER_YEAR, 24).sum(axis=2)
    c3_above = ((dt > c["c3_max_delta_t_k"]) & assessed).sum(axis=1)
    dt_assessed = np.where(assessed, dt, -np.inf)
    names = list(names) if names is not None else [f"room {i}" for i in range(top.shape[0])]
    out = []
    for r in range(top.shape[0]):
        c1 = bool(he[r] <= c1_limit[r])
        c2 = bool(we[r].max() <= c["c2_max_daily_weighted_exceedance"])
        c3 = bool(c3_above[r] == 0)
        failed = int((not c1) + (not c2) + (not c3))
        mx = float(dt_assessed[r].max()) if n_assessed[r] else None
        out.append(
            TM52Result(
                name=names[r],
                category=category,
                hours_assessed=int(n_assessed[r]),
                hours_excluded_running_mean=int(excluded[r].sum()),
                c1_hours_exceeding=int(he[r]),
                c1_limit_hours=float(c1_limit[r]),
                c1_pass=c1,
                c2_max_daily_weighted_exceedance=float(we[r].max()),
                c2_days_failing=int((we[r] > c["c2_max_daily_weighted_exceedance"]).sum()),
                c2_pass=c2,
                c3_max_delta_t_k=mx,
                c3_hours_above_limit=int(c3_above[r]),
                c3_pass=c3,
                criteria_failed=failed,
                overheating=failed > c["max_criteria_failed"],
                delta_t_hourly=np.where(assessed[r], dt[r], np.nan),
            )
        )
    return out


def tm52(
    operative_temp_c: Any,
    occupied: Any,
    temp_out_c: Any = None,
    *,
    running_mean_c: Any = None,
    category: str = "II",
    name: str = "room",
) -> TM52Result:
    """CIBSE TM52 overheating assessment of one room (8760 hourly values).

    Example
    -------
    >>> r = tm52(top_c, occupied, weather.temp_air_c)
    >>> r.overheating, r.c1_hours_exceeding, r.c2_max_daily_weighted_exceedance
    """
    return tm52_many(
        operative_temp_c, occupied, temp_out_c, running_mean_c=running_mean_c, category=category, names=[name]
    )[0]


def night_hours() -> np.ndarray:
    """Boolean mask of the TM59 night hours 22:00-07:00 (9 hours a day, 3285 a year)."""
    return _night_hours().copy()


@lru_cache(maxsize=None)
def _night_hours() -> np.ndarray:
    c = _criteria("tm59")
    h = hour_of_day()
    return (h >= c["b_night_start_hour"]) | (h < c["b_night_end_hour"])


def tm59(
    operative_temp_c: Any,
    occupied: Any,
    temp_out_c: Any = None,
    *,
    room_type: str,
    ventilation: str = "natural",
    running_mean_c: Any = None,
    name: str = "room",
) -> TM59Result:
    """CIBSE TM59 assessment of one room of a home.

    ``room_type``: ``"living"``, ``"kitchen"`` or ``"bedroom"`` (criterion a applies to all three,
    criterion b to bedrooms). ``ventilation="mechanical"`` applies the fixed 26 C / 3 % test of
    predominantly mechanically ventilated homes instead.
    """
    if room_type not in ("living", "kitchen", "bedroom"):
        raise InputValueError(f"TM59 room_type {room_type!r} must be 'living', 'kitchen' or 'bedroom'")
    if ventilation not in ("natural", "mechanical"):
        raise InputValueError(f"TM59 ventilation {ventilation!r} must be 'natural' or 'mechanical'")
    top = as_hourly(operative_temp_c, "operative_temp_c", name)
    if top.ndim != 1:
        raise InputValueError("tm59 assesses one room: pass 8760 values")
    occ = as_hourly_bool(occupied, "occupied", name)
    r52 = tm52(top, occ, temp_out_c, running_mean_c=running_mean_c, name=name) if ventilation == "natural" else None
    return tm59_of(top, occ, room_type, r52, name)


def tm59_of(top: np.ndarray, occ: np.ndarray, room_type: str, r52: TM52Result | None, name: str) -> TM59Result:
    """TM59 of one room (8760 checked operative temperatures ``top`` and occupied hours ``occ``) given ``r52``, the
    room's TM52 on the same hours (criterion a is TM52's criterion 1), or None for a predominantly mechanically
    ventilated home (the fixed 26 C / 3 % test): for callers that have the TM52 of the rooms already."""
    c = _criteria("tm59")
    ventilation = "natural" if r52 is not None else "mechanical"
    a_he = a_lim = a_ok = b_n = b_lim = b_ok = m_n = m_lim = m_ok = None
    if ventilation == "natural":
        a_he, a_lim, a_ok = r52.c1_hours_exceeding, r52.c1_limit_hours, r52.c1_pass
        if room_type == "bedroom":
            night = night_hours()
            b_n = int(((top > c["b_max_operative_temp_c"]) & night).sum())
            b_lim = c["b_max_share_of_night_hours"] * int(night.sum())
            b_ok = bool(b_n <= b_lim)
        passes = bool(a_ok and (b_ok is not False))
    else:
        m_n = int(((top > c["mech_max_operative_temp_c"]) & occ).sum())
        m_lim = c["mech_max_share_of_occupied_hours"] * int(occ.sum())
        m_ok = bool(m_n <= m_lim)
        passes = m_ok
    return TM59Result(
        name=name,
        room_type=room_type,
        ventilation=ventilation,
        criterion_a_hours_exceeding=a_he,
        criterion_a_limit_hours=a_lim,
        criterion_a_pass=a_ok,
        criterion_b_night_hours_above_26=b_n,
        criterion_b_limit_hours=b_lim,
        criterion_b_pass=b_ok,
        mech_hours_above_26=m_n,
        mech_limit_hours=m_lim,
        mech_pass=m_ok,
        passes=passes,
    )


__all__ = ["TM52Result", "TM59Result", "night_hours", "tm52", "tm52_many", "tm59", "tm59_of", "HOURS_PER_YEAR"]
