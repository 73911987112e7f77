"""Hourly results of the thermal engine per zone."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ...model import Diagnostics
from ...results import Result, frame_html

from .specs import BALANCE_TERMS


class Balance(Mapping):
    """The balance terms of a :class:`ThermalResult` by name, each ``(n_zones, n_hours)`` W. A term given as a tuple
    of the zones' rows (rows the run's inputs hold anyway: the zones' internal gains, the solar rows of their
    templates) is stacked on each access instead of being held as a copy (0.14 MB per zone and year for the two)."""

    def __init__(self, terms: dict):
        self._terms = dict(terms)

    def __getitem__(self, key: str) -> np.ndarray:
        value = self._terms[key]
        if isinstance(value, tuple):
            out = np.empty((len(value), value[0].shape[0]) if value else (0, 0))
            for i, row in enumerate(value):
                out[i] = row
            return out
        return value

    def __iter__(self):
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)


@dataclass(repr=False)
class ThermalResult(Result):
    """Hourly results per zone, arrays shaped ``(n_zones, n_hours)``.

    ``heating_w`` / ``cooling_w`` (both >= 0, hour means), ``air_temp_c``, ``mean_radiant_temp_c`` (the star
    node: inside surface temperatures weighted by their long-wave conductances), ``operative_temp_c`` (mean of
    the two, ISO 7730 for air speeds below 0.2 m/s) and ``balance[term]`` in W, heat *into* the zone positive:
    transmission (conduction through the envelope incl. sky long-wave), ventilation (infiltration +
    mechanical), solar (absorbed in the zone's constructions and air, incl. the outside of opaque surfaces),
    internal, interzone (heat from the other zones of the call through shared partitions and exchanged air; 0
    for uncoupled zones; sums to zero over the zones), hvac and storage (rate of change of the stored heat).
    ``transmission + ventilation + solar + internal + interzone + hvac = storage`` every hour.
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
    window_open: np.ndarray | None = field(default=None, repr=False)   # 0/1 per zone and hour, with window control

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
        return sum(b[k] for k in BALANCE_TERMS if k != "storage" and k in b) - b["storage"]

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

    def _data(self) -> dict[str, Any]:
        """Annual results per zone, settings and diagnostics (strict JSON through :meth:`Result.to_dict`)."""
        return {"zones": self.summary().to_dict(orient="records"), "settings": dict(self.settings),
                "diagnostics": self.diagnostics.to_list()}

    def _html_title(self) -> str:
        return f"ThermalResult: {len(self.zone_names)} zones, {self.heating_w.shape[1]} h"

    def _html_body(self) -> str:
        return frame_html(self.summary()[["zone", "heating_kwh", "cooling_kwh", "peak_heating_w", "peak_cooling_w",
                                          "min_operative_c", "max_operative_c"]])

    def __repr__(self) -> str:
        return (f"ThermalResult({len(self.zone_names)} zones, {self.heating_w.shape[1]} h, "
                f"heating {self.annual_heating_kwh().sum():.0f} kWh, cooling {self.annual_cooling_kwh().sum():.0f} kWh)")




@dataclass(repr=False)
class OperativeResult(Result):
    """The hourly operative temperature per zone of a run kept only for it (the free-running building that the health
    engine's overheating risk and the surrogate's free-running targets read), shaped ``(n_zones, n_hours)``, deg C,
    in float64 as simulated. Made by :meth:`from_thermal`, which drops the run's other hourly rows (heat flows,
    air and radiant temperatures, window states: about ten rows per zone) to bound an assessment's memory."""

    zone_names: list[str]
    floor_area_m2: np.ndarray
    index: pd.DatetimeIndex
    operative_temp_c: np.ndarray
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    settings: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_thermal(cls, thermal: ThermalResult) -> "OperativeResult":
        """The operative temperatures of ``thermal`` (a copy, so the run's other rows can be freed)."""
        op = np.array(thermal.operative_temp_c, dtype=float, copy=True)
        op.setflags(write=False)
        return cls(list(thermal.zone_names), thermal.floor_area_m2, thermal.index, op, thermal.diagnostics,
                   dict(thermal.settings))

    def summary(self) -> pd.DataFrame:
        """Per zone: floor area, minimum and maximum operative temperature, hours above 26 and 28 C."""
        op = self.operative_temp_c
        return pd.DataFrame({"zone": self.zone_names, "floor_area_m2": self.floor_area_m2,
                             "min_operative_c": op.min(axis=1), "max_operative_c": op.max(axis=1),
                             "hours_operative_above_26c": (op > 26.0).sum(axis=1),
                             "hours_operative_above_28c": (op > 28.0).sum(axis=1)})

    def to_frame(self) -> pd.DataFrame:
        """Hourly operative temperature, one column per zone."""
        return pd.DataFrame(self.operative_temp_c.T, index=self.index, columns=self.zone_names)

    def _data(self) -> dict[str, Any]:
        return {"zones": self.summary().to_dict(orient="records"), "settings": dict(self.settings),
                "diagnostics": self.diagnostics.to_list()}

    def _html_body(self) -> str:
        return frame_html(self.summary())

    def __repr__(self) -> str:
        return f"OperativeResult({len(self.zone_names)} zones, {self.operative_temp_c.shape[1]} h)"
