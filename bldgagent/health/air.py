"""Indoor air quality: EN 16798-1 design ventilation, CO2 mass balance, material emission screening.

- Design ventilation (EN 16798-1:2019 Annex B, method 1): q_tot = n q_p + A q_B (L/s), q_p per person
  and q_B per m2 of floor for very-low-/low-/non-low-polluting buildings
  (``data/health/ventilation_categories.csv``).
- CO2 above outdoor from the single-zone mass balance V dc/dt = G n(t) - Q(t) c, solved exactly per
  hour with n and Q constant in the hour: c_end = c_ss + (c_0 - c_ss) exp(-Q dt/V), c_ss = G n / Q;
  the hourly value reported is the exact mean over the hour. Steady state: c = G / q per person
  (20 L/h at 10 L/s gives 556 ppm). The year is solved twice so the start matches the end
  (periodic steady state). Compiled with numba.
- Category by CO2 above outdoor: I <= 550, II <= 800, III <= 1350 ppm (EN 16798-1:2019 Annex B).
- Material emissions: a screening of material names/categories against
  ``data/health/material_emissions.csv`` (formaldehyde and VOC sources, low-emission alternatives,
  with the test/limit standards). It flags likely sources; it does not predict concentrations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

import numpy as np

from .._lazy import lazy_njit as njit  # numba loads on the first CO2 run, not at import
from ..errors import InputValueError
from ._common import HOURS_PER_YEAR, Result, as_hourly, as_hourly_bool, check_range, hourly_field, params, records

_CATEGORIES = ("I", "II", "III")


def _vent_table() -> dict[str, dict[str, Any]]:
    return {r["category"]: r for r in records("ventilation_categories")}


def _air_default(parameter: str) -> float:
    return float(params("air_defaults")[parameter])


def _area_column(building_pollution: str) -> str:
    cols = {"very_low": "q_area_very_low_l_s_m2", "low": "q_area_low_l_s_m2", "non_low": "q_area_non_low_l_s_m2"}
    if building_pollution not in cols:
        raise InputValueError(f"building_pollution {building_pollution!r} must be one of {', '.join(cols)}")
    return cols[building_pollution]


def design_ventilation_l_s(
    n_persons: float, floor_area_m2: float, category: str = "II", building_pollution: str = "low"
) -> float:
    """EN 16798-1 design outdoor air flow q_tot = n q_p + A q_B (L/s) for a category (I, II, III)."""
    t = _vent_table()
    if category not in t:
        raise InputValueError(f"ventilation category {category!r} must be one of {', '.join(t)}")
    n = check_range(n_persons, "n_persons", 0.0, 1e5)
    a = check_range(floor_area_m2, "floor_area_m2", 0.0, 1e6)
    return float(n * t[category]["q_person_l_s"] + a * t[category][_area_column(building_pollution)])


def ventilation_category(
    ventilation_l_s: float, n_persons: float, floor_area_m2: float, building_pollution: str = "low"
) -> str:
    """Best EN 16798-1 category (I, II, III) whose design flow ``ventilation_l_s`` meets, else "below_III"."""
    q = check_range(ventilation_l_s, "ventilation_l_s", 0.0, 1e6)
    for cat in _CATEGORIES:
        if q >= design_ventilation_l_s(n_persons, floor_area_m2, cat, building_pollution) - 1e-9:
            return cat
    return "below_III"


def co2_steady_state_ppm(ventilation_l_s_per_person: float, generation_l_h_per_person: float | None = None) -> float:
    """Steady-state CO2 above outdoor (ppm) for an outdoor air rate per person: c = G / q.

    With G = 20 L/h and q = 10 L/s = 36 000 L/h: c = 5.56e-4 = 556 ppm.
    """
    g = (
        _air_default("co2_generation_l_h_per_person")
        if generation_l_h_per_person is None
        else generation_l_h_per_person
    )
    q = ventilation_l_s_per_person
    if not q > 0:
        raise InputValueError(f"ventilation per person = {q} L/s must be positive for a steady state")
    return float(g / (q * 3600.0) * 1e6)


@njit(cache=True)
def _co2_kernel(gen_m3_s, q_m3_s, vol_m3, out):  # pragma: no cover - compiled
    dt = 3600.0
    n_rooms, n_hours = gen_m3_s.shape
    for r in range(n_rooms):
        v = vol_m3[r]
        c = 0.0
        for _sweep in range(2):  # second sweep starts from the year-end state: periodic solution
            for h in range(n_hours):
                g = gen_m3_s[r, h]
                q = q_m3_s[r, h]
                if q > 0.0:
                    k = q / v
                    css = g / q
                    e = np.exp(-k * dt)
                    mean = css + (c - css) * (1.0 - e) / (k * dt)
                    c = css + (c - css) * e
                else:
                    c_new = c + g * dt / v
                    mean = 0.5 * (c + c_new)
                    c = c_new
                out[r, h] = mean
    return out


def co2_hourly_ppm(
    occupancy: Any, ventilation_l_s: Any, volume_m3: Any, generation_l_h_per_person: float | None = None
) -> np.ndarray:
    """Hourly mean CO2 concentration above outdoor (ppm) from the exact per-hour mass balance.

    ``occupancy`` (people) and ``ventilation_l_s`` (outdoor air, L/s) are hourly (8760, or rooms x
    8760; a scalar ventilation is constant), ``volume_m3`` per room. Returns the same shape as
    ``occupancy``.
    """
    occ = as_hourly(occupancy, "occupancy")
    single = occ.ndim == 1
    occ2 = np.atleast_2d(occ)
    q = np.broadcast_to(np.atleast_2d(as_hourly(ventilation_l_s, "ventilation_l_s")), occ2.shape)
    vol = np.broadcast_to(np.asarray(volume_m3, dtype=float).reshape(-1), (occ2.shape[0],))
    if (vol <= 0).any() or (q < 0).any() or (occ2 < 0).any():
        raise InputValueError("volume_m3 must be positive, ventilation_l_s and occupancy non-negative")
    g = (
        _air_default("co2_generation_l_h_per_person")
        if generation_l_h_per_person is None
        else generation_l_h_per_person
    )
    gen = occ2 * (g / 1000.0 / 3600.0)
    out = np.empty(occ2.shape)
    _co2_kernel(np.ascontiguousarray(gen), np.ascontiguousarray(q / 1000.0), np.ascontiguousarray(vol), out)
    out *= 1e6
    return out[0] if single else out


@dataclass
class AirResult(Result):
    """Air quality of one room: design ventilation category and simulated CO2 above outdoor."""

    name: str
    ventilation_l_s: float | None
    design_occupants: float | None
    ventilation_category: str | None
    required_l_s: dict[str, float]
    co2_hours: dict[str, int]
    co2_share_within: dict[str, float]
    co2_max_ppm: float | None
    co2_mean_occupied_ppm: float | None
    hours_occupied: int
    co2_hourly_ppm: np.ndarray | None = hourly_field(default=None)


def co2_categories(co2_above_outdoor_ppm: Any, occupied: Any) -> tuple[dict[str, int], dict[str, float]]:
    """Occupied hours per EN 16798-1 CO2 category (exclusive counts) and cumulative shares."""
    c = as_hourly(co2_above_outdoor_ppm, "co2_above_outdoor_ppm")
    occ = as_hourly_bool(occupied, "occupied")
    lim = {k: float(v["co2_above_outdoor_ppm"]) for k, v in _vent_table().items()}
    x = c[occ]
    hours, share, prev = {}, {}, -np.inf
    for cat in _CATEGORIES:
        hours[cat] = int(((x > prev) & (x <= lim[cat])).sum())
        share[cat] = float((x <= lim[cat]).mean()) if x.size else float("nan")
        prev = lim[cat]
    hours["outside_III"] = int((x > prev).sum())
    return hours, share


def assess_air(
    name: str,
    occupancy: Any,
    ventilation_l_s: Any,
    volume_m3: float,
    floor_area_m2: float | None,
    *,
    design_occupants: float | None = None,
    building_pollution: str = "low",
    co2_hourly: np.ndarray | None = None,
) -> AirResult:
    """Air quality of one room: EN 16798-1 ventilation category (design occupants, mean supply) and
    hourly CO2 categories over occupied hours. ``co2_hourly`` may be precomputed (batch)."""
    occ = as_hourly(occupancy, "occupancy", name)
    vent = as_hourly(ventilation_l_s, "ventilation_l_s", name)
    n = float(occ.max()) if design_occupants is None else float(design_occupants)
    occupied = occ > 0
    q_design = float(vent[occupied].min()) if occupied.any() else float(vent.min())
    required, cat = {}, None
    if floor_area_m2:
        required = {c: design_ventilation_l_s(n, floor_area_m2, c, building_pollution) for c in _CATEGORIES}
        cat = ventilation_category(q_design, n, floor_area_m2, building_pollution)
    co2 = co2_hourly_ppm(occ, vent, volume_m3) if co2_hourly is None else co2_hourly
    hours, share = co2_categories(co2, occupied)
    x = co2[occupied]
    return AirResult(
        name=name,
        ventilation_l_s=q_design,
        design_occupants=n,
        ventilation_category=cat,
        required_l_s=required,
        co2_hours=hours,
        co2_share_within=share,
        co2_max_ppm=float(x.max()) if x.size else None,
        co2_mean_occupied_ppm=float(x.mean()) if x.size else None,
        hours_occupied=int(occupied.sum()),
        co2_hourly_ppm=co2,
    )


# --- material emissions ---------------------------------------------------------------------------------
@dataclass
class MaterialFlag(Result):
    """A material present in a room that is a likely formaldehyde/VOC source."""

    material: str
    category: str
    label: str
    pollutants: str
    concern: str
    low_emission_alternative: str
    source: str


@lru_cache(maxsize=None)
def _patterns() -> tuple[tuple[str, re.Pattern], ...]:
    out = []
    for r in records("material_emissions"):
        words = [re.escape(w.strip()) for w in str(r["keywords"]).split(";") if w.strip()]
        out.append((r["category"], re.compile(r"(?<![a-z])(" + "|".join(words) + r")(?![a-z])", re.IGNORECASE)))
    return tuple(out)


def classify_material(name: str) -> str | None:
    """Emission category of a material name or category key (None if not a screened source)."""
    if name in {r["category"] for r in records("material_emissions")}:
        return name
    for cat, pat in _patterns():
        if pat.search(name):
            return cat
    return None


def material_emission_flags(materials: Sequence[str]) -> list[MaterialFlag]:
    """Flags for the materials (names or category keys) that are likely formaldehyde/VOC sources."""
    t = {r["category"]: r for r in records("material_emissions")}
    flags = []
    for m in materials:
        cat = classify_material(str(m))
        if cat is None:
            continue
        r = t[cat]
        flags.append(
            MaterialFlag(
                material=str(m),
                category=cat,
                label=r["label"],
                pollutants=r["pollutants"],
                concern=r["concern"],
                low_emission_alternative=r["low_emission_alternative"],
                source=r["source"],
            )
        )
    return flags


__all__ = [
    "AirResult",
    "MaterialFlag",
    "assess_air",
    "classify_material",
    "co2_categories",
    "co2_hourly_ppm",
    "co2_steady_state_ppm",
    "design_ventilation_l_s",
    "material_emission_flags",
    "ventilation_category",
    "HOURS_PER_YEAR",
]
