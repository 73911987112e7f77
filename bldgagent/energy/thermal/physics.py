"""Film coefficients, sky view, wind profile and air properties of the thermal engine (ISO 6946, TARP, DOE-2,
ASHRAE terrain profile, ISO 2533 standard atmosphere)."""
from __future__ import annotations

import math

import numpy as np

from ...climate.weather import Weather
from ...errors import InputValueError
from ..ground import SOIL_CONDUCTIVITY_W_MK, SOIL_HEAT_CAPACITY_J_M3K

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

