"""Shading of a vertical window by an overhang, side fins and a horizon: hourly sunlit fraction of the glazing
(beam) and the shading factor of the isotropic sky diffuse.

Method: the projection-of-shadow method (ASHRAE Handbook - Fundamentals 2021, ch. 15 "Exterior shading"; the
overhang/fin geometry of EnergyPlus "Shading:Overhang" and "Shading:Fin" and of ISO 52016-1:2017 Annex F), done
exactly in the horizontal and by strips in the vertical. Window-local frame: ``x`` along the wall to the right as
seen from outside, ``y`` up, ``z`` the outward normal; the glazing is ``0 <= x <= width_m``, ``0 <= y <= height_m``.
A point of the glazing is shaded when the ray from it towards the sun meets an obstruction:

- overhang (a thin horizontal plate ``depth_m`` deep at ``gap_m`` above the window top, reaching ``left_m`` /
  ``right_m`` beyond the window's edges; None = infinitely wide): the rows above ``height + gap - depth * tan(p)``
  (``p`` the profile angle, ``tan p = s_y / s_z``), over the plate's shadow ``[-left - t s_x, W + right - t s_x]``
  with ``t = (height + gap - y) / s_y``;
- a side fin (a thin vertical plate ``depth_m`` deep, ``offset_m`` beyond the window edge, from below the sill up to
  ``above_m`` over the window top): on each row the strip ``u * min(depth, (top - y) s_z / s_y)`` wide next to the
  fin, ``u = |s_x| / s_z``, when the sun is on the fin's side.

Per row the shaded length is the union of these intervals (inclusion-exclusion, exact); the rows are strip
midpoints, placed separately below and above the overhang's shadow edge, so an infinitely wide overhang alone (and
fins alone) are exact and the other cases err by well under 1 % of the window area.
Sky diffuse: the same test over a grid of sky directions in front of the window, weighted by ``cos(incidence)``
(isotropic sky, the view-factor method of EnergyPlus's ``DifShdgRatioIsoSky``); a horizon removes the directions
below its altitude. Ground-reflected radiation is left unshaded.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from functools import lru_cache

import numpy as np

from ..errors import InputValueError

__all__ = ["SHADING_FIELDS", "WindowShading", "horizon_altitude_deg", "sky_diffuse_factor", "sunlit_fraction",
           "sun_in_window_frame"]

#: Strips per region (below / above the overhang's shadow edge) of the vertical integration.
N_ROWS = 24
#: Sky grid of the diffuse factor: altitude x azimuth (relative to the window normal) cells, midpoints.
SKY_GRID = (18, 36)


@dataclass(frozen=True)
class WindowShading:
    """Geometry of a vertical window's fixed shading, m (all >= 0).

    ``height_m``, ``width_m``: the glazing. Overhang: ``overhang_depth_m`` (0 = none) at ``overhang_gap_m`` above
    the window top, reaching ``overhang_left_m`` / ``overhang_right_m`` beyond the window's left / right edge (seen
    from outside; None = infinitely wide). Fins: ``fin_left_depth_m`` / ``fin_right_depth_m`` (0 = none),
    ``fin_offset_m`` from the window edge, reaching ``fin_above_m`` above the window top (and down past the sill).
    """

    height_m: float
    width_m: float | None = None
    overhang_depth_m: float = 0.0
    overhang_gap_m: float = 0.0
    overhang_left_m: float | None = None
    overhang_right_m: float | None = None
    fin_left_depth_m: float = 0.0
    fin_right_depth_m: float = 0.0
    fin_offset_m: float = 0.0
    fin_above_m: float = 0.0

    @property
    def has_fins(self) -> bool:
        return self.fin_left_depth_m > 0 or self.fin_right_depth_m > 0

    @property
    def is_finite_overhang(self) -> bool:
        return self.overhang_depth_m > 0 and (self.overhang_left_m is not None or self.overhang_right_m is not None)

    @property
    def is_empty(self) -> bool:
        return self.overhang_depth_m <= 0 and not self.has_fins

    @classmethod
    def of(cls, window) -> "WindowShading | None":
        """The shading geometry of any object carrying these fields by name (e.g. a
        :class:`~bldgagent.energy.thermal.specs.WindowSpec`: this class's field list is the one source of the
        mapping); None when it has neither an overhang nor fins."""
        g = cls(**{f: getattr(window, f) for f in ("height_m", "width_m", *SHADING_FIELDS)})
        if g.is_empty:
            return None
        return replace(g, height_m=float(g.height_m))


#: The overhang and fin fields of :class:`WindowShading` (besides the glazing's ``height_m`` / ``width_m``): the
#: names a window specification carries them under.
SHADING_FIELDS = tuple(f.name for f in fields(WindowShading) if f.name not in ("height_m", "width_m"))


def sun_in_window_frame(elevation_deg, azimuth_deg, window_azimuth_deg: float) -> tuple[np.ndarray, ...]:
    """Unit vector towards the sun in a vertical window's frame ``(s_x, s_y, s_z)`` (right, up, outward); sun
    azimuth and the window's outward azimuth in degrees clockwise from north."""
    alt = np.radians(np.asarray(elevation_deg, dtype=float))
    rel = np.radians(np.asarray(azimuth_deg, dtype=float) - float(window_azimuth_deg))
    c = np.cos(alt)
    return -c * np.sin(rel), np.sin(alt), c * np.cos(rel)


def _overlap(a0, b0, a1, b1):
    return np.clip(np.minimum(b0, b1) - np.maximum(a0, a1), 0.0, None)


def _shaded_length(g: WindowShading, y, sx, sy, sz, y_edge):
    """Shaded length of the rows ``y`` (hours x rows), m: union of the overhang and fin intervals in ``[0, W]``."""
    w = float(g.width_m) if g.width_m is not None else 1.0
    empty = np.zeros_like(y)
    ivs = []
    if g.overhang_depth_m > 0:
        top = g.height_m + g.overhang_gap_m
        in_shadow = y >= y_edge
        if g.is_finite_overhang:
            t = (top - y) / sy
            lo = -(g.overhang_left_m if g.overhang_left_m is not None else np.inf) - t * sx
            hi = w + (g.overhang_right_m if g.overhang_right_m is not None else np.inf) - t * sx
            ivs.append((np.where(in_shadow, np.clip(lo, 0, w), 0.0), np.where(in_shadow, np.clip(hi, 0, w), 0.0)))
        else:
            ivs.append((empty, np.where(in_shadow, w, 0.0)))
    if g.has_fins:
        top = g.height_m + g.fin_above_m
        u = np.abs(sx) / sz
        for depth, side in ((g.fin_left_depth_m, -1.0), (g.fin_right_depth_m, 1.0)):
            if depth <= 0:
                continue
            reach = np.clip(np.minimum(depth, (top - y) * sz / sy), 0.0, None) * u
            reach = np.where(side * sx > 0, reach, 0.0)      # the sun is on the fin's side
            if side < 0:
                ivs.append((empty, np.clip(-g.fin_offset_m + reach, 0.0, w)))
            else:
                ivs.append((np.clip(w + g.fin_offset_m - reach, 0.0, w), empty + w))
    total = sum(b - a for a, b in ivs) if ivs else empty
    for i in range(len(ivs)):
        for j in range(i + 1, len(ivs)):
            total = total - _overlap(*ivs[i], *ivs[j])
    if len(ivs) == 3:
        (a0, b0), (a1, b1), (a2, b2) = ivs
        total = total + _overlap(np.maximum(a0, a1), np.minimum(b0, b1), a2, b2)
    return total / w


def sunlit_fraction(g: WindowShading, sx, sy, sz, n_rows: int = N_ROWS) -> np.ndarray:
    """Sunlit fraction (0-1) of the glazing for sun directions ``(sx, sy, sz)`` in the window frame
    (:func:`sun_in_window_frame`; arrays of one shape). Directions behind the window's plane or below the horizon
    cast no shadow of the devices: 1 (the plane's beam there is the irradiance model's; the hour's sun is sampled
    at mid-hour, its beam over the hour, so a sunrise hour can carry beam with the mid-hour sun still below)."""
    sx, sy, sz = (np.atleast_1d(np.asarray(a, dtype=float)) for a in (sx, sy, sz))
    shape = sx.shape
    sx, sy, sz = sx.ravel(), sy.ravel(), sz.ravel()
    valid = (sz > 1e-9) & (sy > 1e-9)
    out = np.ones(sx.shape)
    if g.is_empty or not valid.any():
        return out.reshape(shape)
    vx, vy, vz = sx[valid], sy[valid], sz[valid]
    h = float(g.height_m)
    if g.overhang_depth_m > 0:
        edge = np.clip(g.height_m + g.overhang_gap_m - g.overhang_depth_m * vy / vz, 0.0, h)
    else:
        edge = np.full(vx.shape, h)
    frac = (np.arange(n_rows) + 0.5) / n_rows
    shaded = np.zeros(vx.shape)
    for lo, hi in ((np.zeros_like(edge), edge), (edge, np.full_like(edge, h))):
        span = hi - lo
        y = lo[:, None] + span[:, None] * frac[None, :]
        mid = 0.5 * (lo + hi)
        # the region's rows all lie on one side of the shadow edge: test them against the region's midpoint
        y_edge = np.where(mid >= edge, -np.inf, np.inf)[:, None]
        s = _shaded_length(g, y, vx[:, None], vy[:, None], vz[:, None], y_edge)
        shaded += s.mean(axis=1) * span / h
    out[valid] = np.clip(1.0 - shaded, 0.0, 1.0)
    return out.reshape(shape)


def horizon_altitude_deg(horizon, azimuth_deg) -> np.ndarray:
    """Altitude of a horizon profile at the given azimuths, deg (linear, periodic in azimuth).

    ``horizon``: ``((azimuth_deg, altitude_deg), ...)``, azimuth clockwise from north, altitude 0-90."""
    pts = sorted((float(a) % 360.0, float(h)) for a, h in horizon)
    az = np.array([p[0] for p in pts])
    alt = np.array([p[1] for p in pts])
    return np.interp(np.asarray(azimuth_deg, dtype=float) % 360.0, az, alt, period=360.0)


def check_horizon(horizon, where: str = "horizon") -> tuple[tuple[float, float], ...]:
    """The horizon as a tuple of ``(azimuth_deg, altitude_deg)`` pairs, checked; None or empty: ``()``."""
    if horizon is None:
        return ()
    try:
        pts = tuple((float(a), float(h)) for a, h in horizon)
    except (TypeError, ValueError):
        raise InputValueError(f"{where}: must be pairs (azimuth_deg, altitude_deg), got {horizon!r}") from None
    for a, h in pts:
        if not (math.isfinite(a) and math.isfinite(h) and 0.0 <= h < 90.0):
            raise InputValueError(f"{where}: altitude must lie in 0..90 deg at a finite azimuth, got ({a}, {h})")
    return pts


@lru_cache(maxsize=512)
def sky_diffuse_factor(g: WindowShading | None, window_azimuth_deg: float, tilt_deg: float = 90.0,
                       horizon: tuple = ()) -> float:
    """Share (0-1) of the isotropic sky diffuse on the window plane that reaches the glazing past its shading and the
    horizon: ``sum(f * cos(i) dOmega) / sum(cos(i) dOmega)`` over the sky in front of the plane (grid
    :data:`SKY_GRID`). ``g`` None: the horizon only (any tilt); with ``g`` the plane is vertical."""
    n_alt, n_az = SKY_GRID
    alt = (np.arange(n_alt) + 0.5) * (90.0 / n_alt)
    az = (np.arange(n_az) + 0.5) * (360.0 / n_az)
    A, Z = np.meshgrid(alt, az, indexing="ij")
    a_r, z_r = np.radians(A), np.radians(Z)
    t, w = math.radians(tilt_deg), math.radians(window_azimuth_deg)
    cos_i = np.sin(a_r) * math.cos(t) + np.cos(a_r) * math.sin(t) * np.cos(z_r - w)
    weight = np.clip(cos_i, 0.0, None) * np.cos(a_r)       # cos(incidence) * solid angle (cos(alt) dalt daz)
    if weight.sum() <= 0:
        return 1.0
    f = np.ones_like(A)
    if g is not None and not g.is_empty:
        f = sunlit_fraction(g, *sun_in_window_frame(A, Z, window_azimuth_deg))
    if horizon:
        f = np.where(A > horizon_altitude_deg(horizon, Z), f, 0.0)
    return float((f * weight).sum() / weight.sum())
