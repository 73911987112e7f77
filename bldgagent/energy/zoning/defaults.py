"""Zoning defaults and the fields an override may set (each default with its source)."""
from __future__ import annotations

from dataclasses import fields

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
