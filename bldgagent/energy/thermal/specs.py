"""Zone, surface and window specifications of the thermal engine (plain data, no IFC)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .physics import H_CE_DEFAULT, H_CI_HORIZONTAL, H_R0_IN, H_R0_OUT, _h_ci

BOUNDARIES = ("outdoor", "ground", "adiabatic", "adjacent", "internal", "zone")
BALANCE_TERMS = ("transmission", "ventilation", "solar", "internal", "interzone", "hvac", "storage")
INTERIOR_CONVECTION = ("tarp", "iso6946", "fixed")
EXTERIOR_CONVECTION = ("doe2", "iso6946")
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
    interior film), ``"internal"`` (both faces in the zone: a partition or intermediate floor, thermal mass) or
    ``"zone"`` (a partition or floor shared with the zone named ``adjacent_zone``, simulated in the same call: its
    outer face lies in that zone, with that zone's air, long-wave star and shortwave; give it in one of the two
    zones only, layers from the other zone's side; see :mod:`.coupling`).
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
    adjacent_zone: str | None = None

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
    top (needs ``height_m``, the window's height), infinitely wide unless ``overhang_left_m`` /
    ``overhang_right_m`` give how far it reaches beyond the window's left / right edge (seen from outside), and
    side fins ``fin_left_depth_m`` / ``fin_right_depth_m`` deep, ``fin_offset_m`` from the window's edges, reaching
    ``fin_above_m`` above its top (finite overhangs and fins need ``width_m``). They shade the beam hour by hour and
    the sky diffuse by view factor (:mod:`bldgagent.energy.shading`); vertical windows.

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
    width_m: float | None = None
    overhang_left_m: float | None = None
    overhang_right_m: float | None = None
    fin_left_depth_m: float = 0.0
    fin_right_depth_m: float = 0.0
    fin_offset_m: float = 0.0
    fin_above_m: float = 0.0


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
    ``interzone_air_m3_h`` maps the names of other zones of the same call to the air exchanged with each, m3/h
    flowing each way (e.g. through an open door); a pair given in both zones counts twice.
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
    interzone_air_m3_h: dict[str, float] | None = None
    #: Faces of other zones' ``"zone"`` surfaces that lie in this zone, as set by :func:`.coupling.couple` (name,
    #: area m2, tilt deg, solar absorptance, emissivity): they take their share of this zone's shortwave.
    neighbour_faces: tuple = field(default=(), repr=False)

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
    if s.boundary == "zone":     # the face in the other zone: fixed film (the override, or by orientation)
        hc = s.h_conv_in_w_m2k if s.h_conv_in_w_m2k is not None else _h_ci(180.0 - s.tilt_deg)
        return 1.0 / (hc + s.inside_emissivity * H_R0_IN)
    return 0.0
