"""Control decided inside the hourly loop: windows opened by a rule on the zone's previous hour (natural ventilation,
mixed mode; see :mod:`bldgagent.energy.ventilation` for the rule and its sources)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .validate import _fail


@dataclass(frozen=True)
class WindowControl:
    """Windows opened hour by hour inside the simulation (see ``kernel._step_loop_py``), in the hours a zone has
    no heating or cooling set-point.

    ``mode`` per zone: 0 no windows, 1 windows by the rule. ``open_area_m2`` per zone; ``occupied`` (zones x hours)
    > 0 where the room is occupied; ``wind_m_s`` hourly wind at building height; the opening rule and air-flow
    coefficients as in :mod:`bldgagent.energy.ventilation` (CIBSE TM59, AM10, BS 5925).
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


def no_control(nz: int) -> tuple:
    """Inert control arrays (mode 0 everywhere: the loop never reads the hourly ones)."""
    return np.zeros(nz, dtype=np.int64), np.zeros(nz), np.zeros((1, 1)), np.zeros(1), np.zeros(6)
