"""Shared helpers of the health engine: the hourly calendar, input checks, hourly result fields.

The result base class is :class:`bldgagent.results.Result` (re-exported here for the engine modules).

Hourly convention (shared with :class:`bldgagent.climate.weather.Weather`): an hourly array has 8760
values for a non-leap year; element ``i`` covers local standard time ``[i, i+1)`` hours after 1 January
00:00, i.e. the EPW row labelled ``i+1``. Hour of day ``i % 24`` is the hour the interval *starts*.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from .._data import read_csv
from ..errors import InputValueError
from ..results import Result

HOURS_PER_YEAR = 8760
DAYS_PER_YEAR = 365
#: Days per month of a non-leap year.
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def hour_of_day() -> np.ndarray:
    """Hour of day (0-23) each of the 8760 hourly values starts at."""
    return np.tile(np.arange(24, dtype=np.int8), DAYS_PER_YEAR)


def day_of_year() -> np.ndarray:
    """Day index (0-364) of each of the 8760 hourly values."""
    return np.repeat(np.arange(DAYS_PER_YEAR, dtype=np.int16), 24)


def month_of_hour() -> np.ndarray:
    """Month (1-12) of each of the 8760 hourly values (non-leap year)."""
    days = np.repeat(np.arange(1, 13, dtype=np.int8), _MONTH_DAYS)
    return np.repeat(days, 24)


def as_hourly(values: Any, name: str, entity: str | None = None, *, allow_nan: bool = False) -> np.ndarray:
    """Check and return an hourly series (8760 values, or rooms x 8760; a scalar is broadcast) as floats.

    Raises :class:`InputValueError` naming the series (and room) when the length is wrong or values
    are not finite.
    """
    where = f" of room {entity!r}" if entity else ""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputValueError(f"{name}{where} must be numeric hourly values: {exc}") from None
    if arr.ndim == 0:  # a constant: broadcast to the year
        arr = np.full(HOURS_PER_YEAR, float(arr))
    if arr.shape[-1:] != (HOURS_PER_YEAR,) or arr.ndim > 2:
        raise InputValueError(
            f"{name}{where} has shape {arr.shape}; expected {HOURS_PER_YEAR} hourly values (one non-leap "
            f"year, element i = hour [i, i+1) from 1 Jan 00:00 local standard time)"
        )
    if not allow_nan and not np.isfinite(arr).all():
        bad = int(np.flatnonzero(~np.isfinite(arr.reshape(-1, HOURS_PER_YEAR)).any(axis=0))[0])
        raise InputValueError(f"{name}{where} has a missing or non-finite value at hour index {bad}; fill it")
    return arr


def as_hourly_bool(values: Any, name: str, entity: str | None = None) -> np.ndarray:
    """Hourly boolean series; a scalar bool is broadcast to the whole year."""
    if isinstance(values, (bool, np.bool_)):
        return np.full(HOURS_PER_YEAR, bool(values))
    arr = np.asarray(values)
    if arr.shape[-1:] != (HOURS_PER_YEAR,) or arr.ndim > 2:
        where = f" of room {entity!r}" if entity else ""
        raise InputValueError(f"{name}{where} has shape {arr.shape}; expected a bool or {HOURS_PER_YEAR} values")
    return arr.astype(bool)


def check_range(value: float, name: str, lo: float, hi: float, entity: str | None = None) -> float:
    """Return ``value`` as float if ``lo <= value <= hi``, else raise :class:`InputValueError`."""
    where = f" of {entity!r}" if entity else ""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InputValueError(f"{name}{where} must be a number, got {value!r}") from None
    if not (lo <= v <= hi) or not np.isfinite(v):
        raise InputValueError(f"{name}{where} = {v:g} is outside its physical range [{lo:g}, {hi:g}]")
    return v


def table(name: str) -> pd.DataFrame:
    """A packaged health data table ``bldgagent/data/health/<name>.csv`` (every row has a ``source``)."""
    return read_csv(f"health/{name}.csv")


@lru_cache(maxsize=None)
def records(name: str) -> tuple[dict[str, Any], ...]:
    """Rows of a packaged health table as dicts (cached: the hot paths must not re-read pandas frames)."""
    return tuple(table(name).to_dict("records"))


@lru_cache(maxsize=None)
def params(name: str, key: str = "parameter", value: str = "value") -> dict[str, Any]:
    """``{key: value}`` of a packaged two-column parameter table (cached)."""
    return {r[key]: r[value] for r in records(name)}


# --- results -----------------------------------------------------------------------------------------
def hourly_field(**kwargs: Any) -> Any:
    """A dataclass field holding an hourly array: kept out of ``repr`` and ``to_dict`` (see
    :meth:`bldgagent.results.Result._data`)."""
    return dataclasses.field(repr=False, metadata={"hourly": True}, **kwargs)


__all__ = ["HOURS_PER_YEAR", "DAYS_PER_YEAR", "Result", "as_hourly", "as_hourly_bool", "check_range", "day_of_year",
           "hour_of_day", "hourly_field", "month_of_hour", "params", "records", "table"]
