"""Hourly thermal engine: a linear lumped-capacitance network per zone, solved exactly each step.

The model is of the ISO 52016-1:2017 family (hourly, thermal zone, nodes per construction), resolved further
(see docs/energy-method.md for the equations and the choice):

- **Nodes per construction from its actual layers**: each layer with mass is split into sub-layers no
  thicker than its periodic penetration depth over one hour, ``sqrt(a * 3600 s)`` (a = lambda / rho c),
  with nodes at the sub-layer faces (half a sub-layer's capacity each); massless layers (insulation without
  density, air gaps) are pure resistances. Surface nodes sit on both faces.
- **Exterior**: convection ``h_ce`` and long-wave ``h_re = eps * h_r0`` to outdoor air, plus the long-wave
  exchange with the sky as a flux ``eps * F * sigma (T_sky^4 - T_air^4)`` (exact for a surface at air
  temperature; the linear term carries the deviation) with ``T_sky`` from the weather file's horizontal
  infrared radiation and ``F = F_sky * sqrt(F_sky)``, ``F_sky = (1 + cos tilt) / 2`` (the sky near the
  horizon radiates at air temperature; Walton 1983), plus absorbed solar ``alpha * I`` (Perez sky,
  :mod:`bldgagent.climate.solar`). ISO 6946:2017 Annex C: ``h_ce = 4 + 4 v`` with ``v`` the annual-mean
  wind speed at the surface (weather-file wind through the ASHRAE terrain profile, see
  :func:`exterior_convection_w_m2k`), ``h_r0`` = 4.6 W/m2K at 0 C outside and 5.7 at 20 C inside.
- **Interior**: each surface convects to the air node (``h_ci`` by heat-flow direction, ISO 6946:2017
  Annex C: 5.0 up, 2.5 horizontal, 0.7 down) and exchanges long-wave radiation through a massless star
  node with conductance ``eps * h_r0 * A`` (the ISO 52016-1 area-weighted mean-radiant approach); the star
  node temperature is the area-weighted mean surface temperature, i.e. the mean radiant temperature of a
  central point.
- **Windows**: two massless nodes (outer and inner glass surface) joined by the glazing's own resistance
  ``1/U - R_se - R_si`` with the EN 673 / ISO 10077-1 rating resistances (0.04, 0.13), so a window with the
  rated U under rating films gets the model's own films in operation; angular solar transmittance and pane
  absorptance from :mod:`bldgagent.energy.glazing` (absorbed solar injected on the two nodes, so the
  secondary heat gain emerges from the network), sky long-wave on the outer node.
- **Transmitted solar**: beam lands on the floor faces (area-weighted) unless overridden, diffuse on all
  inside faces area-weighted; the part not absorbed is reflected diffusely (area-weighted) and the series
  summed in closed form, windows letting their diffuse transmittance escape.
- **Gains**: internal gains split convective (air node) / radiative (area-weighted onto the inside faces).
  Infiltration and mechanical ventilation (optionally with heat recovery) are conductances to outdoor air at
  the air node; their hourly variation is handled exactly in the per-step solution (below).
- **Ground**: floors on the ground get a virtual soil layer (ISO 13370:2017 default soil, 1 m) whose lower
  face is held at the undisturbed soil temperature at that depth (:mod:`bldgagent.energy.ground`).

Numerics. Backward (implicit) Euler on ``C dT/dt = -K T + inputs`` with ``substeps`` steps per hour:
``M T[n+1] = D T[n] + r[n+1]`` with ``D = C / dt`` and ``M = D + K``. The generalised symmetric eigenproblem
``D v = lambda M v`` (``scipy.linalg.eigh``) diagonalises the step: with ``T = V z``, ``z[n+1] = Lambda z[n]
+ V^T r[n+1]``, ``V^T M V = I``. All input projections ``V^T r`` are computed for the whole year at once
(BLAS); the compiled (numba) time loop only does ``O(nodes)`` work per step: the free-floating state, the
air temperature's exact linear response to a convective load at the air node (a scalar ``rho = sum V_air^2``),
the ideal heating/cooling load that holds the set-point (capacity-limited) and the exact implicit
ventilation term. The step balance (storage = sum of boundary flows + gains) closes to round-off.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd
import scipy.linalg

from ..climate.solar import STEFAN_BOLTZMANN, sky_temperature_c, solar_position, surface_irradiance
from ..climate.weather import Weather
from ..errors import InputValueError, SimulationError
from ..model import Diagnostics
from .glazing import R_SE_STD, R_SI_STD, WindowOptics, window_optics, window_type
from .ground import SOIL_CONDUCTIVITY_W_MK, SOIL_HEAT_CAPACITY_J_M3K, ground_temperature_c

__all__ = [
    "BOUNDARIES", "SurfaceSpec", "WindowSpec", "ZoneSpec", "ThermalResult", "simulate", "air_heat_capacity_j_m3k",
    "BALANCE_TERMS", "TERRAINS", "exterior_convection_w_m2k",
]

BOUNDARIES = ("outdoor", "ground", "adiabatic", "adjacent", "internal")
BALANCE_TERMS = ("transmission", "ventilation", "solar", "internal", "hvac", "storage")

#: ISO 6946:2017 Annex C: radiative coefficient of a black body h_r0 = 4 sigma T^3 at 0 C (outside) and
#: at 20 C (inside), W/(m2 K); convective h_ce = 4 + 4 v with v = 4 m/s; h_ci by heat-flow direction.
H_R0_OUT = 4.6
H_R0_IN = 5.7
H_CE_DEFAULT = 20.0
H_CI_UP, H_CI_HORIZONTAL, H_CI_DOWN = 5.0, 2.5, 0.7
#: Specific heat of dry air, J/(kg K), and gas constant of dry air, J/(kg K).
CP_AIR = 1006.0
R_AIR = 287.058
#: Virtual soil layer under ground floors: ISO 13370:2017 default soil (Table 7, category 2), 1 m thick.
SOIL_LAYER = (1.0, SOIL_CONDUCTIVITY_W_MK, 2000.0, SOIL_HEAT_CAPACITY_J_M3K / 2000.0)
#: Conductance per m2 tying the virtual soil layer's lower face to the soil temperature (a near-ideal tie).
_G_TIE = 1000.0


#: Wind-profile parameters (exponent a, boundary-layer thickness delta m) by terrain: ASHRAE Handbook -
#: Fundamentals (2017) ch. 24 Table 1; the meteorological station is "country" at 10 m.
TERRAINS = {"country": (0.14, 270.0), "suburbs": (0.22, 370.0), "city": (0.33, 460.0), "ocean": (0.10, 210.0)}


def exterior_convection_w_m2k(weather: Weather, height_m: float = 3.0, terrain: str = "suburbs") -> float:
    """Exterior convective coefficient, W/(m2 K): ISO 6946:2017 Annex C ``h_c = 4 + 4 v`` with ``v`` the
    annual-mean wind speed near the surface, from the weather file's 10 m wind by the power-law profile of
    ASHRAE Handbook - Fundamentals (2017) ch. 24 eq. 4, ``v = v_met (delta_met / 10)^a_met (H / delta)^a``.

    A constant coefficient keeps the network linear; the annual mean stands for the wind-driven variation.
    """
    if terrain not in TERRAINS:
        raise InputValueError(f"terrain must be one of {tuple(TERRAINS)}, got {terrain!r}")
    if "wind_speed_m_s" not in weather.data:
        return H_CE_DEFAULT
    wind = weather.data["wind_speed_m_s"].to_numpy(dtype=float)
    wind = wind[np.isfinite(wind)]
    if wind.size == 0:
        return H_CE_DEFAULT
    a_met, d_met = TERRAINS["country"]
    a, d = TERRAINS[terrain]
    v = float(np.clip(wind, 0.0, None).mean()) * (d_met / 10.0) ** a_met * (max(height_m, 1.0) / d) ** a
    return 4.0 + 4.0 * v


def air_heat_capacity_j_m3k(elevation_m: float = 0.0, temp_c: float = 20.0) -> float:
    """Volumetric heat capacity of dry air, J/(m3 K): ``rho * c_p`` with ``rho = p / (R T)`` and the ICAO
    standard-atmosphere pressure at the elevation, ``p = 101325 (1 - 2.25577e-5 z)^5.25588`` Pa (ISO 2533).
    Sea level at 20 C: 1211 J/(m3 K); Denver (1650 m): 992."""
    if not (-500.0 <= elevation_m <= 9000.0):
        raise InputValueError(f"elevation_m must lie in -500..9000 m, got {elevation_m}")
    p = 101325.0 * (1.0 - 2.25577e-5 * elevation_m) ** 5.25588
    return p / (R_AIR * (273.15 + temp_c)) * CP_AIR


# --------------------------------------------------------------------------------------------------------
# specifications (plain data)
# --------------------------------------------------------------------------------------------------------
@dataclass
class SurfaceSpec:
    """An opaque surface of a zone.

    ``layers``: ``(thickness_m, conductivity_w_mk, density_kg_m3, specific_heat_j_kgk)`` from the *outside*
    (boundary side) to the inside; density or specific heat 0 makes a massless (pure resistance) layer.
    ``boundary``: ``"outdoor"``, ``"ground"`` (a 1 m virtual soil layer is added), ``"adiabatic"`` (outer face
    insulated, mass still active), ``"adjacent"`` (outer face sees ``adjacent_temp_c`` through a standard
    interior film) or ``"internal"`` (both faces in the zone: a partition or intermediate floor, thermal mass).
    ``tilt_deg``/``azimuth_deg``: outward normal seen from the zone (a floor is tilt 180, a roof 0).
    ``shading_factor`` (0-1) multiplies the solar on the outer face; ``sunlit=False`` gives no solar (e.g. a
    raised floor's underside). ``h_conv_out_w_m2k``/``h_conv_in_w_m2k`` override the film coefficients.
    """

    name: str
    area_m2: float
    layers: Sequence[tuple[float, float, float, float]]
    boundary: str = "outdoor"
    tilt_deg: float = 90.0
    azimuth_deg: float = 180.0
    solar_absorptance: float = 0.6
    emissivity: float = 0.9
    inside_solar_absorptance: float = 0.6
    inside_emissivity: float = 0.9
    shading_factor: float = 1.0
    sunlit: bool = True
    h_conv_out_w_m2k: float | None = None
    h_conv_in_w_m2k: float | None = None
    adjacent_temp_c: Any = None

    def u_value_w_m2k(self) -> float:
        """Steady-state U including the model's surface films (W/m2K); ground and adiabatic: surface-to-boundary."""
        r = sum(d / k for d, k, *_ in self.layers)
        return 1.0 / (r + _r_film_in(self) + _r_film_out(self))


@dataclass
class WindowSpec:
    """A window of a zone.

    ``u_w_m2k`` (whole window), ``g_normal`` (total solar energy transmittance at normal incidence, of the
    glazed part), ``tau_normal`` (direct solar transmittance) default from ``glazing`` (a key of
    :data:`bldgagent.energy.glazing.WINDOW_TYPES`; ``"bestest"`` is the Std 140 window whose g/tau come from
    the clear-glass physics). ``frame_fraction`` is the opaque share of ``area_m2`` (no solar). Shading:
    ``shading_factor`` (0-1, all solar) and an ``overhang_depth_m`` at ``overhang_gap_m`` above the window
    top (needs ``height_m``), which shades the beam (infinitely wide overhang).
    """

    name: str
    area_m2: float
    glazing: str = "double_clear"
    u_w_m2k: float | None = None
    g_normal: float | None = None
    tau_normal: float | None = None
    frame_fraction: float | None = None
    tilt_deg: float = 90.0
    azimuth_deg: float = 180.0
    shading_factor: float = 1.0
    overhang_depth_m: float = 0.0
    overhang_gap_m: float = 0.0
    height_m: float | None = None
    emissivity: float = 0.837
    h_conv_in_w_m2k: float | None = None
    h_conv_out_w_m2k: float | None = None


@dataclass
class ZoneSpec:
    """A thermal zone as plain data (no IFC): geometry, envelope, operation.

    Hourly inputs accept a scalar or an array of the weather's length. Set-points in deg C, NaN (or None) =
    no control in that hour; capacities in W (``inf`` = ideal). ``infiltration_ach`` is air changes per
    hour at the site's air density (elevation-corrected, ASHRAE 140 convention); ``ventilation_m3_h`` is the
    mechanical supply of outdoor air with sensible ``heat_recovery_efficiency`` (0-0.95).
    ``internal_gains_w`` are sensible gains with ``internal_radiative_fraction`` radiative.
    ``beam_distribution`` optionally maps surface names to the share of transmitted beam solar landing on them
    (default: the floors, area-weighted). ``furniture_capacity_j_k`` adds capacity to the air node.
    """

    name: str
    floor_area_m2: float
    volume_m3: float
    surfaces: list[SurfaceSpec] = field(default_factory=list)
    windows: list[WindowSpec] = field(default_factory=list)
    infiltration_ach: Any = 0.0
    ventilation_m3_h: Any = 0.0
    heat_recovery_efficiency: float = 0.0
    internal_gains_w: Any = 0.0
    internal_radiative_fraction: float = 0.5
    heating_setpoint_c: Any = 20.0
    cooling_setpoint_c: Any = 26.0
    heating_capacity_w: Any = np.inf
    cooling_capacity_w: Any = np.inf
    beam_distribution: dict[str, float] | None = None
    furniture_capacity_j_k: float = 0.0


# --------------------------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------------------------
def _check(cond: bool, where: str, msg: str) -> None:
    if not cond:
        raise InputValueError(f"{where}: {msg}")


def _hourly(value, n: int, where: str, allow_nan: bool = False, lo: float | None = None,
            hi: float | None = None) -> np.ndarray:
    if value is None:
        value = np.nan
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        arr = np.full(n, float(arr))
    arr = arr.ravel()
    _check(arr.size == n, where, f"expected a scalar or {n} hourly values, got {arr.size}")
    finite = np.isfinite(arr)
    if not allow_nan:
        _check(bool((~np.isnan(arr)).all()), where, "contains NaN; give a value for every hour")
    vals = arr[finite]
    if lo is not None and vals.size:
        _check(bool((vals >= lo).all()), where, f"must be >= {lo}, got min {vals.min():g}")
    if hi is not None and vals.size:
        _check(bool((vals <= hi).all()), where, f"must be <= {hi}, got max {vals.max():g}")
    return arr


def _h_ci(tilt_deg: float) -> float:
    """Interior convective coefficient by the face's outward-normal tilt (ISO 6946:2017 Annex C)."""
    if tilt_deg < 60.0:
        return H_CI_UP        # ceiling / roof face: heat flows upward from the room
    if tilt_deg > 120.0:
        return H_CI_DOWN      # floor face: heat flows downward from the room
    return H_CI_HORIZONTAL


SKY_SPLIT = True


def _sky_view(tilt_deg: float) -> float:
    """Share of a surface's long-wave exchange that goes to the sky at sky temperature.

    View factor to the sky ``F = (1 + cos tilt) / 2``, of which the part ``beta = sqrt(F)`` is taken at sky
    temperature and the rest at air temperature (the air layer near the horizon; Walton 1983, TARP, as in
    the EnergyPlus Engineering Reference "Exterior long-wave radiation"): ``F * beta``. Roof 1, wall 0.354.
    """
    f = 0.5 * (1.0 + np.cos(np.radians(tilt_deg)))
    return float(f * np.sqrt(f)) if SKY_SPLIT else float(f)


def _r_film_in(s: SurfaceSpec) -> float:
    hc = s.h_conv_in_w_m2k if s.h_conv_in_w_m2k is not None else _h_ci(s.tilt_deg)
    return 1.0 / (hc + s.inside_emissivity * H_R0_IN)


def _r_film_out(s: SurfaceSpec) -> float:
    if s.boundary == "outdoor":
        hc = s.h_conv_out_w_m2k if s.h_conv_out_w_m2k is not None else H_CE_DEFAULT
        return 1.0 / (hc + s.emissivity * H_R0_OUT)
    if s.boundary == "adjacent":
        return 1.0 / (H_CI_HORIZONTAL + 0.9 * H_R0_IN)
    if s.boundary == "internal":
        return 1.0 / (_h_ci(180.0 - s.tilt_deg) + s.inside_emissivity * H_R0_IN)
    return 0.0


def _validate_layers(layers, where: str) -> list[tuple[float, float, float, float]]:
    out = []
    _check(len(layers) > 0, where, "needs at least one layer (thickness_m, conductivity_w_mk, density_kg_m3, "
                                   "specific_heat_j_kgk)")
    for i, lay in enumerate(layers):
        w = f"{where} layer {i}"
        _check(len(lay) == 4, w, "must be (thickness_m, conductivity_w_mk, density_kg_m3, specific_heat_j_kgk)")
        d, k, rho, c = (float(x) if x is not None else 0.0 for x in lay)
        _check(np.isfinite(d) and d > 0, w, f"thickness_m must be > 0, got {d}")
        _check(np.isfinite(k) and k > 0, w, f"conductivity_w_mk must be > 0, got {k}")
        _check(np.isfinite(rho) and rho >= 0, w, f"density_kg_m3 must be >= 0, got {rho}")
        _check(np.isfinite(c) and c >= 0, w, f"specific_heat_j_kgk must be >= 0, got {c}")
        out.append((d, k, rho, c))
    return out


def _validate_zone(z: ZoneSpec) -> None:
    w = f"zone {z.name!r}"
    _check(np.isfinite(z.floor_area_m2) and z.floor_area_m2 > 0, w, f"floor_area_m2 must be > 0, got {z.floor_area_m2}")
    _check(np.isfinite(z.volume_m3) and z.volume_m3 > 0, w, f"volume_m3 must be > 0, got {z.volume_m3}")
    _check(0.0 <= z.heat_recovery_efficiency <= 0.95, w,
           f"heat_recovery_efficiency must lie in 0..0.95, got {z.heat_recovery_efficiency}")
    _check(0.0 <= z.internal_radiative_fraction <= 1.0, w,
           f"internal_radiative_fraction must lie in 0..1, got {z.internal_radiative_fraction}")
    _check(z.furniture_capacity_j_k >= 0, w, "furniture_capacity_j_k must be >= 0")
    _check(len(z.surfaces) + len(z.windows) > 0, w, "has no surfaces or windows")
    names = [s.name for s in z.surfaces] + [x.name for x in z.windows]
    dup = {n for n in names if names.count(n) > 1}
    _check(not dup, w, f"surface/window names must be unique, repeated: {sorted(dup)}")
    for s in z.surfaces:
        ws = f"{w} surface {s.name!r}"
        _check(np.isfinite(s.area_m2) and s.area_m2 > 0, ws, f"area_m2 must be > 0, got {s.area_m2}")
        _check(s.boundary in BOUNDARIES, ws, f"boundary must be one of {BOUNDARIES}, got {s.boundary!r}")
        _check(0.0 <= s.tilt_deg <= 180.0, ws, f"tilt_deg must lie in 0..180, got {s.tilt_deg}")
        for fld in ("solar_absorptance", "emissivity", "inside_solar_absorptance", "inside_emissivity",
                    "shading_factor"):
            v = getattr(s, fld)
            _check(0.0 <= v <= 1.0, ws, f"{fld} must lie in 0..1, got {v}")
        for fld in ("h_conv_out_w_m2k", "h_conv_in_w_m2k"):
            v = getattr(s, fld)
            _check(v is None or (np.isfinite(v) and v >= 0), ws, f"{fld} must be >= 0, got {v}")
        _check(s.boundary != "adjacent" or s.adjacent_temp_c is not None, ws,
               "boundary 'adjacent' needs adjacent_temp_c (deg C, scalar or hourly)")
        _validate_layers(s.layers, ws)
    surf_names = {s.name for s in z.surfaces}
    if z.beam_distribution:
        for k, v in z.beam_distribution.items():
            _check(k in surf_names or k in {x.name for x in z.windows}, w,
                   f"beam_distribution names unknown surface {k!r}")
            _check(v >= 0, w, f"beam_distribution[{k!r}] must be >= 0")
        _check(abs(sum(z.beam_distribution.values()) - 1.0) < 1e-6, w, "beam_distribution shares must sum to 1")
    for x in z.windows:
        ww = f"{w} window {x.name!r}"
        _check(np.isfinite(x.area_m2) and x.area_m2 > 0, ww, f"area_m2 must be > 0, got {x.area_m2}")
        gt = window_type(x.glazing)
        u = x.u_w_m2k if x.u_w_m2k is not None else gt.u_w_m2k
        _check(np.isfinite(u) and 0.1 <= u <= 7.0, ww, f"u_w_m2k must lie in 0.1..7, got {u}")
        for fld in ("g_normal", "tau_normal", "frame_fraction", "shading_factor", "emissivity"):
            v = getattr(x, fld)
            _check(v is None or 0.0 <= v <= 1.0, ww, f"{fld} must lie in 0..1, got {v}")
        if x.g_normal is not None and x.tau_normal is not None:
            _check(x.g_normal >= x.tau_normal, ww, f"g_normal {x.g_normal} must be >= tau_normal {x.tau_normal}")
        _check(x.overhang_depth_m >= 0 and x.overhang_gap_m >= 0, ww, "overhang dimensions must be >= 0")
        _check(x.overhang_depth_m == 0 or (x.height_m is not None and x.height_m > 0), ww,
               "an overhang needs height_m (window height, m)")
        _check(0.0 <= x.tilt_deg <= 180.0, ww, f"tilt_deg must lie in 0..180, got {x.tilt_deg}")


def _window_props(x: WindowSpec) -> tuple[float, float, WindowOptics]:
    gt = window_type(x.glazing)
    u = float(x.u_w_m2k if x.u_w_m2k is not None else gt.u_w_m2k)
    ff = float(x.frame_fraction if x.frame_fraction is not None else gt.frame_fraction)
    g = x.g_normal if x.g_normal is not None else (None if np.isnan(gt.g_normal) else gt.g_normal)
    tau = x.tau_normal if x.tau_normal is not None else (None if np.isnan(gt.tau_normal) else gt.tau_normal)
    if x.g_normal is not None and x.tau_normal is None:
        tau = None  # keep the type's tau/g ratio for a user g
    optics = window_optics(gt.n_panes, u_w_m2k=u, g_normal=g, tau_normal=tau)
    return u, ff, optics


# --------------------------------------------------------------------------------------------------------
# network assembly
# --------------------------------------------------------------------------------------------------------
def _sublayers(layers) -> list[tuple[float, float]]:
    """(resistance m2K/W, capacity J/m2K) per sub-layer, outside -> inside."""
    out = []
    for d, k, rho, c in layers:
        cap = rho * c * d
        if cap <= 0.0:
            out.append((d / k, 0.0))
            continue
        alpha = k / (rho * c)
        n = int(min(8, max(1, np.ceil(d / np.sqrt(alpha * 3600.0)))))
        for _ in range(n):
            out.append((d / n / k, cap / n))
    return out


class _Net:
    def __init__(self) -> None:
        self.cap: list[float] = [0.0, 0.0]  # 0 air, 1 star
        self.edges: list[tuple[int, int, float]] = []
        self.bnd: list[tuple[int, float, int]] = []  # node, conductance, signal index

    def node(self, cap: float = 0.0) -> int:
        self.cap.append(cap)
        return len(self.cap) - 1

    def edge(self, i: int, j: int, g: float) -> None:
        if g > 0:
            self.edges.append((i, j, g))


@dataclass
class _ZoneModel:
    n: int
    cap: np.ndarray
    K: np.ndarray
    bnd: list
    signals: list            # hourly temperature signal arrays (index -> array)
    flux: np.ndarray         # (n_nodes, n_hours) W, constant within the hour
    sky_flux: np.ndarray     # (n_hours,) W, outer-face fluxes (sky long-wave, solar absorbed outside): transmission
    solar_in: np.ndarray     # (n_hours,) W solar absorbed in the zone's nodes
    solar_transmitted: np.ndarray
    gains: np.ndarray
    h_vent: np.ndarray       # (n_hours,) W/K
    sp_h: np.ndarray
    sp_c: np.ndarray
    cap_h: np.ndarray
    cap_c: np.ndarray
    node_labels: list


def _overhang_sunlit(weather: Weather, x: WindowSpec) -> np.ndarray:
    """Sunlit fraction of a vertical window's height under an infinitely wide overhang (beam only)."""
    n = len(weather)
    if x.overhang_depth_m <= 0:
        return np.ones(n)
    pos = solar_position(weather)
    elev = np.radians(np.clip(pos["elevation_deg"].to_numpy(), 0.0, 90.0))
    gamma = np.radians(pos["azimuth_deg"].to_numpy() - x.azimuth_deg)
    cos_g = np.cos(gamma)
    with np.errstate(divide="ignore", invalid="ignore"):
        tan_profile = np.where(cos_g > 1e-6, np.tan(elev) / cos_g, np.inf)
    shadow = x.overhang_depth_m * tan_profile - x.overhang_gap_m
    return 1.0 - np.clip(shadow / float(x.height_m), 0.0, 1.0)


def _distribution(faces: list[dict], first: np.ndarray) -> tuple[np.ndarray, float]:
    """Absorbed share per face and the share lost out through windows for unit shortwave with first-incidence
    distribution ``first``; reflections are diffuse and area-weighted (closed-form series)."""
    area = np.array([f["area"] for f in faces])
    absorb = np.array([f["alpha"] for f in faces])
    lose = np.array([f["tau_out"] for f in faces])
    refl = np.clip(1.0 - absorb - lose, 0.0, 1.0)
    p = area / area.sum()
    rbar = float(p @ refl)
    reflected = float(first @ refl)
    series = reflected / (1.0 - rbar) if rbar < 1.0 else 0.0
    arriving = first + p * series
    return absorb * arriving, float(lose @ arriving)


def _build_zone(z: ZoneSpec, weather: Weather, irr: dict, t_out: np.ndarray, sky_exchange: np.ndarray,
                t_ground: np.ndarray, rho_c_air: float, h_ce_default: float, diagnostics: Diagnostics) -> _ZoneModel:
    n_h = len(weather)
    net = _Net()
    net.cap[0] = rho_c_air * z.volume_m3 + z.furniture_capacity_j_k
    signals = [t_out, t_ground]  # 0 outdoor air, 1 ground
    flux_rows: dict[int, np.ndarray] = {}
    sky_total = np.zeros(n_h)
    solar_total = np.zeros(n_h)

    def add_flux(node: int, arr: np.ndarray) -> None:
        flux_rows[node] = flux_rows.get(node, 0.0) + arr

    faces: list[dict] = []  # inside faces: node, area, alpha (absorbed), tau_out, floor flag, name
    labels = ["air", "mean_radiant"]

    for s in z.surfaces:
        layers = _validate_layers(s.layers, f"zone {z.name!r} surface {s.name!r}")
        if s.boundary == "ground":
            layers = [SOIL_LAYER] + layers
        subs = _sublayers(layers)
        A = s.area_m2
        nodes = [net.node(0.0)]
        labels.append(f"{s.name}:outer")
        for r, c in subs:
            net.cap[nodes[-1]] += 0.5 * c * A
            nxt = net.node(0.5 * c * A)
            labels.append(f"{s.name}:layer")
            net.edge(nodes[-1], nxt, A / r)
            nodes.append(nxt)
        labels[-1] = f"{s.name}:inner"
        outer, inner = nodes[0], nodes[-1]
        # inside face
        hci = s.h_conv_in_w_m2k if s.h_conv_in_w_m2k is not None else _h_ci(s.tilt_deg)
        net.edge(inner, 0, hci * A)
        net.edge(inner, 1, s.inside_emissivity * H_R0_IN * A)
        faces.append(dict(node=inner, area=A, alpha=s.inside_solar_absorptance, tau_out=0.0,
                          floor=s.tilt_deg > 150.0, name=s.name))
        # outer face
        if s.boundary == "outdoor":
            hce = s.h_conv_out_w_m2k if s.h_conv_out_w_m2k is not None else h_ce_default
            net.bnd.append((outer, (hce + s.emissivity * H_R0_OUT) * A, 0))
            f_sky = _sky_view(s.tilt_deg)
            sky = s.emissivity * f_sky * A * sky_exchange
            add_flux(outer, sky)
            sky_total += sky
            if s.sunlit:
                sol = s.solar_absorptance * s.shading_factor * A * irr[s.name].total[0]
                add_flux(outer, sol)
                sky_total += sol  # sol-air: solar absorbed outside counts in the transmission term
        elif s.boundary == "ground":
            net.bnd.append((outer, _G_TIE * A, 1))
        elif s.boundary == "adjacent":
            signals.append(_hourly(s.adjacent_temp_c, n_h, f"zone {z.name!r} surface {s.name!r} adjacent_temp_c"))
            net.bnd.append((outer, A / _r_film_out(s), len(signals) - 1))
        elif s.boundary == "internal":
            tilt2 = 180.0 - s.tilt_deg
            net.edge(outer, 0, _h_ci(tilt2) * A)
            net.edge(outer, 1, s.inside_emissivity * H_R0_IN * A)
            faces.append(dict(node=outer, area=A, alpha=s.inside_solar_absorptance, tau_out=0.0,
                              floor=tilt2 > 150.0, name=s.name + ":other"))
        # adiabatic: nothing

    beam_in = np.zeros(n_h)
    diff_in = np.zeros(n_h)
    for x in z.windows:
        u, ff, opt = _window_props(x)
        A = x.area_m2
        hce = x.h_conv_out_w_m2k if x.h_conv_out_w_m2k is not None else h_ce_default
        hci = x.h_conv_in_w_m2k if x.h_conv_in_w_m2k is not None else _h_ci(x.tilt_deg)
        h_out = hce + x.emissivity * H_R0_OUT
        h_in = hci + x.emissivity * H_R0_IN
        r_glass = 1.0 / u - R_SE_STD - R_SI_STD  # the glazing's own resistance behind the rated U
        if r_glass < 1e-3:
            diagnostics.add("warning", "window_u_films",
                            f"window {x.name!r}: U={u} leaves no resistance beyond the EN 673 surface "
                            "resistances (0.17 m2K/W); glazing resistance set to 0.001 m2K/W", f"zone {z.name}")
            r_glass = 1e-3
        ext, inn = net.node(0.0), net.node(0.0)
        labels += [f"{x.name}:outer", f"{x.name}:inner"]
        net.bnd.append((ext, h_out * A, 0))
        net.edge(ext, inn, A / r_glass)
        net.edge(inn, 0, hci * A)
        net.edge(inn, 1, x.emissivity * H_R0_IN * A)
        f_sky = _sky_view(x.tilt_deg)
        sky = x.emissivity * f_sky * A * sky_exchange
        add_flux(ext, sky)
        sky_total += sky
        si = irr[x.name]
        a_glz = A * (1.0 - ff) * x.shading_factor
        beam = si.direct[0] * _overhang_sunlit(weather, x)
        diffuse = si.diffuse[0]
        tau_b, aout_b, ain_b = opt.at(si.aoi_deg[0])
        sol_out = a_glz * (aout_b * beam + opt.abs_out_diffuse * diffuse)
        sol_in = a_glz * (ain_b * beam + opt.abs_in_diffuse * diffuse)
        add_flux(ext, sol_out)
        add_flux(inn, sol_in)
        sky_total += sol_out  # absorbed in the outer pane: sol-air, transmission term
        solar_total += sol_in
        beam_in += a_glz * tau_b * beam
        diff_in += a_glz * opt.tau_diffuse * diffuse
        faces.append(dict(node=inn, area=A, alpha=opt.back_abs_diffuse * (1.0 - ff) + 0.6 * ff,
                          tau_out=opt.tau_diffuse * (1.0 - ff), floor=False, name=x.name))

    # shortwave distribution of transmitted solar
    area = np.array([f["area"] for f in faces])
    first_diff = area / area.sum()
    if z.beam_distribution:
        first_beam = np.array([z.beam_distribution.get(f["name"], 0.0) for f in faces])
    else:
        floors = np.array([f["floor"] for f in faces])
        first_beam = np.where(floors, area, 0.0) if floors.any() else area.copy()
        first_beam = first_beam / first_beam.sum()
    ab_beam, lost_beam = _distribution(faces, first_beam)
    ab_diff, lost_diff = _distribution(faces, first_diff)
    for f, fb, fd in zip(faces, ab_beam, ab_diff):
        add_flux(f["node"], fb * beam_in + fd * diff_in)
    solar_total = solar_total + (1.0 - lost_beam) * beam_in + (1.0 - lost_diff) * diff_in

    # internal gains
    gains = _hourly(z.internal_gains_w, n_h, f"zone {z.name!r} internal_gains_w", lo=0.0)
    rad = z.internal_radiative_fraction * gains
    add_flux(0, (1.0 - z.internal_radiative_fraction) * gains)
    for f, p in zip(faces, first_diff):
        add_flux(f["node"], p * rad)

    n = len(net.cap)
    cap = np.array(net.cap)
    K = np.zeros((n, n))
    for i, j, g in net.edges:
        K[i, i] += g
        K[j, j] += g
        K[i, j] -= g
        K[j, i] -= g
    for i, g, _sig in net.bnd:
        K[i, i] += g
    flux = np.zeros((n, n_h))
    for i, arr in flux_rows.items():
        flux[i] += arr

    ach = _hourly(z.infiltration_ach, n_h, f"zone {z.name!r} infiltration_ach", lo=0.0)
    vent = _hourly(z.ventilation_m3_h, n_h, f"zone {z.name!r} ventilation_m3_h", lo=0.0)
    h_vent = rho_c_air * (ach * z.volume_m3 + vent * (1.0 - z.heat_recovery_efficiency)) / 3600.0
    sp_h = _hourly(z.heating_setpoint_c, n_h, f"zone {z.name!r} heating_setpoint_c", allow_nan=True, lo=-50, hi=60)
    sp_c = _hourly(z.cooling_setpoint_c, n_h, f"zone {z.name!r} cooling_setpoint_c", allow_nan=True, lo=-50, hi=60)
    both = np.isfinite(sp_h) & np.isfinite(sp_c)
    _check(bool((sp_h[both] <= sp_c[both]).all()), f"zone {z.name!r}",
           "heating_setpoint_c must not exceed cooling_setpoint_c in any hour")
    cap_h = _hourly(z.heating_capacity_w, n_h, f"zone {z.name!r} heating_capacity_w", lo=0.0)
    cap_c = _hourly(z.cooling_capacity_w, n_h, f"zone {z.name!r} cooling_capacity_w", lo=0.0)
    return _ZoneModel(n, cap, K, net.bnd, signals, flux, sky_total, solar_total, beam_in + diff_in, gains, h_vent,
                      sp_h, sp_c, cap_h, cap_c, labels)


# --------------------------------------------------------------------------------------------------------
# compiled time loop
# --------------------------------------------------------------------------------------------------------
def _step_loop_py(lam, Ff, Ft, a_air, a_star, cs, gb, tb, hv, t_out, sp_h, sp_c, cap_h, cap_c, order, n_warm, ns,
                  dt, z0, out):
    """Time loop over ``order`` (hour indices; the first ``n_warm`` are warm-up). Writes hourly means into
    ``out`` rows: 0 hvac W, 1 air C, 2 mean radiant C, 3 transmission W, 4 ventilation W, 5 storage W."""
    n = lam.shape[0]
    n_h = Ff.shape[0]
    rho = 0.0
    for i in range(n):
        rho += a_air[i] * a_air[i]
    z = z0.copy()
    zf = np.empty(n)
    for k in range(order.shape[0]):
        h = order[k]
        hp = h - 1 if h > 0 else n_h - 1
        acc_q = 0.0
        acc_ta = 0.0
        acc_ts = 0.0
        acc_tr = 0.0
        acc_v = 0.0
        acc_s = 0.0
        hvh = hv[h]
        for j in range(ns):
            w = (j + 1.0) / ns
            to = t_out[hp] + w * (t_out[h] - t_out[hp])
            tbv = tb[hp] + w * (tb[h] - tb[hp])
            tf = 0.0
            for i in range(n):
                v = lam[i] * z[i] + Ff[h, i] + w * Ft[h, i] + (1.0 - w) * Ft[hp, i]
                zf[i] = v
                tf += a_air[i] * v
            denom = 1.0 + rho * hvh
            ta0 = (tf + rho * hvh * to) / denom
            q = 0.0
            sh = sp_h[h]
            sc = sp_c[h]
            if sh == sh and ta0 < sh:
                q = (sh * denom - tf - rho * hvh * to) / rho
                if q > cap_h[h]:
                    q = cap_h[h]
            elif sc == sc and ta0 > sc:
                q = (sc * denom - tf - rho * hvh * to) / rho
                if q < -cap_c[h]:
                    q = -cap_c[h]
            ta = (tf + rho * q + rho * hvh * to) / denom
            qv = hvh * (to - ta)
            qa = q + qv
            ts = 0.0
            st = 0.0
            tr = 0.0
            for i in range(n):
                zn = zf[i] + a_air[i] * qa
                ts += a_star[i] * zn
                st += cs[i] * (zn - z[i])
                tr += gb[i] * zn
                z[i] = zn
            acc_q += q
            acc_ta += ta
            acc_ts += ts
            acc_tr += tbv - tr
            acc_v += qv
            acc_s += st / dt
        if k >= n_warm:
            out[0, h] = acc_q / ns
            out[1, h] = acc_ta / ns
            out[2, h] = acc_ts / ns
            out[3, h] = acc_tr / ns
            out[4, h] = acc_v / ns
            out[5, h] = acc_s / ns
    return z


try:  # compiled loop; the pure-Python version above is the reference (and the fallback)
    import numba

    _step_loop = numba.njit(cache=True, fastmath=False)(_step_loop_py)
except Exception:  # pragma: no cover - numba missing or broken
    _step_loop = _step_loop_py


# --------------------------------------------------------------------------------------------------------
# results
# --------------------------------------------------------------------------------------------------------
@dataclass
class ThermalResult:
    """Hourly results per zone, arrays shaped ``(n_zones, n_hours)``.

    ``heating_w`` / ``cooling_w`` (both >= 0, hour means), ``air_temp_c``, ``mean_radiant_temp_c`` (area-
    weighted inside surface temperature), ``operative_temp_c`` (mean of the two, ISO 7730 for air speeds
    below 0.2 m/s) and ``balance[term]`` in W, heat *into* the zone positive: transmission (conduction through
    the envelope incl. sky long-wave), ventilation (infiltration + mechanical), solar (absorbed in the zone's
    constructions and air, incl. the outside of opaque surfaces), internal, hvac and storage (rate of change of
    the stored heat). ``transmission + ventilation + solar + internal + hvac = storage`` every hour.
    """

    zone_names: list[str]
    floor_area_m2: np.ndarray
    index: pd.DatetimeIndex
    heating_w: np.ndarray
    cooling_w: np.ndarray
    air_temp_c: np.ndarray
    mean_radiant_temp_c: np.ndarray
    operative_temp_c: np.ndarray
    balance: dict[str, np.ndarray]
    solar_transmitted_w: np.ndarray
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    settings: dict[str, Any] = field(default_factory=dict)

    def _zone(self, zone) -> int:
        if isinstance(zone, str):
            try:
                return self.zone_names.index(zone)
            except ValueError:
                raise KeyError(f"no zone {zone!r}; zones: {self.zone_names}") from None
        return int(zone)

    def annual_heating_kwh(self) -> np.ndarray:
        return self.heating_w.sum(axis=1) / 1000.0

    def annual_cooling_kwh(self) -> np.ndarray:
        return self.cooling_w.sum(axis=1) / 1000.0

    def peak_heating_w(self) -> np.ndarray:
        return self.heating_w.max(axis=1)

    def peak_cooling_w(self) -> np.ndarray:
        return self.cooling_w.max(axis=1)

    def annual_balance_kwh(self) -> dict[str, np.ndarray]:
        """Annual sum of each balance term per zone, kWh (into the zone positive)."""
        return {k: v.sum(axis=1) / 1000.0 for k, v in self.balance.items()}

    def balance_residual_kwh(self) -> np.ndarray:
        """Annual ``sum(flows) - storage`` per zone, kWh; round-off only."""
        b = self.annual_balance_kwh()
        return sum(b[k] for k in BALANCE_TERMS if k != "storage") - b["storage"]

    def to_frame(self, zone=0) -> pd.DataFrame:
        """Hourly results of one zone (by index or name) as a DataFrame."""
        i = self._zone(zone)
        data = {
            "heating_w": self.heating_w[i], "cooling_w": self.cooling_w[i], "air_temp_c": self.air_temp_c[i],
            "mean_radiant_temp_c": self.mean_radiant_temp_c[i], "operative_temp_c": self.operative_temp_c[i],
            "solar_transmitted_w": self.solar_transmitted_w[i],
        }
        data.update({f"{k}_w": v[i] for k, v in self.balance.items()})
        return pd.DataFrame(data, index=self.index)

    def summary(self) -> pd.DataFrame:
        """Annual figures per zone."""
        bal = self.annual_balance_kwh()
        frame = pd.DataFrame({
            "zone": self.zone_names, "floor_area_m2": self.floor_area_m2,
            "heating_kwh": self.annual_heating_kwh(), "cooling_kwh": self.annual_cooling_kwh(),
            "peak_heating_w": self.peak_heating_w(), "peak_cooling_w": self.peak_cooling_w(),
            "heating_kwh_m2": self.annual_heating_kwh() / self.floor_area_m2,
            "cooling_kwh_m2": self.annual_cooling_kwh() / self.floor_area_m2,
            "min_operative_c": self.operative_temp_c.min(axis=1),
            "max_operative_c": self.operative_temp_c.max(axis=1),
        })
        for k, v in bal.items():
            frame[f"{k}_kwh"] = v
        return frame

    def to_dict(self) -> dict[str, Any]:
        """Annual results per zone, JSON-ready."""
        rows = self.summary().to_dict(orient="records")
        clean = [{k: (v if isinstance(v, str) else float(v)) for k, v in r.items()} for r in rows]
        return {"zones": clean, "settings": {k: (float(v) if isinstance(v, (int, float, np.floating)) else v)
                                             for k, v in self.settings.items()},
                "diagnostics": self.diagnostics.to_list()}

    def _repr_html_(self) -> str:
        s = self.summary()[["zone", "heating_kwh", "cooling_kwh", "peak_heating_w", "peak_cooling_w",
                            "min_operative_c", "max_operative_c"]]
        return "<b>ThermalResult</b>" + s.to_html(index=False, float_format=lambda v: f"{v:,.1f}")

    def __repr__(self) -> str:
        return (f"ThermalResult({len(self.zone_names)} zones, {self.heating_w.shape[1]} h, "
                f"heating {self.annual_heating_kwh().sum():.0f} kWh, cooling {self.annual_cooling_kwh().sum():.0f} kWh)")


# --------------------------------------------------------------------------------------------------------
# public entry point
# --------------------------------------------------------------------------------------------------------
def _prepare(zm: _ZoneModel, dt: float):
    D = zm.cap / dt
    M = zm.K + np.diag(D)
    try:
        lam, V = scipy.linalg.eigh(np.diag(D), M)
    except np.linalg.LinAlgError as exc:  # M not positive definite: a node floats with no path to anything
        raise SimulationError(f"thermal network is singular ({exc}); every surface needs a path to the air") from exc
    return lam, V


def simulate(zones: ZoneSpec | Sequence[ZoneSpec], weather: Weather, *, substeps: int = 1, warmup_days: int = 14,
             albedo: float = 0.2, ground_temp_c=None, elevation_m: float | None = None,
             h_conv_out_w_m2k: float | None = None, terrain: str = "suburbs") -> ThermalResult:
    """Simulate thermally independent zones over the weather year, hourly.

    ``substeps`` implicit-Euler steps per hour (outdoor temperature interpolated linearly between the
    hour-ending values, other inputs held), ``warmup_days`` of the year's end run first from 20 C.
    ``ground_temp_c`` (scalar or hourly) overrides the soil temperature model; ``elevation_m`` the weather's
    elevation for the air density; ``h_conv_out_w_m2k`` the exterior convective coefficient (default from
    the weather's wind and ``terrain``, one of :data:`TERRAINS`). Returns a :class:`ThermalResult`.
    """
    zone_list = [zones] if isinstance(zones, ZoneSpec) else list(zones)
    if not zone_list:
        raise InputValueError("simulate needs at least one ZoneSpec")
    names = [z.name for z in zone_list]
    if len(set(names)) != len(names):
        raise InputValueError(f"zone names must be unique, got {names}")
    _check(isinstance(substeps, (int, np.integer)) and 1 <= substeps <= 60, "simulate",
           f"substeps must be an integer 1..60, got {substeps}")
    _check(0 <= warmup_days <= 365, "simulate", f"warmup_days must lie in 0..365, got {warmup_days}")
    for z in zone_list:
        _validate_zone(z)
    n_h = len(weather)
    if n_h < 24:
        raise InputValueError(f"weather {weather.name!r} has {n_h} hours; need a year of hourly data")
    t_out = weather.data["temp_air_c"].to_numpy(dtype=float)
    if not np.isfinite(t_out).all():
        raise InputValueError(f"weather {weather.name!r}: temp_air_c has missing values; fill them first")
    elev = weather.elevation_m if elevation_m is None else float(elevation_m)
    rho_c_air = air_heat_capacity_j_m3k(elev)
    t_sky = sky_temperature_c(weather)
    # long-wave exchange of a black surface at air temperature with the sky, W/m2 (exact, not linearised)
    sky_exchange = STEFAN_BOLTZMANN * ((t_sky + 273.15) ** 4 - (t_out + 273.15) ** 4)
    if h_conv_out_w_m2k is None:
        h_ce = exterior_convection_w_m2k(weather, terrain=terrain)
    else:
        h_ce = float(h_conv_out_w_m2k)
        _check(np.isfinite(h_ce) and h_ce > 0, "simulate", f"h_conv_out_w_m2k must be > 0, got {h_ce}")
    if ground_temp_c is None:
        t_ground = ground_temperature_c(t_out, depth_m=SOIL_LAYER[0])
    else:
        t_ground = _hourly(ground_temp_c, n_h, "ground_temp_c", lo=-50, hi=60)
    diagnostics = Diagnostics()
    if "ir_horizontal_w_m2" not in weather.data or not np.isfinite(weather.data["ir_horizontal_w_m2"]).all():
        diagnostics.add("info", "sky_temperature_default",
                        "some hours lack horizontal infrared radiation: sky taken 11 K below air there")

    # irradiance for every sunlit outdoor surface and window of every zone, in one vectorised call
    keys, tilts, azis = [], [], []
    for zi, z in enumerate(zone_list):
        for s in z.surfaces:
            if s.boundary == "outdoor" and s.sunlit:
                keys.append((zi, s.name))
                tilts.append(s.tilt_deg)
                azis.append(s.azimuth_deg)
        for x in z.windows:
            keys.append((zi, x.name))
            tilts.append(x.tilt_deg)
            azis.append(x.azimuth_deg)
    irr_by_zone: list[dict] = [dict() for _ in zone_list]
    if keys:
        # one irradiance computation per distinct orientation (zones of a building share few)
        pairs = np.round(np.column_stack([tilts, np.mod(azis, 360.0)]), 6)
        uniq, inverse = np.unique(pairs, axis=0, return_inverse=True)
        si = surface_irradiance(weather, uniq[:, 0], uniq[:, 1], albedo=albedo)
        for k, (zi, name) in enumerate(keys):
            irr_by_zone[zi][name] = _Slice(si, int(np.ravel(inverse)[k]))

    dt = 3600.0 / substeps
    n_warm = int(warmup_days * 24)
    order = np.concatenate([np.arange(n_h - n_warm, n_h), np.arange(n_h)]).astype(np.int64) if n_warm else \
        np.arange(n_h, dtype=np.int64)
    nz = len(zone_list)
    res = {k: np.zeros((nz, n_h)) for k in ("q", "ta", "tmrt", "tr", "ve", "st")}
    solar = np.zeros((nz, n_h))
    internal = np.zeros((nz, n_h))
    transmitted = np.zeros((nz, n_h))
    for zi, z in enumerate(zone_list):
        zm = _build_zone(z, weather, irr_by_zone[zi], t_out, sky_exchange, t_ground, rho_c_air, h_ce, diagnostics)
        lam, V = _prepare(zm, dt)
        # temperature-driven forcing and the known part of the transmission flow
        qt = np.zeros((zm.n, n_h))
        tb = np.zeros(n_h)
        gvec = np.zeros(zm.n)
        for node, g, sig in zm.bnd:
            qt[node] += g * zm.signals[sig]
            tb += g * zm.signals[sig]
            gvec[node] += g
        tb = tb + zm.sky_flux
        # project only the rows that carry an input (most nodes have none)
        rows_f = np.flatnonzero(np.any(zm.flux != 0.0, axis=1))
        rows_t = np.flatnonzero(np.any(qt != 0.0, axis=1))
        Ff = np.ascontiguousarray(zm.flux[rows_f].T @ V[rows_f])
        Ft = np.ascontiguousarray(qt[rows_t].T @ V[rows_t])
        a_air = np.ascontiguousarray(V[0])
        a_star = np.ascontiguousarray(V[1])
        cs = V.T @ zm.cap
        gb = V.T @ gvec
        t0 = np.full(zm.n, 20.0)
        z0 = V.T @ ((zm.K + np.diag(zm.cap / dt)) @ t0)
        out = np.zeros((6, n_h))
        _step_loop(lam, Ff, Ft, a_air, a_star, cs, gb, tb, zm.h_vent, t_out, zm.sp_h, zm.sp_c, zm.cap_h, zm.cap_c,
                   order, n_warm, int(substeps), dt, z0, out)
        for key, row in zip(("q", "ta", "tmrt", "tr", "ve", "st"), out):
            res[key][zi] = row
        solar[zi] = zm.solar_in
        internal[zi] = zm.gains
        transmitted[zi] = zm.solar_transmitted
    if not np.isfinite(res["ta"]).all():
        raise SimulationError("thermal simulation produced non-finite temperatures; check the zone inputs")
    q = res["q"]
    balance = {"transmission": res["tr"], "ventilation": res["ve"], "solar": solar, "internal": internal,
               "hvac": q, "storage": res["st"]}
    return ThermalResult(
        zone_names=names, floor_area_m2=np.array([z.floor_area_m2 for z in zone_list], dtype=float),
        index=weather.data.index, heating_w=np.clip(q, 0.0, None), cooling_w=np.clip(-q, 0.0, None),
        air_temp_c=res["ta"], mean_radiant_temp_c=res["tmrt"], operative_temp_c=0.5 * (res["ta"] + res["tmrt"]),
        balance=balance, solar_transmitted_w=transmitted, diagnostics=diagnostics,
        settings={"substeps": int(substeps), "warmup_days": int(warmup_days), "albedo": float(albedo),
                  "air_heat_capacity_j_m3k": rho_c_air, "h_conv_out_w_m2k": h_ce, "terrain": terrain,
                  "weather": weather.source},
    )


class _Slice:
    """One surface's rows of a :class:`SurfaceIrradiance` (kept 2-D, shape (1, n_hours))."""

    def __init__(self, si, k: int) -> None:
        self.direct = si.direct[k:k + 1]
        self.sky_diffuse = si.sky_diffuse[k:k + 1]
        self.ground = si.ground[k:k + 1]
        self.aoi_deg = si.aoi_deg[k:k + 1]

    @property
    def total(self):
        return self.direct + self.sky_diffuse + self.ground

    @property
    def diffuse(self):
        return self.sky_diffuse + self.ground
