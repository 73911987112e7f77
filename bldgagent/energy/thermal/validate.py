"""Checks of zone specifications: every bad value raises :class:`~bldgagent.errors.InputValueError` naming the zone,
surface or window and the field."""
from __future__ import annotations

import math

from ...errors import InputValueError
from ..glazing import GAP_GASES, window_type
from .physics import ROUGHNESS
from .specs import BOUNDARIES, ZoneSpec

def _check(cond: bool, where: str, msg: str) -> None:
    if not cond:
        raise InputValueError(f"{where}: {msg}")


def _fail(where: str, msg: str) -> None:
    raise InputValueError(f"{where}: {msg}")



def _validate_layers(layers, where: str) -> list[tuple[float, float, float, float]]:
    out = []
    if not (len(layers) > 0):
        _fail(where, "needs at least one layer (thickness_m, conductivity_w_mk, density_kg_m3, "
                                   "specific_heat_j_kgk)")
    for i, lay in enumerate(layers):
        w = f"{where} layer {i}"
        if len(lay) != 4:
            _fail(w, "must be (thickness_m, conductivity_w_mk, density_kg_m3, specific_heat_j_kgk)")
        d, k, rho, c = (float(x) if x is not None else 0.0 for x in lay)
        if not (math.isfinite(d) and d > 0):
            _fail(w, f"thickness_m must be > 0, got {d}")
        if not (math.isfinite(k) and k > 0):
            _fail(w, f"conductivity_w_mk must be > 0, got {k}")
        if not (math.isfinite(rho) and rho >= 0):
            _fail(w, f"density_kg_m3 must be >= 0, got {rho}")
        if not (math.isfinite(c) and c >= 0):
            _fail(w, f"specific_heat_j_kgk must be >= 0, got {c}")
        out.append((d, k, rho, c))
    return out


_LAYER_CACHE: dict = {}


def _layers_tuple(layers, where: str) -> tuple:
    """Validated layers as a hashable tuple (cached by value)."""
    try:
        key = tuple(tuple(lay) for lay in layers)
        hit = _LAYER_CACHE.get(key)
    except TypeError:
        key, hit = None, None
    if hit is None:
        hit = tuple(_validate_layers(layers, where))
        if key is not None and len(_LAYER_CACHE) < 4096:
            _LAYER_CACHE[key] = hit
    return hit


def _check_common(obj, where: str) -> None:
    if not (obj.roughness in ROUGHNESS):
        _fail(where, f"roughness must be one of {tuple(ROUGHNESS)}, got {obj.roughness!r}")
    h = obj.centroid_height_m
    if not (h is None or (math.isfinite(h) and 0.0 <= h <= 1000.0)):
        _fail(where, f"centroid_height_m must lie in 0..1000, got {h}")


def _validate_shading(x, ww: str) -> None:
    """Overhang and fin dimensions of a window: finite and >= 0, with the window's height (and width when the
    overhang is finite or there are fins)."""
    for fld in ("overhang_depth_m", "overhang_gap_m", "overhang_left_m", "overhang_right_m", "fin_left_depth_m",
                "fin_right_depth_m", "fin_offset_m", "fin_above_m"):
        v = getattr(x, fld)
        if not (v is None and fld in ("overhang_left_m", "overhang_right_m") or
                v is not None and math.isfinite(v) and v >= 0):
            _fail(ww, f"{fld} must be a finite length >= 0 m, got {v}")
    fins = x.fin_left_depth_m > 0 or x.fin_right_depth_m > 0
    if (x.overhang_depth_m > 0 or fins) and not (x.height_m is not None and x.height_m > 0):
        _fail(ww, "an overhang or fin needs height_m (window height, m)")
    finite = x.overhang_depth_m > 0 and (x.overhang_left_m is not None or x.overhang_right_m is not None)
    if (finite or fins) and not (x.width_m is not None and math.isfinite(x.width_m) and x.width_m > 0):
        _fail(ww, "a finite overhang or a fin needs width_m (window width, m)")


def _validate_zone(z: ZoneSpec) -> None:
    w = f"zone {z.name!r}"
    if not (math.isfinite(z.floor_area_m2) and z.floor_area_m2 > 0):
        _fail(w, f"floor_area_m2 must be > 0, got {z.floor_area_m2}")
    if not (math.isfinite(z.volume_m3) and z.volume_m3 > 0):
        _fail(w, f"volume_m3 must be > 0, got {z.volume_m3}")
    if not (0.0 <= z.heat_recovery_efficiency <= 0.95):
        _fail(w, f"heat_recovery_efficiency must lie in 0..0.95, got {z.heat_recovery_efficiency}")
    if not (0.0 <= z.internal_radiative_fraction <= 1.0):
        _fail(w, f"internal_radiative_fraction must lie in 0..1, got {z.internal_radiative_fraction}")
    if not (z.furniture_capacity_j_k >= 0):
        _fail(w, "furniture_capacity_j_k must be >= 0")
    if not (len(z.surfaces) + len(z.windows) > 0):
        _fail(w, "has no surfaces or windows")
    names = [s.name for s in z.surfaces] + [x.name for x in z.windows]
    if len(set(names)) != len(names):
        _fail(w, f"surface/window names must be unique, repeated: {sorted({n for n in names if names.count(n) > 1})}")
    for s in z.surfaces:
        ws = f"{w} surface {s.name!r}"
        if not (math.isfinite(s.area_m2) and s.area_m2 > 0):
            _fail(ws, f"area_m2 must be > 0, got {s.area_m2}")
        if not (s.boundary in BOUNDARIES):
            _fail(ws, f"boundary must be one of {BOUNDARIES}, got {s.boundary!r}")
        if not (0.0 <= s.tilt_deg <= 180.0):
            _fail(ws, f"tilt_deg must lie in 0..180, got {s.tilt_deg}")
        for fld in ("solar_absorptance", "emissivity", "inside_solar_absorptance", "inside_emissivity",
                    "shading_factor"):
            v = getattr(s, fld)
            if not (0.0 <= v <= 1.0):
                _fail(ws, f"{fld} must lie in 0..1, got {v}")
        for fld in ("h_conv_out_w_m2k", "h_conv_in_w_m2k"):
            v = getattr(s, fld)
            if not (v is None or (math.isfinite(v) and v >= 0)):
                _fail(ws, f"{fld} must be >= 0, got {v}")
        if not (s.boundary != "adjacent" or s.adjacent_temp_c is not None):
            _fail(ws, "boundary 'adjacent' needs adjacent_temp_c (deg C, scalar or hourly)")
        _check_common(s, ws)
        _layers_tuple(s.layers, ws)
    surf_names = {s.name for s in z.surfaces}
    if z.beam_distribution:
        for k, v in z.beam_distribution.items():
            if not (k in surf_names or k in {x.name for x in z.windows}):
                _fail(w, f"beam_distribution names unknown surface {k!r}")
            if not (v >= 0):
                _fail(w, f"beam_distribution[{k!r}] must be >= 0")
        if not (abs(sum(z.beam_distribution.values()) - 1.0) < 1e-6):
            _fail(w, "beam_distribution shares must sum to 1")
    for x in z.windows:
        ww = f"{w} window {x.name!r}"
        if not (math.isfinite(x.area_m2) and x.area_m2 > 0):
            _fail(ww, f"area_m2 must be > 0, got {x.area_m2}")
        gt = window_type(x.glazing)
        u = x.u_w_m2k if x.u_w_m2k is not None else gt.u_w_m2k
        if not (math.isfinite(u) and 0.1 <= u <= 7.0):
            _fail(ww, f"u_w_m2k must lie in 0.1..7, got {u}")
        for fld in ("g_normal", "tau_normal", "frame_fraction", "shading_factor", "emissivity"):
            v = getattr(x, fld)
            if not (v is None or 0.0 <= v <= 1.0):
                _fail(ww, f"{fld} must lie in 0..1, got {v}")
        if x.g_normal is not None and x.tau_normal is not None:
            if not (x.g_normal >= x.tau_normal):
                _fail(ww, f"g_normal {x.g_normal} must be >= tau_normal {x.tau_normal}")
        _validate_shading(x, ww)
        if not (0.0 <= x.tilt_deg <= 180.0):
            _fail(ww, f"tilt_deg must lie in 0..180, got {x.tilt_deg}")
        for fld in ("h_conv_out_w_m2k", "h_conv_in_w_m2k"):
            v = getattr(x, fld)
            if not (v is None or (math.isfinite(v) and v >= 0)):
                _fail(ww, f"{fld} must be >= 0, got {v}")
        _check_common(x, ww)
        if x.gap_width_m is not None:
            if not (math.isfinite(x.gap_width_m) and 0.001 <= x.gap_width_m <= 0.1):
                _fail(ww, f"gap_width_m must lie in 0.001..0.1 m, got {x.gap_width_m}")
            if not (x.gap_gas in GAP_GASES):
                _fail(ww, f"gap_gas must be one of {tuple(GAP_GASES)}, got {x.gap_gas!r}")
            e = tuple(x.gap_emissivities)
            if not (len(e) == 2 and all(0.0 < float(v) <= 1.0 for v in e)):
                _fail(ww, f"gap_emissivities must be two values in (0, 1], got {x.gap_emissivities}")
            if not (gt.n_panes >= 2):
                _fail(ww, f"a gap needs a glazing with 2 or more panes; {x.glazing!r} has {gt.n_panes}")
            if not (x.pane_thickness_m is None or 0.0005 <= x.pane_thickness_m <= 0.05):
                _fail(ww, f"pane_thickness_m must lie in 0.0005..0.05 m, got {x.pane_thickness_m}")
            if not (0.01 <= x.pane_conductivity_w_mk <= 10.0):
                _fail(ww, f"pane_conductivity_w_mk must lie in 0.01..10, got {x.pane_conductivity_w_mk}")
