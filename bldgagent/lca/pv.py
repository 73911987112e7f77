"""On-site PV in the carbon account: the array's embodied carbon and where its exported electricity is counted.

**Exported electricity.** EN 15978:2011 counts in B6 the energy the building uses in operation; energy exported
beyond the system boundary is a benefit reported in module D, beside and never inside the A1-C4 total (EN 15978:2011
module D, "benefits and loads beyond the system boundary", which lists exported energy; the EN 15804+A2 /
prEN 15978-1 revision and RICS WLCA 2nd ed. (2023) call it D2, "exported utilities"). So under EN 15978 on-site PV lowers B6 only by what the building uses itself, hour by hour
(:func:`bldgagent.energy.pv.pv_self_consumption`), and the exported kWh x the grid factor go to D (negative).

GB/T 51366-2019 computes operation as C_M = [sum_i(E_i x EF_i) - C_p] x y / A, with E_i = sum_j(E_i,j - ER_i,j),
ER the energy supplied by the on-site renewable systems (clause 4.1.4 [M]); its section 4.5 gives the PV system's
annual generation E_pv for that deduction with no limit to what the building uses. bldgagent deducts the whole
generation, as GB practice does: self-consumed PV lowers the imported energy and the export is credited at the grid
factor, both inside the GB operation phase and total. ([M]: clause numbers from memory of the standard text.)

**Embodied carbon** of the array from its DC nameplate kWp (``data/lca/pv_factors.csv``, per kWp): A1-A3 of the
system (modules, mounting, cabling, inverter) when installed, B4 = the system again at each array replacement within
the study period (30-year life, N = ceil(period / life) - 1, as for materials) plus the inverter alone at its own
replacements (15-year life) that do not fall on an array replacement. GB/T 51366 counts the A1-A3 in material
production; it has no replacement phase, so B4 stays in the EN 15978 account only.
"""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from .._data import read_csv
from ..errors import DataFileError, InputValueError

__all__ = ["pv_factor", "replacement_years", "pv_embodied", "SYSTEM_FACTOR", "INVERTER_FACTOR"]

#: Factor rows of ``data/lca/pv_factors.csv``: the whole system (per kWp) and the inverter alone (per kWp).
SYSTEM_FACTOR = "pv_system_csi"
INVERTER_FACTOR = "pv_inverter"
_COLUMNS = ("id", "declared_unit", "a1a3_kgco2e", "low_kgco2e", "high_kgco2e", "service_life_years", "source")


@lru_cache(maxsize=None)
def _factors() -> dict[str, dict[str, Any]]:
    frame = read_csv("lca/pv_factors.csv", required=_COLUMNS)
    out = {}
    for rec in frame.to_dict("records"):
        for col in ("a1a3_kgco2e", "low_kgco2e", "high_kgco2e", "service_life_years"):
            if not (isinstance(rec[col], (int, float)) and math.isfinite(rec[col]) and rec[col] > 0):
                raise DataFileError(f"bldgagent/data/lca/pv_factors.csv row {rec['id']!r}: {col} must be a positive "
                                    f"number, got {rec[col]!r}")
        out[str(rec["id"])] = rec
    return out


def pv_factor(factor_id: str) -> dict[str, Any]:
    """One row of ``data/lca/pv_factors.csv`` (kgCO2e per declared unit, service life in years, source)."""
    rows = _factors()
    if factor_id not in rows:
        raise InputValueError(f"no PV factor {factor_id!r}; known: {', '.join(rows)}")
    return dict(rows[factor_id])


def replacement_years(period_years: float, life_years: float) -> list[float]:
    """Years after completion at which a part with ``life_years`` is replaced within ``period_years``: k x life for
    k >= 1 while k x life < period (so their count is ceil(period / life) - 1, the material B4 rule)."""
    out, k = [], 1
    while k * life_years < period_years - 1e-9:
        out.append(k * life_years)
        k += 1
    return out


def pv_embodied(kwp: float, period_years: float) -> dict[str, Any]:
    """Embodied carbon of a ``kwp`` (DC nameplate, kW peak at STC) PV array over ``period_years``, kgCO2e.

    ``a1a3_kgco2e`` = kWp x system factor; ``b4_kgco2e`` = kWp x (array replacements x system factor + inverter-only
    replacements x inverter factor). Example, 50 years: array replaced at 30, inverter alone at 15 and 45 (its
    replacement at 30 comes with the array): B4 = kWp x (650 + 2 x 29) = 708 kgCO2e per kWp.
    """
    if not (isinstance(kwp, (int, float)) and math.isfinite(kwp) and 0 < kwp < 1e6):
        raise InputValueError(f"pv kwp={kwp!r} must be a positive PV nameplate power in kW peak (< 1e6)")
    system, inverter = pv_factor(SYSTEM_FACTOR), pv_factor(INVERTER_FACTOR)
    array_years = replacement_years(period_years, float(system["service_life_years"]))
    inverter_years = [y for y in replacement_years(period_years, float(inverter["service_life_years"]))
                      if not any(abs(y - a) < 1e-9 for a in array_years)]
    a1a3 = kwp * float(system["a1a3_kgco2e"])
    b4_array = len(array_years) * a1a3
    b4_inverter = len(inverter_years) * kwp * float(inverter["a1a3_kgco2e"])
    return {"kwp": float(kwp), "a1a3_kgco2e": a1a3, "b4_kgco2e": b4_array + b4_inverter,
            "b4_array_kgco2e": b4_array, "b4_inverter_kgco2e": b4_inverter,
            "array_replacement_years": array_years, "inverter_replacement_years": inverter_years,
            "system_kgco2e_per_kwp": float(system["a1a3_kgco2e"]),
            "inverter_kgco2e_per_kwp": float(inverter["a1a3_kgco2e"]),
            "system_spread": (float(system["low_kgco2e"]) / float(system["a1a3_kgco2e"]),
                              float(system["high_kgco2e"]) / float(system["a1a3_kgco2e"])),
            "sources": {SYSTEM_FACTOR: str(system["source"]), INVERTER_FACTOR: str(inverter["source"])}}
