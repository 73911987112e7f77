"""Thermal comfort classes of GB/T 50785-2012 (Evaluation standard for indoor thermal environment in civil
buildings), the basis of the thermal items of T/ASC 02-2021, beside the EN 16798-1 categories of
:mod:`bldgagent.health.comfort`.

- Hours with artificial heating or cooling are classed on PMV and PPD (ISO 7730 / Fanger): class I
  |PMV| <= 0.5 with PPD <= 10 %, class II |PMV| <= 1 with PPD <= 27 %, class III beyond
  (``data/health/comfort_classes_gbt50785.csv``).
- Free-running hours are classed on the adaptive predicted mean vote APMV = PMV / (1 + lambda PMV): class I
  |APMV| <= 0.5, class II |APMV| <= 1, class III beyond; lambda by region and the sign of PMV
  (``data/health/gbt50785_adaptive_coefficients.csv``): severe cold and cold regions 0.24 / -0.50, the other
  regions 0.21 / -0.49.
- The region group is the site's GB 50176-2016 zone when known (``severe_cold``/``cold`` -> ``cold``, the others
  -> ``warm``); otherwise the zone's primary indicator, the mean temperature of the coldest month: <= 0 C is a
  severe cold or cold zone (GB 50176-2016 Table 4.1.2).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from ..errors import InputValueError
from ._common import records

#: Class codes (the EN category codes of :mod:`bldgagent.health.comfort` for I/II/III and out of range).
CLASS_I, CLASS_II, CLASS_III, CLASS_OUT_OF_RANGE = 1, 2, 3, -1
CLASS_NAMES = {CLASS_I: "I", CLASS_II: "II", CLASS_III: "III", CLASS_OUT_OF_RANGE: "out_of_range"}
#: GB 50176-2016 zones of the cold group (the rest: hscw, hsww, temperate).
COLD_ZONES = ("severe_cold", "cold", "严寒", "寒冷")
#: Coldest-month mean at or below which a site without a zone is taken as cold (GB 50176-2016 Table 4.1.2).
COLD_MONTH_MAX_C = 0.0


@lru_cache(maxsize=None)
def class_limits(model: str) -> dict[str, tuple[float, float]]:
    """``{class: (index_abs_max, ppd_max_pct or inf)}`` for ``model`` ``"pmv"`` or ``"apmv"``."""
    out = {}
    for r in records("comfort_classes_gbt50785"):
        if r["model"] == model:
            ppd = r["ppd_max_pct"]
            out[str(r["class"])] = (float(r["index_abs_max"]), float(ppd) if np.isfinite(float(ppd)) else np.inf)
    return out


@lru_cache(maxsize=None)
def adaptive_coefficients(zone_group: str) -> tuple[float, float]:
    """``(lambda for PMV >= 0, lambda for PMV < 0)`` of ``zone_group`` ``"cold"`` or ``"warm"``."""
    lam = {r["pmv_sign"]: float(r["lambda"]) for r in records("gbt50785_adaptive_coefficients")
           if r["zone_group"] == zone_group}
    if set(lam) != {"warm", "cool"}:
        raise InputValueError(f"GB/T 50785 region group {zone_group!r}: use 'cold' or 'warm'")
    return lam["warm"], lam["cool"]


def zone_group(climate_zone: str | None, temp_out_c: Any = None) -> str:
    """``"cold"`` or ``"warm"``: from the GB 50176 zone, else from the coldest monthly mean of ``temp_out_c``
    (8760 hourly C), else ``"warm"``."""
    if climate_zone:
        return "cold" if str(climate_zone).strip().lower() in COLD_ZONES else "warm"
    if temp_out_c is None:
        return "warm"
    t = np.asarray(temp_out_c, dtype=float).reshape(-1)
    if t.size != 8760:
        return "warm"
    days = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]) * 24
    means = [float(m.mean()) for m in np.split(t, np.cumsum(days)[:-1])]
    return "cold" if min(means) <= COLD_MONTH_MAX_C else "warm"


def apmv(pmv: Any, group: str) -> np.ndarray:
    """APMV = PMV / (1 + lambda PMV) with lambda of ``group`` by the sign of PMV (GB/T 50785-2012 4.2)."""
    p = np.asarray(pmv, dtype=float)
    warm, cool = adaptive_coefficients(group)
    return p / (1.0 + np.where(p >= 0, warm, cool) * p)


def classes_pmv(pmv: Any, ppd_pct: Any, valid: Any) -> np.ndarray:
    """GB/T 50785 class codes of hours with heating or cooling; ``valid`` False -> out of range. A valid hour whose
    PMV is NaN (beyond the +-2 validity of the model) is class III."""
    lim = class_limits("pmv")
    a, q = np.abs(np.asarray(pmv, dtype=float)), np.asarray(ppd_pct, dtype=float)
    with np.errstate(invalid="ignore"):
        one = (a <= lim["I"][0]) & (q <= lim["I"][1])
        two = (a <= lim["II"][0]) & (q <= lim["II"][1])
    code = np.where(one, CLASS_I, np.where(two, CLASS_II, CLASS_III))
    return np.where(np.asarray(valid, dtype=bool), code, CLASS_OUT_OF_RANGE).astype(np.int8)


def classes_apmv(pmv: Any, group: str, valid: Any) -> np.ndarray:
    """GB/T 50785 class codes of free-running hours from their PMV (APMV of ``group``); NaN PMV of a valid hour
    (|PMV| > 2, so |APMV| >= 1 for every lambda) is class III."""
    lim = class_limits("apmv")
    a = np.abs(apmv(pmv, group))
    with np.errstate(invalid="ignore"):
        code = np.where(a <= lim["I"][0], CLASS_I, np.where(a <= lim["II"][0], CLASS_II, CLASS_III))
    return np.where(np.asarray(valid, dtype=bool), code, CLASS_OUT_OF_RANGE).astype(np.int8)


def class_counts(codes: np.ndarray, rooms_idx: np.ndarray, n: int) -> np.ndarray:
    """Hours per room (n x 4) of the classes I, II, III, out of range."""
    col = np.select([codes == CLASS_I, codes == CLASS_II, codes == CLASS_III], [0, 1, 2], 3)
    return np.bincount(rooms_idx * 4 + col, minlength=4 * n).reshape(n, 4)
