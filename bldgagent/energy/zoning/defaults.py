"""Zoning defaults and the fields an override may set (each default with its source)."""
from __future__ import annotations

from dataclasses import fields
from functools import lru_cache

from ..._data import read_csv
from ..thermal import SurfaceSpec, WindowSpec, ZoneSpec

ZONINGS = ("space", "storey", "usage_storey")

#: Infiltration where the profile gives no air-change rate, 1/h: n50 = 3 1/h (the airtightness required of
#: buildings without mechanical ventilation, DIN 4108-7 / GEG 2020 s. 26) divided by 20 (Sherman M, 1987,
#: "Estimation of infiltration from leakage and climate indicators", Energy and Buildings 10: 81-86).
DEFAULT_INFILTRATION_ACH = 0.15
#: Opaque door U-value when the file gives none, W/(m2 K) (estimate: insulated external door).
DEFAULT_DOOR_U_W_M2K = 2.0
#: Glazing type for windows lacking U/g (ASHRAE Handbook - Fundamentals 2017 ch. 15, double clear).
DEFAULT_WINDOW_TYPE = "double_clear"
#: Default build-ups (outside -> inside: thickness m, conductivity W/mK, density kg/m3, specific heat J/kgK) for
#: elements without layers or U-value; properties from ISO 10456:2007 Table 3 (concrete 2.0/2400/1000, EPS
#: 0.035/20/1450, gypsum plaster 0.43/1200/1000, screed 1.4/2000/1000). Estimates, always reported.
DEFAULT_LAYERS: dict[str, list[tuple[float, float, float, float]]] = {
    "wall": [(0.08, 0.035, 20.0, 1450.0), (0.20, 2.0, 2400.0, 1000.0), (0.015, 0.43, 1200.0, 1000.0)],
    "roof": [(0.12, 0.035, 20.0, 1450.0), (0.20, 2.0, 2400.0, 1000.0)],
    "ground_floor": [(0.20, 2.0, 2400.0, 1000.0), (0.06, 0.035, 20.0, 1450.0), (0.05, 1.4, 2000.0, 1000.0)],
    "floor": [(0.20, 2.0, 2400.0, 1000.0), (0.05, 1.4, 2000.0, 1000.0)],
    "partition": [(0.015, 0.43, 1200.0, 1000.0), (0.10, 0.8, 1800.0, 1000.0), (0.015, 0.43, 1200.0, 1000.0)],
}


@lru_cache(maxsize=1)
def _code_limits() -> dict[tuple[str, str, str], tuple[float, str]]:
    frame = read_csv("energy/code_u_limits.csv",
                     required=("country", "climate_zone", "role", "u_max_w_m2k", "standard", "source"))
    return {(str(r.country), "" if r.climate_zone != r.climate_zone else str(r.climate_zone), str(r.role)):
            (float(r.u_max_w_m2k), str(r.standard)) for r in frame.itertuples()}


def code_u_limit(country: str | None, climate_zone: str | None, role: str) -> tuple[float, str] | None:
    """The code's maximum U-value (W/m2K) and the standard setting it for an external ``role`` ("wall", "roof",
    "ground_floor", "exposed_floor") at a location: ``data/energy/code_u_limits.csv`` (GB 50189-2015, JGJ 134-2010
    and JGJ 75-2012 by Chinese climate zone, the loosest of each zone's limits; GEG 2020 Anlage 7; Approved
    Document L 2021 Table 4.1). None where nothing is packaged."""
    limits = _code_limits()
    country = (country or "").upper()
    return limits.get((country, climate_zone or "", role)) or limits.get((country, "", role))


#: Outline edges within this angle (degrees) of a wall's azimuth face it.
FACADE_TOLERANCE_DEG = 30.0
#: ZoneSpec fields an override may set.
ZONE_FIELDS = tuple(f.name for f in fields(ZoneSpec) if f.name not in ("name", "surfaces", "windows"))
SURFACE_ROLES = ("wall", "roof", "ground_floor", "exposed_floor", "door", "partition", "internal_floor", "all")
_SURFACE_FIELDS = tuple(f.name for f in fields(SurfaceSpec) if f.name not in ("name", "area_m2", "layers"))
_WINDOW_FIELDS = tuple(f.name for f in fields(WindowSpec) if f.name not in ("name", "area_m2"))
_WALL_KINDS = ("wall", "curtain_wall", "plate")
_FLOOR_KINDS = ("slab", "floor")

#: Every default, for ``from .defaults import *`` in the envelope and the entry point.
__all__ = ["ZONINGS", "DEFAULT_INFILTRATION_ACH", "DEFAULT_DOOR_U_W_M2K", "DEFAULT_WINDOW_TYPE", "DEFAULT_LAYERS",
           "FACADE_TOLERANCE_DEG", "ZONE_FIELDS", "SURFACE_ROLES", "_SURFACE_FIELDS", "_WINDOW_FIELDS", "_WALL_KINDS",
           "_FLOOR_KINDS"]
