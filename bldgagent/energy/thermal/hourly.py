"""Hourly input rows of the engine: scalars as shared zero-stride rows, range checks, and the registry of rows
the engine made itself (read-only, safe to cache)."""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .validate import _fail


def _own(arr: np.ndarray, owned: dict) -> np.ndarray:
    """Register a row the engine derived and never changes in ``owned`` (the registry of one weather's cache entry,
    which holds the row, so its id stays valid as long as the entry); only such rows are cached by identity."""
    owned[id(arr)] = arr
    return arr


def _is_owned(arr: np.ndarray, owned: dict) -> bool:
    """True for a row the engine made and never changes: a constant row of :func:`_full` or a registered row."""
    if _is_const(arr):
        return _full_bits(arr[:1].tobytes(), arr.shape[0]) is arr
    return owned.get(id(arr)) is arr


@lru_cache(maxsize=256)
def _full_bits(bits: bytes, n: int) -> np.ndarray:
    return np.broadcast_to(np.frombuffer(bits, dtype=np.float64)[0], (n,))


def _full(value: float, n: int) -> np.ndarray:
    """A constant hourly series as a read-only zero-stride view (no memory per hour), shared per value (keyed by
    the value's bits, so NaN rows are shared too)."""
    return _full_bits(np.float64(value).tobytes(), n)


def _is_const(arr: np.ndarray) -> bool:
    return arr.ndim == 1 and arr.strides[0] == 0


def _hourly(value, n: int, where: str, allow_nan: bool = False, lo: float | None = None,
            hi: float | None = None) -> np.ndarray:
    """A scalar or ``n`` hourly values as a float array (scalars: a shared read-only array), range-checked."""
    if value is None:
        value = np.nan
    if isinstance(value, (int, float, np.integer, np.floating)):
        v = float(value)
        if not (allow_nan or not np.isnan(v)):
            _fail(where, "contains NaN; give a value for every hour")
        if np.isfinite(v):
            if not (lo is None or v >= lo):
                _fail(where, f"must be >= {lo}, got min {v:g}")
            if not (hi is None or v <= hi):
                _fail(where, f"must be <= {hi}, got max {v:g}")
        return _full(v, n)
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return _hourly(float(arr), n, where, allow_nan, lo, hi)
    arr = arr.ravel()
    if arr.size != n:
        _fail(where, f"expected a scalar or {n} hourly values, got {arr.size}")
    if not allow_nan and not (bool((~np.isnan(arr)).all())):
        _fail(where, "contains NaN; give a value for every hour")
    vals = arr[np.isfinite(arr)]
    if lo is not None and vals.size and not (bool((vals >= lo).all())):
        _fail(where, f"must be >= {lo}, got min {vals.min():g}")
    if hi is not None and vals.size and not (bool((vals <= hi).all())):
        _fail(where, f"must be <= {hi}, got max {vals.max():g}")
    return arr
