"""Moist-air relations used by the weather readers and generators (vectorised, SI / degC / %).

Saturation vapour pressure over water from the Magnus form with the coefficients of Alduchov & Eskridge
(1996), "Improved Magnus form approximation of saturation vapor pressure", J. Appl. Meteor. 35: 601-609
(A = 17.625, B = 243.04 degC, C = 610.94 Pa; within 0.4 % of the reference between -40 and 50 degC).
"""
from __future__ import annotations

import numpy as np

MAGNUS_A = 17.625
MAGNUS_B_C = 243.04
MAGNUS_C_PA = 610.94


def saturation_vapour_pressure_pa(temp_c):
    """Saturation vapour pressure over water in Pa at ``temp_c`` (degC), Magnus / Alduchov & Eskridge 1996."""
    t = np.asarray(temp_c, dtype=float)
    return MAGNUS_C_PA * np.exp(MAGNUS_A * t / (t + MAGNUS_B_C))


def relative_humidity_pct(temp_c, temp_dew_c):
    """Relative humidity in % from dry-bulb and dew-point temperatures (degC); 100 where dew point >= air."""
    rh = 100.0 * saturation_vapour_pressure_pa(temp_dew_c) / saturation_vapour_pressure_pa(temp_c)
    return np.minimum(rh, 100.0)


def dew_point_c(temp_c, relative_humidity_pct):
    """Dew-point temperature in degC from dry-bulb (degC) and relative humidity (%, > 0), inverse Magnus."""
    rh = np.clip(np.asarray(relative_humidity_pct, dtype=float), 1e-3, 100.0)
    t = np.asarray(temp_c, dtype=float)
    gamma = np.log(rh / 100.0) + MAGNUS_A * t / (t + MAGNUS_B_C)
    return MAGNUS_B_C * gamma / (MAGNUS_A - gamma)
