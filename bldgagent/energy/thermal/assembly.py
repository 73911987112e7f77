"""Assembly of one zone: its constructions and windows as chains with their per-chain constants and hourly
signal rows, the zone's shortwave and long-wave distribution and its hourly operation rows."""
from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache

import numpy as np

from ...climate.solar import STEFAN_BOLTZMANN
from ...model import Diagnostics
from ..glazing import CLEAR_GLASS_THICKNESS_M, R_SE_STD, R_SI_STD, WindowOptics, window_optics, window_type
from .hourly import _full, _hourly, _is_const
from .inputs import _Ctx, _forced_convection, _irradiance_total, _normal, _orient, _window_rows
from .layout import *  # noqa: F401,F403
from .network import _distribution, _mrt_factors
from .physics import (_G_TIE, DEFAULT_CENTROID_HEIGHT_M, H_R0_IN, MOWITT_LEEWARD, MOWITT_WINDWARD, ROUGHNESS,
                      SOIL_LAYER, _h_ci, _iso_coefficients, _sky_view, _tarp_coefficients)
from .specs import ZoneSpec, _r_film_out
from .validate import _fail, _layers_tuple


@lru_cache(maxsize=256)
def _window_props_cached(glazing: str, u_in, g_in, tau_in, ff_in) -> tuple[float, float, WindowOptics, int]:
    gt = window_type(glazing)
    u = float(u_in if u_in is not None else gt.u_w_m2k)
    ff = float(ff_in if ff_in is not None else gt.frame_fraction)
    g = g_in if g_in is not None else (None if np.isnan(gt.g_normal) else gt.g_normal)
    tau = tau_in if tau_in is not None else (None if np.isnan(gt.tau_normal) else gt.tau_normal)
    if g_in is not None and tau_in is None:
        tau = None  # keep the type's tau/g ratio for a user g
    optics = window_optics(gt.n_panes, u_w_m2k=u, g_normal=g, tau_normal=tau)
    return u, ff, optics, gt.n_panes


_MERGE_FIELDS: dict = {}


def _merge_key(obj) -> tuple:
    cls = type(obj)
    fields_ = _MERGE_FIELDS.get(cls)
    if fields_ is None:
        fields_ = _MERGE_FIELDS[cls] = tuple(f for f in cls.__dataclass_fields__ if f not in ("name", "area_m2"))
    vals = [getattr(obj, k) for k in fields_]
    for i, v in enumerate(vals):
        if type(v) in (float, int, str, bool) or v is None:
            continue
        if isinstance(v, (list, tuple)):
            vals[i] = tuple(tuple(x) if isinstance(x, (list, tuple)) else x for x in v)
        elif isinstance(v, (np.ndarray, dict)):
            vals[i] = ("id", id(v))
    return tuple(vals)


def _merged(items: list, keep: set) -> list:
    """Identical surfaces (or windows) of a zone - same construction, boundary, orientation, optics, heights,
    everything but name and area - become one element with the summed area: they see the same boundary, face
    the same way (so do not see each other) and obey the same equations, so merging is exact and saves work."""
    if len(items) < 2:
        return list(items)
    groups: dict = {}
    for it in items:
        key = ("keep", it.name) if it.name in keep else _merge_key(it)
        groups.setdefault(key, []).append(it)
    out = []
    for group in groups.values():
        if len(group) == 1:
            out.append(group[0])
        else:
            out.append(replace(group[0], name=" + ".join(g.name for g in group),
                               area_m2=float(sum(g.area_m2 for g in group))))
    return out


_INNER_COLS = (_CF_HCI, _CF_CI_U, _CF_CI_S, _CF_SIN, _CF_ISO_U, _CF_ISO_S)
_OUTER_COLS = (_CF_HCI0, _CF_CI0_U, _CF_CI0_S, _CF_SIN0, _CF_ISO0_U, _CF_ISO0_S)
_OUT_TYPES = {"outdoor": _OUT_OUTDOOR, "ground": _OUT_FIXED, "adjacent": _OUT_FIXED, "adiabatic": _OUT_NONE,
              "internal": _OUT_ZONE, "zone": _OUT_FIXED}


def _new_chain(chains: list, layers, area: float, out_type: int, sig=None) -> dict:
    """A chain (construction or window) with its row of per-chain constants, appended to ``chains``."""
    row = np.zeros(_NCF)
    row[_CF_HCO] = row[_CF_HCI] = row[_CF_HCI0] = -1.0
    row[_CF_A] = area
    ch = dict(layers=layers, area=area, out=out_type, sig=sig, row=row, gap=None, link=0.0,
              out_rows=[], win_row=None, hf_row=None)
    chains.append(ch)
    return ch


def _interior_face(row, cos_up, area, h_override, tilt_for_fixed, cols, int_model: str) -> None:
    """Convection constants of a face looking into the zone (TARP and ISO 6946 coefficients x area, or fixed)."""
    col_h, col_u, col_s, col_sign, col_iu, col_is = cols
    cu, cs, sign = _tarp_coefficients(cos_up)
    iu, is_ = _iso_coefficients(cos_up)
    row[col_u], row[col_s], row[col_sign] = cu * area, cs * area, sign
    row[col_iu], row[col_is] = iu * area, is_ * area
    if h_override is not None:
        row[col_h] = h_override * area
    elif int_model == "fixed":
        row[col_h] = _h_ci(tilt_for_fixed) * area


def _exterior(ctx: _Ctx, ext_model: str, ch, tilt, az, eps, roughness, height, wind_exposed, h_override, area):
    """Exterior constants of an outdoor face: long-wave, roughness, TARP natural convection; the fixed or hourly
    forced convection."""
    row = ch["row"]
    kz = ctx.terrain_factor(height if height is not None else DEFAULT_CENTROID_HEIGHT_M)
    nx, ny, nz = _normal(tilt, az)
    cu, cs, sign = _tarp_coefficients(nz)
    row[_CF_EPS_SIG] = eps * STEFAN_BOLTZMANN * area
    row[_CF_RF] = ROUGHNESS[roughness]
    row[_CF_CEXT_U], row[_CF_CEXT_S], row[_CF_SEXT] = cu, cs, sign
    if h_override is not None:
        row[_CF_HCO] = float(h_override)
    elif ctx.h_ce_fixed is not None:
        row[_CF_HCO] = ctx.h_ce_fixed
    else:
        ch["hf_row"] = _forced_convection(ctx, ext_model, nx, ny, MOWITT_WINDWARD[0] * kz ** MOWITT_WINDWARD[1],
                                          MOWITT_LEEWARD[0] * kz ** MOWITT_LEEWARD[1], kz, wind_exposed)


def _surface_chains(z: ZoneSpec, ctx: _Ctx, int_model: str, ext_model: str, keep: set, chains: list,
                    faces: list) -> None:
    """Chains and inside faces of the zone's opaque surfaces (identical ones merged)."""
    sky = ctx.sky_exchange
    for s in _merged(z.surfaces, keep):
        layers = _layers_tuple(s.layers, f"zone {z.name!r} surface {s.name!r}")
        if s.boundary == "ground":
            layers = (SOIL_LAYER,) + layers
        A = float(s.area_m2)
        sig = None     # boundary temperature: the soil ("ground") or the hourly adjacent temperature
        if s.boundary == "ground":
            sig = "ground"
        elif s.boundary == "adjacent":
            sig = _hourly(s.adjacent_temp_c, ctx.n_h, f"zone {z.name!r} surface {s.name!r} adjacent_temp_c")
        elif s.boundary == "zone":   # the other zone's shortwave on the face, over its film (set by the plan)
            sig = f"zone:{s.name}"
        ch = _new_chain(chains, layers, A, _OUT_TYPES[s.boundary], sig)
        row = ch["row"]
        cos_t = math.cos(math.radians(s.tilt_deg))
        if s.boundary == "ground":
            row[_CF_GB] = _G_TIE * A
        elif s.boundary in ("adjacent", "zone"):
            row[_CF_GB] = A / _r_film_out(s)
            if s.boundary == "zone":
                g_s = s.inside_emissivity * H_R0_IN * A
                ch["couple"] = (sig, s.adjacent_zone, row[_CF_GB] - g_s, g_s)
        elif s.boundary == "outdoor":
            _exterior(ctx, ext_model, ch, s.tilt_deg, s.azimuth_deg, s.emissivity, s.roughness, s.centroid_height_m,
                      s.wind_exposed, s.h_conv_out_w_m2k, A)
            ch["out_rows"].append((sky, s.emissivity * _sky_view(s.tilt_deg) * A))
            if s.sunlit and s.shading_factor > 0:
                ch["out_rows"].append((_irradiance_total(ctx, _orient(s.tilt_deg, s.azimuth_deg)),
                                       s.solar_absorptance * s.shading_factor * A))
        elif s.boundary == "internal":
            # the other face looks into the zone along the outward normal
            _interior_face(row, cos_t, A, s.h_conv_in_w_m2k, 180.0 - s.tilt_deg, _OUTER_COLS, int_model)
            faces.append((ch, 0, A, s.inside_solar_absorptance, 0.0, s.tilt_deg < 30.0, s.name + ":other",
                          s.inside_emissivity * H_R0_IN * A))
        _interior_face(row, -cos_t, A, s.h_conv_in_w_m2k, s.tilt_deg, _INNER_COLS, int_model)
        faces.append((ch, 1, A, s.inside_solar_absorptance, 0.0, s.tilt_deg > 150.0, s.name,
                      s.inside_emissivity * H_R0_IN * A))


def _glass_link(z: ZoneSpec, x, ch: dict, u: float, n_panes: int, A: float, diagnostics: Diagnostics) -> None:
    """Between the two glass nodes: the gas gap (ISO 15099, every step) or the constant resistance behind the
    rated U (``1/U - R_se - R_si``, EN 673 rating films)."""
    if x.gap_width_m is not None:
        pane = x.pane_thickness_m if x.pane_thickness_m is not None else CLEAR_GLASS_THICKNESS_M
        ch["gap"] = (float(x.gap_width_m), x.gap_gas, tuple(float(e) for e in x.gap_emissivities),
                     float(x.height_m) if x.height_m else 1.5, n_panes - 1, n_panes * pane / x.pane_conductivity_w_mk)
        return
    r_glass = 1.0 / u - R_SE_STD - R_SI_STD  # the glazing's own resistance behind the rated U
    if r_glass < 1e-3:
        diagnostics.add("warning", "window_u_films",
                        f"window {x.name!r}: U={u} leaves no resistance beyond the EN 673 surface "
                        "resistances (0.17 m2K/W); glazing resistance set to 0.001 m2K/W", f"zone {z.name}")
        r_glass = 1e-3
    ch["link"] = A / r_glass


def _window_chains(z: ZoneSpec, ctx: _Ctx, int_model: str, ext_model: str, keep: set, chains: list, faces: list,
                   diagnostics: Diagnostics) -> tuple[list, list, list]:
    """Chains and inside faces of the zone's windows (identical ones merged); returns the (row, coefficient) terms
    of the transmitted beam, the transmitted diffuse and the inner panes' absorbed solar, W."""
    beam_rows: list = []   # (row, coefficient): transmitted beam, W
    diff_rows: list = []   # transmitted diffuse, W
    pane_rows: list = []   # solar absorbed in the inner pane, W
    for x in _merged(z.windows, keep):
        u, ff, opt, n_panes = _window_props_cached(x.glazing, x.u_w_m2k, x.g_normal, x.tau_normal, x.frame_fraction)
        A = float(x.area_m2)
        ch = _new_chain(chains, None, A, _OUT_OUTDOOR)
        _exterior(ctx, ext_model, ch, x.tilt_deg, x.azimuth_deg, x.emissivity, x.roughness, x.centroid_height_m, True,
                  x.h_conv_out_w_m2k, A)
        _glass_link(z, x, ch, u, n_panes, A, diagnostics)
        cos_in = -math.cos(math.radians(x.tilt_deg))
        _interior_face(ch["row"], 0.0 if abs(cos_in) < 1e-9 else cos_in, A, x.h_conv_in_w_m2k, x.tilt_deg,
                       _INNER_COLS, int_model)
        ch["out_rows"].append((ctx.sky_exchange, x.emissivity * _sky_view(x.tilt_deg) * A))
        a_glz = A * (1.0 - ff) * x.shading_factor
        if a_glz > 0:
            w_out, w_in, w_beam, w_diff = _window_rows(ctx, x, opt, _orient(x.tilt_deg, x.azimuth_deg))
            ch["out_rows"].append((w_out, a_glz))
            ch["win_row"] = (w_in, a_glz)
            pane_rows.append((w_in, a_glz))
            beam_rows.append((w_beam, a_glz))
            diff_rows.append((w_diff, a_glz * opt.tau_diffuse))
        faces.append((ch, 1, A, opt.back_abs_diffuse * (1.0 - ff) + 0.6 * ff, opt.tau_diffuse * (1.0 - ff), False,
                      x.name, x.emissivity * H_R0_IN * A))
    return beam_rows, diff_rows, pane_rows


def _face_exchange(z: ZoneSpec, faces: list) -> tuple[float, float]:
    """Long-wave conductances to the star (Walton's MRT correction) and the shares of the transmitted beam, diffuse
    and radiative gains absorbed by each inside face; returns the shares of beam and diffuse lost through windows."""
    g0 = [f[7] for f in faces]
    for (ch, end, *_), g, fm in zip(faces, g0, _mrt_factors(g0)):
        ch["row"][_CF_GRI if end == 1 else _CF_GR0] = g * fm
    area = np.array([f[2] for f in faces])
    first_diff = area / area.sum()
    if z.beam_distribution:
        first_beam = np.array([z.beam_distribution.get(f[6], 0.0) for f in faces])
    else:
        floors = np.array([f[5] for f in faces])
        first_beam = np.where(floors, area, 0.0) if floors.any() else area.copy()
        first_beam = first_beam / first_beam.sum()
    absorb = np.array([f[3] for f in faces])
    lose = np.array([f[4] for f in faces])
    ab_beam, lost_beam = _distribution(area, absorb, lose, first_beam)
    ab_diff, lost_diff = _distribution(area, absorb, lose, first_diff)
    rf = z.internal_radiative_fraction
    for (ch, end, *_), fb, fd, p in zip(faces, ab_beam, ab_diff, first_diff):
        row = ch["row"]
        cols = (_CF_CIB, _CF_CID, _CF_CIG) if end == 1 else (_CF_COB, _CF_COD, _CF_COG)
        row[cols[0]] += fb
        row[cols[1]] += fd
        row[cols[2]] += p * rf
    return lost_beam, lost_diff


def _operation_rows(z: ZoneSpec, ctx: _Ctx) -> dict:
    """The zone's hourly operation rows: gains, ventilation conductance, set-points and capacities (checked)."""
    n_h = ctx.n_h
    where = f"zone {z.name!r}"
    ach = _hourly(z.infiltration_ach, n_h, f"{where} infiltration_ach", lo=0.0)
    vent = _hourly(z.ventilation_m3_h, n_h, f"{where} ventilation_m3_h", lo=0.0)
    k_vent = ctx.rho_c_air / 3600.0
    if _is_const(ach) and _is_const(vent):
        h_vent = _full(k_vent * (ach[0] * z.volume_m3 + vent[0] * (1.0 - z.heat_recovery_efficiency)), n_h)
    else:
        h_vent = k_vent * (ach * z.volume_m3 + vent * (1.0 - z.heat_recovery_efficiency))
    sp_h = _hourly(z.heating_setpoint_c, n_h, f"{where} heating_setpoint_c", allow_nan=True, lo=-50, hi=60)
    sp_c = _hourly(z.cooling_setpoint_c, n_h, f"{where} cooling_setpoint_c", allow_nan=True, lo=-50, hi=60)
    if not (_is_const(sp_h) and _is_const(sp_c)) or sp_h[0] > sp_c[0]:
        both = np.isfinite(sp_h) & np.isfinite(sp_c)
        if not (bool((sp_h[both] <= sp_c[both]).all())):
            _fail(where, "heating_setpoint_c must not exceed cooling_setpoint_c in any hour")
    return dict(gains=_hourly(z.internal_gains_w, n_h, f"{where} internal_gains_w", lo=0.0), h_vent=h_vent,
                sp_h=sp_h, sp_c=sp_c,
                cap_h=_hourly(z.heating_capacity_w, n_h, f"{where} heating_capacity_w", lo=0.0),
                cap_c=_hourly(z.cooling_capacity_w, n_h, f"{where} cooling_capacity_w", lo=0.0))


def _assemble_zone(z: ZoneSpec, ctx: _Ctx, int_model: str, ext_model: str, diagnostics: Diagnostics) -> dict:
    """Chains of one zone: per chain its construction (layers, or None for a window), area, boundary type and
    signal, the per-chain constants of the loop that do not depend on the time step (``row``), the glazing
    key, and its signal rows (outer flux, inner-pane solar, forced convection); plus the zone's hourly inputs
    and the rows that make its transmitted and absorbed solar. Its hourly operation rows are
    :func:`_operation_rows` (apart, so that the envelope's part is reused while only the operation changes)."""
    chains: list[dict] = []
    faces: list[tuple] = []   # chain, end (0 outer / 1 inner), area, alpha, tau_out, floor, name, g_star0
    keep = set(z.beam_distribution or ()) | {s.name for s in z.surfaces if s.boundary == "zone"}
    _surface_chains(z, ctx, int_model, ext_model, keep, chains, faces)
    beam_rows, diff_rows, pane_rows = _window_chains(z, ctx, int_model, ext_model, keep, chains, faces, diagnostics)
    neighbours = {}     # faces of other zones' partitions in this zone: they take their share of its shortwave
    for name, area, tilt, alpha, eps in z.neighbour_faces:
        ghost = neighbours[name] = {"row": np.zeros(_NCF)}
        faces.append((ghost, 1, area, alpha, 0.0, tilt > 150.0, name, eps * H_R0_IN * area))
    lost_beam, lost_diff = _face_exchange(z, faces)
    return dict(chains=chains, air_cap=ctx.rho_c_air * z.volume_m3 + z.furniture_capacity_j_k,
                conv_frac=1.0 - z.internal_radiative_fraction,
                beam_rows=beam_rows, diff_rows=diff_rows, pane_rows=pane_rows,
                neighbour_shares={k: tuple(g["row"][[_CF_CIB, _CF_CID, _CF_CIG]]) for k, g in neighbours.items()},
                kept_beam=1.0 - lost_beam, kept_diff=1.0 - lost_diff)
