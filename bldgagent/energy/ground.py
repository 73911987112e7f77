"""Ground temperature under floors: the undisturbed periodic soil temperature at a depth.

Method: the annual first harmonic of the hourly outdoor air temperature (mean, amplitude, phase) is
propagated into a semi-infinite soil by the periodic heat-conduction solution (Carslaw & Jaeger 1959, ch. 2.6;
Kusuda & Achenbach 1965): amplitude damped by ``exp(-z / delta)`` and lagged by ``z / delta`` radians, with
the periodic penetration depth ``delta = sqrt(lambda * P / (pi * rho * c))``. Default soil: ISO 13370:2017
Table 7 category 2 (sand or gravel), ``lambda = 2.0 W/(m K)``, ``rho c = 2.0e6 J/(m3 K)``, which is also the
standard's default when the soil is unknown; this gives ``delta = 3.2 m`` (ISO 13370 Table 7).
"""
from __future__ import annotations

import numpy as np

from ..errors import InputValueError

__all__ = ["SOIL_CONDUCTIVITY_W_MK", "SOIL_HEAT_CAPACITY_J_M3K", "ground_temperature_c", "penetration_depth_m"]

#: ISO 13370:2017 Table 7, category 2 (sand or gravel), default for unknown soil.
SOIL_CONDUCTIVITY_W_MK = 2.0
SOIL_HEAT_CAPACITY_J_M3K = 2.0e6
_YEAR_S = 365.0 * 86400.0


def penetration_depth_m(conductivity_w_mk: float = SOIL_CONDUCTIVITY_W_MK,
                        heat_capacity_j_m3k: float = SOIL_HEAT_CAPACITY_J_M3K) -> float:
    """Periodic penetration depth of the annual cycle, m: ``sqrt(lambda * P / (pi * rho c))``."""
    if conductivity_w_mk <= 0 or heat_capacity_j_m3k <= 0:
        raise InputValueError("soil conductivity_w_mk and heat_capacity_j_m3k must be > 0")
    return float(np.sqrt(conductivity_w_mk * _YEAR_S / (np.pi * heat_capacity_j_m3k)))


def ground_temperature_c(temp_air_c, depth_m: float = 1.0, conductivity_w_mk: float = SOIL_CONDUCTIVITY_W_MK,
                         heat_capacity_j_m3k: float = SOIL_HEAT_CAPACITY_J_M3K) -> np.ndarray:
    """Hourly undisturbed soil temperature at ``depth_m`` from an hourly air temperature year, deg C.

    ``T(z, t) = T_mean + A exp(-z/delta) cos(w t - phi - z/delta)`` with ``T_mean``, ``A``, ``phi`` the
    annual mean and first harmonic of ``temp_air_c`` (least squares over the year).
    """
    t_air = np.asarray(temp_air_c, dtype=float)
    if t_air.ndim != 1 or t_air.size < 24 * 28 or not np.isfinite(t_air).all():
        raise InputValueError("ground_temperature_c needs a finite hourly air temperature year (1-D array)")
    if depth_m < 0:
        raise InputValueError(f"depth_m must be >= 0, got {depth_m}")
    n = t_air.size
    omega_t = 2.0 * np.pi * np.arange(n) / n
    mean = t_air.mean()
    a = 2.0 / n * np.sum((t_air - mean) * np.cos(omega_t))
    b = 2.0 / n * np.sum((t_air - mean) * np.sin(omega_t))
    amp = np.hypot(a, b)
    phase = np.arctan2(b, a)
    delta = penetration_depth_m(conductivity_w_mk, heat_capacity_j_m3k)
    return mean + amp * np.exp(-depth_m / delta) * np.cos(omega_t - phase - depth_m / delta)
