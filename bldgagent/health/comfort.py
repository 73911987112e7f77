"""Thermal comfort: PMV/PPD (ISO 7730) for conditioned hours, adaptive comfort (EN 16798-1, ASHRAE 55)
for free-running hours, as shares of occupied hours per category.

Methods
- PMV/PPD: ISO 7730:2005 (Fanger), computed by :func:`pythermalcomfort.models.pmv_ppd_iso` on the
  occupied conditioned hours only, vectorised across rooms. Inputs outside the ISO 7730 Clause 4 limits
  (``data/health/model_validity.csv``) are flagged and counted as *out of range*; no PMV is reported
  for them. Categories from |PMV| (EN 16798-1:2019 Annex B, ``data/health/comfort_categories.csv``).
- GB/T 50785-2012 classes beside the EN categories (:mod:`bldgagent.health.gbt50785`): PMV/PPD on the
  conditioned hours, APMV on the free-running ones (``gbt_hours``, ``gbt_share_within``).
- Adaptive, EN 16798-1:2019 Annex B.2.2: theta_c = 0.33 theta_rm + 18.8; category bands I +2/-3 K,
  II +3/-4 K, III +4/-5 K; the upper limits are raised by the cooling effect of elevated air speed
  (1.2/1.8/2.2 K at 0.6/0.9/1.2 m/s for t_o >= 25 C). Limits come from
  :func:`pythermalcomfort.models.adaptive_en` evaluated per day.
- Adaptive, ASHRAE 55-2020 Section 5.4: t_cmf = 0.31 t_pma + 17.8, 80 % band +-3.5 K, 90 % band +-2.5 K
  (:func:`pythermalcomfort.models.adaptive_ashrae`).
- Running mean outdoor temperature (EN 16798-1:2019 Annex B.2.2, EN 15251:2007 A.2):
  theta_rm(d) = (1 - alpha) theta_ed(d-1) + alpha theta_rm(d-1), alpha = 0.8, as a first-order IIR
  filter over daily means (as :func:`scipy.signal.lfilter` computes it).

Which model applies to an hour is given by the ``conditioned`` series (True: mechanical heating or
cooling in operation -> PMV; False: free-running -> adaptive), as EN 16798-1 prescribes PMV for
mechanically heated/cooled buildings and the adaptive model for buildings without mechanical cooling.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..errors import InputValueError
from ..model import Diagnostics
from . import gbt50785
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


# --- deferred third-party imports: pythermalcomfort (about 1 s) and scipy load on first use, not at import --------
def pmv_ppd_iso(*args, **kwargs):
    from pythermalcomfort.models import pmv_ppd_iso as model
    return model(*args, **kwargs)


def _pmv_ppd(tdb, tr, vr, rh, met, clo) -> tuple[np.ndarray, np.ndarray]:
    """PMV and PPD (%) of ISO 7730:2005 on float arrays already checked by the caller: pythermalcomfort's compiled
    core (``_pmv_ppd_optimized``, no external work) and its PPD formula, without the per-call input validation and
    comfort-category labels of :func:`pmv_ppd_iso` (same numbers; the health engine calls it several times per
    room-year)."""
    try:
        from pythermalcomfort.models._pmv_ppd_optimized import _pmv_ppd_optimized
    except ImportError:  # pragma: no cover - a pythermalcomfort that moved its core: the public model
        r = pmv_ppd_iso(tdb, tr, vr, rh, met, clo, limit_inputs=False, round_output=False)
        return np.asarray(r.pmv, dtype=float), np.asarray(r.ppd, dtype=float)
    args = [np.asarray(a, dtype=float) for a in (tdb, tr, vr, rh, met, clo)]
    pmv = _pmv_ppd_optimized(*args, np.zeros(1))
    return pmv, 100.0 - 95.0 * np.exp(-0.03353 * pmv**4.0 - 0.2179 * pmv**2.0)   # ISO 7730:2005 eq. (5)


def adaptive_en(*args, **kwargs):
    from pythermalcomfort.models import adaptive_en as model
    return model(*args, **kwargs)


def adaptive_ashrae(*args, **kwargs):
    from pythermalcomfort.models import adaptive_ashrae as model
    return model(*args, **kwargs)


def clo_tout(*args, **kwargs):
    from pythermalcomfort.models import clo_tout as model
    return model(*args, **kwargs)


def v_relative(*args, **kwargs):
    try:  # pythermalcomfort >= 3 moved v_relative to .environment (the .utilities alias is deprecated)
        from pythermalcomfort.environment import v_relative as model
    except ImportError:  # pragma: no cover - older pythermalcomfort
        from pythermalcomfort.utilities import v_relative as model
    return model(*args, **kwargs)


def _running_mean(x: np.ndarray, alpha: float, y0: float) -> np.ndarray:
    """y[n] = (1 - alpha) x[n] + alpha y[n-1] with y[-1] = ``y0``: the first-order filter
    ``scipy.signal.lfilter([1 - alpha], [1, -alpha], x, zi=[alpha * y0])[0]``, computed in its order of operations
    (the state alpha y[n-1] plus (1 - alpha) x[n]), so equal to it bit for bit; a few hundred days in a loop cost
    less than importing scipy.signal (about 1 s)."""
    b0 = 1.0 - alpha
    out = np.empty(len(x))
    z = alpha * y0
    for n, xn in enumerate(np.asarray(x, dtype=float).tolist()):
        y = z + b0 * xn
        out[n] = y
        z = alpha * y
    return out


#: Category codes of the hourly category arrays.
CAT_UNOCCUPIED, CAT_I, CAT_II, CAT_III, CAT_OUTSIDE, CAT_OUT_OF_RANGE = 0, 1, 2, 3, 4, -1
CATEGORY_NAMES = {
    CAT_I: "I",
    CAT_II: "II",
    CAT_III: "III",
    CAT_OUTSIDE: "outside_III",
    CAT_OUT_OF_RANGE: "out_of_range",
}


# --- small building blocks ---------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _validity(model: str) -> dict[str, tuple[float, float]]:
    return {r["variable"]: (float(r["min"]), float(r["max"])) for r in records("model_validity") if r["model"] == model}


@lru_cache(maxsize=None)
def _pmv_limits() -> tuple[float, float, float]:
    lim = {r["category"]: float(r["pmv_abs_max"]) for r in records("comfort_categories")}
    return lim["I"], lim["II"], lim["III"]


@lru_cache(maxsize=None)
def _usage_rows() -> dict[str, dict[str, Any]]:
    return {r["usage"]: r for r in records("usage_profiles")}


def usage_profile(usage: str) -> dict[str, Any]:
    """Row of ``data/health/usage_profiles.csv`` for a usage; :class:`InputValueError` if unknown."""
    rows = _usage_rows()
    if usage not in rows:
        raise InputValueError(f"unknown room usage {usage!r}; known usages: {', '.join(rows)}")
    return rows[usage]


def metabolic_rate_met(usage: str) -> float:
    """Metabolic rate (met) of a room usage from ``data/health/usage_profiles.csv`` (ISO 7730 Table B.1)."""
    return float(usage_profile(usage)["met"])


def daily_mean_c(temp_out_c: Any) -> np.ndarray:
    """Daily mean (365 values) of an hourly outdoor temperature series (C)."""
    t = as_hourly(temp_out_c, "temp_out_c")
    return t.reshape(DAYS_PER_YEAR, 24).mean(axis=1)


def running_mean_outdoor_c(temp_out_c: Any, alpha: float = 0.8, cyclic: bool = True) -> np.ndarray:
    """Exponentially weighted running mean of the daily outdoor temperature, one value per day (C).

    theta_rm(d) = (1 - alpha) theta_ed(d-1) + alpha theta_rm(d-1) (EN 16798-1:2019 Annex B.2.2,
    alpha = 0.8 recommended). ``cyclic=True`` (suited to a typical weather year) warms the filter up
    on the last 60 days of the same year (alpha^60 < 2e-6); ``cyclic=False`` starts from the first
    day's mean.
    """
    if not 0.0 <= alpha < 1.0:
        raise InputValueError(f"running-mean alpha = {alpha} must be in [0, 1)")
    ed = daily_mean_c(temp_out_c)
    # value for day d uses days up to d-1
    if cyclic:
        x = np.concatenate([ed[-60:], ed])
        rm = _running_mean(x, alpha, ed[-61])
        prev = rm[59:-1]
    else:
        rm = _running_mean(ed, alpha, ed[0])
        prev = np.concatenate([[ed[0]], rm[:-1]])
    return prev


def relative_air_speed_m_s(air_speed_m_s: Any, met: Any) -> np.ndarray:
    """Relative air speed v_r = v + 0.3 (M - 1) for M > 1 met (ISO 7730, ASHRAE 55), via pythermalcomfort."""
    return np.asarray(v_relative(air_speed_m_s, met), dtype=float)


def mean_radiant_temp_c(operative_temp_c: Any, air_temp_c: Any, air_speed_m_s: Any) -> np.ndarray:
    """Mean radiant temperature (C) from operative and air temperature, inverting ISO 7726:1998
    t_o = (t_a sqrt(10 v) + t_r) / (1 + sqrt(10 v)). At v = 0.1 m/s this is t_o = (t_a + t_r) / 2."""
    k = np.sqrt(10.0 * np.asarray(air_speed_m_s, dtype=float))
    return np.asarray(operative_temp_c, dtype=float) * (1.0 + k) - np.asarray(air_temp_c, dtype=float) * k


_mrt_from_operative = mean_radiant_temp_c  # alias: thermal_comfort_many has a parameter of that name


def clothing_clo(
    temp_out_c: Any,
    method: str | float = "dynamic",
    *,
    summer_months: Sequence[int] = (5, 6, 7, 8, 9),
    summer_clo: float = 0.5,
    winter_clo: float = 1.0,
) -> np.ndarray:
    """Hourly clothing insulation (clo, 8760 values).

    - ``"dynamic"``: representative clothing of the day from the outdoor temperature at 06:00 (the
      hourly value labelled 06:00 in EPW terms, element ``24 d + 5``), ASHRAE 55-2020 Section 5.2.2.2
      / Schiavon & Lee (2013), via :func:`pythermalcomfort.models.clo_tout`.
    - ``"seasonal"``: ``summer_clo`` (0.5) in ``summer_months`` else ``winter_clo`` (1.0), the design
      assumptions of ISO 7730:2005 Annex A / EN 16798-1:2019 Annex B. Pass ``summer_months=(11, 12,
      1, 2, 3)`` in the southern hemisphere.
    - a number: constant clothing.
    """
    if isinstance(method, (int, float)) and not isinstance(method, bool):
        return np.full(HOURS_PER_YEAR, float(method))
    if method == "dynamic":
        t = as_hourly(temp_out_c, "temp_out_c")
        t6 = t.reshape(DAYS_PER_YEAR, 24)[:, 5]
        clo = np.asarray(clo_tout(tout=t6).clo_tout, dtype=float)
        return np.repeat(clo, 24)
    if method == "seasonal":
        summer = np.isin(month_of_hour(), list(summer_months))
        return np.where(summer, float(summer_clo), float(winter_clo))
    raise InputValueError(f"clothing method {method!r} is not 'dynamic', 'seasonal' or a clo value")


@dataclass
class PmvPpd(Result):
    """PMV/PPD per input point; ``pmv``/``ppd`` are NaN where the point is outside ISO 7730 limits.

    ``out_of_range`` counts the points per violated limit (a point can violate several).
    """

    pmv: np.ndarray = hourly_field()
    ppd: np.ndarray = hourly_field()
    valid: np.ndarray = hourly_field()
    out_of_range: dict[str, int] = field(default_factory=dict)


def _pmv_input_checks(tdb, tr, vr, rh, met, clo) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    lim = _validity("pmv")
    pa = rh * 10.0 * np.exp(16.6536 - 4030.183 / (tdb + 235.0))  # ISO 7730:2005 Annex D (Pa)
    checks = {
        "air_temp_c": tdb,
        "mean_radiant_temp_c": tr,
        "relative_air_speed_m_s": vr,
        "met": met,
        "clo": clo,
        "water_vapour_pressure_pa": pa,
    }
    bad = {}
    for name, arr in checks.items():
        lo, hi = lim[name]
        b = ~((arr >= lo) & (arr <= hi))
        bad[name] = b
    ok = ~np.logical_or.reduce([np.broadcast_to(b, np.broadcast(*checks.values()).shape) for b in bad.values()])
    return ok, bad


def pmv_ppd(tdb_c: Any, tr_c: Any, vr_m_s: Any, rh_pct: Any, met: Any, clo: Any) -> PmvPpd:
    """PMV and PPD (%) per ISO 7730:2005, vectorised (pythermalcomfort ``pmv_ppd_iso``).

    ``vr_m_s`` is the *relative* air speed (see :func:`relative_air_speed_m_s`); ``clo`` the basic
    clothing insulation. Points outside the ISO 7730 Clause 4 limits (air 10-30 C, radiant 10-40 C,
    v_r 0-1 m/s, 0.8-4 met, 0-2 clo, vapour pressure 0-2700 Pa, |PMV| <= 2) get NaN and are counted in
    ``out_of_range`` under the limit they break.
    """
    arrays = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(a, dtype=float)) for a in (tdb_c, tr_c, vr_m_s, rh_pct, met, clo))
    )
    tdb, tr, vr, rh, m, c = (a.ravel() for a in arrays)
    ok, bad = _pmv_input_checks(tdb, tr, vr, rh, m, c)
    pmv = np.full(tdb.shape, np.nan)
    ppd = np.full(tdb.shape, np.nan)
    if ok.any():
        r = pmv_ppd_iso(tdb[ok], tr[ok], vr[ok], rh[ok], m[ok], c[ok], limit_inputs=False, round_output=False)
        pmv[ok] = r.pmv
        ppd[ok] = r.ppd
    beyond = ok & (np.abs(np.nan_to_num(pmv)) > _validity("pmv")["pmv"][1])
    counts = {f"pmv_{k}_out_of_range": int(v.sum()) for k, v in bad.items() if v.any()}
    if beyond.any():
        counts["pmv_beyond_2"] = int(beyond.sum())
    pmv[beyond] = np.nan
    ppd[beyond] = np.nan
    shape = arrays[0].shape
    return PmvPpd(
        pmv=pmv.reshape(shape), ppd=ppd.reshape(shape), valid=(ok & ~beyond).reshape(shape), out_of_range=counts
    )


# --- adaptive limits per day ---------------------------------------------------------------------------
def adaptive_limits_en(running_mean_c: Any, air_speed_m_s: float = 0.1) -> pd.DataFrame:
    """EN 16798-1 adaptive comfort temperature and category limits (C) per running-mean value.

    Columns ``t_cmf``, ``i_low``, ``i_up``, ``ii_low``... and ``*_up_fan`` (upper limits with the
    elevated-air-speed cooling effect, applying when t_o >= 25 C). Values are returned for any running
    mean; the caller applies the validity range.
    """
    trm = np.atleast_1d(np.asarray(running_mean_c, dtype=float))
    still = adaptive_en(tdb=20.0, tr=20.0, t_running_mean=trm, v=air_speed_m_s, limit_inputs=False, round_output=False)
    warm = adaptive_en(tdb=30.0, tr=30.0, t_running_mean=trm, v=air_speed_m_s, limit_inputs=False, round_output=False)
    out = {"t_cmf": still.tmp_cmf}
    for c in ("i", "ii", "iii"):
        out[f"{c}_low"] = getattr(still, f"tmp_cmf_cat_{c}_low")
        out[f"{c}_up"] = getattr(still, f"tmp_cmf_cat_{c}_up")
        out[f"{c}_up_fan"] = getattr(warm, f"tmp_cmf_cat_{c}_up")
    return pd.DataFrame({k: np.broadcast_to(np.asarray(v, dtype=float), trm.shape) for k, v in out.items()})


def adaptive_limits_ashrae(running_mean_c: Any, air_speed_m_s: float = 0.1) -> pd.DataFrame:
    """ASHRAE 55-2020 adaptive limits (C) per prevailing-mean value: ``t_cmf``, ``low_80``, ``up_80``,
    ``low_90``, ``up_90`` and ``up_80_fan``/``up_90_fan`` (with the air-speed cooling effect)."""
    trm = np.atleast_1d(np.asarray(running_mean_c, dtype=float))
    still = adaptive_ashrae(
        tdb=20.0, tr=20.0, t_running_mean=trm, v=air_speed_m_s, limit_inputs=False, round_output=False
    )
    warm = adaptive_ashrae(
        tdb=30.0, tr=30.0, t_running_mean=trm, v=air_speed_m_s, limit_inputs=False, round_output=False
    )
    out = {
        "t_cmf": still.tmp_cmf,
        "low_80": still.tmp_cmf_80_low,
        "up_80": still.tmp_cmf_80_up,
        "low_90": still.tmp_cmf_90_low,
        "up_90": still.tmp_cmf_90_up,
        "up_80_fan": warm.tmp_cmf_80_up,
        "up_90_fan": warm.tmp_cmf_90_up,
    }
    return pd.DataFrame({k: np.broadcast_to(np.asarray(v, dtype=float), trm.shape) for k, v in out.items()})


# --- results -------------------------------------------------------------------------------------------
@dataclass
class ComfortResult(Result):
    """Thermal comfort of one room over a year.

    ``hours`` counts occupied hours per EN 16798-1 category, combining PMV (conditioned hours) and the
    EN adaptive model (free-running hours): keys ``I``, ``II``, ``III`` (exclusive: ``II`` = in II but
    not I), ``outside_III`` and ``out_of_range`` (model not valid for the inputs; no category given).
    ``share_within`` gives cumulative shares of *all* occupied hours (``share_within["II"]`` = hours in
    I or II / occupied hours), so out-of-range hours never count as comfortable. ``ashrae55_hours``
    counts free-running hours within the 90 % / 80 % bands. ``flags`` counts hours per violated
    validity limit.
    """

    name: str
    hours_occupied: int
    hours_conditioned: int
    hours_free_running: int
    hours: dict[str, int]
    share_within: dict[str, float]
    pmv_hours: dict[str, int]
    adaptive_en_hours: dict[str, int]
    ashrae55_hours: dict[str, int]
    mean_pmv: float | None
    mean_ppd_pct: float | None
    flags: dict[str, int]
    clothing: str
    met: float
    category_hourly: np.ndarray = hourly_field()
    pmv_hourly: np.ndarray = hourly_field()
    running_mean_c: np.ndarray = hourly_field()
    #: GB/T 50785-2012 classes: hours I, II, III, out_of_range; cumulative shares of occupied hours (I, II, III)
    gbt_hours: dict[str, int] = field(default_factory=dict)
    gbt_share_within: dict[str, float] = field(default_factory=dict)
    gbt_zone_group: str | None = None

    @property
    def share_out_of_range(self) -> float:
        return self.hours["out_of_range"] / self.hours_occupied if self.hours_occupied else 0.0

    def to_frame(self) -> pd.DataFrame:
        """One row per category: hours and share of occupied hours."""
        rows = [
            {
                "room": self.name,
                "category": k,
                "hours": v,
                "share": v / self.hours_occupied if self.hours_occupied else np.nan,
            }
            for k, v in self.hours.items()
        ]
        return pd.DataFrame(rows)


_CODES = (CAT_I, CAT_II, CAT_III, CAT_OUTSIDE, CAT_OUT_OF_RANGE)


def _per_room_counts(rooms_idx: np.ndarray, codes: np.ndarray, n: int) -> np.ndarray:
    """Counts (n x 5) of the codes I, II, III, outside, out-of-range per room (vectorised bincount)."""
    lut = np.full(8, -1, dtype=np.int64)
    for j, code in enumerate(_CODES):
        lut[code + 1] = j
    col = lut[codes.astype(np.int64) + 1]
    keep = col >= 0
    return np.bincount(rooms_idx[keep] * 5 + col[keep], minlength=5 * n).reshape(n, 5)


def _as_dict(row: np.ndarray) -> dict[str, int]:
    return {CATEGORY_NAMES[code]: int(row[j]) for j, code in enumerate(_CODES)}


#: Sleeping hours for bedding insulation (the TM59 night, CIBSE TM59:2017).
SLEEP_START_HOUR, SLEEP_END_HOUR = 22, 7


@dataclass
class _Rooms:
    """Inputs of :func:`thermal_comfort_many` checked and broadcast to rooms x 8760 (per-room values length n)."""

    top: np.ndarray
    ta: np.ndarray
    rh: np.ndarray
    mrt: np.ndarray | None
    met: np.ndarray
    v: np.ndarray
    bedding: np.ndarray
    clo_h: np.ndarray
    trm: np.ndarray
    names: list[str]

    @property
    def n(self) -> int:
        return self.top.shape[0]


class _Flags:
    """Hours per violated validity limit, per room: ``counts[name]`` is an array of n counts."""

    def __init__(self, n: int):
        self.n = n
        self.counts: dict[str, np.ndarray] = {}

    def add(self, name: str, rooms_of_flagged: np.ndarray) -> None:
        if rooms_of_flagged.size:
            self.counts[name] = self.counts.get(name, 0) + np.bincount(rooms_of_flagged, minlength=self.n)


def thermal_comfort_many(
    operative_temp_c: Any,
    air_temp_c: Any,
    relative_humidity_pct: Any,
    occupied: Any,
    conditioned: Any,
    temp_out_c: Any,
    *,
    met: Any,
    clothing: str | float = "dynamic",
    air_speed_m_s: Any = 0.1,
    mean_radiant_temp_c: Any = None,
    names: Sequence[str] | None = None,
    running_mean_c: np.ndarray | None = None,
    bedding_clo: Any = 0.0,
    gbt_group: str | None = None,
) -> list[ComfortResult]:
    """Thermal comfort of several rooms at once (arrays shaped rooms x 8760).

    ``bedding_clo`` (per room) is the most bedding insulation sleepers have at hand in the sleeping hours
    22:00-07:00 (bedrooms): as sleepers adjust their covers, each sleeping hour takes the bedding of
    0, 1/3, 2/3 or all of it that brings PMV closest to neutral, the total capped at the 2.0 clo validity
    limit of the PMV model.

    ``met`` and ``air_speed_m_s`` are per room (scalar or one value per room; v is the air speed in
    the room, the relative speed for PMV is derived from it). ``occupied``/``conditioned`` are boolean
    rooms x 8760 (or broadcastable). Only occupied hours are evaluated: PMV on the conditioned ones in
    a single vectorised call, the adaptive models on the free-running ones. ``running_mean_c`` (365
    daily values) may be passed to reuse it across calls. ``gbt_group`` (``"cold"``/``"warm"``, default from the
    coldest month of ``temp_out_c``) picks the GB/T 50785 adaptive coefficients of the free-running hours.
    """
    top = np.atleast_2d(as_hourly(operative_temp_c, "operative_temp_c"))
    occ = np.broadcast_to(np.atleast_2d(as_hourly_bool(occupied, "occupied")), top.shape)
    cond = np.broadcast_to(np.atleast_2d(as_hourly_bool(conditioned, "conditioned")), top.shape)
    x = _comfort_rooms(top, air_temp_c, relative_humidity_pct, temp_out_c, met, clothing, air_speed_m_s,
                       mean_radiant_temp_c, names, running_mean_c, bedding_clo)
    # flat arrays over occupied hours only: PMV on the conditioned ones, adaptive models on the others
    ri, hi = np.nonzero(occ)
    codes = np.zeros(ri.size, dtype=np.int8)
    is_cond = cond[ri, hi]
    flags = _Flags(x.n)
    c = np.flatnonzero(is_cond)
    pmv_flat = np.full(ri.size, np.nan)
    ppd_flat = np.full(ri.size, np.nan)
    if c.size:
        codes[c], pmv_flat[c], ppd_flat[c] = _pmv_hours(x, ri[c], hi[c], flags)
    f = np.flatnonzero(~is_cond)
    ash_codes = np.zeros(ri.size, dtype=np.int8)
    if f.size:
        codes[f], ash_codes[f] = _adaptive_hours(x, ri[f], hi[f], flags)
    group = gbt_group or gbt50785.zone_group(None, temp_out_c)
    gcodes = _gbt_codes(x, ri, hi, c, f, codes, pmv_flat, ppd_flat, group)
    results = _comfort_results(x, ri, hi, c, f, codes, ash_codes, pmv_flat, ppd_flat, flags, clothing)
    counts = gbt50785.class_counts(gcodes, ri, x.n)
    for r, res in enumerate(results):
        res.gbt_hours = dict(zip(("I", "II", "III", "out_of_range"), (int(v) for v in counts[r]), strict=True))
        on = res.hours_occupied
        cum = np.cumsum(counts[r][:3])
        res.gbt_share_within = {k: (float(cum[j]) / on if on else float("nan"))
                                for j, k in enumerate(("I", "II", "III"))}
        res.gbt_zone_group = group
    return results


def _gbt_codes(x: _Rooms, ri, hi, c, f, codes, pmv_flat, ppd_flat, group: str) -> np.ndarray:
    """GB/T 50785 class codes of the occupied hours: PMV/PPD on the conditioned ones (``c``), APMV on the free-running
    ones (``f``, their PMV computed here; its validity flags are already counted by the EN adaptive path)."""
    gcodes = np.full(ri.size, gbt50785.CLASS_OUT_OF_RANGE, dtype=np.int8)
    if c.size:
        gcodes[c] = gbt50785.classes_pmv(pmv_flat[c], ppd_flat[c], codes[c] != CAT_OUT_OF_RANGE)
    if f.size:
        fcodes, fp, _ = _pmv_hours(x, ri[f], hi[f], _Flags(x.n))
        gcodes[f] = gbt50785.classes_apmv(fp, group, fcodes != CAT_OUT_OF_RANGE)
    return gcodes


def _comfort_rooms(top, air_temp_c, relative_humidity_pct, temp_out_c, met, clothing, air_speed_m_s,
                   mean_radiant_temp_c, names, running_mean_c, bedding_clo) -> _Rooms:
    """Check and broadcast the inputs of :func:`thermal_comfort_many`; InputValueError on bad values."""
    n = top.shape[0]
    ta = np.broadcast_to(np.atleast_2d(as_hourly(air_temp_c, "air_temp_c")), top.shape)
    rh = np.broadcast_to(np.atleast_2d(as_hourly(relative_humidity_pct, "relative_humidity_pct")), top.shape)
    met_r = np.broadcast_to(np.asarray(met, dtype=float).reshape(-1), (n,)).astype(float)
    v_r = np.broadcast_to(np.asarray(air_speed_m_s, dtype=float).reshape(-1), (n,)).astype(float)
    if (v_r < 0).any() or (met_r <= 0).any():
        raise InputValueError("air_speed_m_s must be >= 0 and met > 0 for every room")
    names = list(names) if names is not None else [f"room {i}" for i in range(n)]
    clo_h = clothing_clo(temp_out_c, clothing)
    bed_r = np.broadcast_to(np.asarray(bedding_clo, dtype=float).reshape(-1), (n,)).astype(float)
    trm = running_mean_outdoor_c(temp_out_c) if running_mean_c is None else np.asarray(running_mean_c, dtype=float)
    mrt = None
    if mean_radiant_temp_c is not None:
        mrt = np.broadcast_to(np.atleast_2d(as_hourly(mean_radiant_temp_c, "mean_radiant_temp_c")), top.shape)
    return _Rooms(top=top, ta=ta, rh=rh, mrt=mrt, met=met_r, v=v_r, bedding=bed_r, clo_h=clo_h, trm=trm, names=names)


def _pmv_hours(x: _Rooms, rc: np.ndarray, hc: np.ndarray, flags: _Flags):
    """PMV/PPD (ISO 7730) on occupied conditioned hours (room ``rc``, hour ``hc``): category codes, PMV, PPD."""
    hour = hour_of_day()
    sleeping = (hour >= SLEEP_START_HOUR) | (hour < SLEEP_END_HOUR)
    tdb = x.ta[rc, hc]
    tr = x.mrt[rc, hc] if x.mrt is not None else _mrt_from_operative(x.top[rc, hc], tdb, x.v[rc])
    vr = relative_air_speed_m_s(x.v[rc], x.met[rc])
    rh_c, met_c = x.rh[rc, hc], x.met[rc]
    clo_h, bed_r = x.clo_h, x.bedding
    clo_c = np.minimum(clo_h[hc] + bed_r[rc] * sleeping[hc], np.maximum(clo_h[hc], 2.0))
    ok, bad = _pmv_input_checks(tdb, tr, vr, rh_c, met_c, clo_c)
    p = np.full(rc.size, np.nan)
    q = np.full(rc.size, np.nan)
    if ok.any():
        p[ok], q[ok] = _pmv_ppd(tdb[ok], tr[ok], vr[ok], rh_c[ok], met_c[ok], clo_c[ok])
        asleep = np.flatnonzero(ok & (bed_r[rc] > 0) & sleeping[hc])
        if asleep.size:  # sleepers adjust their covers: keep the bedding closest to neutral
            _best_bedding(p, q, asleep, (tdb, tr, vr, rh_c, met_c), clo_h[hc], bed_r[rc])
    l1, l2, l3 = _pmv_limits()
    a = np.abs(p)
    code_c = np.where(a <= l1, CAT_I, np.where(a <= l2, CAT_II, np.where(a <= l3, CAT_III, CAT_OUTSIDE)))
    codes = np.where(ok, code_c, CAT_OUT_OF_RANGE)
    for k, b in bad.items():
        flags.add(f"pmv_{k}_out_of_range", rc[np.broadcast_to(b, rc.shape)])
    beyond = ok & (a > _validity("pmv")["pmv"][1])
    flags.add("pmv_beyond_2_counted_outside_III", rc[beyond])
    p[beyond] = np.nan  # outside the PMV validity: category kept (outside III), value not reported
    q[beyond] = np.nan
    return codes, p, q


#: Margin (K) below the skin temperature of ISO 7730's heat balance (35.7 - 0.028 (M - W) C) within which the
#: bedding search takes no shortcut (see :func:`_best_bedding`).
SKIN_MARGIN_K = 1.0
BEDDING_SHARES = (0.0, 1.0 / 3.0, 2.0 / 3.0)   # tried after all of it, in this order


def _best_bedding(p, q, asleep, inputs, clo_hours, bed_rooms) -> None:
    """Put into ``p``/``q`` at ``asleep`` (which hold PMV/PPD with all the bedding) the PMV/PPD of the share of the
    bedding closest to neutral: all, then none, 1/3 and 2/3 of it (:data:`BEDDING_SHARES`), a later share kept only
    when strictly closer.

    Where air and mean radiant temperature lie below the skin temperature of ISO 7730's heat balance (less
    :data:`SKIN_MARGIN_K`), PMV rises with the clothing insulation (the clothing's heat loss to cooler
    surroundings falls as insulation rises; ISO 7730:2005 eqs. (1)-(4)), so only the two shares around the sign
    change of PMV can win: an hour cool with all of it (PMV <= 0) keeps it; otherwise 1/3 is tried first, then
    none (PMV at 1/3 > 0) or 2/3 (PMV at 1/3 <= 0). Other hours try every share. The shares tried are then taken in
    the order above: the same choice as trying them all (tests/test_variants.py)."""
    sub = [a[asleep] for a in inputs]
    clo_h, bed = clo_hours[asleep], bed_rooms[asleep]
    met_w_m2 = sub[4] * 58.15                                                  # ISO 7730: 1 met = 58.15 W/m2
    mono = np.maximum(sub[0], sub[1]) < 35.7 - 0.028 * met_w_m2 - SKIN_MARGIN_K
    pa, qa = p[asleep], q[asleep]
    tried = {}

    def at(share: float, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        pb, qb = np.full(pa.size, np.nan), np.full(pa.size, np.nan)
        i = np.flatnonzero(mask)
        if i.size:
            pb[i], qb[i] = _pmv_ppd(*(a[i] for a in sub), np.minimum(clo_h[i] + share * bed[i], 2.0))
        return pb, qb

    todo = ~(mono & (pa <= 0.0))           # cool with all of it: no share does better
    third = tried[BEDDING_SHARES[1]] = at(BEDDING_SHARES[1], todo)
    tried[BEDDING_SHARES[0]] = at(BEDDING_SHARES[0], todo & ~(mono & (third[0] <= 0.0)))
    tried[BEDDING_SHARES[2]] = at(BEDDING_SHARES[2], todo & ~(mono & (third[0] > 0.0)))
    for share in BEDDING_SHARES:          # NaN where not tried: never closer
        pb, qb = tried[share]
        better = np.abs(pb) < np.abs(pa)
        pa[better], qa[better] = pb[better], qb[better]
    p[asleep], q[asleep] = pa, qa


def _adaptive_hours(x: _Rooms, rf: np.ndarray, hf: np.ndarray, flags: _Flags) -> tuple[np.ndarray, np.ndarray]:
    """EN 16798-1 adaptive categories and ASHRAE 55 band codes (1 within 90 %, 2 within 80 % only, 3 outside,
    -1 out of range) on occupied free-running hours, one 365-day limit table per distinct air speed."""
    day = hf // 24
    t = x.top[rf, hf]
    code_f = np.empty(rf.size, dtype=np.int8)
    acode_f = np.empty(rf.size, dtype=np.int8)
    vf = x.v[rf]
    for v in np.unique(vf):  # a handful of distinct air speeds; each gives one 365-day table
        s = np.flatnonzero(vf == v)
        ds, ts, rs, tr_s = day[s], t[s], rf[s], x.trm[day[s]]
        code_f[s] = _adaptive_en_codes(adaptive_limits_en(x.trm, float(v)), ds, ts, rs, tr_s, flags)
        acode_f[s] = _ashrae55_codes(adaptive_limits_ashrae(x.trm, float(v)), float(v), ds, ts, rs, tr_s,
                                     x.met, flags)
    return code_f, acode_f


def _adaptive_en_codes(en: pd.DataFrame, ds, ts, rs, tr_s, flags: _Flags) -> np.ndarray:
    """EN 16798-1 adaptive category codes of the hours (day ``ds``, operative ``ts``, room ``rs``, running
    mean ``tr_s``); the fan-raised upper limits apply from 25 degC."""
    lim_en = _validity("adaptive_en")
    up_lo, up_hi = lim_en["running_mean_upper_c"]
    low_lo, _ = lim_en["running_mean_lower_c"]
    warm = ts >= 25.0
    ups = [
        np.where(warm, en[f"{k}_up_fan"].to_numpy()[ds], en[f"{k}_up"].to_numpy()[ds])
        for k in ("i", "ii", "iii")
    ]
    lows = [en[f"{k}_low"].to_numpy()[ds] for k in ("i", "ii", "iii")]
    code_both = np.full(ts.size, CAT_OUTSIDE, dtype=np.int8)
    code_up = np.full(ts.size, CAT_OUTSIDE, dtype=np.int8)
    for k in (3, 2, 1):
        below_up = ts <= ups[k - 1]
        code_both = np.where(below_up & (ts >= lows[k - 1]), k, code_both)
        code_up = np.where(below_up, k, code_up)
    upper_ok = (tr_s >= up_lo) & (tr_s <= up_hi)
    lower_ok = (tr_s >= low_lo) & (tr_s <= up_hi)
    # where only the upper limit is defined (10 <= trm < 15), classify on it the hours at or
    # above the comfort temperature; cooler hours would need the undefined lower limit
    upper_only = upper_ok & ~lower_ok
    warm_half = ts >= en["t_cmf"].to_numpy()[ds]
    code = np.where(lower_ok, code_both, np.where(upper_only & warm_half, code_up, CAT_OUT_OF_RANGE))
    flags.add("en_running_mean_below_10", rs[tr_s < up_lo])
    flags.add("en_running_mean_above_30", rs[tr_s > up_hi])
    flags.add("en_lower_limit_undefined_below_15", rs[upper_only & ~warm_half])
    return code


def _ashrae55_codes(ash: pd.DataFrame, v: float, ds, ts, rs, tr_s, met_r, flags: _Flags) -> np.ndarray:
    """ASHRAE 55 adaptive band codes of the hours (see :func:`_adaptive_hours`), -1 outside the model's limits."""
    a_lim = _validity("adaptive_ashrae")
    a_lo, a_hi = a_lim["running_mean_c"]
    m_lo, m_hi = a_lim["met"]
    _, v_hi = a_lim["air_speed_m_s"]
    warm = ts >= 25.0
    up80 = np.where(warm, ash["up_80_fan"].to_numpy()[ds], ash["up_80"].to_numpy()[ds])
    up90 = np.where(warm, ash["up_90_fan"].to_numpy()[ds], ash["up_90"].to_numpy()[ds])
    in90 = (ts >= ash["low_90"].to_numpy()[ds]) & (ts <= up90)
    in80 = (ts >= ash["low_80"].to_numpy()[ds]) & (ts <= up80)
    acode = np.where(in90, 1, np.where(in80, 2, 3)).astype(np.int8)
    trm_ok = (tr_s >= a_lo) & (tr_s <= a_hi)
    met_ok = (met_r[rs] >= m_lo) & (met_r[rs] <= m_hi) & (v <= v_hi)
    flags.add("ashrae_running_mean_outside_10_33_5", rs[~trm_ok])
    flags.add("ashrae_met_or_air_speed_outside_limits", rs[~met_ok])
    return np.where(trm_ok & met_ok, acode, -1)


def _comfort_results(x: _Rooms, ri, hi, c, f, codes, ash_codes, pmv_flat, ppd_flat, flags: _Flags,
                     clothing) -> list[ComfortResult]:
    """Per-room counts, means and hourly arrays of the evaluated occupied hours, as :class:`ComfortResult`."""
    n = x.n
    all_counts = _per_room_counts(ri, codes, n)
    pmv_counts = _per_room_counts(ri[c], codes[c], n)
    en_counts = _per_room_counts(ri[f], codes[f], n)
    ash_counts = np.bincount(ri[f] * 4 + np.where(ash_codes[f] < 0, 3, ash_codes[f] - 1), minlength=4 * n).reshape(n, 4)
    occ_n = np.bincount(ri, minlength=n)
    cond_n = np.bincount(ri[c], minlength=n)
    fin = np.isfinite(pmv_flat)
    pmv_sum = np.bincount(ri[fin], weights=pmv_flat[fin], minlength=n)
    ppd_sum = np.bincount(ri[fin], weights=ppd_flat[fin], minlength=n)
    pmv_n = np.bincount(ri[fin], minlength=n)
    cat = np.zeros(x.top.shape, dtype=np.int8)
    cat[ri, hi] = codes
    pmv_h = np.full(x.top.shape, np.nan)
    pmv_h[ri, hi] = pmv_flat

    results = []
    for r in range(n):
        hours = _as_dict(all_counts[r])
        on = int(occ_n[r])
        cum, within = {}, 0
        for key in ("I", "II", "III"):
            within += hours[key]
            cum[key] = within / on if on else float("nan")
        results.append(
            ComfortResult(
                name=x.names[r],
                hours_occupied=on,
                hours_conditioned=int(cond_n[r]),
                hours_free_running=on - int(cond_n[r]),
                hours=hours,
                share_within=cum,
                pmv_hours=_as_dict(pmv_counts[r]),
                adaptive_en_hours=_as_dict(en_counts[r]),
                ashrae55_hours=dict(
                    zip(
                        ("within_90", "within_80_only", "outside_80", "out_of_range"),
                        (int(v) for v in ash_counts[r]),
                        strict=True,
                    )
                ),
                mean_pmv=float(pmv_sum[r] / pmv_n[r]) if pmv_n[r] else None,
                mean_ppd_pct=float(ppd_sum[r] / pmv_n[r]) if pmv_n[r] else None,
                flags={k: int(v[r]) for k, v in flags.counts.items() if v[r]},
                clothing=str(clothing),
                met=float(x.met[r]),
                category_hourly=cat[r],
                pmv_hourly=pmv_h[r],
                running_mean_c=x.trm,
            )
        )
    return results


def thermal_comfort(
    operative_temp_c: Any,
    air_temp_c: Any,
    relative_humidity_pct: Any,
    occupied: Any,
    conditioned: Any,
    temp_out_c: Any,
    *,
    usage: str = "office",
    met: float | None = None,
    clothing: str | float = "dynamic",
    air_speed_m_s: float = 0.1,
    mean_radiant_temp_c: Any = None,
    name: str = "room",
) -> ComfortResult:
    """Thermal comfort of one room over a year (8760 hourly values each).

    ``met`` defaults to the usage's metabolic rate (``data/health/usage_profiles.csv``). See
    :func:`thermal_comfort_many` and the module docstring for the methods.

    Example
    -------
    >>> r = thermal_comfort(top, ta, rh, occupied, conditioned=False, temp_out_c=weather.temp_air_c)
    >>> r.share_within["II"]   # share of occupied hours in category I or II
    """
    m = metabolic_rate_met(usage) if met is None else float(met)
    return thermal_comfort_many(
        operative_temp_c,
        air_temp_c,
        relative_humidity_pct,
        occupied,
        conditioned,
        temp_out_c,
        met=m,
        clothing=clothing,
        air_speed_m_s=air_speed_m_s,
        mean_radiant_temp_c=mean_radiant_temp_c,
        names=[name],
    )[0]


def comfort_diagnostics(result: ComfortResult) -> Diagnostics:
    """Diagnostics (warnings) for the out-of-range flags of a comfort result."""
    diags = Diagnostics()
    for k, v in result.flags.items():
        diags.add("warning", k, f"{v} occupied hour(s) flagged: {k.replace('_', ' ')}", result.name)
    return diags
