"""B6 operational carbon from annual final energy by carrier.

``b6({"electricity": 42_000, "natural_gas": 8_000}, period_years=50, start_year=2026, grid="Hainan")`` sums, over
the years of the study period, energy by carrier x that carrier's factor for the year (static, linear or a user
series for the grid). It needs nothing but annual kWh by carrier, so the energy engine can call it with its results.
Negative kWh are allowed for electricity and credited at the grid factor (the GB/T 51366 operation phase nets
on-site renewables); :func:`bldgagent.lca.assess_carbon` passes only imported energy here and books the export of
on-site PV itself (:mod:`bldgagent.lca.pv`: EN 15978 module D, GB/T 51366 operation).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..errors import InputValueError
from ..results import Result, format_number, html_table
from .grid import factor_series, grid_factor, resolve_carrier, resolve_region


@dataclass
class B6Result(Result):
    """B6 over the study period: ``years`` has one row per year and carrier."""

    total_kgco2e: float
    period_years: int
    start_year: int
    region: str
    trajectory: str
    years: pd.DataFrame
    bases: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def by_carrier(self) -> dict[str, float]:
        return {k: float(v) for k, v in self.years.groupby("carrier")["kgco2e"].sum().items()}

    @property
    def annual(self) -> pd.Series:
        """kgCO2e per year (all carriers)."""
        return self.years.groupby("year")["kgco2e"].sum()

    @property
    def basis(self) -> str:
        b = set(self.bases.values())
        return b.pop() if len(b) == 1 else "mixed (" + ", ".join(f"{k}: {v}" for k, v in self.bases.items()) + ")"

    def to_frame(self) -> pd.DataFrame:
        return self.years.copy()

    def _data(self) -> dict[str, Any]:
        return {"total_kgco2e": float(self.total_kgco2e), "period_years": self.period_years,
                "start_year": self.start_year, "region": self.region, "trajectory": self.trajectory,
                "basis": self.basis, "by_carrier_kgco2e": self.by_carrier, "sources": dict(self.sources),
                "annual_kgco2e": {int(k): float(v) for k, v in self.annual.items()}}

    def _html_title(self) -> str:
        return (f"B6 operational carbon: {format_number(self.total_kgco2e / 1000, 'tCO2e')} over {self.period_years} "
                f"years from {self.start_year}, grid {self.region} ({self.trajectory}), basis {self.basis}")

    def _html_body(self) -> str:
        rows = [{"carrier": k, "total_kgco2e": v, "source": self.sources.get(k)} for k, v in self.by_carrier.items()]
        return html_table(rows, caption="By carrier over the study period")


def b6(annual_energy_by_carrier_kwh: Mapping[str, float], period_years: int = 50, start_year: int | None = None,
       grid: str = "CN", trajectory: Any = "static", carrier_factors: Mapping[str, float] | None = None) -> B6Result:
    """Operational carbon (kgCO2e or kgCO2, see ``basis``) = sum over years and carriers of kWh x factor(year).

    ``grid``: region id or name (``"CN-HI"``/``"Hainan"``, ``"EU27"``, ``"DK"``...). ``start_year``: first year
    of operation (default: the latest year with a published factor for the region). ``trajectory``: ``"static"``,
    ``"DK-BR18"``, ``{year: kg/kWh}``, ``("linear", 2060, 0.0)``, or a dict carrier -> one of these.
    ``carrier_factors``: fixed kg/kWh per carrier overriding the packaged ones.
    """
    if period_years is None or int(period_years) <= 0:
        raise InputValueError(f"period_years must be a positive number of years, got {period_years!r}")
    period_years = int(period_years)
    region = resolve_region(grid)
    if start_year is None:
        start_year = grid_factor(region).year
    years = np.arange(int(start_year), int(start_year) + period_years)
    per_carrier_traj = isinstance(trajectory, Mapping) and trajectory and all(
        isinstance(k, str) for k in trajectory)
    frames, bases, sources = [], {}, {}
    for carrier, kwh in annual_energy_by_carrier_kwh.items():
        c = resolve_carrier(carrier)
        try:
            kwh = float(kwh)
        except (TypeError, ValueError):
            raise InputValueError(f"annual energy for {carrier!r} is not a number: {kwh!r}") from None
        if not np.isfinite(kwh):
            raise InputValueError(f"annual energy for {carrier!r} is not finite: {kwh}")
        if kwh < 0 and c != "electricity":
            raise InputValueError(f"annual energy for {carrier!r} is negative ({kwh} kWh); only electricity may be "
                                  "negative (net export)")
        traj = trajectory.get(c, "static") if per_carrier_traj else (trajectory if c == "electricity" else
                                                                        (trajectory if isinstance(trajectory, str) else "static"))
        vals, basis, src = factor_series(c, years, region, traj, carrier_factors)
        bases[c], sources[c] = basis, src
        frames.append(pd.DataFrame({"year": years, "carrier": c, "energy_kwh": kwh, "kg_per_kwh": vals,
                                    "kgco2e": kwh * vals}))
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["year", "carrier", "energy_kwh", "kg_per_kwh", "kgco2e"])
    desc = trajectory if isinstance(trajectory, str) else type(trajectory).__name__
    return B6Result(float(table["kgco2e"].sum()) if len(table) else 0.0, period_years, int(start_year), region,
                    str(desc), table, bases, sources)
