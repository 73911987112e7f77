"""Hourly thermal engine: a lumped-capacitance network per zone, solved implicitly every step.

The model is of the ISO 52016-1:2017 family (hourly, thermal zone, nodes per construction), resolved further
(see docs/energy-method.md for the equations, the sources and the ASHRAE 140 validation):

- **Nodes per construction from its actual layers**: each layer with mass is split into sub-layers no
  thicker than its periodic penetration depth over one hour, ``sqrt(a * 3600 s)`` (a = lambda / rho c),
  with nodes at the sub-layer faces (half a sub-layer's capacity each); massless layers (insulation without
  density, air gaps) are pure resistances. Surface nodes sit on both faces. Each construction is a *chain*
  of nodes; only its two end nodes touch the zone or the outside.
- **Exterior**: convection ``h_ce`` plus long-wave radiation to outdoor air, and the long-wave exchange with
  the sky as an exact flux ``eps * F * sigma (T_sky^4 - T_air^4)`` (``T_sky`` from the weather file's
  horizontal infrared radiation, ``F = F_sky * sqrt(F_sky)``: the sky near the horizon radiates at air
  temperature; Walton 1983, TARP), plus absorbed solar ``alpha * I`` (Perez sky,
  :mod:`bldgagent.climate.solar`). The radiative coefficient ``eps sigma (T_s^2 + T_o^2)(T_s + T_o)`` and the
  convective coefficient are updated every step. Convection (``exterior_convection``): ``"doe2"`` (default),
  the DOE-2 model of the EnergyPlus Engineering Reference, ``h = h_n + R_f (sqrt(h_n^2 + (a V_z^b)^2) - h_n)``
  with the MoWiTT forced-convection fit (Yazdanian & Klems 1994: windward a = 3.26, b = 0.89; leeward a = 3.55,
  b = 0.617; leeward beyond 100 degrees from the wind), the roughness multipliers ``R_f`` of Walton (1981)
  (:data:`ROUGHNESS`), the local wind at the surface's centroid height by the ASHRAE terrain profile and the
  TARP natural convection ``h_n``; or ``"iso6946"``, ``h = 4 + 4 v`` (ISO 6946:2017 Annex C) with the same
  hourly local wind ``v``.
- **Interior**: each inside face convects to the air node and exchanges long-wave radiation through a
  massless star node. Convection (``interior_convection``): ``"tarp"`` (default), natural convection of
  Walton (1983) as in the ASHRAE Handbook - Fundamentals ch. 4 simplified correlations,
  ``h = C |dT|^(1/3)`` with ``C = 1.31`` for vertical faces, ``9.482 / (7.238 - |cos|)`` when the flow is
  unstable (warm face looking up, cool face looking down) and ``1.810 / (1.382 + |cos|)`` when stable;
  ``"iso6946"``, ISO 6946:2017 Annex C / ISO 52016-1 values 5.0 / 2.5 / 0.7 chosen every step by the
  direction of the heat flow; ``"fixed"``, the same values fixed by orientation (heating-season direction).
  Radiation: conductance ``eps * h_r0 * A * F`` to the star with Walton's (1980) mean-radiant-temperature
  correction ``F_i = 1 / (1 - G_i F_i / sum G_j F_j)`` (a plane face does not see itself); the star node
  temperature is the mean radiant temperature.
- **Windows**: two massless nodes (outer and inner glass surface). Between them either the glazing's own
  resistance behind its rated U, ``1/U - R_se - R_si`` (EN 673 / ISO 10077-1 rating films), or, when the
  window gives its gap (``WindowSpec.gap_width_m``), the centre-of-glass gas gap of ISO 15099 (conduction and
  convection of the fill gas, radiation between the panes, every step at the current pane temperatures; see
  :func:`bldgagent.energy.glazing.gap_conductance_w_m2k`) in series with the panes. Angular solar
  transmittance and pane absorptance from :mod:`bldgagent.energy.glazing` (absorbed solar injected on the two
  nodes, so the secondary heat gain emerges from the network).
- **Transmitted solar**: beam lands on the floor faces (area-weighted) unless overridden, diffuse on all
  inside faces area-weighted; the part not absorbed is reflected diffusely to the *other* faces (area-weighted,
  a plane face does not see itself) and the inter-reflections are solved exactly, windows letting their
  diffuse transmittance escape. For the Std 140 box this reproduces the standard's informative distribution
  (floor 0.644 / 0.642, lost 0.036 / 0.035).
- **Gains**: internal gains split convective (air node) / radiative (area-weighted onto the inside faces).
  Infiltration and mechanical ventilation (optionally with heat recovery) are hourly conductances to outdoor
  air at the air node, solved implicitly.
- **Ground**: floors on the ground get a virtual soil layer (ISO 13370:2017 default soil, 1 m) whose lower
  face is held at the undisturbed soil temperature at that depth (:mod:`bldgagent.energy.ground`).

Numerics. Backward (implicit) Euler with ``substeps`` steps per hour. The coefficients that depend on
temperature or wind (exterior convection and radiation, interior convection, window gaps) are evaluated from
the previous step's temperatures and then held for the implicit step (a per-step linearisation). Each step is
solved exactly by condensation: the interior nodes of every chain have constant coefficients, so their
response is kept in modal form (generalised eigenproblem of the interior's step matrices, computed once per
construction and step length): ``T_int = V y``, ``y_new = Lambda y + s_0 T_0 + s_L T_L``. Each chain reduces
to a 2 x 2 system in its end temperatures, which depend linearly on the air and star temperatures; the zone
reduces to a 2 x 2 system in (air, star); the ideal heating/cooling load that holds the set-point is exact in
that system (capacity-limited); then the chains are recovered and their modes advanced. The work per step is
linear in the number of nodes; all zones run in one compiled (numba) call. Identical surfaces or windows of a
zone (everything but name and area equal) are merged first (exact). The step balance (storage = sum of
boundary flows + gains) closes to round-off. Hourly inputs are rows shared by zones and cached on the
``Weather`` (irradiance per orientation, window solar per orientation and glazing, forced convection per
orientation and height).
"""
from __future__ import annotations

import math
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ..climate.solar import (
    STEFAN_BOLTZMANN,
    irradiance_rows,
    sky_temperature_c,
    solar_position,
)
from ..climate.weather import Weather
from ..errors import InputValueError, SimulationError
from ..model import Diagnostics
from .glazing import (
    CLEAR_GLASS_THICKNESS_M,
    GAP_GASES,
    GAP_TABLE_NDT,
    GAP_TABLE_NT,
    R_SE_STD,
    R_SI_STD,
    WindowOptics,
    glazing_conductance_table,
    window_optics,
    window_type,
)
from .ground import (
    SOIL_CONDUCTIVITY_W_MK,
    SOIL_HEAT_CAPACITY_J_M3K,
    ground_temperature_c,
)

__all__ = [
    "BOUNDARIES", "SurfaceSpec", "WindowSpec", "ZoneSpec", "ThermalResult", "simulate", "air_heat_capacity_j_m3k",
    "BALANCE_TERMS", "TERRAINS", "ROUGHNESS", "INTERIOR_CONVECTION", "EXTERIOR_CONVECTION",
    "exterior_convection_w_m2k", "natural_convection_w_m2k", "doe2_convection_w_m2k", "wind_height_factor",
]

BOUNDARIES = ("outdoor", "ground", "adiabatic", "adjacent", "internal")
BALANCE_TERMS = ("transmission", "ventilation", "solar", "internal", "hvac", "storage")
INTERIOR_CONVECTION = ("tarp", "iso6946", "fixed")
EXTERIOR_CONVECTION = ("doe2", "iso6946")

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
#: Surface roughness multipliers R_f of the forced convection (Walton 1981, TARP; ASHRAE Handbook -
#: Fundamentals; EnergyPlus Engineering Reference, "DOE-2 model"), with example materials.
ROUGHNESS = {"very_rough": 2.17,     # stucco
             "rough": 1.67,          # brick
             "medium_rough": 1.52,   # concrete
             "medium_smooth": 1.13,  # clear pine
             "smooth": 1.11,         # smooth plaster
             "very_smooth": 1.00}    # glass
#: MoWiTT forced-convection fit h_f = a V_z^b, W/(m2 K) with V_z in m/s (Yazdanian & Klems 1994, ASHRAE Trans.
#: 100(1)); used by the DOE-2 model. A surface is leeward when the wind comes from more than 100 degrees off its
#: normal (Walton 1983).
MOWITT_WINDWARD = (3.26, 0.89)
MOWITT_LEEWARD = (3.55, 0.617)
_COS_LEEWARD = float(np.cos(np.radians(100.0)))
#: Centroid height above ground assumed when a surface or window does not give one, m.
DEFAULT_CENTROID_HEIGHT_M = 3.0

#: Wind-profile parameters (exponent a, boundary-layer thickness delta m) by terrain: ASHRAE Handbook -
#: Fundamentals (2017) ch. 24 Table 1; the meteorological station is "country" at 10 m.
TERRAINS = {"country": (0.14, 270.0), "suburbs": (0.22, 370.0), "city": (0.33, 460.0), "ocean": (0.10, 210.0)}


def wind_height_factor(height_m: float, terrain: str = "suburbs") -> float:
    """Ratio of the wind speed at ``height_m`` on the site to the weather file's 10 m wind: ASHRAE Handbook -
    Fundamentals (2017) ch. 24 eq. 4, ``(delta_met / 10)^a_met (H / delta)^a`` (met station: country)."""
    if terrain not in TERRAINS:
        raise InputValueError(f"terrain must be one of {tuple(TERRAINS)}, got {terrain!r}")
    a_met, d_met = TERRAINS["country"]
    a, d = TERRAINS[terrain]
    return float((d_met / 10.0) ** a_met * (max(float(height_m), 0.5) / d) ** a)


def exterior_convection_w_m2k(weather: Weather, height_m: float = 3.0, terrain: str = "suburbs") -> float:
    """Annual-mean exterior convective coefficient of ISO 6946:2017 Annex C, ``h_c = 4 + 4 v``, W/(m2 K), with
    ``v`` the annual-mean wind at ``height_m`` (:func:`wind_height_factor`). A constant alternative to the
    hourly models of :func:`simulate` (pass it as ``h_conv_out_w_m2k``)."""
    if terrain not in TERRAINS:
        raise InputValueError(f"terrain must be one of {tuple(TERRAINS)}, got {terrain!r}")
    if "wind_speed_m_s" not in weather.data:
        return H_CE_DEFAULT
    wind = weather.data["wind_speed_m_s"].to_numpy(dtype=float)
    wind = wind[np.isfinite(wind)]
    if wind.size == 0:
        return H_CE_DEFAULT
    v = float(np.clip(wind, 0.0, None).mean()) * wind_height_factor(max(height_m, 1.0), terrain)
    return 4.0 + 4.0 * v


def natural_convection_w_m2k(delta_t_k, cos_up) -> np.ndarray:
    """Natural-convection coefficient of a surface, W/(m2 K) (Walton 1983, TARP; ASHRAE Handbook -
    Fundamentals ch. 4 simplified turbulent correlations): ``h = C |dT|^(1/3)``.

    ``delta_t_k`` = surface minus air temperature; ``cos_up`` = cosine of the angle between the surface normal
    pointing *into the air* and the upward vertical (floor seen from the room +1, ceiling -1, wall 0).
    ``C = 1.31`` for vertical faces; ``9.482 / (7.238 - |cos|)`` when unstable (a warm face looking up or a
    cool face looking down: 1.52 horizontal); ``1.810 / (1.382 + |cos|)`` when stable (0.76 horizontal).
    """
    dt = np.asarray(delta_t_k, dtype=float)
    c = np.asarray(cos_up, dtype=float)
    unstable = (dt > 0.0) == (c > 0.0)
    coef = np.where(unstable, 9.482 / (7.238 - np.abs(c)), 1.810 / (1.382 + np.abs(c)))
    coef = np.where(np.abs(c) < 1e-9, 1.31, coef)
    return coef * np.cbrt(np.abs(dt))


def doe2_convection_w_m2k(delta_t_k, cos_up, wind_local_m_s, windward=True, roughness: str = "medium_rough"):
    """Exterior convective coefficient of the DOE-2 model (EnergyPlus Engineering Reference), W/(m2 K):
    ``h = h_n + R_f (sqrt(h_n^2 + (a V^b)^2) - h_n)``, ``h_n`` from :func:`natural_convection_w_m2k`, ``a, b``
    the MoWiTT fit (:data:`MOWITT_WINDWARD` / :data:`MOWITT_LEEWARD`), ``R_f`` from :data:`ROUGHNESS`,
    ``wind_local_m_s`` the wind at the surface height."""
    if roughness not in ROUGHNESS:
        raise InputValueError(f"roughness must be one of {tuple(ROUGHNESS)}, got {roughness!r}")
    hn = natural_convection_w_m2k(delta_t_k, cos_up)
    v = np.clip(np.asarray(wind_local_m_s, dtype=float), 0.0, None)
    hf = np.where(np.asarray(windward, dtype=bool), MOWITT_WINDWARD[0] * v ** MOWITT_WINDWARD[1],
                  MOWITT_LEEWARD[0] * v ** MOWITT_LEEWARD[1])
    return hn + ROUGHNESS[roughness] * (np.sqrt(hn * hn + hf * hf) - hn)


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
    ``shading_factor`` (0-1) multiplies the solar on the outer face; ``sunlit=False`` gives no solar and
    ``wind_exposed=False`` no wind (e.g. a raised floor's underside: natural convection only).
    ``roughness`` (a key of :data:`ROUGHNESS`) scales the exterior forced convection; ``centroid_height_m`` is the
    height of the surface's centre above ground (local wind; default 3 m).
    ``h_conv_out_w_m2k``/``h_conv_in_w_m2k`` fix the convective coefficients (otherwise hourly models).
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
    roughness: str = "medium_rough"
    centroid_height_m: float | None = None
    wind_exposed: bool = True

    def u_value_w_m2k(self) -> float:
        """Steady-state U with ISO 6946 conventional films (W/m2K); ground and adiabatic: surface-to-boundary."""
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
    top (needs ``height_m``, the window's height), which shades the beam (infinitely wide overhang).

    Centre-of-glass physics (optional): with ``gap_width_m`` the conductance between the two glass surfaces
    follows the gas gap hour by hour (ISO 15099: ``gap_gas`` ``"air"``/``"argon"``/``"krypton"``, the
    emissivities of the two faces that look into the gap ``gap_emissivities``, ``n_panes - 1`` equal gaps)
    in series with the panes (``pane_thickness_m``, ``pane_conductivity_w_mk``) instead of the constant
    ``1/U - 0.17`` behind the rated U. ``roughness`` and ``centroid_height_m`` as for :class:`SurfaceSpec`.
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
    gap_width_m: float | None = None
    gap_gas: str = "air"
    gap_emissivities: tuple[float, float] = (0.84, 0.84)
    pane_thickness_m: float | None = None
    pane_conductivity_w_mk: float = 1.0
    roughness: str = "very_smooth"
    centroid_height_m: float | None = None


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


def _fail(where: str, msg: str) -> None:
    raise InputValueError(f"{where}: {msg}")


#: Hourly rows this module created and never changes (cached constants and derived rows), by id; only stacks
#: made of such rows are cached (a user's array may change in place between calls).
_OWNED: dict = {}


def _own(arr: np.ndarray) -> np.ndarray:
    if len(_OWNED) > 4 * _CACHE_ENTRIES:
        for k in [k for k, ref in _OWNED.items() if ref() is None]:
            del _OWNED[k]
    _OWNED[id(arr)] = weakref.ref(arr)
    return arr


def _is_owned(arr: np.ndarray) -> bool:
    ref = _OWNED.get(id(arr))
    return ref is not None and ref() is arr


@lru_cache(maxsize=256)
def _full(value: float, n: int) -> np.ndarray:
    """A constant hourly series as a read-only zero-stride view (no memory per hour)."""
    return _own(np.broadcast_to(np.float64(value), (n,)))


def _is_const(arr: np.ndarray) -> bool:
    return arr.ndim == 1 and arr.strides[0] == 0


def _hourly(value, n: int, where: str, allow_nan: bool = False, lo: float | None = None,
            hi: float | None = None) -> np.ndarray:
    """A scalar or ``n`` hourly values as a float array (scalars: a shared read-only array), range-checked."""
    if value is None:
        value = np.nan
    if isinstance(value, (int, float, np.integer, np.floating)):
        v = float(value)
        if not (allow_nan or not np.isnan(v)):
            _fail(where, "contains NaN; give a value for every hour")
        if np.isfinite(v):
            if not (lo is None or v >= lo):
                _fail(where, f"must be >= {lo}, got min {v:g}")
            if not (hi is None or v <= hi):
                _fail(where, f"must be <= {hi}, got max {v:g}")
        return _full(v, n)
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return _hourly(float(arr), n, where, allow_nan, lo, hi)
    arr = arr.ravel()
    if arr.size != n:
        _fail(where, f"expected a scalar or {n} hourly values, got {arr.size}")
    if not allow_nan and not (bool((~np.isnan(arr)).all())):
        _fail(where, "contains NaN; give a value for every hour")
    vals = arr[np.isfinite(arr)]
    if lo is not None and vals.size and not (bool((vals >= lo).all())):
        _fail(where, f"must be >= {lo}, got min {vals.min():g}")
    if hi is not None and vals.size and not (bool((vals <= hi).all())):
        _fail(where, f"must be <= {hi}, got max {vals.max():g}")
    return arr


def _h_ci(tilt_deg: float) -> float:
    """Interior convective coefficient by the face's outward-normal tilt (ISO 6946:2017 Annex C, heating-season
    heat-flow direction: up at ceilings, down at floors)."""
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
    f = 0.5 * (1.0 + math.cos(math.radians(tilt_deg)))
    return f * math.sqrt(f) if SKY_SPLIT else f


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
        if not (x.overhang_depth_m >= 0 and x.overhang_gap_m >= 0):
            _fail(ww, "overhang dimensions must be >= 0")
        if not (x.overhang_depth_m == 0 or (x.height_m is not None and x.height_m > 0)):
            _fail(ww, "an overhang needs height_m (window height, m)")
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


# --------------------------------------------------------------------------------------------------------
# network assembly: every construction is a chain of nodes; only its end nodes touch the zone or outside
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
        n = int(min(8, max(1, math.ceil(d / math.sqrt(alpha * 3600.0)))))
        for _ in range(n):
            out.append((d / n / k, cap / n))
    return out


@lru_cache(maxsize=1024)
def _chain_nodes(layers: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Per-m2 node capacities (J/m2K) and link conductances (W/m2K) of a construction, outside -> inside."""
    subs = _sublayers(layers)
    cap = np.zeros(len(subs) + 1)
    g = np.zeros(len(subs) + 1)
    for i, (r, c) in enumerate(subs):
        cap[i] += 0.5 * c
        cap[i + 1] += 0.5 * c
        g[i] = 1.0 / r
    cap.setflags(write=False)
    g.setflags(write=False)
    return cap, g


#: Interior modes whose one-step decay factor is below this hold no heat (massless interior nodes).
_LAMBDA_MIN = 1e-12


@lru_cache(maxsize=1024)
def _chain_modal(layers: tuple, dt: float) -> dict:
    """Per-m2 constants of a construction chain for step ``dt``: end capacities and links, the interior's
    implicit-step operators (``A T_int = D T_int_old + g_0 e_1 T_0 + g_m e_m T_L``) and their modal form
    (generalised eigenproblem ``D v = lambda A v``, ``V^T A V = I``)."""
    cap, g = _chain_nodes(layers)
    L = cap.size
    m = L - 2
    out = dict(L=L, c0=cap[0], cl=cap[-1], g0=g[0], gl=g[L - 2], m=m)
    if m == 0:
        return out
    d = cap[1:-1] / dt
    A = np.diag(d + g[:m] + g[1:m + 1]) - np.diag(g[1:m], 1) - np.diag(g[1:m], -1)
    Ainv = np.linalg.inv(A)
    li = np.linalg.inv(np.linalg.cholesky(A))
    lam, Q = np.linalg.eigh(li @ np.diag(d) @ li.T)
    V = li.T @ Q
    keep = lam >= _LAMBDA_MIN
    lam, V = lam[keep][::-1], V[:, keep][:, ::-1]
    out.update(u1=g[0] * Ainv[0, 0], w1=g[m] * Ainv[0, m - 1], um=g[0] * Ainv[m - 1, 0], wm=g[m] * Ainv[m - 1, m - 1],
               lam=lam, v0=V[0].copy(), vm=V[m - 1].copy(), cy=(cap[1:-1] @ V) / dt, y1=V.T @ A @ np.ones(m))
    return out


def _tarp_coefficients(cos_up: float) -> tuple[float, float, float]:
    """(unstable C, stable C, sign) of :func:`natural_convection_w_m2k` for a face whose normal into the air has
    ``cos_up``; the sign says which temperature difference is unstable (0: vertical, both C = 1.31)."""
    c = abs(cos_up)
    if c < 1e-9:
        return 1.31, 1.31, 0.0
    return 9.482 / (7.238 - c), 1.810 / (1.382 + c), math.copysign(1.0, cos_up)


def _iso_coefficients(cos_up: float) -> tuple[float, float]:
    """(unstable, stable) ISO 6946 Annex C convective coefficient of a face: horizontal heat flow 2.5 for faces
    within 30 degrees of vertical, else upward 5.0 / downward 0.7."""
    if abs(cos_up) < 0.5:
        return H_CI_HORIZONTAL, H_CI_HORIZONTAL
    return H_CI_UP, H_CI_DOWN


# chain integer columns: outer boundary type, fixed-boundary signal, glazing table (-1: none), number of interior
# modes, signal rows (shared signal matrix) of the outer flux (2), the inner pane's absorbed solar, the forced
# convection
_CI_OUT, _CI_SIG, _CI_GAP, _CI_NMOD, _CI_O1, _CI_O2, _CI_W, _CI_HF = range(8)
_NCI = 8
# chain float columns (per-chain constants of the loop)
(_CF_A, _CF_GB, _CF_HCO, _CF_EPS_SIG, _CF_RF, _CF_KW, _CF_KL, _CF_NX, _CF_NY, _CF_CEXT_U, _CF_CEXT_S, _CF_SEXT,
 _CF_WIND, _CF_KZ, _CF_EXT, _CF_HCI, _CF_CI_U, _CF_CI_S, _CF_SIN, _CF_GRI, _CF_HCI0, _CF_CI0_U, _CF_CI0_S,
 _CF_SIN0, _CF_GR0, _CF_A00, _CF_A0L, _CF_AL0, _CF_ALL, _CF_D0, _CF_DL, _CF_ISO_U, _CF_ISO_S, _CF_ISO0_U,
 _CF_ISO0_S, _CF_SA, _CF_SB, _CF_CO1, _CF_CO2, _CF_COB, _CF_COD, _CF_COG, _CF_CW, _CF_CIB, _CF_CID,
 _CF_CIG) = range(46)
_NCF = 46
# modal columns of a chain's interior: decay factor, history weights to the outer / inner end equations,
# responses to the outer / inner end temperatures, stored heat per unit of the mode / dt
_M_LAM, _M_H0, _M_HL, _M_S0, _M_SL, _M_CY = range(6)
# outer boundary types
_OUT_NONE, _OUT_FIXED, _OUT_OUTDOOR, _OUT_ZONE = 0, 1, 2, 3


#: Entries of the per-weather cache of derived hourly rows (about 70 kB each for a year).
_CACHE_ENTRIES = 512


class _Ctx:
    """Weather-derived inputs shared by all zones of one :func:`simulate` call."""

    def __init__(self, weather, wx, t_ground, rho_c_air, h_ce_fixed, terrain, albedo, irr):
        self.weather = weather
        self.n_h = len(weather)
        self.wx = wx
        self.sky_exchange = wx["sky_exchange"]
        self.rho_c_air = rho_c_air
        self.h_ce_fixed = h_ce_fixed
        self.terrain = terrain
        self.irr = irr                                 # orientation key -> (direct, sky, ground, aoi)
        self.signals = [wx["t_out"], t_ground]          # 0 outdoor air, 1 ground; adjacent temperatures appended
        self.derived: dict = wx["derived"].setdefault(round(float(albedo), 9), {})
        self.keep_alive: list = wx["derived"].setdefault("keep", [])
        self._kz: dict = {}

    def store(self, key, value, *keep) -> None:
        """Cache ``value`` on the weather; the cache is emptied when it reaches :data:`_CACHE_ENTRIES` entries
        (a design loop with ever-new windows must not grow it without bound). ``keep`` are objects whose
        identity the key uses; they are kept alive as long as the entry."""
        if len(self.derived) >= _CACHE_ENTRIES:
            self.derived.clear()
            self.keep_alive.clear()
        self.derived[key] = value
        self.keep_alive.extend(keep)
        for arr in value if isinstance(value, tuple) else (value,):
            _own(arr)

    def terrain_factor(self, height_m: float) -> float:
        k = self._kz.get(height_m)
        if k is None:
            k = self._kz[height_m] = wind_height_factor(height_m, self.terrain)
        return k


@lru_cache(maxsize=4096)
def _orient(tilt: float, az: float) -> tuple:
    return (round(float(tilt), 6), round(float(az) % 360.0, 6))


@lru_cache(maxsize=4096)
def _normal(tilt: float, az: float) -> tuple[float, float, float]:
    t, a = math.radians(tilt), math.radians(az)
    return math.sin(t) * math.sin(a), math.sin(t) * math.cos(a), math.cos(t)


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


def _distribution(area: np.ndarray, absorb: np.ndarray, lose: np.ndarray, first: np.ndarray) -> tuple[np.ndarray, float]:
    ab, lost = _distribution_cached(tuple(area.tolist()), tuple(absorb.tolist()), tuple(lose.tolist()),
                                    tuple(first.tolist()))
    return np.array(ab), lost


@lru_cache(maxsize=1024)
def _distribution_cached(area: tuple, absorb: tuple, lose: tuple, first: tuple) -> tuple[tuple, float]:
    """Absorbed share per face and the share lost out through windows for unit shortwave with first-incidence
    distribution ``first``. Reflections are diffuse; a face sends its reflected light to the *other* faces in
    proportion to their areas (a plane face does not see itself), and the inter-reflections are solved
    exactly: ``I = first + P^T (rho * I)``."""
    area, absorb, lose, first = (np.array(v) for v in (area, absorb, lose, first))
    refl = np.clip(1.0 - absorb - lose, 0.0, 1.0)
    n = area.size
    if n == 1:
        return tuple((absorb * first).tolist()), float(lose @ first)
    others = area.sum() - area
    P = area[None, :] / np.where(others > 0, others, 1.0)[:, None]
    np.fill_diagonal(P, 0.0)
    arriving = np.linalg.solve(np.eye(n) - P.T * refl[None, :], first)
    return tuple((absorb * arriving).tolist()), float(lose @ arriving)


def _mrt_factors(g0: Sequence[float]) -> list[float]:
    return list(_mrt_factors_cached(tuple(float(g) for g in g0)))


@lru_cache(maxsize=1024)
def _mrt_factors_cached(g0: tuple) -> tuple:
    """Walton's (1980) mean-radiant-temperature network correction: ``F_i = 1 / (1 - G_i F_i / W)`` with
    ``W = sum G_j F_j`` (a face's own share of the star temperature is removed from its exchange). For a given
    ``W`` each ``F_i`` is the root near 1 of ``(G_i / W) F^2 - F + 1 = 0``; the fixed point ``W = g(W)`` is found
    by Steffensen's (Aitken-accelerated) iteration. A face holding over a quarter of the exchange is capped at
    that share (F = 2)."""
    n = len(g0)
    total = float(sum(g0))
    if n < 2 or total <= 0:
        return (1.0,) * n

    def factors(w: float) -> list[float]:
        out = []
        for g in g0:
            r = min(g / w, 0.25)
            out.append((1.0 - math.sqrt(1.0 - 4.0 * r)) / (2.0 * r) if r > 1e-12 else 1.0)
        return out

    def gmap(w: float) -> float:
        return sum(g * f for g, f in zip(g0, factors(w)))

    w = total
    for _ in range(50):
        w1 = gmap(w)
        w2 = gmap(w1)
        den = w2 - 2.0 * w1 + w
        w_new = w2 if abs(den) < 1e-300 else w - (w1 - w) ** 2 / den
        if abs(w_new - w) <= 1e-13 * total:
            w = w_new
            break
        w = w_new
    return tuple(factors(w))


def _window_rows(ctx: _Ctx, x: WindowSpec, optics: WindowOptics, okey: tuple) -> tuple:
    """Per m2 of glazing, hourly: (absorbed in the outer node, absorbed in the inner node, transmitted beam,
    diffuse on the plane), W/m2; cached per weather, albedo, orientation and optics unless the window has an
    overhang."""
    key = ("window", okey, id(optics))  # the optics object is kept alive with the entry (keep_alive)
    hit = ctx.derived.get(key) if x.overhang_depth_m <= 0 else None
    if hit is None:
        direct, sky, ground, aoi = ctx.irr[okey]
        tau_b, aout_b, ain_b = optics.at(aoi)
        beam = direct if x.overhang_depth_m <= 0 else direct * _overhang_sunlit(ctx.weather, x)
        diffuse = sky + ground
        hit = (aout_b * beam + optics.abs_out_diffuse * diffuse, ain_b * beam + optics.abs_in_diffuse * diffuse,
               tau_b * beam, diffuse)
        for arr in hit:
            arr.setflags(write=False)
        if x.overhang_depth_m <= 0:
            ctx.store(key, hit, optics)
    return hit


def _irradiance_total(ctx: _Ctx, okey: tuple) -> np.ndarray:
    key = ("total", okey)
    hit = ctx.derived.get(key)
    if hit is None:
        direct, sky, ground, _ = ctx.irr[okey]
        hit = direct + sky + ground
        hit.setflags(write=False)
        ctx.store(key, hit)
    return hit


def _combination(ctx: _Ctx, terms: list) -> np.ndarray:
    """``sum(coef * row)`` of shared rows, W; cached per weather by the rows' identity and the coefficients when
    all rows are read-only. Empty: the zero row."""
    if not terms:
        return _full(0.0, ctx.n_h)
    if len(terms) == 1 and terms[0][1] == 1.0:
        return terms[0][0]
    frozen = all(_is_owned(arr) for arr, _ in terms)
    key = ("combination", tuple((id(arr), coef) for arr, coef in terms))
    hit = ctx.derived.get(key) if frozen else None
    if hit is None:
        hit = terms[0][1] * terms[0][0]
        for arr, coef in terms[1:]:
            hit += coef * arr
        if frozen:
            hit.setflags(write=False)
            ctx.store(key, hit, *(arr for arr, _ in terms))
    return hit


def _forced_convection(ctx: _Ctx, model: str, nx: float, ny: float, kw: float, kl: float, kz: float,
                       wind_exposed: bool) -> np.ndarray:
    """Hourly wind-driven exterior convection of a surface (cached per weather): DOE-2, the MoWiTT smooth-surface
    forced coefficient, windward or leeward by the wind direction; ISO 6946, the whole ``4 + 4 v``."""
    key = ("forced", model, nx, ny, kw, kl, kz, wind_exposed)
    hit = ctx.derived.get(key)
    if hit is None:
        wx = ctx.wx
        if model == "doe2":
            if wind_exposed:
                windward = nx * wx["wdx"] + ny * wx["wdy"] >= _COS_LEEWARD
                hit = np.where(windward, kw * wx["vf_w"], kl * wx["vf_l"])
            else:
                hit = np.zeros(ctx.n_h)
        else:
            hit = 4.0 + 4.0 * kz * wx["vmet"] if wind_exposed else np.full(ctx.n_h, 4.0)
        hit.setflags(write=False)
        ctx.store(key, hit)
    return hit


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


def _assemble_zone(z: ZoneSpec, ctx: _Ctx, int_model: str, ext_model: str, diagnostics: Diagnostics) -> dict:
    """Chains of one zone: per chain its construction (layers, or None for a window), area, boundary type and
    signal, the per-chain constants of the loop that do not depend on the time step (``row``), the glazing
    key, and its signal rows (outer flux, inner-pane solar, forced convection); plus the zone's hourly inputs
    and the rows that make its transmitted and absorbed solar."""
    n_h = ctx.n_h
    chains: list[dict] = []
    faces: list[tuple] = []   # chain, end (0 outer / 1 inner), area, alpha, tau_out, floor, name, g_star0
    sky = ctx.sky_exchange

    def new_chain(layers, area, out_type, sig=-1):
        row = np.zeros(_NCF)
        row[_CF_HCO] = row[_CF_HCI] = row[_CF_HCI0] = -1.0
        row[_CF_A] = area
        ch = dict(layers=layers, area=area, out=out_type, sig=sig, row=row, gap=None, link=0.0,
                  out_rows=[], win_row=None, hf_row=None)
        chains.append(ch)
        return ch

    def interior_face(row, cos_up, area, h_override, tilt_for_fixed, cols):
        col_h, col_u, col_s, col_sign, col_iu, col_is = cols
        cu, cs, sign = _tarp_coefficients(cos_up)
        iu, is_ = _iso_coefficients(cos_up)
        row[col_u], row[col_s], row[col_sign] = cu * area, cs * area, sign
        row[col_iu], row[col_is] = iu * area, is_ * area
        if h_override is not None:
            row[col_h] = h_override * area
        elif int_model == "fixed":
            row[col_h] = _h_ci(tilt_for_fixed) * area

    def exterior(ch, tilt, az, eps, roughness, height, wind_exposed, h_override, area):
        row = ch["row"]
        kz = ctx.terrain_factor(height if height is not None else DEFAULT_CENTROID_HEIGHT_M)
        nx, ny, nz = _normal(tilt, az)
        cu, cs, sign = _tarp_coefficients(nz)
        row[_CF_EPS_SIG] = eps * STEFAN_BOLTZMANN * area
        row[_CF_RF] = ROUGHNESS[roughness]
        row[_CF_KZ] = kz
        row[_CF_KW] = MOWITT_WINDWARD[0] * kz ** MOWITT_WINDWARD[1]
        row[_CF_KL] = MOWITT_LEEWARD[0] * kz ** MOWITT_LEEWARD[1]
        row[_CF_NX], row[_CF_NY] = nx, ny
        row[_CF_CEXT_U], row[_CF_CEXT_S], row[_CF_SEXT] = cu, cs, sign
        row[_CF_WIND] = 1.0 if wind_exposed else 0.0
        row[_CF_EXT] = 1.0
        if h_override is not None:
            row[_CF_HCO] = float(h_override)
        elif ctx.h_ce_fixed is not None:
            row[_CF_HCO] = ctx.h_ce_fixed
        else:
            ch["hf_row"] = _forced_convection(ctx, ext_model, nx, ny, row[_CF_KW], row[_CF_KL], kz, wind_exposed)

    inner_cols = (_CF_HCI, _CF_CI_U, _CF_CI_S, _CF_SIN, _CF_ISO_U, _CF_ISO_S)
    outer_cols = (_CF_HCI0, _CF_CI0_U, _CF_CI0_S, _CF_SIN0, _CF_ISO0_U, _CF_ISO0_S)
    keep = set(z.beam_distribution or ())
    for s in _merged(z.surfaces, keep):
        layers = _layers_tuple(s.layers, f"zone {z.name!r} surface {s.name!r}")
        if s.boundary == "ground":
            layers = (SOIL_LAYER,) + layers
        A = float(s.area_m2)
        out_type = {"outdoor": _OUT_OUTDOOR, "ground": _OUT_FIXED, "adjacent": _OUT_FIXED, "adiabatic": _OUT_NONE,
                    "internal": _OUT_ZONE}[s.boundary]
        sig = -1
        if s.boundary == "ground":
            sig = 1
        elif s.boundary == "adjacent":
            ctx.signals.append(_hourly(s.adjacent_temp_c, n_h, f"zone {z.name!r} surface {s.name!r} adjacent_temp_c"))
            sig = len(ctx.signals) - 1
        ch = new_chain(layers, A, out_type, sig)
        row = ch["row"]
        cos_t = math.cos(math.radians(s.tilt_deg))
        if s.boundary == "ground":
            row[_CF_GB] = _G_TIE * A
        elif s.boundary == "adjacent":
            row[_CF_GB] = A / _r_film_out(s)
        elif s.boundary == "outdoor":
            exterior(ch, s.tilt_deg, s.azimuth_deg, s.emissivity, s.roughness, s.centroid_height_m, s.wind_exposed,
                     s.h_conv_out_w_m2k, A)
            ch["out_rows"].append((sky, s.emissivity * _sky_view(s.tilt_deg) * A))
            if s.sunlit and s.shading_factor > 0:
                ch["out_rows"].append((_irradiance_total(ctx, _orient(s.tilt_deg, s.azimuth_deg)),
                                       s.solar_absorptance * s.shading_factor * A))
        elif s.boundary == "internal":
            # the other face looks into the zone along the outward normal
            interior_face(row, cos_t, A, s.h_conv_in_w_m2k, 180.0 - s.tilt_deg, outer_cols)
            faces.append((ch, 0, A, s.inside_solar_absorptance, 0.0, s.tilt_deg < 30.0, s.name + ":other",
                          s.inside_emissivity * H_R0_IN * A))
        interior_face(row, -cos_t, A, s.h_conv_in_w_m2k, s.tilt_deg, inner_cols)
        faces.append((ch, 1, A, s.inside_solar_absorptance, 0.0, s.tilt_deg > 150.0, s.name,
                      s.inside_emissivity * H_R0_IN * A))

    beam_rows: list = []   # (row, coefficient): transmitted beam, W
    diff_rows: list = []   # transmitted diffuse, W
    pane_rows: list = []   # solar absorbed in the inner pane, W
    for x in _merged(z.windows, keep):
        u, ff, opt, n_panes = _window_props_cached(x.glazing, x.u_w_m2k, x.g_normal, x.tau_normal, x.frame_fraction)
        A = float(x.area_m2)
        ch = new_chain(None, A, _OUT_OUTDOOR)
        row = ch["row"]
        exterior(ch, x.tilt_deg, x.azimuth_deg, x.emissivity, x.roughness, x.centroid_height_m, True,
                 x.h_conv_out_w_m2k, A)
        if x.gap_width_m is not None:
            pane = x.pane_thickness_m if x.pane_thickness_m is not None else CLEAR_GLASS_THICKNESS_M
            ch["gap"] = (float(x.gap_width_m), x.gap_gas, tuple(float(e) for e in x.gap_emissivities),
                         float(x.height_m) if x.height_m else 1.5, n_panes - 1, n_panes * pane / x.pane_conductivity_w_mk)
        else:
            r_glass = 1.0 / u - R_SE_STD - R_SI_STD  # the glazing's own resistance behind the rated U
            if r_glass < 1e-3:
                diagnostics.add("warning", "window_u_films",
                                f"window {x.name!r}: U={u} leaves no resistance beyond the EN 673 surface "
                                "resistances (0.17 m2K/W); glazing resistance set to 0.001 m2K/W", f"zone {z.name}")
                r_glass = 1e-3
            ch["link"] = A / r_glass
        cos_in = -math.cos(math.radians(x.tilt_deg))
        interior_face(row, 0.0 if abs(cos_in) < 1e-9 else cos_in, A, x.h_conv_in_w_m2k, x.tilt_deg, inner_cols)
        ch["out_rows"].append((sky, x.emissivity * _sky_view(x.tilt_deg) * A))
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

    # long-wave exchange through the star node, Walton's MRT correction
    g0 = [f[7] for f in faces]
    for (ch, end, *_), g, fm in zip(faces, g0, _mrt_factors(g0)):
        ch["row"][_CF_GRI if end == 1 else _CF_GR0] = g * fm

    # shortwave distribution of transmitted solar (zone rows B beam, D diffuse) and of the radiative gains (G)
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
    return dict(chains=chains, air_cap=ctx.rho_c_air * z.volume_m3 + z.furniture_capacity_j_k, conv_frac=1.0 - rf,
                gains=_hourly(z.internal_gains_w, n_h, f"{where} internal_gains_w", lo=0.0), h_vent=h_vent,
                sp_h=sp_h, sp_c=sp_c,
                cap_h=_hourly(z.heating_capacity_w, n_h, f"{where} heating_capacity_w", lo=0.0),
                cap_c=_hourly(z.cooling_capacity_w, n_h, f"{where} cooling_capacity_w", lo=0.0),
                beam_rows=beam_rows, diff_rows=diff_rows, pane_rows=pane_rows,
                kept_beam=1.0 - lost_beam, kept_diff=1.0 - lost_diff)


# --------------------------------------------------------------------------------------------------------
# the time loop (pure Python; compiled with numba below)
# --------------------------------------------------------------------------------------------------------
#: Cube-root table for the natural-convection coefficients in the loop: |dT| from 0 by 0.02 K to 100 K (beyond:
#: clamped; 100 K between a surface and the air does not occur in buildings).
_CBRT_TABLE = np.cbrt(np.arange(0.0, 100.0 + 0.01, 0.02))


def _step_loop_py(zc, zr, air_cap, conv_frac, ci, cf, md, sigs, gap_tab, cbrt_tab, t_out, signals, int_model,
                  ext_model, order, n_warm, ns, dt, T, y, kb, t_air, out):
    """Time loop of all zones over ``order`` (hour indices; the first ``n_warm`` are warm-up), ``ns`` implicit
    steps of ``dt`` s per hour.

    Zone ``z`` owns chains ``zc[z, 0]:zc[z, 3]``, ordered: outdoor opaque constructions up to ``zc[z, 1]``,
    windows up to ``zc[z, 2]``, the others (ground, adjacent, adiabatic, internal). Per chain ``c``: integer data
    ``ci[c]`` and constants ``cf[c]`` (column layout ``_CI_*``, ``_CF_*``), interior modes ``md[c, mode]``
    (decay, history weights to the outer / inner end equation, responses to the outer / inner end
    temperature); state, updated in place: ``T[c]`` = (outer end temperature, inner end temperature, next
    step's interior history to the outer and to the inner end equation), ``y[c, mode]`` the modal amplitudes;
    ``t_air[zone]``. Hourly inputs are rows of ``sigs`` (row 0 is zero): per chain the irradiance, sky, window
    solar and forced convection rows named in ``ci``; per zone the rows ``zr[zone]`` = (transmitted beam,
    transmitted diffuse, internal gains, ventilation conductance, heating and cooling set-points, heating and
    cooling capacities). ``kb`` is work space. Writes hourly means into ``out[zone]`` rows: 0 hvac W, 1 air C,
    2 mean radiant C, 3 transmission W, 4 ventilation W, 5 storage W."""
    n_h = t_out.shape[0]
    lim = cbrt_tab.shape[0] - 1.000001
    inv_dt = 1.0 / dt
    n_tm = gap_tab.shape[1]
    n_gd = gap_tab.shape[2]
    nz = zc.shape[0]
    for zi in range(nz):
        c0 = zc[zi, 0]
        cw = zc[zi, 1]
        co = zc[zi, 2]
        c1 = zc[zi, 3]
        ca_dt = air_cap[zi] * inv_dt
        kconv = conv_frac[zi]
        for k in range(order.shape[0]):
            h = order[k]
            hp = h - 1 if h > 0 else n_h - 1
            acc_q = 0.0
            acc_ta = 0.0
            acc_ts = 0.0
            acc_tr = 0.0
            acc_v = 0.0
            acc_s = 0.0
            hvh = sigs[zr[zi, 3], h]
            zb = sigs[zr[zi, 0], h]
            zd = sigs[zr[zi, 1], h]
            zg = sigs[zr[zi, 2], h]
            for j in range(ns):
                wgt = (j + 1.0) / ns
                to = t_out[hp] + wgt * (t_out[h] - t_out[hp])
                ta_p = t_air[zi]
                tok = to + 273.15
                a11 = ca_dt + hvh
                a12 = 0.0
                b1 = ca_dt * ta_p + hvh * to + kconv * zg
                a22 = 0.0
                b2 = 0.0
                # ---- outdoor constructions, then windows: coefficients from the previous step's
                # temperatures, then the chain as 2 x 2 in its end temperatures, affine in air and star
                for c in range(c0, cw):
                    t0p = T[c, 0]
                    tlp = T[c, 1]
                    hc = cf[c, 2]
                    if hc < 0.0:
                        hf = sigs[ci[c, 7], h]
                        if ext_model == 0:
                            # DOE-2: TARP natural + roughness * (MoWiTT smooth-surface forced - natural)
                            dtv = t0p - to
                            fi = (dtv if dtv >= 0.0 else -dtv) * 50.0
                            fi = fi if fi < lim else lim
                            ii = int(fi)
                            cr = cbrt_tab[ii] + (fi - ii) * (cbrt_tab[ii + 1] - cbrt_tab[ii])
                            hn = (cf[c, 9] if (dtv > 0.0) == (cf[c, 11] > 0.0) else cf[c, 10]) * cr
                            hc = hn + cf[c, 4] * (np.sqrt(hn * hn + hf * hf) - hn)
                        else:
                            hc = hf
                    tsk = t0p + 273.15
                    gb = cf[c, 0] * hc + cf[c, 3] * (tsk * tsk + tok * tok) * (tsk + tok)
                    gci = cf[c, 15]
                    if gci < 0.0:
                        dtv = tlp - ta_p
                        if int_model == 0:
                            fi = (dtv if dtv >= 0.0 else -dtv) * 50.0
                            fi = fi if fi < lim else lim
                            ii = int(fi)
                            cr = cbrt_tab[ii] + (fi - ii) * (cbrt_tab[ii + 1] - cbrt_tab[ii])
                            gci = (cf[c, 16] if (dtv > 0.0) == (cf[c, 18] > 0.0) else cf[c, 17]) * cr
                        else:
                            gci = cf[c, 31] if (dtv > 0.0) == (cf[c, 18] > 0.0) else cf[c, 32]
                    gri = cf[c, 19]
                    fo = cf[c, 37] * sigs[ci[c, 4], h] + cf[c, 38] * sigs[ci[c, 5], h]
                    fn = cf[c, 43] * zb + cf[c, 44] * zd + cf[c, 45] * zg
                    b0 = cf[c, 29] * t0p + fo + gb * to + T[c, 2]
                    bl = cf[c, 30] * tlp + fn + T[c, 3]
                    a00 = cf[c, 25] + gb
                    all_ = cf[c, 28] + gci + gri
                    a0l = cf[c, 26]
                    al0 = cf[c, 27]
                    inv = 1.0 / (a00 * all_ - a0l * al0)
                    tl = (a00 * bl - al0 * b0) * inv
                    e = a00 * inv
                    kb[c, 0] = (all_ * b0 - a0l * bl) * inv
                    kb[c, 1] = tl
                    kb[c, 2] = e
                    kb[c, 3] = -a0l * inv
                    kb[c, 4] = gci
                    kb[c, 5] = gb
                    kb[c, 6] = fo
                    x = e * gci
                    a11 += gci - x * gci
                    a12 -= x * gri
                    a22 += gri - e * gri * gri
                    b1 += gci * tl
                    b2 += gri * tl
                for c in range(cw, co):
                    t0p = T[c, 0]
                    tlp = T[c, 1]
                    hc = cf[c, 2]
                    if hc < 0.0:
                        hf = sigs[ci[c, 7], h]
                        if ext_model == 0:
                            # DOE-2: TARP natural + roughness * (MoWiTT smooth-surface forced - natural)
                            dtv = t0p - to
                            fi = (dtv if dtv >= 0.0 else -dtv) * 50.0
                            fi = fi if fi < lim else lim
                            ii = int(fi)
                            cr = cbrt_tab[ii] + (fi - ii) * (cbrt_tab[ii + 1] - cbrt_tab[ii])
                            hn = (cf[c, 9] if (dtv > 0.0) == (cf[c, 11] > 0.0) else cf[c, 10]) * cr
                            hc = hn + cf[c, 4] * (np.sqrt(hn * hn + hf * hf) - hn)
                        else:
                            hc = hf
                    tsk = t0p + 273.15
                    gb = cf[c, 0] * hc + cf[c, 3] * (tsk * tsk + tok * tok) * (tsk + tok)
                    gci = cf[c, 15]
                    if gci < 0.0:
                        dtv = tlp - ta_p
                        if int_model == 0:
                            fi = (dtv if dtv >= 0.0 else -dtv) * 50.0
                            fi = fi if fi < lim else lim
                            ii = int(fi)
                            cr = cbrt_tab[ii] + (fi - ii) * (cbrt_tab[ii + 1] - cbrt_tab[ii])
                            gci = (cf[c, 16] if (dtv > 0.0) == (cf[c, 18] > 0.0) else cf[c, 17]) * cr
                        else:
                            gci = cf[c, 31] if (dtv > 0.0) == (cf[c, 18] > 0.0) else cf[c, 32]
                    gri = cf[c, 19]
                    fo = cf[c, 37] * sigs[ci[c, 4], h] + cf[c, 38] * sigs[ci[c, 5], h]
                    fn = cf[c, 42] * sigs[ci[c, 6], h] + cf[c, 43] * zb + cf[c, 44] * zd + cf[c, 45] * zg
                    b0 = fo + gb * to
                    bl = fn
                    a00 = cf[c, 25] + gb
                    all_ = cf[c, 28] + gci + gri
                    a0l = cf[c, 26]
                    al0 = cf[c, 27]
                    gi = ci[c, 2]
                    if gi >= 0:
                        if True:
                            # glazing with gas gaps (ISO 15099), per m2, bilinear in (mean T, dT across the glazing)
                            ft = (0.5 * (t0p + tlp) + 40.0) * 0.5
                            ft = ft if ft > 0.0 else 0.0
                            ft = ft if ft < n_tm - 1.000001 else n_tm - 1.000001
                            fd = t0p - tlp
                            fd = fd if fd >= 0.0 else -fd
                            fd = fd if fd < n_gd - 1.000001 else n_gd - 1.000001
                            it = int(ft)
                            idd = int(fd)
                            wt = ft - it
                            wd = fd - idd
                            g = cf[c, 0] * ((1.0 - wt) * ((1.0 - wd) * gap_tab[gi, it, idd] + wd * gap_tab[gi, it, idd + 1])
                                            + wt * ((1.0 - wd) * gap_tab[gi, it + 1, idd]
                                                    + wd * gap_tab[gi, it + 1, idd + 1]))
                            a00 += g
                            all_ += g
                            a0l = -g
                            al0 = -g
                    inv = 1.0 / (a00 * all_ - a0l * al0)
                    tl = (a00 * bl - al0 * b0) * inv
                    e = a00 * inv
                    kb[c, 0] = (all_ * b0 - a0l * bl) * inv
                    kb[c, 1] = tl
                    kb[c, 2] = e
                    kb[c, 3] = -a0l * inv
                    kb[c, 4] = gci
                    kb[c, 5] = gb
                    kb[c, 6] = fo
                    x = e * gci
                    a11 += gci - x * gci
                    a12 -= x * gri
                    a22 += gri - e * gri * gri
                    b1 += gci * tl
                    b2 += gri * tl
                a21 = a12
                # ---- other chains (ground, adjacent, adiabatic, internal): general form
                for c in range(co, c1):
                    t0p = T[c, 0]
                    tlp = T[c, 1]
                    ot = ci[c, 0]
                    gb = 0.0
                    tb = 0.0
                    if ot == 1:
                        gb = cf[c, 1]
                        tb = signals[ci[c, 1], h]
                    gci = cf[c, 15]
                    if gci < 0.0:
                        dtv = tlp - ta_p
                        if int_model == 0:
                            fi = (dtv if dtv >= 0.0 else -dtv) * 50.0
                            fi = fi if fi < lim else lim
                            ii = int(fi)
                            cr = cbrt_tab[ii] + (fi - ii) * (cbrt_tab[ii + 1] - cbrt_tab[ii])
                            gci = (cf[c, 16] if (dtv > 0.0) == (cf[c, 18] > 0.0) else cf[c, 17]) * cr
                        else:
                            gci = cf[c, 31] if (dtv > 0.0) == (cf[c, 18] > 0.0) else cf[c, 32]
                    gri = cf[c, 19]
                    gc0 = 0.0
                    gr0 = 0.0
                    if ot == 3:
                        gc0 = cf[c, 20]
                        if gc0 < 0.0:
                            dtv = t0p - ta_p
                            if int_model == 0:
                                fi = (dtv if dtv >= 0.0 else -dtv) * 50.0
                                fi = fi if fi < lim else lim
                                ii = int(fi)
                                cr = cbrt_tab[ii] + (fi - ii) * (cbrt_tab[ii + 1] - cbrt_tab[ii])
                                gc0 = (cf[c, 21] if (dtv > 0.0) == (cf[c, 23] > 0.0) else cf[c, 22]) * cr
                            else:
                                gc0 = cf[c, 33] if (dtv > 0.0) == (cf[c, 23] > 0.0) else cf[c, 34]
                        gr0 = cf[c, 24]
                    fo = cf[c, 39] * zb + cf[c, 40] * zd + cf[c, 41] * zg
                    fn = cf[c, 43] * zb + cf[c, 44] * zd + cf[c, 45] * zg
                    b0 = cf[c, 29] * t0p + fo + gb * tb + T[c, 2]
                    bl = cf[c, 30] * tlp + fn + T[c, 3]
                    a00 = cf[c, 25] + gb + gc0 + gr0
                    all_ = cf[c, 28] + gci + gri
                    a0l = cf[c, 26]
                    al0 = cf[c, 27]
                    inv = 1.0 / (a00 * all_ - a0l * al0)
                    t0 = (all_ * b0 - a0l * bl) * inv
                    t0a = (all_ * gc0 - a0l * gci) * inv
                    t0s = (all_ * gr0 - a0l * gri) * inv
                    tl = (a00 * bl - al0 * b0) * inv
                    tla = (a00 * gci - al0 * gc0) * inv
                    tls = (a00 * gri - al0 * gr0) * inv
                    kb[c, 0] = t0
                    kb[c, 1] = t0a
                    kb[c, 2] = t0s
                    kb[c, 3] = tl
                    kb[c, 4] = tla
                    kb[c, 5] = tls
                    kb[c, 6] = gb
                    kb[c, 7] = tb
                    a11 += gci * (1.0 - tla) + gc0 * (1.0 - t0a)
                    a12 -= gci * tls + gc0 * t0s
                    b1 += gci * tl + gc0 * t0
                    a21 -= gri * tla + gr0 * t0a
                    a22 += gri * (1.0 - tls) + gr0 * (1.0 - t0s)
                    b2 += gri * tl + gr0 * t0
                # ---- air and star: free state, exact response to a convective load, set-point control
                if a22 > 1e-12:
                    det = a11 * a22 - a12 * a21
                    taf = (b1 * a22 - a12 * b2) / det
                    rho = a22 / det
                else:
                    taf = b1 / a11
                    rho = 1.0 / a11
                q = 0.0
                sh = sigs[zr[zi, 4], h]
                sc = sigs[zr[zi, 5], h]
                if sh == sh and taf < sh:
                    q = (sh - taf) / rho
                    if q > sigs[zr[zi, 6], h]:
                        q = sigs[zr[zi, 6], h]
                elif sc == sc and taf > sc:
                    q = (sc - taf) / rho
                    if q < -sigs[zr[zi, 7], h]:
                        q = -sigs[zr[zi, 7], h]
                ta = taf + rho * q
                ts = (b2 - a21 * ta) / a22 if a22 > 1e-12 else ta
                # ---- recover the chains, advance the interior modes (next step's history); balance terms
                st = ca_dt * (ta - ta_p)
                tr = 0.0
                for c in range(c0, co):
                    u = kb[c, 4] * ta + cf[c, 19] * ts
                    t0n = kb[c, 0] + kb[c, 3] * u
                    tln = kb[c, 1] + kb[c, 2] * u
                    tr += kb[c, 5] * (to - t0n) + kb[c, 6]
                    # heat stored: end nodes, and the interior = the net conduction into it from both ends
                    st += (cf[c, 35] * t0n + cf[c, 36] * tln - cf[c, 29] * T[c, 0] - cf[c, 30] * T[c, 1] - T[c, 2]
                           - T[c, 3])
                    h0 = 0.0
                    hl = 0.0
                    for r in range(ci[c, 3]):
                        yn = md[c, r, 0] * y[c, r] + md[c, r, 3] * t0n + md[c, r, 4] * tln
                        h0 += md[c, r, 1] * yn
                        hl += md[c, r, 2] * yn
                        y[c, r] = yn
                    T[c, 0] = t0n
                    T[c, 1] = tln
                    T[c, 2] = h0
                    T[c, 3] = hl
                for c in range(co, c1):
                    t0n = kb[c, 0] + kb[c, 1] * ta + kb[c, 2] * ts
                    tln = kb[c, 3] + kb[c, 4] * ta + kb[c, 5] * ts
                    tr += kb[c, 6] * (kb[c, 7] - t0n)
                    st += (cf[c, 35] * t0n + cf[c, 36] * tln - cf[c, 29] * T[c, 0] - cf[c, 30] * T[c, 1] - T[c, 2]
                           - T[c, 3])
                    h0 = 0.0
                    hl = 0.0
                    for r in range(ci[c, 3]):
                        yn = md[c, r, 0] * y[c, r] + md[c, r, 3] * t0n + md[c, r, 4] * tln
                        h0 += md[c, r, 1] * yn
                        hl += md[c, r, 2] * yn
                        y[c, r] = yn
                    T[c, 0] = t0n
                    T[c, 1] = tln
                    T[c, 2] = h0
                    T[c, 3] = hl
                t_air[zi] = ta
                acc_q += q
                acc_ta += ta
                acc_ts += ts
                acc_tr += tr
                acc_v += hvh * (to - ta)
                acc_s += st
            if k >= n_warm:
                out[zi, 0, h] = acc_q / ns
                out[zi, 1, h] = acc_ta / ns
                out[zi, 2, h] = acc_ts / ns
                out[zi, 3, h] = acc_tr / ns
                out[zi, 4, h] = acc_v / ns
                out[zi, 5, h] = acc_s / ns


try:  # compiled loop; the pure-Python version above is the reference (and the fallback)
    import numba

    _step_loop = numba.njit(cache=True, nogil=True, error_model="numpy",
                            fastmath={"nsz", "arcp", "contract", "reassoc"})(_step_loop_py)
except Exception:  # pragma: no cover - numba missing or broken
    _step_loop = _step_loop_py


# --------------------------------------------------------------------------------------------------------
# results
# --------------------------------------------------------------------------------------------------------
@dataclass
class ThermalResult:
    """Hourly results per zone, arrays shaped ``(n_zones, n_hours)``.

    ``heating_w`` / ``cooling_w`` (both >= 0, hour means), ``air_temp_c``, ``mean_radiant_temp_c`` (the star
    node: inside surface temperatures weighted by their long-wave conductances), ``operative_temp_c`` (mean of
    the two, ISO 7730 for air speeds below 0.2 m/s) and ``balance[term]`` in W, heat *into* the zone positive:
    transmission (conduction through the envelope incl. sky long-wave), ventilation (infiltration +
    mechanical), solar (absorbed in the zone's constructions and air, incl. the outside of opaque surfaces),
    internal, hvac and storage (rate of change of the stored heat).
    ``transmission + ventilation + solar + internal + hvac = storage`` every hour.
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
_WEATHER_ATTR = "_bldgagent_thermal_cache"


def _weather_inputs(weather: Weather) -> dict:
    """Hourly arrays the engine derives from a weather year (cached on the Weather object)."""
    data = weather.data
    key = (id(data), len(data), weather.elevation_m)
    cached = getattr(weather, _WEATHER_ATTR, None)
    if cached is not None and cached[0] == key:
        return cached[1]
    n_h = len(weather)
    if n_h < 24:
        raise InputValueError(f"weather {weather.name!r} has {n_h} hours; need a year of hourly data")
    t_out = np.ascontiguousarray(data["temp_air_c"].to_numpy(dtype=float))
    if not np.isfinite(t_out).all():
        raise InputValueError(f"weather {weather.name!r}: temp_air_c has missing values; fill them first")
    t_sky = sky_temperature_c(weather)
    # long-wave exchange of a black surface at air temperature with the sky, W/m2 (exact, not linearised)
    sky_exchange = STEFAN_BOLTZMANN * ((t_sky + 273.15) ** 4 - (t_out + 273.15) ** 4)
    has_wind = "wind_speed_m_s" in data and bool(np.isfinite(data["wind_speed_m_s"]).any())
    if has_wind:
        v = np.clip(np.nan_to_num(data["wind_speed_m_s"].to_numpy(dtype=float)), 0.0, None)
    else:
        v = np.full(n_h, 4.0)  # ISO 6946 Annex C conventional wind
    if "wind_dir_deg" in data:
        wd = np.radians(np.nan_to_num(data["wind_dir_deg"].to_numpy(dtype=float)))
    else:
        wd = np.zeros(n_h)
    ir_ok = "ir_horizontal_w_m2" in data and bool(np.isfinite(data["ir_horizontal_w_m2"]).all())
    sky_exchange.setflags(write=False)
    _own(sky_exchange)
    out = dict(t_out=t_out, sky_exchange=sky_exchange, t_ground=ground_temperature_c(t_out, depth_m=SOIL_LAYER[0]),
               vmet=v, vf_w=v ** MOWITT_WINDWARD[1], vf_l=v ** MOWITT_LEEWARD[1], wdx=np.sin(wd), wdy=np.cos(wd),
               ir_ok=ir_ok, has_wind=has_wind, derived={}, stacks={})
    object.__setattr__(weather, _WEATHER_ATTR, (key, out))
    return out


@lru_cache(maxsize=16)
def _order(n_h: int, n_warm: int) -> np.ndarray:
    """Hour sequence of a run: the year's last ``n_warm`` hours as warm-up, then the year."""
    order = np.concatenate([np.arange(n_h - n_warm, n_h), np.arange(n_h)]).astype(np.int64)
    order.setflags(write=False)
    return order


def simulate(zones: ZoneSpec | Sequence[ZoneSpec], weather: Weather, *, substeps: int = 1, warmup_days: int = 14,
             albedo: float = 0.2, ground_temp_c=None, elevation_m: float | None = None,
             h_conv_out_w_m2k: float | None = None, terrain: str = "suburbs",
             interior_convection: str = "tarp", exterior_convection: str = "doe2") -> ThermalResult:
    """Simulate thermally independent zones over the weather year, hourly.

    ``substeps`` implicit-Euler steps per hour (outdoor temperature interpolated linearly between the
    hour-ending values, other inputs held), ``warmup_days`` of the year's end run first from 20 C.
    ``ground_temp_c`` (scalar or hourly) overrides the soil temperature model; ``elevation_m`` the weather's
    elevation for the air density. Convection models (module docstring): ``interior_convection`` one of
    :data:`INTERIOR_CONVECTION`, ``exterior_convection`` one of :data:`EXTERIOR_CONVECTION` with the local wind
    from the weather file by ``terrain`` (one of :data:`TERRAINS`); ``h_conv_out_w_m2k`` fixes the exterior
    convective coefficient of every outdoor surface instead. Returns a :class:`ThermalResult`.
    """
    zone_list = [zones] if isinstance(zones, ZoneSpec) else list(zones)
    if not zone_list:
        raise InputValueError("simulate needs at least one ZoneSpec")
    names = [z.name for z in zone_list]
    if len(set(names)) != len(names):
        raise InputValueError(f"zone names must be unique, got {names}")
    if not (isinstance(substeps, (int, np.integer)) and 1 <= substeps <= 60):
        _fail("simulate", f"substeps must be an integer 1..60, got {substeps}")
    if not (0 <= warmup_days <= 365):
        _fail("simulate", f"warmup_days must lie in 0..365, got {warmup_days}")
    if not (interior_convection in INTERIOR_CONVECTION):
        _fail("simulate", f"interior_convection must be one of {INTERIOR_CONVECTION}, got {interior_convection!r}")
    if not (exterior_convection in EXTERIOR_CONVECTION):
        _fail("simulate", f"exterior_convection must be one of {EXTERIOR_CONVECTION}, got {exterior_convection!r}")
    if not (terrain in TERRAINS):
        _fail("simulate", f"terrain must be one of {tuple(TERRAINS)}, got {terrain!r}")
    if not (0.0 <= float(albedo) <= 1.0):
        _fail("simulate", f"albedo must lie in 0..1, got {albedo}")
    for z in zone_list:
        _validate_zone(z)
    wx = _weather_inputs(weather)
    n_h = len(weather)
    t_out = wx["t_out"]
    elev = weather.elevation_m if elevation_m is None else float(elevation_m)
    rho_c_air = air_heat_capacity_j_m3k(elev)
    h_ce = None
    if h_conv_out_w_m2k is not None:
        h_ce = float(h_conv_out_w_m2k)
        if not (math.isfinite(h_ce) and h_ce > 0):
            _fail("simulate", f"h_conv_out_w_m2k must be > 0, got {h_ce}")
    t_ground = wx["t_ground"] if ground_temp_c is None else _hourly(ground_temp_c, n_h, "ground_temp_c", lo=-50, hi=60)
    diagnostics = Diagnostics()
    if not wx["ir_ok"]:
        diagnostics.add("info", "sky_temperature_default",
                        "some hours lack horizontal infrared radiation: sky taken 11 K below air there")
    if not wx["has_wind"] and h_ce is None:
        diagnostics.add("info", "wind_default", "the weather has no wind speed: 4 m/s assumed (ISO 6946 Annex C)")

    # irradiance of every distinct orientation of all zones, in one vectorised (and cached) call
    orients = []
    for z in zone_list:
        orients += [_orient(s.tilt_deg, s.azimuth_deg) for s in z.surfaces
                    if s.boundary == "outdoor" and s.sunlit and s.shading_factor > 0]
        orients += [_orient(x.tilt_deg, x.azimuth_deg) for x in z.windows]
    orients = list(dict.fromkeys(orients))
    irr = {}
    if orients:
        irr = dict(zip(orients, irradiance_rows(weather, [o[0] for o in orients], [o[1] for o in orients],
                                                 albedo=albedo)))

    ctx = _Ctx(weather, wx, t_ground, rho_c_air, h_ce, terrain, albedo, irr)
    parts = [_assemble_zone(z, ctx, interior_convection, exterior_convection, diagnostics) for z in zone_list]

    # ---- flatten all zones into one network of chains
    dt = 3600.0 / substeps
    nz = len(zone_list)
    zc = np.zeros((nz, 4), dtype=np.int64)
    chains = []
    for zi, part in enumerate(parts):
        groups = ([ch for ch in part["chains"] if ch["out"] == _OUT_OUTDOOR and ch["layers"] is not None],
                  [ch for ch in part["chains"] if ch["layers"] is None],
                  [ch for ch in part["chains"] if ch["out"] != _OUT_OUTDOOR])
        zc[zi, 0] = len(chains)
        for gi_, grp in enumerate(groups):
            chains += grp
            zc[zi, gi_ + 1] = len(chains)
    n_ch = len(chains)
    modal = [None if ch["layers"] is None else _chain_modal(ch["layers"], dt) for ch in chains]
    n_mod = max([1] + [mo["lam"].size for mo in modal if mo is not None and mo["m"] > 0])
    ch_i = np.zeros((n_ch, _NCI), dtype=np.int64)
    ch_f = np.stack([ch["row"] for ch in chains])
    md = np.zeros((n_ch, n_mod, 6))
    y = np.zeros((n_ch, n_mod))
    T = np.zeros((n_ch, 4))
    T[:, :2] = 20.0
    gap_index: dict = {}
    gap_tabs = [np.zeros((GAP_TABLE_NT, GAP_TABLE_NDT))]
    row_index: dict = {}
    sig_rows = [np.zeros(n_h)]

    def sig_row(arr) -> int:
        k = id(arr)
        i = row_index.get(k)
        if i is None:
            i = row_index[k] = len(sig_rows)
            sig_rows.append(arr)
        return i

    for c, (ch, mo) in enumerate(zip(chains, modal)):
        row = ch_f[c]
        ci = ch_i[c]
        ci[_CI_OUT], ci[_CI_SIG], ci[_CI_GAP] = ch["out"], max(ch["sig"], 0), -1
        for (arr, coef), col_i, col_f in zip(ch["out_rows"], (_CI_O1, _CI_O2), (_CF_CO1, _CF_CO2)):
            ci[col_i] = sig_row(arr)
            row[col_f] = coef
        if ch["win_row"] is not None:
            ci[_CI_W] = sig_row(ch["win_row"][0])
            row[_CF_CW] = ch["win_row"][1]
        if ch["hf_row"] is not None:
            ci[_CI_HF] = sig_row(ch["hf_row"])
        a = ch["area"]
        if mo is None:  # window: two massless nodes
            g = ch["link"]
            row[_CF_A00], row[_CF_ALL], row[_CF_A0L], row[_CF_AL0] = g, g, -g, -g
            if ch["gap"] is not None:
                key = ch["gap"]
                if key not in gap_index:
                    gap_index[key] = len(gap_tabs)
                    gap_tabs.append(glazing_conductance_table(*key))
                ci[_CI_GAP] = gap_index[key]
                row[_CF_A00] = row[_CF_ALL] = row[_CF_A0L] = row[_CF_AL0] = 0.0
            continue
        d0, dl = mo["c0"] * a / dt, mo["cl"] * a / dt
        g0, gl = mo["g0"] * a, mo["gl"] * a
        row[_CF_D0], row[_CF_DL] = d0, dl
        row[_CF_SA], row[_CF_SB] = d0, dl
        if mo["m"] == 0:
            row[_CF_A00], row[_CF_ALL], row[_CF_A0L], row[_CF_AL0] = d0 + g0, dl + g0, -g0, -g0
            continue
        row[_CF_A00] = d0 + g0 * (1.0 - mo["u1"])
        row[_CF_A0L] = -g0 * mo["w1"]
        row[_CF_AL0] = -gl * mo["um"]
        row[_CF_ALL] = dl + gl * (1.0 - mo["wm"])
        # storage rate of the end nodes plus the interior (= g0 (T0 - T1) + gl (TL - Tm), the net conduction into
        # it): SA T0_new + SB TL_new - D0 T0_old - DL TL_old - history
        row[_CF_SA] = row[_CF_A00] + row[_CF_AL0]
        row[_CF_SB] = row[_CF_ALL] + row[_CF_A0L]
        k = mo["lam"].size
        ci[_CI_NMOD] = k
        if k:
            sq = math.sqrt(a)
            md[c, :k, _M_LAM] = mo["lam"]
            md[c, :k, _M_H0] = sq * mo["g0"] * mo["v0"] * mo["lam"]
            md[c, :k, _M_HL] = sq * mo["gl"] * mo["vm"] * mo["lam"]
            md[c, :k, _M_S0] = sq * mo["g0"] * mo["v0"]
            md[c, :k, _M_SL] = sq * mo["gl"] * mo["vm"]
            md[c, :k, _M_CY] = sq * mo["cy"]
            y[c, :k] = 20.0 * sq * mo["y1"]
            T[c, 2] = md[c, :k, _M_H0] @ y[c, :k]
            T[c, 3] = md[c, :k, _M_HL] @ y[c, :k]

    # zone rows: transmitted beam and diffuse (cached per weather for a given set of windows), gains, hourly
    # inputs; all rows go into one matrix with the shared rows, identical rows stored once
    zr = np.zeros((nz, 10), dtype=np.int64)
    for zi, part in enumerate(parts):
        for j, key in ((0, "beam_rows"), (1, "diff_rows")):
            zr[zi, j] = sig_row(_combination(ctx, part[key]))
        for j, key in enumerate(("gains", "h_vent", "sp_h", "sp_c", "cap_h", "cap_c"), start=2):
            zr[zi, j] = sig_row(part[key])
        # absorbed solar (result only): kept share of the transmitted light plus the inner panes' absorption
        zr[zi, 8] = sig_row(_combination(ctx, [(a, c * part["kept_beam"]) for a, c in part["beam_rows"]]
                                         + [(a, c * part["kept_diff"]) for a, c in part["diff_rows"]]
                                         + part["pane_rows"]))
    # stack the rows; the stack is cached per weather when every row is read-only (derived or constant inputs)
    frozen = all(_is_owned(r) for r in sig_rows[1:])
    skey = tuple(id(r) for r in sig_rows[1:])
    hit = wx["stacks"].get(skey) if frozen else None
    sigs = hit[0] if hit is not None else None
    if sigs is None:
        sigs = np.empty((len(sig_rows), n_h))
        for i, r in enumerate(sig_rows):
            sigs[i] = r
        if frozen:
            if len(wx["stacks"]) >= 8:
                wx["stacks"].clear()
            wx["stacks"][skey] = (sigs, tuple(sig_rows))  # the rows stay alive: their ids cannot be reused
    transmitted = sigs[zr[:, 0]] + sigs[zr[:, 1]]
    solar = sigs[zr[:, 8]]
    gap_tab = np.stack(gap_tabs)
    signals = np.stack(ctx.signals)
    air_cap = np.array([p["air_cap"] for p in parts])
    conv_frac = np.array([p["conv_frac"] for p in parts])

    n_warm = int(warmup_days * 24)
    order = _order(n_h, n_warm)
    t_air = np.full(nz, 20.0)
    out = np.empty((nz, 6, n_h))
    kb = np.zeros((n_ch, 12))
    int_code = 0 if interior_convection in ("tarp", "fixed") else 1
    ext_code = 0 if exterior_convection == "doe2" else 1
    _step_loop(zc, zr, air_cap, conv_frac, ch_i, ch_f, md, sigs, gap_tab, _CBRT_TABLE, t_out, signals, int_code,
               ext_code, order, n_warm, int(substeps), dt, T, y, kb, t_air, out)
    if not np.isfinite(out[:, 1]).all():
        raise SimulationError("thermal simulation produced non-finite temperatures; check the zone inputs")
    q = out[:, 0]
    balance = {"transmission": out[:, 3], "ventilation": out[:, 4], "solar": solar, "internal": sigs[zr[:, 2]],
               "hvac": q, "storage": out[:, 5]}
    return ThermalResult(
        zone_names=names, floor_area_m2=np.array([z.floor_area_m2 for z in zone_list], dtype=float),
        index=weather.data.index, heating_w=np.maximum(q, 0.0), cooling_w=np.maximum(-q, 0.0),
        air_temp_c=out[:, 1], mean_radiant_temp_c=out[:, 2], operative_temp_c=0.5 * (out[:, 1] + out[:, 2]),
        balance=balance, solar_transmitted_w=transmitted, diagnostics=diagnostics,
        settings={"substeps": int(substeps), "warmup_days": int(warmup_days), "albedo": float(albedo),
                  "air_heat_capacity_j_m3k": rho_c_air, "h_conv_out_w_m2k": h_ce, "terrain": terrain,
                  "interior_convection": interior_convection, "exterior_convection": exterior_convection,
                  "weather": weather.source},
    )
