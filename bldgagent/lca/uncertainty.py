"""Monte Carlo uncertainty of a carbon result, vectorised over draws and factors.

Each factor gets one multiplicative draw per run from a triangular distribution (low, 1, high): its own range
(``unc_low``/``unc_high``) or a default by data quality (national average +/-15 %, generic +/-30 %, estimates
+/-50 %). All lines using a factor share its draw (a dataset error hits every use of the dataset). End-of-life
defaults (+/-50 %), transport (+/-30 %), site/demolition per-m2 defaults (+/-50 %) and the grid factor (+/-10 %)
get one draw each. Quantities are taken as known. Results: P5, P50, P95 and mean, fixed seed.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..results import Result, html_table
from .factors import FactorLibrary

EOL_SPREAD = (0.5, 1.5)
TRANSPORT_SPREAD = (0.7, 1.3)
SITE_SPREAD = (0.5, 1.5)
GRID_SPREAD = (0.9, 1.1)


class UncertaintyResult(Result, dict):
    """The Monte Carlo summary, a dict (``n_draws``, ``seed``, ``distribution`` and P5/P50/P95/mean in kgCO2e of
    ``total_a1_c4``, ``a1a3``, ``upfront_a1_a5``, ``gbt_total``) with the result protocol; empty when not run."""

    def _data(self) -> dict[str, Any]:
        return dict(self)

    def _html_title(self) -> str:
        if not self:
            return "Carbon uncertainty: not run (n_draws=0)"
        return f"Carbon uncertainty: {self['n_draws']} draws, seed {self['seed']}, {self['distribution']}"

    def _html_body(self) -> str:
        rows = [{"total": k, **{f"{q}_kgco2e": v for q, v in st.items()}} for k, st in self.items()
                if isinstance(st, dict)]
        return html_table(rows) if rows else ""

    def __repr__(self) -> str:
        return f"UncertaintyResult({dict.__repr__(self)})"


def _tri(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray, n: int) -> np.ndarray:
    lo, hi = np.asarray(lo, float), np.asarray(hi, float)
    same = np.isclose(lo, hi)
    draw = rng.triangular(np.where(same, lo - 1e-12, lo), np.where(same, lo, 1.0), np.where(same, hi + 1e-12, hi),
                          size=(n, lo.size))
    return draw


def monte_carlo(lines: pd.DataFrame, library: FactorLibrary, building_modules: dict[str, float],
                b6_kgco2e: float = 0.0, n_draws: int = 1000, seed: int = 0, *,
                pv: dict[str, Any] | None = None) -> UncertaintyResult:
    """P5/P50/P95 of the EN 15978 A1-C4 total (excl. D), A1-A3, upfront A1-A5 and the GB/T total.

    ``pv`` (the PV account of :mod:`bldgagent.lca.pv`): its A1-A3 and B4 get one triangular draw over the system
    factor's range (drawn after the others, so results without PV are unchanged); its export credit (GB operation
    only) shares the grid draw."""
    if n_draws <= 0:
        return UncertaintyResult()
    rng = np.random.default_rng(seed)
    ok = lines[lines["a1a3"].notna()]
    fids = ok["factor_id"].astype(str).to_numpy()
    uniq, inv = np.unique(fids, return_inverse=True)
    lo = np.array([library[f].spread[0] for f in uniq])
    hi = np.array([library[f].spread[1] for f in uniq])

    def by_factor(col: str) -> np.ndarray:
        return np.bincount(inv, weights=np.nan_to_num(ok[col].to_numpy(float)), minlength=len(uniq))

    mat = by_factor("a1a3") + by_factor("a5_waste_production")
    b4 = by_factor("b4")
    gb_credit = by_factor("gbt_recycling_credit")
    a1a3 = by_factor("a1a3")
    transport = float(np.nansum(ok["a4"]) + np.nansum(ok["c2"]) + np.nansum(ok["a5_waste_transport"]))
    eol = float(np.nansum(ok["c3"]) + np.nansum(ok["c4"]) + np.nansum(ok["a5_waste_eol"]))
    site = float(building_modules.get("A5_site", 0.0) + building_modules.get("C1", 0.0))
    mf = _tri(rng, lo, hi, n_draws)                        # (n, n_factors)
    extra = _tri(rng, np.array([TRANSPORT_SPREAD[0], EOL_SPREAD[0], SITE_SPREAD[0], GRID_SPREAD[0]]),
                 np.array([TRANSPORT_SPREAD[1], EOL_SPREAD[1], SITE_SPREAD[1], GRID_SPREAD[1]]), n_draws)
    a1a3_d = mf @ a1a3
    total = mf @ (mat + b4) + extra[:, 0] * transport + extra[:, 1] * eol + extra[:, 2] * site + extra[:, 3] * b6_kgco2e
    a4 = float(np.nansum(ok["a4"]))
    a5w = float(np.nansum(ok["a5_waste"]))
    upfront = mf @ a1a3 + extra[:, 0] * a4 + a5w * (mf @ a1a3) / max(a1a3.sum(), 1e-12) \
        + extra[:, 2] * float(building_modules.get("A5_site", 0.0))
    gb_prod = mf @ (a1a3 + by_factor("a5_waste_production") + gb_credit)
    gb = gb_prod + extra[:, 0] * float(np.nansum(ok["a4"]) + np.nansum(ok["a5_waste_transport"])) \
        + extra[:, 2] * site + extra[:, 3] * b6_kgco2e

    if pv and (pv.get("a1a3_kgco2e") or pv.get("export_credit_kgco2e")):
        spread = pv.get("system_spread", (1.0, 1.0))
        draw = _tri(rng, np.array([spread[0]]), np.array([spread[1]]), n_draws)[:, 0]
        a1a3_pv, b4_pv = float(pv.get("a1a3_kgco2e", 0.0)), float(pv.get("b4_kgco2e", 0.0))
        a1a3_d = a1a3_d + draw * a1a3_pv
        total = total + draw * (a1a3_pv + b4_pv)
        upfront = upfront + draw * a1a3_pv
        gb = gb + draw * a1a3_pv + extra[:, 3] * float(pv.get("export_credit_kgco2e", 0.0))

    def stats(x: np.ndarray) -> dict[str, float]:
        p5, p50, p95 = np.percentile(x, [5, 50, 95])
        return {"p5": float(p5), "p50": float(p50), "p95": float(p95), "mean": float(x.mean())}

    return UncertaintyResult({"n_draws": int(n_draws), "seed": int(seed),
                              "distribution": "triangular(low, 1, high) per factor", "total_a1_c4": stats(total),
                              "a1a3": stats(a1a3_d), "upfront_a1_a5": stats(upfront), "gbt_total": stats(gb)})
