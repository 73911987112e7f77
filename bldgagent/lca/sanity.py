"""Whole-building sanity of a carbon result and the reference area of every per-m2 figure.

Checks (ranges and sources in ``plausible_ranges.csv``): A1-A3 per m2 of GFA for the building type (RIBA 2030, LETI,
DGNB/BNB and CABR literature), GFA per storey against the footprint, and material volume per m2 of GFA. A value
outside its range gives a warning naming the largest contributors, and ``coverage["trust"]`` says the result is not
to be trusted as is (with every reason). A floor area below :data:`MIN_CREDIBLE_GFA_M2`, or one the reader flagged
with an error, is no reference: per-m2 figures are None and a diagnostic says why.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._data import read_csv
from ..model import Building, Diagnostics

if TYPE_CHECKING:  # pragma: no cover
    from .results import CarbonResult

#: Name of the reference area of every per-m2 carbon figure.
REFERENCE_AREA = "gross floor area (GFA, ISO 9836)"
#: Below 1 m2 a "floor area" is a modelling artefact (a structure-only model, a unit error), not a building's GFA.
MIN_CREDIBLE_GFA_M2 = 1.0
#: Below these shares of matched volume or with more than this share at low confidence the result needs review.
MIN_VOLUME_SHARE_MATCHED = 0.9
MAX_LOW_CONFIDENCE_SHARE = 0.5


@lru_cache(maxsize=1)
def plausible_ranges() -> pd.DataFrame:
    """Plausible ranges by check and building type, with units and sources."""
    return read_csv("lca/plausible_ranges.csv", required=("check", "building_type", "low", "high", "unit", "source"))


def _range(check: str, building_type: str) -> dict[str, Any]:
    """The plausible range of ``check`` for ``building_type`` (else ``other`` / ``*``), a fresh dict."""
    return dict(_range_row(check, building_type))


@lru_cache(maxsize=64)
def _range_row(check: str, building_type: str) -> dict[str, Any]:
    """:func:`_range`, looked up once per check and type (the table is packaged; every carbon result is checked)."""
    t = plausible_ranges()
    rows = t[(t["check"] == check) & t["building_type"].isin([building_type, "other", "*"])]
    exact = rows[rows["building_type"] == building_type]
    return (exact if len(exact) else rows).iloc[0].to_dict()


def building_type(building: Building) -> str:
    """'residential', 'office' or 'other': the usage group with the largest net floor area of the spaces."""
    area: dict[str, float] = {}
    for s in building.spaces:
        u = str(getattr(s, "usage", "") or "")
        group = "residential" if u.startswith("residential") else "office" if u.startswith("office") else "other"
        area[group] = area.get(group, 0.0) + float(getattr(s, "net_floor_area_m2", None) or 0.0)
    return max(area, key=area.get) if area and max(area.values()) > 0 else "other"


#: Diagnostics of the reader (:mod:`bldgagent.ifc.floor_area`) that say the model has no credible floor area.
READER_NO_FLOOR_AREA = ("no_floor_area", "no_credible_floor_area")


def reference_area(gfa_m2: float | None, source: str, building: Building, diags: Diagnostics) -> dict[str, Any]:
    """The reference area of per-m2 figures: its name, value (None if not credible), source and why not."""
    flagged = [] if source == "given" else [  # a floor area the caller gives overrules what the model lacks
        d for d in building.diagnostics if d.code in READER_NO_FLOOR_AREA
        or (d.level == "error" and ("gfa" in d.code or "floor_area" in d.code))]
    why = None
    if gfa_m2 is None:
        why = "no gross floor area in the model; pass gfa_m2="
    elif gfa_m2 < MIN_CREDIBLE_GFA_M2:
        why = (f"the gross floor area found ({gfa_m2:.3g} m2, {source}) is below {MIN_CREDIBLE_GFA_M2:g} m2: not a "
               "building's floor area (structure-only model or unit error); pass gfa_m2=")
    elif flagged and source != "given":  # a floor area the user gave overrides the reader's flags
        why = f"the reader flagged the floor area: {flagged[0].message}; pass gfa_m2="
    if why:
        diags.add("warning", "no_intensity", f"totals only, no per-m2 figures: {why}")
    return {"name": REFERENCE_AREA, "value_m2": None if why else gfa_m2, "found_m2": gfa_m2, "source": source,
            "why_no_intensity": why}


def _footprint_m2(building: Building) -> tuple[float | None, int]:
    """Area of the floor slabs of the lowest storey that has any, and the number of storeys with elements."""
    by_storey: dict[Any, float] = {}
    for e in building.elements:
        if e.kind in ("slab", "floor") and e.area_m2:
            by_storey[e.storey_id] = by_storey.get(e.storey_id, 0.0) + float(e.area_m2)
    n = len({e.storey_id for e in building.elements if e.storey_id is not None}) or len(building.storeys)
    if not by_storey:
        return None, n
    elev = {s.global_id: (s.elevation_m if s.elevation_m is not None else 0.0) for s in building.storeys}
    lowest = min(by_storey, key=lambda k: elev.get(k, 0.0))
    return by_storey[lowest], n


def _contributors(result: "CarbonResult", n: int = 3) -> str:
    lines = result.lines[result.lines["a1a3"].notna()]
    if lines.empty:
        return "no matched material"
    total = float(lines["a1a3"].sum()) or 1.0
    g = lines.groupby(["material", "category"], dropna=False)["a1a3"].sum().sort_values(ascending=False).head(n)
    return "; ".join(f"{m!r} ({c}) {100 * v / total:.0f} %" for (m, c), v in g.items())


def check_result(result: "CarbonResult", building: Building) -> dict[str, Any]:
    """Run the whole-building checks, add warnings to ``result.diagnostics`` and return ``coverage["trust"]``."""
    btype = building_type(building)
    reasons: list[str] = []
    checks: dict[str, Any] = {}
    gfa = result.gfa_m2
    volume = float(result.lines.loc[~result.lines["is_opening"] & ~result.lines["is_derived"],
                                    "volume_m3"].fillna(0.0).sum())
    footprint, n_storeys = _footprint_m2(building)
    values = {
        "a1a3_per_m2": result.modules["A1-A3"] / gfa if gfa else None,
        "gfa_per_storey_over_footprint": (gfa / n_storeys / footprint) if gfa and footprint and n_storeys else None,
        "volume_per_m2_gfa": volume / gfa if gfa and volume else None,
    }
    for check, value in values.items():
        rng = _range(check, btype)
        ok = None if value is None else bool(rng["low"] <= value <= rng["high"])
        checks[check] = {"value": value, "low": float(rng["low"]), "high": float(rng["high"]), "unit": rng["unit"],
                         "building_type": btype, "passed": ok, "source": rng["source"]}
        if ok is False:
            reasons.append(check)
            result.diagnostics.add("warning", f"implausible_{check}", f"{check.replace('_', ' ')} = {value:.3g} "
                                   f"{rng['unit']} is outside the plausible {rng['low']:g}-{rng['high']:g} for a "
                                   f"{btype} building ({rng['source']}); largest contributors: "
                                   f"{_contributors(result)}: review them before using the result")
    cov = result.coverage
    why = [f"{c.replace('_', ' ')} outside its plausible range" for c in reasons]
    if cov.get("volume_share_matched", 1.0) < MIN_VOLUME_SHARE_MATCHED:
        reasons.append("volume_share_matched")
        why.append(f"only {100 * cov['volume_share_matched']:.0f} % of the volume is matched "
                   f"(< {100 * MIN_VOLUME_SHARE_MATCHED:.0f} %)")
    if cov.get("volume_share_low_confidence", 0.0) > MAX_LOW_CONFIDENCE_SHARE:
        reasons.append("volume_share_low_confidence")
        why.append(f"{100 * cov['volume_share_low_confidence']:.0f} % of the volume is matched at confidence < 0.5 "
                   "(assumed from placeholder names, densities or generic build-ups)")
    if any(d.code == "implausible_material" for d in result.diagnostics):
        reasons.append("implausible_material")
        why.append("implausible material assignments were replaced by generic build-ups")
    if result.reference_area.get("why_no_intensity"):
        reasons.append("no_intensity")
        why.append("no credible floor area")
    return {"as_is": not reasons, "reasons": reasons, "checks": checks,
            "note": "trust the result as is" if not reasons else
            "not to be trusted as is: " + "; ".join(why) + " (see diagnostics)"}
