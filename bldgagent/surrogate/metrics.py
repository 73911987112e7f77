"""Accuracy figures of a surrogate against the physics, as fractions (0.05 = 5 %).

R2 (coefficient of determination), CV(RMSE) = RMSE / mean(physics) and NMBE = sum(pred - physics) / (n mean(physics))
as ASHRAE Guideline 14-2014 defines them (sign: positive = the surrogate over-predicts), and the share of physics
results inside the predicted 90 % intervals.
"""
from __future__ import annotations

import numpy as np


def scores(y, pred, lo=None, hi=None) -> dict[str, float | None]:
    """``r2``, ``cv_rmse``, ``nmbe``, ``coverage_90`` (None when undefined: no rows, zero mean or variance)."""
    y, pred = np.asarray(y, dtype=float), np.asarray(pred, dtype=float)
    ok = np.isfinite(y) & np.isfinite(pred)
    y, pred = y[ok], pred[ok]
    if len(y) == 0:
        return {"r2": None, "cv_rmse": None, "nmbe": None, "coverage_90": None, "n": 0}
    mean = float(y.mean())
    ss_tot = float(((y - mean) ** 2).sum())
    rmse = float(np.sqrt(((pred - y) ** 2).mean()))
    out = {"r2": 1.0 - float(((pred - y) ** 2).sum()) / ss_tot if ss_tot > 0 else None,
           "cv_rmse": rmse / mean if abs(mean) > 1e-12 else None,
           "nmbe": float((pred - y).sum()) / (len(y) * mean) if abs(mean) > 1e-12 else None,
           "coverage_90": None, "n": int(len(y))}
    if lo is not None and hi is not None:
        lo, hi = np.asarray(lo, dtype=float)[ok], np.asarray(hi, dtype=float)[ok]
        out["coverage_90"] = float(((y >= lo - 1e-9) & (y <= hi + 1e-9)).mean())
    return out
