"""Rooftop photovoltaics: hourly AC yield from plane-of-array irradiance, and netting against the load.

The chain is NREL's PVWatts as implemented in pvlib: cell temperature from a pvlib temperature model
(Sandia/King et al. 2004 by default, "close_mount_glass_glass" for modules close to a roof; Faiman
2008 as an option), DC power ``pvlib.pvsystem.pvwatts_dc`` (linear temperature coefficient),
system losses (a single fraction, 14 % by default as in PVWatts), and AC power
``pvlib.inverter.pvwatts`` (part-load efficiency curve, clipping at the inverter's AC rating). The
defaults and their sources are in ``data/energy/pv_defaults.csv``.

Inputs are plain arrays: the plane-of-array irradiance comes from
``bldgagent.climate.solar.surface_irradiance(weather, tilt_deg, azimuth_deg)``; hourly values are
hour means (W/m2), so W x 1 h = Wh.

Example
-------
>>> import numpy as np
>>> res = pv_generation(np.full(24, 500.0), np.full(24, 20.0), 1.0, kwp=1.0)
>>> round(res.annual_ac_kwh, 2)  # 24 h at 500 W/m2: see tests for the hand calculation
9.2
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from .._data import read_csv
from ..errors import InputValueError
from ..results import Result, dict_html

__all__ = ["PV_DEFAULTS", "pv_defaults", "pv_generation", "PVResult", "pv_self_consumption", "PVBalance", "MOUNTINGS"]

#: pvlib SAPM parameter sets by mounting (King et al. 2004, SAND2004-3535, Table 1).
MOUNTINGS = {
    "close_mount": "close_mount_glass_glass",
    "open_rack": "open_rack_glass_glass",
    "insulated_back": "insulated_back_glass_polymer",
}


@lru_cache(maxsize=1)
def pv_defaults() -> dict[str, Any]:
    """Packaged PV defaults (``data/energy/pv_defaults.csv``): parameter -> value."""
    frame = read_csv("energy/pv_defaults.csv", required=("parameter", "value", "unit", "source"))
    out: dict[str, Any] = {}
    for rec in frame.itertuples(index=False):
        try:
            out[rec.parameter] = float(rec.value)
        except ValueError:
            out[rec.parameter] = str(rec.value)
    return out


PV_DEFAULTS = pv_defaults


@dataclass
class PVResult(Result):
    """Hourly PV output. Energies in kWh per time step (hourly data: kWh per hour)."""

    ac_kwh: np.ndarray
    dc_kwh: np.ndarray
    temp_cell_c: np.ndarray
    poa_global_w_m2: np.ndarray
    kwp: float
    parameters: dict[str, Any]
    index: pd.DatetimeIndex | None = None

    @property
    def annual_ac_kwh(self) -> float:
        """Sum of the AC energy over the series (kWh; a full year gives the annual yield)."""
        return float(np.sum(self.ac_kwh))

    @property
    def specific_yield_kwh_kwp(self) -> float:
        """AC energy per kWp installed (kWh/kWp)."""
        return self.annual_ac_kwh / self.kwp

    @property
    def performance_ratio(self) -> float:
        """AC energy / (kWp x plane-of-array irradiation in kWh/m2 at 1 kW/m2): IEC 61724-1 style PR."""
        irradiation = float(np.sum(self.poa_global_w_m2)) / 1000.0
        return math.nan if irradiation <= 0 else self.annual_ac_kwh / (self.kwp * irradiation)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"poa_global_w_m2": self.poa_global_w_m2, "temp_cell_c": self.temp_cell_c,
                             "dc_kwh": self.dc_kwh, "ac_kwh": self.ac_kwh},
                            index=self.index if self.index is not None else pd.RangeIndex(len(self.ac_kwh)))

    def _data(self) -> dict[str, Any]:
        """Annual figures; ``performance_ratio`` is None without irradiation (NaN in the property)."""
        return {"kwp": self.kwp, "annual_ac_kwh": self.annual_ac_kwh, "annual_dc_kwh": float(np.sum(self.dc_kwh)),
                "specific_yield_kwh_kwp": self.specific_yield_kwh_kwp,
                "performance_ratio": self.performance_ratio,
                "max_temp_cell_c": float(np.max(self.temp_cell_c)) if len(self.temp_cell_c) else None,
                "parameters": dict(self.parameters)}

    def _html_title(self) -> str:
        return "PV generation"

    def _html_body(self) -> str:
        d = self.to_dict()
        return dict_html(d) + dict_html(d["parameters"], caption="Parameters")


def _arr(name: str, value: Any, n: int | None, lo: float, hi: float) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if arr.ndim > 1:
        raise InputValueError(f"{name} must be a number or a 1-D array")
    if n is not None and arr.ndim == 1 and len(arr) != n:
        raise InputValueError(f"{name} has {len(arr)} values but poa_global_w_m2 has {n}")
    if np.any(~np.isfinite(arr)):
        raise InputValueError(f"{name} has NaN or infinite values; fill gaps in the weather first")
    if np.any(arr < lo) or np.any(arr > hi):
        raise InputValueError(f"{name} outside its physical range [{lo:g}, {hi:g}] (min {arr.min():g}, max {arr.max():g})")
    return np.broadcast_to(arr, (n,)).copy() if n is not None else arr


def pv_generation(
    poa_global_w_m2: Any,
    temp_air_c: Any,
    wind_speed_m_s: Any = 1.0,
    *,
    kwp: float | None = None,
    area_m2: float | None = None,
    module_efficiency: float | None = None,
    system_losses: float | None = None,
    inverter_efficiency: float | None = None,
    dc_ac_ratio: float | None = None,
    gamma_pdc: float | None = None,
    mounting: str = "close_mount",
    temperature_model: str = "sapm",
    index: pd.DatetimeIndex | None = None,
) -> PVResult:
    """Hourly AC energy (kWh) of a PV array with the PVWatts model in pvlib.

    Size by ``kwp`` (DC nameplate at STC) or by module ``area_m2`` (kWp = area x efficiency x 1 kW/m2).
    ``poa_global_w_m2``: plane-of-array global irradiance, hour means; ``temp_air_c``, ``wind_speed_m_s``:
    arrays of the same length or numbers. ``system_losses``: DC losses fraction (PVWatts 0.14).
    ``inverter_efficiency``: PVWatts nominal inverter efficiency (0.96); the AC rating is
    ``kwp / dc_ac_ratio``. ``gamma_pdc``: power temperature coefficient, 1/K. ``temperature_model``:
    ``"sapm"`` (mounting ``close_mount``/``open_rack``/``insulated_back``) or ``"faiman"``
    (pvlib defaults u0 = 25, u1 = 6.84). Unset arguments take the packaged defaults.
    """
    import pvlib  # deferred: pvlib (and the scipy and HTTP stack it imports) loads on first use
    d = pv_defaults()
    module_efficiency = d["module_efficiency"] if module_efficiency is None else float(module_efficiency)
    system_losses = d["system_losses"] if system_losses is None else float(system_losses)
    inverter_efficiency = d["inverter_efficiency"] if inverter_efficiency is None else float(inverter_efficiency)
    dc_ac_ratio = d["dc_ac_ratio"] if dc_ac_ratio is None else float(dc_ac_ratio)
    gamma_pdc = d["gamma_pdc"] if gamma_pdc is None else float(gamma_pdc)
    if not 0.01 <= module_efficiency <= 0.5:
        raise InputValueError(f"module_efficiency={module_efficiency!r} must be a fraction in [0.01, 0.5] (0.21 = 21 %)")
    if not 0.0 <= system_losses < 1.0:
        raise InputValueError(f"system_losses={system_losses!r} must be a fraction in [0, 1) (0.14 = 14 %)")
    if not 0.5 <= inverter_efficiency <= 1.0:
        raise InputValueError(f"inverter_efficiency={inverter_efficiency!r} must be a fraction in [0.5, 1]")
    if not 0.5 <= dc_ac_ratio <= 3.0:
        raise InputValueError(f"dc_ac_ratio={dc_ac_ratio!r} must lie in [0.5, 3]")
    if not -0.01 <= gamma_pdc <= 0.0:
        raise InputValueError(f"gamma_pdc={gamma_pdc!r} must lie in [-0.01, 0] per K (-0.0037 = -0.37 %/K)")
    if (kwp is None) == (area_m2 is None):
        raise InputValueError("give exactly one of kwp (kW peak) or area_m2 (module area)")
    if kwp is None:
        if not 0 < float(area_m2) < 1e7:
            raise InputValueError(f"area_m2={area_m2!r} must be a positive module area in m2")
        kwp = float(area_m2) * module_efficiency
    kwp = float(kwp)
    if not 0 < kwp < 1e6:
        raise InputValueError(f"kwp={kwp!r} must be positive (kW peak at STC)")

    poa = np.atleast_1d(np.asarray(poa_global_w_m2, dtype=float))
    n = len(poa)
    poa = _arr("poa_global_w_m2", poa, n, -5.0, 1600.0)
    poa = np.maximum(poa, 0.0)  # small negative night values from transposition round-off
    t_air = _arr("temp_air_c", temp_air_c, n, -60.0, 60.0)
    wind = _arr("wind_speed_m_s", wind_speed_m_s, n, 0.0, 60.0)
    if index is not None and len(index) != n:
        raise InputValueError(f"index has {len(index)} entries but poa_global_w_m2 has {n}")

    if temperature_model == "sapm":
        if mounting not in MOUNTINGS:
            raise InputValueError(f"mounting must be one of {', '.join(MOUNTINGS)}, got {mounting!r}")
        params = pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"][MOUNTINGS[mounting]]
        temp_cell = pvlib.temperature.sapm_cell(poa, t_air, wind, params["a"], params["b"], params["deltaT"])
        model_label = f"sapm:{MOUNTINGS[mounting]}"
    elif temperature_model == "faiman":
        temp_cell = pvlib.temperature.faiman(poa, t_air, wind)
        model_label = "faiman:u0=25,u1=6.84"
    else:
        raise InputValueError(f"temperature_model must be 'sapm' or 'faiman', got {temperature_model!r}")
    temp_cell = np.asarray(temp_cell, dtype=float)

    pdc0_w = kwp * 1000.0
    pdc = np.asarray(pvlib.pvsystem.pvwatts_dc(poa, temp_cell, pdc0_w, gamma_pdc), dtype=float)
    pdc = np.maximum(pdc, 0.0) * (1.0 - system_losses)
    pac0_w = pdc0_w / dc_ac_ratio
    pac = np.asarray(pvlib.inverter.pvwatts(pdc, pac0_w / inverter_efficiency, eta_inv_nom=inverter_efficiency,
                                            eta_inv_ref=d["inverter_efficiency_ref"]), dtype=float)
    pac = np.maximum(pac, 0.0)
    return PVResult(
        ac_kwh=pac / 1000.0, dc_kwh=pdc / 1000.0, temp_cell_c=temp_cell, poa_global_w_m2=poa, kwp=kwp,
        parameters={"module_efficiency": module_efficiency, "system_losses": system_losses,
                    "inverter_efficiency": inverter_efficiency, "dc_ac_ratio": dc_ac_ratio, "gamma_pdc": gamma_pdc,
                    "temperature_model": model_label, "area_m2": None if area_m2 is None else float(area_m2)},
        index=index,
    )


@dataclass
class PVBalance(Result):
    """Hour-by-hour netting of PV against an electricity load (kWh per step)."""

    load_kwh: np.ndarray
    pv_kwh: np.ndarray
    self_consumed_kwh: np.ndarray
    exported_kwh: np.ndarray
    imported_kwh: np.ndarray
    index: pd.Index | None = None

    @property
    def self_consumption_ratio(self) -> float:
        """Share of the PV energy used on site (self-consumed / generated)."""
        total = float(np.sum(self.pv_kwh))
        return math.nan if total <= 0 else float(np.sum(self.self_consumed_kwh)) / total

    @property
    def self_sufficiency_ratio(self) -> float:
        """Share of the load covered by PV (self-consumed / load); also called autarky."""
        total = float(np.sum(self.load_kwh))
        return math.nan if total <= 0 else float(np.sum(self.self_consumed_kwh)) / total

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"load_kwh": self.load_kwh, "pv_kwh": self.pv_kwh, "self_consumed_kwh": self.self_consumed_kwh,
                             "exported_kwh": self.exported_kwh, "imported_kwh": self.imported_kwh},
                            index=self.index if self.index is not None else pd.RangeIndex(len(self.load_kwh)))

    def _data(self) -> dict[str, Any]:
        """Sums over the series (kWh) and the two ratios (None when their denominator is 0)."""
        return {"load_kwh": float(np.sum(self.load_kwh)), "pv_kwh": float(np.sum(self.pv_kwh)),
                "self_consumed_kwh": float(np.sum(self.self_consumed_kwh)), "exported_kwh": float(np.sum(self.exported_kwh)),
                "imported_kwh": float(np.sum(self.imported_kwh)),
                "self_consumption_ratio": self.self_consumption_ratio,
                "self_sufficiency_ratio": self.self_sufficiency_ratio}

    def _html_title(self) -> str:
        return "PV balance"


def pv_self_consumption(load_kwh: Any, pv_kwh: Any, index: pd.Index | None = None) -> PVBalance:
    """Net PV against an electricity load hour by hour (no battery).

    ``self_consumed = min(load, pv)``, ``exported = pv - self_consumed``, ``imported = load -
    self_consumed``, all per step. ``load_kwh`` is typically ``FinalEnergy.electricity_kwh`` and
    ``pv_kwh`` ``PVResult.ac_kwh``; both arrays of the same length. Hourly netting matters: annual
    netting would hide the exports at noon and the imports at night.
    """
    load = np.atleast_1d(np.asarray(load_kwh, dtype=float))
    pv = np.atleast_1d(np.asarray(pv_kwh, dtype=float))
    if load.ndim != 1 or pv.ndim != 1 or len(load) != len(pv):
        raise InputValueError(f"load_kwh and pv_kwh must be 1-D arrays of equal length (got {load.shape} and {pv.shape})")
    for name, arr in (("load_kwh", load), ("pv_kwh", pv)):
        if np.any(~np.isfinite(arr)) or np.any(arr < 0):
            raise InputValueError(f"{name} must be finite and >= 0 kWh per step")
    own = np.minimum(load, pv)
    return PVBalance(load_kwh=load, pv_kwh=pv, self_consumed_kwh=own, exported_kwh=pv - own, imported_kwh=load - own,
                     index=index)
