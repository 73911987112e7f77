"""Long-wave sky radiation and cloud cover (vectorised).

- Sky emissivity: Clark G, Allen C (1978) "The estimation of atmospheric radiation for clear and cloudy
  skies", Proc. 2nd National Passive Solar Conference, 675-678; the form used by EnergyPlus to fill a
  missing horizontal infrared field (EnergyPlus Engineering Reference, "Sky Radiation Modeling"):
  ``eps = (0.787 + 0.764 ln(T_dew / 273)) (1 + 0.0224 N - 0.0035 N^2 + 0.00028 N^3)``, ``T_dew`` in K,
  ``N`` the opaque sky cover in tenths.
- Cloud cover from the clear-sky index: the form of Kasten F, Czeplak G (1980) "Solar and terrestrial
  radiation dependent on the amount and type of cloud", Solar Energy 24: 177-189,
  ``G / G_clear = 1 - A (N / N_max)^B`` (their A = 0.75, B = 3.4 for Hamburg), inverted, with A and B
  refitted by least squares to daily means of the observed opaque sky cover against the daily clear-sky
  index (pvlib Ineichen, Linke 3) of the Denver TMY3 and Aachen TMYx files: A = 0.82, B = 2.09 (RMSE 1.5
  tenths; the original coefficients give RMSE 2.1 and +1.3 tenths bias on the same days). The CSWD files'
  sky cover is unrelated to their irradiance and was not used.
"""
from __future__ import annotations

import numpy as np

#: Stefan-Boltzmann constant, W/(m2 K4) (CODATA 2018).
STEFAN_BOLTZMANN = 5.670374419e-8
KELVIN = 273.15


def sky_emissivity(temp_dew_c, opaque_sky_cover_tenths):
    """Effective sky emissivity (-) from the dew point (degC) and opaque sky cover (0-10), Clark & Allen 1978."""
    n = np.clip(np.asarray(opaque_sky_cover_tenths, dtype=float), 0.0, 10.0)
    tdew_k = np.asarray(temp_dew_c, dtype=float) + KELVIN
    clear = 0.787 + 0.764 * np.log(tdew_k / 273.0)
    return np.clip(clear * (1.0 + 0.0224 * n - 0.0035 * n**2 + 0.00028 * n**3), 0.0, 1.0)


def sky_infrared_w_m2(temp_air_c, temp_dew_c, opaque_sky_cover_tenths):
    """Horizontal infrared irradiance from the sky (W/m2): ``eps_sky * sigma * T_air^4`` (Clark & Allen 1978)."""
    t_k = np.asarray(temp_air_c, dtype=float) + KELVIN
    return sky_emissivity(temp_dew_c, opaque_sky_cover_tenths) * STEFAN_BOLTZMANN * t_k**4


#: Coefficients of the cloud-cover relation ``k = 1 - A (N/10)^B`` (see module docstring).
CLOUD_A = 0.82
CLOUD_B = 2.09


def cloud_cover_tenths(clear_sky_index, a: float = CLOUD_A, b: float = CLOUD_B):
    """Opaque sky cover (tenths, 0-10) implied by the daily ratio of global to clear-sky global irradiation.

    Inverse of ``k = 1 - a (N/10)^b`` (Kasten & Czeplak 1980 form, refitted): ``k >= 1`` gives 0,
    ``k <= 1 - a`` gives 10.
    """
    k = np.clip(np.asarray(clear_sky_index, dtype=float), 1.0 - a, 1.0)
    return 10.0 * ((1.0 - k) / a) ** (1.0 / b)
