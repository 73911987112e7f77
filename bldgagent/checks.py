"""Argument checks of the public API: a wrong type or a non-number raises :class:`~bldgagent.errors.InputValueError`
naming the function, the parameter and what was expected, in one line (issue 11, item 7)."""
from __future__ import annotations

import math
import numbers
from typing import Any, Mapping

from .errors import InputValueError
from .model import Building


def require_building(value: Any, where: str, name: str = "building") -> Building:
    """``value`` if it is a :class:`~bldgagent.model.Building`, else InputValueError naming ``where(name=...)``."""
    if not isinstance(value, Building):
        raise InputValueError(f"{where}({name}={_short(value)}): expected a bldgagent.Building, got "
                              f"{type(value).__name__}; read one with bldgagent.load(path)")
    return value


def require_number(value: Any, where: str, name: str, *, low: float | None = None, high: float | None = None,
                   integer: bool = False, optional: bool = True) -> Any:
    """``value`` if it is a finite (integer) number within ``[low, high]`` (None allowed when ``optional``), else
    InputValueError naming ``where(name=...)`` and the expected range."""
    if value is None and optional:
        return value
    kind = "an integer" if integer else "a finite number"
    span = f" in [{low:g}, {high:g}]" if low is not None and high is not None else (
        f" >= {low:g}" if low is not None else (f" <= {high:g}" if high is not None else ""))
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(float(value))
    if ok and integer:
        ok = float(value) == int(value)
    if ok:
        ok = (low is None or value >= low) and (high is None or value <= high)
    if not ok:
        raise InputValueError(f"{where}({name}={_short(value)}): expected {kind}{span}"
                              + ("" if not optional else " or None"))
    return int(value) if integer else value


def require_mapping(value: Any, where: str, name: str) -> Mapping | None:
    """``value`` if None or a mapping (dict), else InputValueError naming ``where(name=...)``."""
    if value is not None and not isinstance(value, Mapping):
        raise InputValueError(f"{where}({name}={_short(value)}): expected a dict or None, got {type(value).__name__}")
    return value


def write_probe(path: Any) -> str | None:
    """Why ``path`` cannot be written as a file (the OS's reason), or None when it can. The probe opens the file for
    appending (nothing truncated) or creates and removes it, so permissions and read-only file systems count even
    for root, who passes ``os.access``."""
    existed = path.exists()
    try:
        with open(path, "ab"):
            pass
    except OSError as exc:
        return exc.strerror or str(exc)
    if not existed:
        path.unlink(missing_ok=True)
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
