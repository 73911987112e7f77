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
boundary flows + gains) closes to round-off. Hourly inputs are rows shared by zones and cached per
weather year by its content (irradiance per orientation, window solar per orientation and glazing, forced
convection per orientation and height; :mod:`bldgagent._cache`, nothing is stored on the ``Weather``).

Speed (no approximation: the same equations, equal to the straightforward per-chain loop to round-off). The
chains of a zone run in *lanes* of blocks of 8: per step one scalar pass per block gathers each lane's hourly
inputs and looks up the cube roots of the natural-convection temperature differences and the glazing gap
conductance (tables); the coefficients, the chain eliminations, the zone sums and the recovery with up to four
interior modes are written as loops over the lanes of a block with every quantity in its own contiguous run of 8
values, which the compiler turns into 4-wide SIMD instructions without run-time alias checks (further modes in
extension rows). A zone's lanes (its *template*) are built once per weather and settings and reused while the
zone's specification is unchanged (compared by value); zones with hourly arrays are assembled every call.

Modules (one job each): :mod:`.physics` (film coefficients, sky, wind, air), :mod:`.specs` (zone, surface and window
specifications), :mod:`.validate` (their checks), :mod:`.hourly` (hourly rows), :mod:`.network` (construction chains,
shortwave and long-wave exchange constants), :mod:`.inputs` (weather-derived rows and their cache), :mod:`.assembly`
(one zone's chains), :mod:`.layout` (array layout of the loop), :mod:`.templates` (zone templates and the plan of a
loop call), :mod:`.control` (windows opened in the loop), :mod:`.coupling` (heat exchange between zones:
shared partitions, air), :mod:`.kernel` (the compiled loop, the only module
importing numba), :mod:`.result`
(:class:`ThermalResult`) and :mod:`.run` (:func:`simulate`).
"""
from __future__ import annotations

from .physics import (CP_AIR, DEFAULT_CENTROID_HEIGHT_M, H_CE_DEFAULT, H_CI_DOWN, H_CI_HORIZONTAL, H_CI_UP, H_R0_IN,
                      H_R0_OUT, MOWITT_LEEWARD, MOWITT_WINDWARD, R_AIR, ROUGHNESS, SKY_SPLIT, SOIL_LAYER, TERRAINS,
                      _G_TIE, _h_ci, _sky_view, air_heat_capacity_j_m3k, doe2_convection_w_m2k,
                      exterior_convection_w_m2k, natural_convection_w_m2k, wind_height_factor)
from .specs import (BOUNDARIES, EXTERIOR_CONVECTION, INTERIOR_CONVECTION, SurfaceSpec, WindowSpec, ZoneSpec,
                    _r_film_in, _r_film_out)
from .control import WindowControl
from .result import BALANCE_TERMS, OperativeResult, ThermalResult
from .layout import _B_IN, _B_N, _B_NX, _B_X0, _LANES
from .network import _chain_modal, _chain_nodes, _chain_template
from .validate import _validate_zone
from .assembly import _assemble_zone
from .templates import _plan, _zone_template
from .inputs import _weather_inputs
from .run import simulate

__all__ = [
    "BOUNDARIES", "SurfaceSpec", "WindowSpec", "WindowControl", "ZoneSpec", "ThermalResult", "OperativeResult", "simulate", "air_heat_capacity_j_m3k",
    "BALANCE_TERMS", "TERRAINS", "ROUGHNESS", "INTERIOR_CONVECTION", "EXTERIOR_CONVECTION",
    "exterior_convection_w_m2k", "natural_convection_w_m2k", "doe2_convection_w_m2k", "wind_height_factor",
]

#: Names of the compiled loop, imported on first use (importing the specifications does not import numba).
_KERNEL_NAMES = ("_step_loop", "_step_loop_py")


def __getattr__(name: str):
    if name in _KERNEL_NAMES:
        from . import kernel

        return getattr(kernel, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
