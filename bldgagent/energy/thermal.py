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

Speed (no approximation: the same equations, equal to the straightforward per-chain loop to round-off). The
chains of a zone run in *lanes* of blocks of 8: per step one scalar pass per block gathers each lane's hourly
inputs and looks up the cube roots of the natural-convection temperature differences and the glazing gap
conductance (tables); the coefficients, the chain eliminations, the zone sums and the recovery with up to four
interior modes are written as loops over the lanes of a block with every quantity in its own contiguous run of 8
values, which the compiler turns into 4-wide SIMD instructions without run-time alias checks (further modes in
extension rows). A zone's lanes (its *template*) are built once per weather and settings and reused while the
zone's specification is unchanged (compared by value); zones with hourly arrays are assembled every call.
"""
from __future__ import annotations

import math
import pickle
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import numba
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


@lru_cache(maxsize=1024)
def _chain_template(layers: tuple, dt: float) -> tuple:
    """Per-m2 lane constants of a construction for step ``dt``: the end-node equations with the interior condensed
    (A00, A0L, AL0, ALL), end capacities / dt (D0, DL), storage weights (SA, SB), and per mode (per sqrt(m2)): decay,
    responses to the outer / inner end temperature, initial amplitude x decay for 20 C everywhere."""
    mo = _chain_modal(layers, dt)
    d0, dl, g0, gl = mo["c0"] / dt, mo["cl"] / dt, mo["g0"], mo["gl"]
    if mo["m"] == 0:
        ends = (d0 + g0, -g0, -g0, dl + g0, d0, dl, d0, dl)
        modes = np.zeros((4, 0))
    else:
        a00, a0l = d0 + g0 * (1.0 - mo["u1"]), -g0 * mo["w1"]
        al0, all_ = -gl * mo["um"], dl + gl * (1.0 - mo["wm"])
        # storage rate of the end nodes plus the interior (= g0 (T0 - T1) + gl (TL - Tm), the net conduction into
        # it): SA T0_new + SB TL_new - D0 T0_old - DL TL_old - history
        ends = (a00, a0l, al0, all_, d0, dl, a00 + al0, all_ + a0l)
        lam = mo["lam"]
        modes = np.stack([lam, g0 * mo["v0"], gl * mo["vm"], lam * 20.0 * mo["y1"]])
    modes.setflags(write=False)
    return np.array(ends), modes

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


# per-chain constants as assembled (columns of a chain's row; the loop's lanes are made from them): area, fixed
# boundary conductance, fixed exterior convective coefficient (-1: hourly), eps sigma A, roughness multiplier, TARP
# coefficients of the outer face and the sign of its normal's vertical component; inner face: fixed coefficient x A
# (-1: model), TARP coefficients x A, sign, long-wave conductance to the star; the same for an outer face inside the
# zone; ISO 6946 coefficients x A of both faces; shares of the zone's solar and radiative gains on the outer and
# inner face, inner-pane solar
(_CF_A, _CF_GB, _CF_HCO, _CF_EPS_SIG, _CF_RF, _CF_CEXT_U, _CF_CEXT_S, _CF_SEXT, _CF_HCI, _CF_CI_U, _CF_CI_S,
 _CF_SIN, _CF_GRI, _CF_HCI0, _CF_CI0_U, _CF_CI0_S, _CF_SIN0, _CF_GR0, _CF_ISO_U, _CF_ISO_S, _CF_ISO0_U, _CF_ISO0_S,
 _CF_COB, _CF_COD, _CF_COG, _CF_CW, _CF_CIB, _CF_CID, _CF_CIG) = range(29)
_NCF = 29
# outer boundary types
_OUT_NONE, _OUT_FIXED, _OUT_OUTDOOR, _OUT_ZONE = 0, 1, 2, 3


#: Entries of the per-weather cache of derived hourly rows (about 70 kB each for a year).
_CACHE_ENTRIES = 512


class _Ctx:
    """Weather-derived inputs shared by all zones of one :func:`simulate` call."""

    def __init__(self, weather, wx, rho_c_air, h_ce_fixed, terrain, albedo, irr):
        self.weather = weather
        self.n_h = len(weather)
        self.wx = wx
        self.sky_exchange = wx["sky_exchange"]
        self.rho_c_air = rho_c_air
        self.h_ce_fixed = h_ce_fixed
        self.terrain = terrain
        self.irr = irr                                 # orientation key -> (direct, sky, ground, aoi)
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

    def new_chain(layers, area, out_type, sig=None):
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
        row[_CF_CEXT_U], row[_CF_CEXT_S], row[_CF_SEXT] = cu, cs, sign
        if h_override is not None:
            row[_CF_HCO] = float(h_override)
        elif ctx.h_ce_fixed is not None:
            row[_CF_HCO] = ctx.h_ce_fixed
        else:
            ch["hf_row"] = _forced_convection(ctx, ext_model, nx, ny, MOWITT_WINDWARD[0] * kz ** MOWITT_WINDWARD[1],
                                              MOWITT_LEEWARD[0] * kz ** MOWITT_LEEWARD[1], kz, wind_exposed)

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
        sig = None     # boundary temperature: the soil ("ground") or the hourly adjacent temperature
        if s.boundary == "ground":
            sig = "ground"
        elif s.boundary == "adjacent":
            sig = _hourly(s.adjacent_temp_c, n_h, f"zone {z.name!r} surface {s.name!r} adjacent_temp_c")
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
# zone templates: the lanes of a zone, ready for the loop (cached per weather and settings)
# --------------------------------------------------------------------------------------------------------
#: Zone templates kept per weather (a design loop with ever-new zones must not grow the cache without bound).
_ZONE_CACHE_ENTRIES = 256


def _zone_key(z: ZoneSpec) -> bytes | None:
    """The zone's complete content (every field of the zone, its surfaces and windows) as bytes: equal bytes mean
    equal specifications, so a cached template can be reused; None if the zone cannot be serialised."""
    try:
        return pickle.dumps(z, protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
        return None      # an unpicklable object in a field: the zone is assembled afresh every call


def _zone_template(z: ZoneSpec, ctx: _Ctx, int_model: str, ext_model: str, dt: float) -> dict:
    """The lanes of one zone for :func:`_step_loop`: block rows ``W`` (constants and initial state), extension rows
    ``MX``, per-block data ``bk`` (extension rows counted from 0), per-lane integer data ``bi`` with *local* indices
    into the template's ``rows`` (hourly rows; 0 = zero row; ``"ground"`` = the soil temperature of the call) and
    ``gaps`` (glazing tables), the zone rows ``zrows`` (local; as the loop's ``zr`` plus 8 absorbed solar, 9
    transmitted solar), air capacity, convective share of the gains and the diagnostics of the assembly."""
    diag = Diagnostics()
    part = _assemble_zone(z, ctx, int_model, ext_model, diag)
    rows: list = [None]
    rindex: dict = {}

    def local_row(arr) -> int:
        k = id(arr)
        i = rindex.get(k)
        if i is None:
            i = rindex[k] = len(rows)
            rows.append(arr)
        return i

    gaps: list = []
    chains = part["chains"]
    n_ch = len(chains)
    cf = np.stack([ch["row"] for ch in chains])
    out_type = np.array([ch["out"] for ch in chains])
    ends = np.zeros((n_ch, 8))      # A00, A0L, AL0, ALL, D0, DL, SA, SB
    modes = []
    ints = np.zeros((n_ch, _NI), dtype=np.int64)
    ints[:, _I_GAP] = -1
    gap_area = np.zeros(n_ch)
    for c, ch in enumerate(chains):
        a = ch["area"]
        if ch["layers"] is None:  # window: two massless nodes, a constant link or the gas gap (every step)
            if ch["gap"] is not None:
                if ch["gap"] not in gaps:
                    gaps.append(ch["gap"])
                ints[c, _I_GAP] = gaps.index(ch["gap"])
                gap_area[c] = a
            else:
                g = ch["link"]
                ends[c, :4] = (g, -g, -g, g)
            modes.append(None)
        else:
            e, m = _chain_template(ch["layers"], dt)
            ends[c] = e * a
            modes.append(m if m.shape[1] else None)
        if ch["out_rows"]:
            ints[c, _I_FO] = local_row(_combination(ctx, ch["out_rows"]))
        if ch["win_row"] is not None:
            ints[c, _I_FW] = local_row(ch["win_row"][0])
            cf[c, _CF_CW] = ch["win_row"][1]
        if ch["hf_row"] is not None:
            ints[c, _I_HF] = local_row(ch["hf_row"])
        if ch["out"] == _OUT_FIXED:   # the boundary temperature takes the outer-flux slot (no outer flux here)
            ints[c, _I_FO] = local_row(ch["sig"])

    # lane constants from the chains' rows
    outdoor = out_type == _OUT_OUTDOOR
    V = np.zeros((n_ch, _W_MODE))
    for wf, cfc in ((_W_EPSS, _CF_EPS_SIG), (_W_RF, _CF_RF), (_W_CEU, _CF_CEXT_U), (_W_CES, _CF_CEXT_S),
                    (_W_CIU, _CF_CI_U), (_W_CIS, _CF_CI_S), (_W_IIU, _CF_ISO_U), (_W_IIS, _CF_ISO_S),
                    (_W_HCI, _CF_HCI), (_W_GRI, _CF_GRI), (_W_CW, _CF_CW), (_W_CIB, _CF_CIB), (_W_CID, _CF_CID),
                    (_W_CIG, _CF_CIG), (_W_C0U, _CF_CI0_U), (_W_C0S, _CF_CI0_S), (_W_I0U, _CF_ISO0_U),
                    (_W_I0S, _CF_ISO0_S), (_W_GR0, _CF_GR0), (_W_COB, _CF_COB), (_W_COD, _CF_COD),
                    (_W_COG, _CF_COG)):
        V[:, wf] = cf[:, cfc]
    V[:, _W_SXP] = cf[:, _CF_SEXT] > 0.0
    V[:, _W_SIP] = cf[:, _CF_SIN] > 0.0
    V[:, _W_S0P] = cf[:, _CF_SIN0] > 0.0
    V[:, _W_HC0] = np.where(out_type == _OUT_ZONE, cf[:, _CF_HCI0], 0.0)
    V[:, _W_AEXT] = np.where(outdoor, cf[:, _CF_A], 0.0)
    V[:, _W_HCO] = np.where(outdoor, cf[:, _CF_HCO], 0.0)
    V[:, _W_TBO] = V[:, _W_TRF] = outdoor
    V[:, _W_GBF] = np.where(out_type == _OUT_FIXED, cf[:, _CF_GB], 0.0)
    V[:, _W_A00:_W_SB + 1] = ends
    V[:, _W_GAPA] = gap_area
    V[:, _W_T0] = V[:, _W_TL] = 20.0

    # blocks of _LANES lanes: internal partitions (both faces in the zone) apart from the others, each by
    # decreasing number of interior modes (massive constructions share blocks)
    n_modes = np.array([0 if m is None else m.shape[1] for m in modes], dtype=np.int64)
    lane_block = np.empty(n_ch, dtype=np.int64)
    lane_pos = np.empty(n_ch, dtype=np.int64)
    blocks = []
    for kind in (False, True):
        members = np.flatnonzero((out_type == _OUT_ZONE) == kind)
        members = members[np.argsort(-n_modes[members], kind="stable")]
        for s0 in range(0, members.size, _LANES):
            blk = members[s0:s0 + _LANES]
            lane_block[blk] = len(blocks)
            lane_pos[blk] = np.arange(blk.size)
            blocks.append((blk, kind))
    n_blk = len(blocks)
    bk = np.zeros((n_blk, 4), dtype=np.int64)
    for b, (blk, kind) in enumerate(blocks):
        bk[b, _B_N] = blk.size
        bk[b, _B_NX] = max(0, -(-int(n_modes[blk].max()) // _NMB) - 1)
        bk[b, _B_IN] = kind
    bk[1:, _B_X0] = np.cumsum(bk[:-1, _B_NX])
    W = np.zeros((n_blk, _NW * _LANES))
    W3 = W.reshape(n_blk, _NW, _LANES)
    W3[:, _W_A00, :] = W3[:, _W_ALL, :] = 1.0      # unused lanes: an inert unit system
    W3[lane_block, :_W_MODE, lane_pos] = V
    # interior modes: decay, s0, sL, amplitude x decay at 20 C (the last three per sqrt(m2)); 4 in the block row,
    # the rest in extension rows
    MX = np.zeros((int(bk[:, _B_NX].sum()), 4 * _NMB * _LANES))
    k_max = int(n_modes.max()) if n_ch else 0
    if k_max:
        M = np.zeros((n_ch, 4, k_max))
        for c, m in enumerate(modes):
            if m is not None:
                M[c, :, :m.shape[1]] = m
        M[:, 1:, :] *= np.sqrt(cf[:, _CF_A])[:, None, None]
        k4 = min(k_max, _NMB)
        fields = _W_MODE + np.arange(4)[:, None] * _NMB + np.arange(k4)[None, :]
        W3[lane_block[:, None, None], fields[None], lane_pos[:, None, None]] = M[:, :, :k4]
        W3[lane_block, _W_H0, lane_pos] = np.einsum("ck,ck->c", M[:, 1], M[:, 3])
        W3[lane_block, _W_HL, lane_pos] = np.einsum("ck,ck->c", M[:, 2], M[:, 3])
        MX4 = MX.reshape(MX.shape[0], 4, _NMB, _LANES)
        for c in np.flatnonzero(n_modes > _NMB):
            b, i = lane_block[c], lane_pos[c]
            for e in range(1, -(-int(n_modes[c]) // _NMB)):
                more = M[c, :, e * _NMB:min((e + 1) * _NMB, n_modes[c])]
                MX4[bk[b, _B_X0] + e - 1, :, :more.shape[1], i] = more
    bi = np.zeros((n_blk, _NI, _LANES), dtype=np.int64)
    bi[:, _I_GAP, :] = -1
    bi[lane_block, :, lane_pos] = ints

    # zone rows: transmitted beam and diffuse, gains, ventilation, set-points, capacities; absorbed and transmitted
    # solar for the result (kept share of the transmitted light plus the inner panes' absorption)
    beam = _combination(ctx, part["beam_rows"])
    diff = _combination(ctx, part["diff_rows"])
    zrows = [local_row(beam), local_row(diff)]
    zrows += [local_row(part[key]) for key in ("gains", "h_vent", "sp_h", "sp_c", "cap_h", "cap_c")]
    zrows.append(local_row(_combination(ctx, [(a, c * part["kept_beam"]) for a, c in part["beam_rows"]]
                                        + [(a, c * part["kept_diff"]) for a, c in part["diff_rows"]]
                                        + part["pane_rows"])))
    zrows.append(local_row(_combination(ctx, [(beam, 1.0), (diff, 1.0)])))
    cacheable = all(isinstance(r, str) or _is_owned(r) for r in rows[1:])
    return dict(W=W, MX=MX, bk=bk, bi=bi, rows=rows, gaps=gaps, zrows=np.array(zrows, dtype=np.int64),
                air_cap=part["air_cap"], conv_frac=part["conv_frac"], diag=list(diag), cacheable=cacheable)

def _plan(templates: list, t_ground: np.ndarray, n_h: int, wx: dict) -> dict:
    """The loop's arrays for a list of zone templates: blocks of all zones (initial ``W``, ``MX``), per-block and
    per-lane integer data with global indices, zone rows, the stacked hourly rows (cached per weather when all are
    read-only) and glazing tables."""
    nz = len(templates)
    row_index: dict = {}
    sig_rows = [np.zeros(n_h)]

    def sig_row(arr) -> int:
        k = id(arr)
        i = row_index.get(k)
        if i is None:
            i = row_index[k] = len(sig_rows)
            sig_rows.append(arr)
        return i

    gap_index: dict = {}
    gap_tabs = [np.zeros((GAP_TABLE_NT, GAP_TABLE_NDT))]
    zr = np.zeros((nz, 10), dtype=np.int64)
    bis, bks = [], []
    n_x = 0
    for zi, tpl in enumerate(templates):
        rmap = np.array([0] + [sig_row(t_ground if isinstance(r, str) else r) for r in tpl["rows"][1:]],
                        dtype=np.int64)
        gmap = []
        for key in tpl["gaps"]:
            if key not in gap_index:
                gap_index[key] = len(gap_tabs)
                gap_tabs.append(glazing_conductance_table(*key))
            gmap.append(gap_index[key])
        bi = tpl["bi"].copy()
        bi[:, _I_HF:_I_FW + 1] = rmap[bi[:, _I_HF:_I_FW + 1]] * n_h   # offsets into the flattened rows
        bi[:, _I_GAP] = np.array(gmap + [-1], dtype=np.int64)[bi[:, _I_GAP]]
        bk = tpl["bk"].copy()
        bk[:, _B_X0] += n_x
        n_x += tpl["MX"].shape[0]
        bis.append(bi)
        bks.append(bk)
        zr[zi] = rmap[tpl["zrows"]]
    nb = [tpl["bk"].shape[0] for tpl in templates]
    zb = np.zeros((nz, 2), dtype=np.int64)
    zb[:, 1] = np.cumsum(nb)
    zb[1:, 0] = zb[:-1, 1]
    W = np.concatenate([tpl["W"] for tpl in templates])
    MX = np.concatenate([tpl["MX"] for tpl in templates])
    bk, bi = np.concatenate(bks), np.concatenate(bis)
    if MX.shape[0] == 0:
        MX = np.zeros((1, 4 * _NMB * _LANES))
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
    gkey = tuple(gap_index)
    gap_tab = wx["gaps"].get(gkey)
    if gap_tab is None:
        gap_tab = np.stack(gap_tabs)
        if len(wx["gaps"]) < 64:
            wx["gaps"][gkey] = gap_tab
    air_cap = np.array([tpl["air_cap"] for tpl in templates])
    conv_frac = np.array([tpl["conv_frac"] for tpl in templates])
    return dict(zb=zb, zr=zr, air_cap=air_cap, conv_frac=conv_frac, bk=bk, bi=bi, W=W, MX=MX, sigs=sigs,
                gap_tab=gap_tab, templates=tuple(templates), t_ground=t_ground,
                cacheable=frozen and all(tpl["cacheable"] for tpl in templates))


# --------------------------------------------------------------------------------------------------------
# the time loop (pure Python; compiled with numba below)
# --------------------------------------------------------------------------------------------------------
#: Cube-root table for the natural-convection coefficients in the loop, as (value, step to the next value) at
#: |dT| from 0 by 0.02 K to 100 K (beyond: clamped; 100 K between a surface and the air does not occur).
_CBRT_TABLE = np.cbrt(np.arange(0.0, 100.0 + 0.01, 0.02))
_CBRT_PAIRS = np.ascontiguousarray(np.stack([_CBRT_TABLE[:-1], np.diff(_CBRT_TABLE)], axis=1).ravel())
_CBRT_PAIRS.setflags(write=False)

#: Chains are processed in *blocks* of ``_LANES`` lanes (one construction or window per lane, unused lanes
#: inert): the per-lane arithmetic of a step is written as loops over the lanes of a block with every quantity
#: in its own contiguous run of ``_LANES`` values of the block's row of ``W``, so the compiler turns them into
#: SIMD instructions (4 doubles per instruction with AVX2) without run-time alias checks.
_LANES = 8
#: Non-negative mask: indices loaded from arrays, proven >= 0 for the compiler (no negative-index wrap-around).
_MASK = 0x7FFFFFFFFFFFFFFF
# fields of a block row of W, each _LANES wide. Constants: exterior convection area (outdoor lanes), eps sigma A,
# roughness multiplier, TARP natural-convection coefficients of the outer face (unstable, stable) and 1 where the
# outer face's normal into the air points up, fixed exterior convective coefficient (-1: hourly), fixed boundary
# conductance, 1 for an outdoor-air boundary; inner face: TARP and ISO coefficients x area, 1 if its normal into
# the zone points up, fixed coefficient x area (-1: model); the same for an outer face inside the zone
# (internal partitions; fixed 0 otherwise); long-wave conductances to the star; end-node equations (A00, A0L, AL0,
# ALL, D0, DL) and storage weights (SA, SB); shares of the inner-pane solar, zone beam / diffuse / radiative gains
# on the inner and outer face; glazing area (gas-gap lanes); 1 where the outer flux is transmission.
# State: end temperatures, interior history to the two end equations. Hourly (gathered per step): forced
# convection, outer flux, inner-pane solar, boundary temperature, cube roots (outer, inner), gap conductance.
# Step results: end temperatures affine in (air, star), boundary conductance and temperature, transmitted flux.
# Interior modes: decay, response to the outer / inner end temperature, amplitude x decay (4 per block row; more
# in extension rows of MX).
(_W_AEXT, _W_EPSS, _W_RF, _W_CEU, _W_CES, _W_SXP, _W_HCO, _W_GBF, _W_TBO,
 _W_CIU, _W_CIS, _W_IIU, _W_IIS, _W_SIP, _W_HCI,
 _W_C0U, _W_C0S, _W_I0U, _W_I0S, _W_S0P, _W_HC0,
 _W_GRI, _W_GR0, _W_A00, _W_A0L, _W_AL0, _W_ALL, _W_D0, _W_DL, _W_SA, _W_SB,
 _W_CW, _W_CIB, _W_CID, _W_CIG, _W_COB, _W_COD, _W_COG, _W_GAPA, _W_TRF,
 _W_T0, _W_TL, _W_H0, _W_HL,
 _W_HF, _W_FO, _W_FW, _W_CRO, _W_CRI, _W_GG,
 _W_K0, _W_K0A, _W_K0S, _W_KL, _W_KLA, _W_KLS, _W_KGB, _W_KTB, _W_KFO,
 _W_MODE) = range(60)
#: Interior modes per block row (the rest of a chain's modes go to extension rows).
_NMB = 4
_W_MLAM, _W_MS0, _W_MSL, _W_MV = (_W_MODE + k * _NMB for k in range(4))
_NW = _W_MODE + 4 * _NMB
# per-lane integer data of a block: offsets (row x hours) in the shared rows of the forced convection, the outer
# flux (or, for a fixed boundary, its temperature) and the inner-pane solar; the glazing table (-1: none)
_I_HF, _I_FO, _I_FW, _I_GAP = range(4)
_NI = 4
# per-block integer data: number of lanes in use, first extension row and number of extension rows in MX, 1 for a
# block of internal partitions (both faces in the zone)
_B_N, _B_X0, _B_NX, _B_IN = range(4)


def _step_loop_py(zb, zr, air_cap, conv_frac, bk, bi, W, MX, sigs, gap_tab, cbrt_pairs, t_out, int_model, ext_model,
                  order, n_warm, ns, dt, t_air, out, ctrl_mode, ctrl_area, ctrl_occ, ctrl_wind, ctrl_par):
    """Time loop of all zones over ``order`` (hour indices; the first ``n_warm`` are warm-up), ``ns`` implicit
    steps of ``dt`` s per hour.

    Zone ``z`` owns the blocks ``zb[z, 0]:zb[z, 1]`` of ``_LANES`` chains (constructions and windows); block ``b``
    keeps per lane its constants, state and work space in ``W[b]`` (fields ``_W_*``), its integer data in
    ``bi[b]`` (``_I_*``), its size and extension rows of interior modes in ``bk[b]`` (``MX``, 4 modes per row).
    Hourly inputs are rows of ``sigs`` (row 0 is zero); per zone ``zr[zone]`` = (transmitted beam, transmitted
    diffuse, internal gains, ventilation conductance, heating and cooling set-points, heating and cooling
    capacities). ``t_air[zone]`` is state. Writes hourly means into
    ``out[zone]`` rows: 0 heating W, 1 cooling W, 2 air C, 3 mean radiant C, 4 operative C, 5 transmission W,
    6 ventilation W, 7 storage W, 8 hvac W (heating - cooling), 9 windows open (0/1).

    Window control (``ctrl_mode[zone]`` 1; 0: none), decided at the start of each hour from the zone's previous
    hour, as an occupant acts on what the room was: in an hour with no heating or cooling set-point the windows
    open when the room is occupied (``ctrl_occ[zone, h] > 0``), its operative temperature exceeded ``ctrl_par[0]``
    and the outdoor air is cooler than the room's air; in an hour with a set-point they stay shut (mixed mode:
    the set-point rows hold the heating/cooling hours). The opening's air flow is the larger of the wind and the stack
    flow of :func:`bldgagent.energy.ventilation.window_airflow_m3_h` (``ctrl_par``: threshold, wind coefficient,
    discharge coefficient, opening height m, gravity, air heat capacity J/m3K; ``ctrl_wind`` the wind at
    building height m/s, ``ctrl_area[zone]`` the openable area m2).

    Per step and lane: the coefficients that depend on temperature (natural convection, exterior long-wave,
    glazing gap) or wind from the previous step's temperatures; the chain's two end-node equations (its interior
    condensed into them, history from its modes) solved for the end temperatures as affine functions of the air
    and star temperatures; summed into the zone's 2 x 2 system, which with the ideal load is solved exactly; the
    end temperatures recovered and the interior modes advanced."""
    L = _LANES
    n_h = t_out.shape[0]
    sigf = sigs.reshape(sigs.size)
    lim = cbrt_pairs.shape[0] // 2 - 1e-6
    inv_dt = 1.0 / dt
    tm_lim = gap_tab.shape[1] - 1.000001
    td_lim = gap_tab.shape[2] - 1.000001
    inv_ns = 1.0 / ns
    nz = zb.shape[0]
    n_run = order.shape[0]
    nl = bi.shape[2]
    for zi in range(nz):
        z0 = zb[zi, 0]
        nb = zb[zi, 1] - z0
        r_beam = zr[zi, 0] & _MASK
        r_diff = zr[zi, 1] & _MASK
        r_gain = zr[zi, 2] & _MASK
        r_vent = zr[zi, 3] & _MASK
        r_sph = zr[zi, 4] & _MASK
        r_spc = zr[zi, 5] & _MASK
        r_caph = zr[zi, 6] & _MASK
        r_capc = zr[zi, 7] & _MASK
        ca_dt = air_cap[zi] * inv_dt
        kconv = conv_frac[zi]
        ta = t_air[zi]
        mode = ctrl_mode[zi]
        ta_last = ta          # previous hour's mean air and operative temperatures (window control)
        top_last = ta
        for k in range(n_run):
            h = order[k] & _MASK
            hp = (h - 1 if h > 0 else n_h - 1) & _MASK
            acc_q = 0.0
            acc_ta = 0.0
            acc_ts = 0.0
            acc_tr = 0.0
            acc_v = 0.0
            acc_s = 0.0
            hvh = sigs[r_vent, h]
            sph = sigs[r_sph, h]
            spc = sigs[r_spc, h]
            w_open = 0.0
            if mode > 0 and not (sph == sph or spc == spc):   # no set-point this hour (NaN != NaN)
                if ctrl_occ[zi, h] > 0.0 and top_last > ctrl_par[0] and t_out[h] < ta_last:
                    area = ctrl_area[zi]
                    q_wind = ctrl_par[1] * area * ctrl_wind[h]
                    q_stack = ctrl_par[2] * area / 3.0 * np.sqrt(
                        ctrl_par[4] * ctrl_par[3] * abs(ta_last - t_out[h]) / (273.15 + 0.5 * (ta_last + t_out[h])))
                    hvh += ctrl_par[5] * max(q_wind, q_stack)
                    w_open = 1.0
            zbm = sigs[r_beam, h]
            zdf = sigs[r_diff, h]
            zgn = sigs[r_gain, h]
            to_p = t_out[hp]
            to_d = t_out[h] - to_p
            for j in range(ns):
                to = to_p + (j + 1.0) * inv_ns * to_d
                ta_p = ta
                tok = to + 273.15
                tok2 = tok * tok
                a11 = ca_dt + hvh
                a12 = 0.0
                a22 = 0.0
                b1 = ca_dt * ta_p + hvh * to + kconv * zgn
                b2 = 0.0
                for b in range(nb):
                    bb = (z0 + b) & _MASK
                    inner = bk[bb, _B_IN] != 0
                    # -- per lane, scalar: hourly inputs from the shared rows, cube roots of the surface-to-air
                    # temperature differences (table; the outer face's air is outdoors, or the zone's for internal
                    # partitions), glazing gap conductance (table)
                    tref = ta_p if inner else to
                    for i in range(bk[bb, _B_N]):
                        W[bb, _W_HF * L + i] = sigf[(bi[bb, _I_HF, i] + h) & _MASK]
                        W[bb, _W_FO * L + i] = sigf[(bi[bb, _I_FO, i] + h) & _MASK]
                        W[bb, _W_FW * L + i] = sigf[(bi[bb, _I_FW, i] + h) & _MASK]
                        t0p = W[bb, _W_T0 * L + i]
                        tlp = W[bb, _W_TL * L + i]
                        fi = min(abs(t0p - tref) * 50.0, lim)
                        ii = int(fi) & 0xFFFFFFFF
                        W[bb, _W_CRO * L + i] = cbrt_pairs[2 * ii] + (fi - ii) * cbrt_pairs[2 * ii + 1]
                        fi = min(abs(tlp - ta_p) * 50.0, lim)
                        ii = int(fi) & 0xFFFFFFFF
                        W[bb, _W_CRI * L + i] = cbrt_pairs[2 * ii] + (fi - ii) * cbrt_pairs[2 * ii + 1]
                        gi = bi[bb, _I_GAP, i]
                        if gi >= 0:
                            # glazing with gas gaps (ISO 15099), per m2, bilinear in (mean T, dT across the glazing)
                            gi = gi & _MASK
                            ft = min(max((0.5 * (t0p + tlp) + 40.0) * 0.5, 0.0), tm_lim)
                            fd = min(abs(t0p - tlp), td_lim)
                            it = int(ft) & 0xFFFFFFFF
                            idd = int(fd) & 0xFFFFFFFF
                            wt = ft - it
                            wd = fd - idd
                            g00 = gap_tab[gi, it, idd]
                            g01 = gap_tab[gi, it, idd + 1]
                            g10 = gap_tab[gi, it + 1, idd]
                            g11 = gap_tab[gi, it + 1, idd + 1]
                            g0_ = g00 + wd * (g01 - g00)
                            W[bb, _W_GG * L + i] = g0_ + wt * (g10 + wd * (g11 - g10) - g0_)
                    # -- per lane, SIMD: coefficients from the previous step's temperatures, then the chain as a
                    # 2 x 2 system in its end temperatures, affine in the air and star temperatures:
                    # T0 = t0 + t0a Ta + t0s Ts, TL = tl + tla Ta + tls Ts
                    if not inner:
                        # outer face outdoors or on a fixed boundary (or adiabatic)
                        for i in range(nl):
                            t0p = W[bb, _W_T0 * L + i]
                            tlp = W[bb, _W_TL * L + i]
                            # exterior convection: DOE-2 (TARP natural + roughness x (MoWiTT forced - natural)),
                            # ISO 6946 or fixed; long-wave to outdoor air; or a fixed boundary conductance
                            un0 = (t0p - to > 0.0) == (W[bb, _W_SXP * L + i] > 0.5)
                            ceu = W[bb, _W_CEU * L + i]
                            ces = W[bb, _W_CES * L + i]
                            hn = (ceu if un0 else ces) * W[bb, _W_CRO * L + i]
                            hf = W[bb, _W_HF * L + i]
                            hm = hn + W[bb, _W_RF * L + i] * (np.sqrt(hn * hn + hf * hf) - hn)
                            hm = hm if ext_model == 0 else hf
                            hco = W[bb, _W_HCO * L + i]
                            hc = hco if hco >= 0.0 else hm
                            tsk = t0p + 273.15
                            gb = (W[bb, _W_AEXT * L + i] * hc
                                  + W[bb, _W_EPSS * L + i] * (tsk * tsk + tok2) * (tsk + tok) + W[bb, _W_GBF * L + i])
                            fov = W[bb, _W_FO * L + i]          # outer flux, or the fixed boundary temperature
                            tb = to if W[bb, _W_TBO * L + i] > 0.5 else fov
                            fo = W[bb, _W_TRF * L + i] * fov
                            # inner face: natural convection (TARP, ISO 6946 or fixed), long-wave to the star.
                            # Written out here and twice below on purpose: a shared njit(inline='always') helper
                            # was measured to stop the lane loop vectorising (1.2 -> 1.9 ms per zone-year)
                            usi = (tlp - ta_p > 0.0) == (W[bb, _W_SIP * L + i] > 0.5)
                            ciu = W[bb, _W_CIU * L + i]
                            cis = W[bb, _W_CIS * L + i]
                            iiu = W[bb, _W_IIU * L + i]
                            iis = W[bb, _W_IIS * L + i]
                            gti = (ciu if usi else cis) * W[bb, _W_CRI * L + i]
                            gii = iiu if usi else iis
                            gmi = gti if int_model == 0 else gii
                            hci = W[bb, _W_HCI * L + i]
                            gci = hci if hci >= 0.0 else gmi
                            gri = W[bb, _W_GRI * L + i]
                            gg = W[bb, _W_GAPA * L + i] * W[bb, _W_GG * L + i]
                            fn = (W[bb, _W_CW * L + i] * W[bb, _W_FW * L + i] + W[bb, _W_CIB * L + i] * zbm
                                  + W[bb, _W_CID * L + i] * zdf + W[bb, _W_CIG * L + i] * zgn)
                            b0 = W[bb, _W_D0 * L + i] * t0p + W[bb, _W_H0 * L + i] + fo + gb * tb
                            bl = W[bb, _W_DL * L + i] * tlp + W[bb, _W_HL * L + i] + fn
                            a00 = W[bb, _W_A00 * L + i] + gb + gg
                            all_ = W[bb, _W_ALL * L + i] + gci + gri + gg
                            a0l = W[bb, _W_A0L * L + i] - gg
                            al0 = W[bb, _W_AL0 * L + i] - gg
                            inv = 1.0 / (a00 * all_ - a0l * al0)
                            f0 = -a0l * inv
                            e = a00 * inv
                            tl = (a00 * bl - al0 * b0) * inv
                            W[bb, _W_K0 * L + i] = (all_ * b0 - a0l * bl) * inv
                            W[bb, _W_K0A * L + i] = f0 * gci
                            W[bb, _W_K0S * L + i] = f0 * gri
                            W[bb, _W_KL * L + i] = tl
                            W[bb, _W_KLA * L + i] = e * gci
                            W[bb, _W_KLS * L + i] = e * gri
                            W[bb, _W_KGB * L + i] = gb
                            W[bb, _W_KTB * L + i] = tb
                            W[bb, _W_KFO * L + i] = fo
                            x = e * gci
                            a11 += gci - x * gci
                            a12 -= x * gri
                            a22 += gri - e * gri * gri
                            b1 += gci * tl
                            b2 += gri * tl
                    else:
                        # both faces in the zone (internal partitions and floors)
                        for i in range(nl):
                            t0p = W[bb, _W_T0 * L + i]
                            tlp = W[bb, _W_TL * L + i]
                            us0 = (t0p - ta_p > 0.0) == (W[bb, _W_S0P * L + i] > 0.5)
                            c0u = W[bb, _W_C0U * L + i]
                            c0s = W[bb, _W_C0S * L + i]
                            i0u = W[bb, _W_I0U * L + i]
                            i0s = W[bb, _W_I0S * L + i]
                            gt0 = (c0u if us0 else c0s) * W[bb, _W_CRO * L + i]
                            gi0 = i0u if us0 else i0s
                            gm0 = gt0 if int_model == 0 else gi0
                            hc0 = W[bb, _W_HC0 * L + i]
                            gc0 = hc0 if hc0 >= 0.0 else gm0
                            gr0 = W[bb, _W_GR0 * L + i]
                            usi = (tlp - ta_p > 0.0) == (W[bb, _W_SIP * L + i] > 0.5)
                            ciu = W[bb, _W_CIU * L + i]
                            cis = W[bb, _W_CIS * L + i]
                            iiu = W[bb, _W_IIU * L + i]
                            iis = W[bb, _W_IIS * L + i]
                            gti = (ciu if usi else cis) * W[bb, _W_CRI * L + i]
                            gii = iiu if usi else iis
                            gmi = gti if int_model == 0 else gii
                            hci = W[bb, _W_HCI * L + i]
                            gci = hci if hci >= 0.0 else gmi
                            gri = W[bb, _W_GRI * L + i]
                            fo = W[bb, _W_COB * L + i] * zbm + W[bb, _W_COD * L + i] * zdf + W[bb, _W_COG * L + i] * zgn
                            fn = W[bb, _W_CIB * L + i] * zbm + W[bb, _W_CID * L + i] * zdf + W[bb, _W_CIG * L + i] * zgn
                            b0 = W[bb, _W_D0 * L + i] * t0p + W[bb, _W_H0 * L + i] + fo
                            bl = W[bb, _W_DL * L + i] * tlp + W[bb, _W_HL * L + i] + fn
                            a00 = W[bb, _W_A00 * L + i] + gc0 + gr0
                            all_ = W[bb, _W_ALL * L + i] + gci + gri
                            a0l = W[bb, _W_A0L * L + i]
                            al0 = W[bb, _W_AL0 * L + i]
                            inv = 1.0 / (a00 * all_ - a0l * al0)
                            t0 = (all_ * b0 - a0l * bl) * inv
                            t0a = (all_ * gc0 - a0l * gci) * inv
                            t0s = (all_ * gr0 - a0l * gri) * inv
                            tl = (a00 * bl - al0 * b0) * inv
                            tla = (a00 * gci - al0 * gc0) * inv
                            tls = (a00 * gri - al0 * gr0) * inv
                            W[bb, _W_K0 * L + i] = t0
                            W[bb, _W_K0A * L + i] = t0a
                            W[bb, _W_K0S * L + i] = t0s
                            W[bb, _W_KL * L + i] = tl
                            W[bb, _W_KLA * L + i] = tla
                            W[bb, _W_KLS * L + i] = tls
                            W[bb, _W_KGB * L + i] = 0.0
                            W[bb, _W_KTB * L + i] = 0.0
                            W[bb, _W_KFO * L + i] = 0.0
                            a11 += gci * (1.0 - tla) + gc0 * (1.0 - t0a)
                            a12 -= gci * tls + gc0 * t0s
                            b1 += gci * tl + gc0 * t0
                            a22 += gri * (1.0 - tls) + gr0 * (1.0 - t0s)
                            b2 += gri * tl + gr0 * t0
                # ---- air and star: free state, exact response to a convective load, set-point control. The zone
                # matrix is symmetric (reciprocity: a21 = a12). Eliminating the star: aeff ta = beff + q with
                # aeff = det / a22, beff = (b1 a22 - a12 b2) / a22, det = a11 a22 - a12^2 (the two divisions are
                # independent); no star (no long-wave exchange): aeff = a11, beff = b1
                star = a22 > 1e-12
                d = a11 * a22 - a12 * a12 if star else a11
                inv_d = 1.0 / d
                ra = 1.0 / (a22 if star else 1.0)
                ra = ra if star else 0.0
                inv_a = a22 * inv_d if star else inv_d
                aeff = d * ra if star else d
                taf = (b1 * a22 - a12 * b2 if star else b1) * inv_d
                qh = (sph - taf) * aeff      # a NaN set-point (no control) fails both comparisons
                qc = (spc - taf) * aeff
                if qh > 0.0:
                    q = min(qh, sigs[r_caph, h])
                elif qc < 0.0:
                    q = max(qc, -sigs[r_capc, h])
                else:
                    q = 0.0
                ta = taf + q * inv_a
                ts = (b2 - a12 * ta) * ra if star else ta
                # ---- recover the end temperatures, advance the interior modes (next step's history); balance
                tr = 0.0
                st = ca_dt * (ta - ta_p)
                for b in range(nb):
                    bb = (z0 + b) & _MASK
                    for i in range(nl):
                        t0n = W[bb, _W_K0 * L + i] + W[bb, _W_K0A * L + i] * ta + W[bb, _W_K0S * L + i] * ts
                        tln = W[bb, _W_KL * L + i] + W[bb, _W_KLA * L + i] * ta + W[bb, _W_KLS * L + i] * ts
                        tr += W[bb, _W_KGB * L + i] * (W[bb, _W_KTB * L + i] - t0n) + W[bb, _W_KFO * L + i]
                        # heat stored: end nodes, and the interior = the net conduction into it from both ends
                        st += (W[bb, _W_SA * L + i] * t0n + W[bb, _W_SB * L + i] * tln
                               - W[bb, _W_D0 * L + i] * W[bb, _W_T0 * L + i] - W[bb, _W_H0 * L + i]
                               - W[bb, _W_DL * L + i] * W[bb, _W_TL * L + i] - W[bb, _W_HL * L + i])
                        W[bb, _W_T0 * L + i] = t0n
                        W[bb, _W_TL * L + i] = tln
                        # interior modes: amplitude x decay v' = lam (v + s0 T0 + sL TL); history sum(s v')
                        s0 = W[bb, _W_MS0 * L + i]
                        sl = W[bb, _W_MSL * L + i]
                        v = W[bb, _W_MLAM * L + i] * (W[bb, _W_MV * L + i] + s0 * t0n + sl * tln)
                        W[bb, _W_MV * L + i] = v
                        h0 = s0 * v
                        hl = sl * v
                        s0 = W[bb, (_W_MS0 + 1) * L + i]
                        sl = W[bb, (_W_MSL + 1) * L + i]
                        v = W[bb, (_W_MLAM + 1) * L + i] * (W[bb, (_W_MV + 1) * L + i] + s0 * t0n + sl * tln)
                        W[bb, (_W_MV + 1) * L + i] = v
                        h0 += s0 * v
                        hl += sl * v
                        s0 = W[bb, (_W_MS0 + 2) * L + i]
                        sl = W[bb, (_W_MSL + 2) * L + i]
                        v = W[bb, (_W_MLAM + 2) * L + i] * (W[bb, (_W_MV + 2) * L + i] + s0 * t0n + sl * tln)
                        W[bb, (_W_MV + 2) * L + i] = v
                        h0 += s0 * v
                        hl += sl * v
                        s0 = W[bb, (_W_MS0 + 3) * L + i]
                        sl = W[bb, (_W_MSL + 3) * L + i]
                        v = W[bb, (_W_MLAM + 3) * L + i] * (W[bb, (_W_MV + 3) * L + i] + s0 * t0n + sl * tln)
                        W[bb, (_W_MV + 3) * L + i] = v
                        h0 += s0 * v
                        hl += sl * v
                        W[bb, _W_H0 * L + i] = h0
                        W[bb, _W_HL * L + i] = hl
                    # further modes (massive constructions): extension rows, 4 modes each, same layout
                    for e in range(bk[bb, _B_NX]):
                        xe = (bk[bb, _B_X0] + e) & _MASK
                        for i in range(nl):
                            t0n = W[bb, _W_T0 * L + i]
                            tln = W[bb, _W_TL * L + i]
                            h0 = 0.0
                            hl = 0.0
                            for r in range(_NMB):
                                s0 = MX[xe, (_NMB + r) * L + i]
                                sl = MX[xe, (2 * _NMB + r) * L + i]
                                v = MX[xe, r * L + i] * (MX[xe, (3 * _NMB + r) * L + i] + s0 * t0n + sl * tln)
                                MX[xe, (3 * _NMB + r) * L + i] = v
                                h0 += s0 * v
                                hl += sl * v
                            W[bb, _W_H0 * L + i] += h0
                            W[bb, _W_HL * L + i] += hl
                acc_q += q
                acc_ta += ta
                acc_ts += ts
                acc_tr += tr
                acc_v += hvh * (to - ta)
                acc_s += st
            ta_last = acc_ta * inv_ns
            top_last = 0.5 * (ta_last + acc_ts * inv_ns)
            if k >= n_warm:
                q = acc_q * inv_ns
                ta_m = acc_ta * inv_ns
                ts_m = acc_ts * inv_ns
                out[zi, 0, h] = max(q, 0.0)
                out[zi, 1, h] = max(-q, 0.0)
                out[zi, 2, h] = ta_m
                out[zi, 3, h] = ts_m
                out[zi, 4, h] = 0.5 * (ta_m + ts_m)
                out[zi, 5, h] = acc_tr * inv_ns
                out[zi, 6, h] = acc_v * inv_ns
                out[zi, 7, h] = acc_s * inv_ns
                out[zi, 8, h] = q
                out[zi, 9, h] = w_open
        t_air[zi] = ta


# the compiled loop; the pure-Python version above is its reference (numba is a dependency of pythermalcomfort)
_step_loop = numba.njit(cache=True, nogil=True, error_model="numpy",
                        fastmath={"nsz", "arcp", "contract", "reassoc"})(_step_loop_py)


# --------------------------------------------------------------------------------------------------------
# results
# --------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WindowControl:
    """Windows opened hour by hour inside the simulation (see :func:`_step_loop_py`), in the hours a zone has no
    heating or cooling set-point.

    ``mode`` per zone: 0 no windows, 1 windows by the rule. ``open_area_m2`` per zone;
    ``occupied`` (zones x hours) > 0 where the room is occupied; ``wind_m_s`` hourly wind at building height; the
    opening rule and air-flow coefficients as in :mod:`bldgagent.energy.ventilation` (CIBSE TM59, AM10, BS 5925).
    """

    mode: np.ndarray
    open_area_m2: np.ndarray
    occupied: np.ndarray
    wind_m_s: np.ndarray
    open_above_c: float
    wind_coefficient: float
    discharge_coefficient: float
    opening_height_m: float
    gravity_m_s2: float = 9.81

    def arrays(self, nz: int, n_h: int, rho_c_air: float) -> tuple:
        """The loop's control arrays (mode, area, occupancy, wind, parameters), checked against the zones/hours."""
        mode = np.ascontiguousarray(self.mode, dtype=np.int64)
        area = np.ascontiguousarray(self.open_area_m2, dtype=float)
        occ = np.ascontiguousarray(self.occupied, dtype=float)
        wind = np.ascontiguousarray(self.wind_m_s, dtype=float)
        if mode.shape != (nz,) or area.shape != (nz,) or occ.shape != (nz, n_h) or wind.shape != (n_h,):
            _fail("window_control", f"arrays must match {nz} zones x {n_h} hours")
        if not (np.isin(mode, (0, 1)).all() and np.isfinite(area).all() and (area >= 0).all()
                and np.isfinite(wind).all()):
            _fail("window_control", "mode must be 0/1, open areas finite >= 0 and the wind finite")
        par = np.array([self.open_above_c, self.wind_coefficient, self.discharge_coefficient, self.opening_height_m,
                        self.gravity_m_s2, rho_c_air], dtype=float)
        return mode, area, occ, wind, par


_NO_CONTROL: dict = {}


def _no_control(nz: int, n_h: int) -> tuple:
    """Inert control arrays (mode 0 everywhere); the hourly ones are one shared read-only row."""
    key = (nz, n_h)
    if key not in _NO_CONTROL:
        if len(_NO_CONTROL) > 16:
            _NO_CONTROL.clear()
        _NO_CONTROL[key] = (np.zeros(nz, dtype=np.int64), np.zeros(nz), np.zeros((1, 1)), np.zeros(1), np.zeros(6))
    return _NO_CONTROL[key]


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
    window_open: np.ndarray | None = field(default=None, repr=False)

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
    t_out = np.array(data["temp_air_c"].to_numpy(dtype=float), dtype=float, order="C", copy=True)
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
    t_ground = ground_temperature_c(t_out, depth_m=SOIL_LAYER[0])
    for row in (t_out, sky_exchange, t_ground):
        row.setflags(write=False)
        _own(row)
    out = dict(t_out=t_out, sky_exchange=sky_exchange, t_ground=t_ground,
               vmet=v, vf_w=v ** MOWITT_WINDWARD[1], vf_l=v ** MOWITT_LEEWARD[1], wdx=np.sin(wd), wdy=np.cos(wd),
               ir_ok=ir_ok, has_wind=has_wind, derived={}, stacks={}, zones={}, gaps={}, plans={})
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
             interior_convection: str = "tarp", exterior_convection: str = "doe2",
             window_control: WindowControl | None = None) -> ThermalResult:
    """Simulate thermally independent zones over the weather year, hourly.

    ``substeps`` implicit-Euler steps per hour (outdoor temperature interpolated linearly between the
    hour-ending values, other inputs held), ``warmup_days`` of the year's end run first from 20 C.
    ``ground_temp_c`` (scalar or hourly) overrides the soil temperature model; ``elevation_m`` the weather's
    elevation for the air density. Convection models (module docstring): ``interior_convection`` one of
    :data:`INTERIOR_CONVECTION`, ``exterior_convection`` one of :data:`EXTERIOR_CONVECTION` with the local wind
    from the weather file by ``terrain`` (one of :data:`TERRAINS`); ``h_conv_out_w_m2k`` fixes the exterior
    convective coefficient of every outdoor surface instead. ``window_control`` opens windows and switches
    heating/cooling hour by hour in the loop (:class:`WindowControl`; natural ventilation and mixed mode).
    Returns a :class:`ThermalResult`.
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

    # ---- zone templates: cached per weather and settings for zones given by value (no hourly arrays)
    dt = 3600.0 / substeps
    settings_key = (interior_convection, exterior_convection, dt, round(float(albedo), 9), terrain, h_ce, rho_c_air)
    cache = wx["zones"]
    keys = [_zone_key(z) for z in zone_list]
    templates = [cache.get((k, settings_key)) if k is not None else None for k in keys]
    missing = [i for i, t in enumerate(templates) if t is None]
    if missing:
        for i in missing:
            _validate_zone(zone_list[i])
        # irradiance of every distinct orientation of the zones to assemble, in one vectorised (and cached) call
        orients = []
        for i in missing:
            z = zone_list[i]
            orients += [_orient(s.tilt_deg, s.azimuth_deg) for s in z.surfaces
                        if s.boundary == "outdoor" and s.sunlit and s.shading_factor > 0]
            orients += [_orient(x.tilt_deg, x.azimuth_deg) for x in z.windows]
        orients = list(dict.fromkeys(orients))
        irr = {}
        if orients:
            irr = dict(zip(orients, irradiance_rows(weather, [o[0] for o in orients], [o[1] for o in orients],
                                                     albedo=albedo)))
        ctx = _Ctx(weather, wx, rho_c_air, h_ce, terrain, albedo, irr)
        for i in missing:
            tpl = templates[i] = _zone_template(zone_list[i], ctx, interior_convection, exterior_convection, dt)
            if tpl["cacheable"] and keys[i] is not None:
                if len(cache) >= _ZONE_CACHE_ENTRIES:
                    cache.clear()
                cache[(keys[i], settings_key)] = tpl
    for tpl in templates:
        diagnostics.extend(tpl["diag"])

    # ---- all zones' blocks into one loop (the combination is cached too for a repeated set of templates)
    nz = len(zone_list)
    pkey = tuple(id(t) for t in templates) + (id(t_ground),)
    plan = wx["plans"].get(pkey)
    if plan is None or plan["t_ground"] is not t_ground or any(a is not b for a, b in zip(plan["templates"], templates)):
        plan = _plan(templates, t_ground, n_h, wx)
        if plan["cacheable"]:
            if len(wx["plans"]) >= 16:
                wx["plans"].clear()
            wx["plans"][pkey] = plan
    zr, sigs = plan["zr"], plan["sigs"]
    W, MX = plan["W"].copy(), plan["MX"].copy()       # the loop's state lives in them

    n_warm = int(warmup_days * 24)
    order = _order(n_h, n_warm)
    t_air = np.full(nz, 20.0)
    out = np.empty((nz, 10, n_h))
    int_code = 0 if interior_convection in ("tarp", "fixed") else 1
    ext_code = 0 if exterior_convection == "doe2" else 1
    control = _no_control(nz, n_h) if window_control is None else window_control.arrays(nz, n_h, rho_c_air)
    _step_loop(plan["zb"], zr, plan["air_cap"], plan["conv_frac"], plan["bk"], plan["bi"], W, MX, sigs, plan["gap_tab"],
               _CBRT_PAIRS, t_out, int_code, ext_code, order, n_warm, int(substeps), dt, t_air, out, *control)
    if not math.isfinite(float(out[:, 4].sum())):   # a NaN or inf anywhere makes the sum non-finite
        raise SimulationError("thermal simulation produced non-finite temperatures; check the zone inputs")
    balance = {"transmission": out[:, 5], "ventilation": out[:, 6], "solar": sigs[zr[:, 8]], "internal": sigs[zr[:, 2]],
               "hvac": out[:, 8], "storage": out[:, 7]}
    return ThermalResult(
        zone_names=names, floor_area_m2=np.array([z.floor_area_m2 for z in zone_list], dtype=float),
        index=weather.data.index, heating_w=out[:, 0], cooling_w=out[:, 1], air_temp_c=out[:, 2],
        mean_radiant_temp_c=out[:, 3], operative_temp_c=out[:, 4], balance=balance,
        solar_transmitted_w=sigs[zr[:, 9]], diagnostics=diagnostics,
        window_open=out[:, 9] if window_control is not None else None,
        settings={"substeps": int(substeps), "warmup_days": int(warmup_days), "albedo": float(albedo),
                  "air_heat_capacity_j_m3k": rho_c_air, "h_conv_out_w_m2k": h_ce, "terrain": terrain,
                  "interior_convection": interior_convection, "exterior_convection": exterior_convection,
                  "weather": weather.source},
    )
