"""Compact views of an assessment for an agent: ``summary`` (bounded size on any model), ``rooms`` and ``full``.

A summary holds fixed-size parts only (headline, settings, EN 15978 modules, energy by end use, concept scores,
the five lowest-scoring rooms, the first warnings), so its compact JSON stays under
:data:`SUMMARY_MAX_BYTES` whatever the model's size; per-room tables come with ``detail="rooms"``.
"""
from __future__ import annotations

import json
import math
from typing import Any

from ..results import jsonable

#: Size a summary must stay under, bytes of compact JSON: about 5 000 tokens, a small share of an LLM's context.
SUMMARY_MAX_BYTES = 20_000
#: Warnings and rooms listed in a summary, and characters kept of each warning.
MAX_WARNINGS, MAX_WORST_ROOMS, MAX_WARNING_CHARS = 10, 5, 240
DETAILS = ("summary", "rooms", "full")
SIGNIFICANT_DIGITS = 6


def rounded(value: Any) -> Any:
    """``value`` made JSON-ready with floats cut to 6 significant digits (NaN/inf -> None)."""
    value = jsonable(value)
    if isinstance(value, float):
        return float(f"{value:.{SIGNIFICANT_DIGITS}g}") if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    return value


def compact_size(data: Any) -> int:
    """Bytes of ``data`` as compact JSON (UTF-8), the measure of the summary limit."""
    return len(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def warnings_digest(result: Any) -> dict[str, Any]:
    """Count and the first warnings of a result, each cut to a readable length."""
    warnings = list(result._warnings()) if result is not None else []
    cut = [w if len(w) <= MAX_WARNING_CHARS else w[:MAX_WARNING_CHARS - 1] + "…" for w in warnings[:MAX_WARNINGS]]
    return {"count": len(warnings), "first": cut}


def energy_digest(energy: Any) -> dict[str, Any]:
    """Annual energy: demand and final energy by end use, by carrier, per m2, peaks (kWh, kWh/m2, kW)."""
    data = energy.to_dict()
    keep = ("heating_kwh", "cooling_kwh", "floor_area_m2", "by_end_use", "by_carrier", "per_m2", "reference_area",
            "peaks_kw", "weather", "coverage")
    return rounded({k: data.get(k) for k in keep})


def carbon_digest(carbon: Any) -> dict[str, Any]:
    """Whole-life carbon: totals, EN 15978 modules and GB/T 51366 phases (kgCO2e, per m2), coverage, uncertainty."""
    data = carbon.to_dict()
    modules = [{k: row.get(k) for k in ("module", "kgco2e", "kgco2e_per_m2", "in_total")} for row in data["en15978"]]
    phases = [{k: row.get(k) for k in ("phase", "kgco2e", "kgco2e_per_m2")} for row in data.get("gbt51366") or []]
    top = sorted(data.get("by_category") or [], key=lambda r: -(r.get("a1a3") or 0))[:5]
    return rounded({
        "method": data.get("method"), "period_years": data.get("period_years"),
        "gross_floor_area_m2": data.get("gross_floor_area_m2"), "factor_sets": data.get("factor_sets"),
        "totals": data.get("totals"), "en15978": modules, "gbt51366": phases,
        "top_categories_a1a3_kgco2e": [{"category": r["category"], "a1a3": r.get("a1a3"), "mass_kg": r.get("mass_kg")}
                                       for r in top],
        "coverage": {k: data["coverage"].get(k) for k in ("mass_share_matched", "volume_share_matched", "lines",
                                                           "lines_matched")},
        "uncertainty": data.get("uncertainty"),
    })


def health_digest(health: Any) -> dict[str, Any]:
    """Health: overall and concept scores (0-100), overheating count, and the lowest-scoring rooms."""
    if health is None:
        return {"assessed": False}
    rooms = health.to_frame()
    worst = rooms.sort_values("overall").head(MAX_WORST_ROOMS) if "overall" in rooms else rooms.head(0)
    cols = [c for c in ("room", "usage", "floor_area_m2", "overall", "thermal", "air", "light", "acoustic", "materials")
            if c in worst]
    risk = health.overheating
    flags = risk["tm52_overheating"].dropna() if len(risk) and "tm52_overheating" in risk else []
    return rounded({
        "overall": health.overall,
        "concepts": {c: s.score for c, s in health.scores.concepts.items()},
        "rooms_scored": int(len(rooms)),
        "rooms_overheating_free_running": int(sum(bool(x) for x in flags)),
        "lowest_rooms": worst[cols].to_dict("records"),
    })


def rooms_table(health: Any) -> list[dict[str, Any]]:
    """One row per room: name, usage, area, overall and concept scores, free-running overheating figures."""
    if health is None:
        return []
    frame = health.to_frame()
    return rounded(frame.to_dict("records"))


def assessment_summary(a: Any) -> dict[str, Any]:
    """The bounded summary of an :class:`~bldgagent.assess.Assessment` (see the module docstring)."""
    return {
        "headline": rounded(a.headline()),
        "settings": rounded(a.settings),
        "model_lacks": [d.message[:MAX_WARNING_CHARS] for d in a.completeness.findings][:MAX_WARNINGS],
        "energy": energy_digest(a.energy),
        "carbon": carbon_digest(a.carbon),
        "health": health_digest(a.health),
        "warnings": warnings_digest(a),
    }
