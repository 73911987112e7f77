"""Hourly operation of the rooms from the usage profiles, and checks of user overrides."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from ..._cache import LRUCache
from ...errors import InputValueError
from ...model import Space
from ...usage import USAGE_CATEGORIES
from ..profiles import UsageProfile, usage_profile
from .defaults import DEFAULT_INFILTRATION_ACH, ZONE_FIELDS
from .location import Location


@dataclass
class _Op:
    """Hourly operation of one space (absolute units for its floor area)."""

    profile: UsageProfile
    sensible_w: np.ndarray
    radiative_w: np.ndarray
    lighting_w: np.ndarray
    equipment_w: np.ndarray
    dhw_w: np.ndarray
    latent_w: np.ndarray
    mech_m3_h: np.ndarray
    ach: float
    ach_source: str
    heat_sp: np.ndarray
    cool_sp: np.ndarray
    people: np.ndarray


#: Usage profiles and their hourly rows by content (usage, standard, place, overrides, room height, year): a design
#: loop re-zones the same rooms for every variant, and the hourly rows of a profile do not change with the envelope.
_HOURLY = LRUCache("zoning.profile_hourly", 256)


def _index_key(index: pd.DatetimeIndex) -> tuple:
    return (len(index), index[0], index[-1], str(index.tz), index.freqstr if index.freq is not None else None)


class _Profiles:
    def __init__(self, index, standard, location: Location, fallback, profile_overrides, diagnostics):
        self.index = index
        self.standard = standard
        self.location = location
        self.fallback = fallback
        self.overrides = dict(profile_overrides or {})
        self.diagnostics = diagnostics
        self.cache: dict[tuple, tuple[UsageProfile, pd.DataFrame]] = {}

    def get(self, usage: str, height_m: float, label: str) -> tuple[UsageProfile, pd.DataFrame]:
        key = (usage, round(height_m, 2))
        if key in self.cache:
            return self.cache[key]
        country = self.location.country
        zone = self.location.climate_zone
        content = (usage, self.standard, zone, country, self.fallback, repr(sorted(self.overrides.items())),
                   round(height_m, 2), _index_key(self.index))
        cached = _HOURLY.get(content)
        if cached is not None:
            p = cached[0]
            if p.is_fallback:
                self.diagnostics.add("info" if usage != "unknown" else "warning", "profile_fallback",
                                     f"{p.fallback_reason}", label)
            self.cache[key] = cached
            return cached
        try:
            p = usage_profile(usage, self.standard, zone, country=country, fallback=self.fallback)
        except InputValueError as exc:
            if zone is None and "climate zone" in str(exc):
                raise InputValueError(f"{exc}; the site's climate zone is unknown: pass climate_zone=") from None
            raise
        if p.is_fallback:
            self.diagnostics.add("info" if usage != "unknown" else "warning", "profile_fallback",
                                 f"{p.fallback_reason}", label)
        if self.overrides:
            p = p.replace(**self.overrides)
        frame = p.hourly(index=self.index, room_height_m=min(max(height_m, 0.5), 50.0))
        self.cache[key] = _HOURLY.put(content, (p, frame))
        return self.cache[key]


def _op_for(space: Space, area: float, height: float, profiles: _Profiles, usage_override: str | None) -> _Op:
    usage = usage_override or space.usage or "unknown"
    if usage not in USAGE_CATEGORIES:
        raise InputValueError(f"usage {usage!r} unknown; use one of {', '.join(USAGE_CATEGORIES)}")
    p, f = profiles.get(usage, height, space.label)
    sens = f["sensible_w_m2"].to_numpy() * area
    rad = f["radiative_w_m2"].to_numpy() * area
    hvac = f["hvac_on"].to_numpy()
    if not math.isnan(p.air_change_rate_h):
        ach, ach_src = float(p.air_change_rate_h), f"profile air-change rate ({p.standard} {p.usage})"
        mech = (f["ventilation_m3_h_m2"].to_numpy() - p.air_change_rate_h * height * (hvac > 0)) * area
    else:
        ach, ach_src = DEFAULT_INFILTRATION_ACH, "default infiltration (n50 3 / 20)"
        mech = f["ventilation_m3_h_m2"].to_numpy() * area
    return _Op(p, sens, rad, f["lighting_w_m2"].to_numpy() * area, f["equipment_w_m2"].to_numpy() * area,
               f["dhw_w_m2"].to_numpy() * area, f["latent_w_m2"].to_numpy() * area, np.clip(mech, 0.0, None),
               ach, ach_src, _shared_row(f, "heating_setpoint_c"), _shared_row(f, "cooling_setpoint_c"),
               f["people_per_m2"].to_numpy() * area)


def _shared_row(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column of a cached profile frame as a read-only view, shared by every room of that profile (a set-point
    row does not scale with the room: one 70 kB row per profile instead of one per zone); writing to it raises."""
    row = frame[column].to_numpy()
    if row.flags.writeable:
        row = row.view()
        row.setflags(write=False)
    return row


# --------------------------------------------------------------------------------------------------------
# overrides
# --------------------------------------------------------------------------------------------------------
_RANGES = {
    "floor_area_m2": (1e-6, 1e7), "volume_m3": (1e-6, 1e8), "infiltration_ach": (0.0, 50.0),
    "ventilation_m3_h": (0.0, 1e7), "heat_recovery_efficiency": (0.0, 0.95), "internal_gains_w": (0.0, 1e8),
    "internal_radiative_fraction": (0.0, 1.0), "heating_setpoint_c": (-50.0, 60.0), "cooling_setpoint_c": (-50.0, 60.0),
    "heating_capacity_w": (0.0, np.inf), "cooling_capacity_w": (0.0, np.inf), "furniture_capacity_j_k": (0.0, 1e12),
}


def _check_overrides(values: Mapping[str, Any], where: str) -> dict[str, Any]:
    out = {}
    for k, v in dict(values or {}).items():
        if k not in ZONE_FIELDS:
            raise InputValueError(f"{where}: unknown zone input {k!r}; overridable: {', '.join(ZONE_FIELDS)}")
        if k in _RANGES and v is not None:
            arr = np.asarray(v, dtype=float)
            lo, hi = _RANGES[k]
            finite = arr[np.isfinite(arr)]
            nan_ok = k in ("heating_setpoint_c", "cooling_setpoint_c")
            if (np.isnan(arr).any() and not nan_ok) or (finite.size and (finite.min() < lo or finite.max() > hi)):
                raise InputValueError(f"{where}: {k}={v!r} is non-physical; give a value in [{lo:g}, {hi:g}] "
                                      f"(unit in the name)")
        out[k] = v
    if "heating_setpoint_c" in out and "cooling_setpoint_c" in out:
        h, c = np.broadcast_arrays(np.asarray(out["heating_setpoint_c"], dtype=float),
                                   np.asarray(out["cooling_setpoint_c"], dtype=float))
        both = np.isfinite(h) & np.isfinite(c)
        if np.any(h[both] > c[both]):
            raise InputValueError(f"{where}: heating_setpoint_c is above cooling_setpoint_c; the dead band must be >= 0")
    return out


def _check_fields(values: Mapping[str, Any] | None, allowed: Sequence[str], where: str) -> dict[str, Any]:
    values = dict(values or {})
    bad = [k for k in values if k not in allowed]
    if bad:
        raise InputValueError(f"{where}: unknown field(s) {', '.join(bad)}; allowed: {', '.join(allowed)}")
    return values
