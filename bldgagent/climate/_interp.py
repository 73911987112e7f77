"""Mean-preserving interpolation of 12 monthly values to 365 daily values (non-leap year).

The daily curve is periodic and piecewise linear between knots at the middle of each month; the knot values
are solved from a 12 x 12 linear system so that the average of the daily curve over each month equals the
monthly value exactly (the idea of Rymes M, Myers D (2001) "Mean preserving algorithm for smoothly
interpolating averaged data", Solar Energy 71: 225-231, here with linear pieces).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
#: Month (1-12) of each day of a non-leap year.
MONTH_OF_DAY = np.repeat(np.arange(1, 13), DAYS_IN_MONTH)


@lru_cache(maxsize=1)
def _matrices() -> tuple[np.ndarray, np.ndarray]:
    start = np.concatenate([[0], np.cumsum(DAYS_IN_MONTH)[:-1]])
    mid = start + DAYS_IN_MONTH / 2.0
    x = np.arange(365) + 0.5  # day centres
    knots = np.concatenate([mid - 365.0, mid, mid + 365.0])
    knot_month = np.tile(np.arange(12), 3)
    j = np.searchsorted(knots, x) - 1
    t = (x - knots[j]) / (knots[j + 1] - knots[j])
    weights = np.zeros((365, 12))
    np.add.at(weights, (np.arange(365), knot_month[j]), 1.0 - t)
    np.add.at(weights, (np.arange(365), knot_month[j + 1]), t)
    month_mean = np.zeros((12, 365))
    month_mean[MONTH_OF_DAY - 1, np.arange(365)] = 1.0
    month_mean /= DAYS_IN_MONTH[:, None]
    solve = np.linalg.inv(month_mean @ weights)
    return weights @ solve, month_mean


def daily_from_monthly(monthly) -> np.ndarray:
    """365 daily values whose monthly means equal ``monthly`` (12 values, or an array 12 x k) exactly."""
    op, _ = _matrices()
    return op @ np.asarray(monthly, dtype=float)


def monthly_mean_of_daily(daily) -> np.ndarray:
    """Monthly means (12) of 365 daily values (or of an array 365 x k)."""
    _, mm = _matrices()
    return mm @ np.asarray(daily, dtype=float)
