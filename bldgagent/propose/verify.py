"""Physics verification of a change set and the health constraints a proposal must keep.

A proposal is re-run with the physics fast path (:class:`bldgagent.variants.VariantEvaluator`: the same numbers as
:func:`bldgagent.assess` of the changed building) and checked room by room against the baseline:

- no room's thermal, air or light concept score falls by more than ``margin`` points (0-100 scale);
- a room that passes the free-running overheating criteria in the baseline still passes them (CIBSE TM52:2013 -
  not overheating; CIBSE TM59:2017 - pass, where it applies);
- a room whose daylight reaches at least the EN 17037:2018 minimum level in the baseline still reaches it.
"""
from __future__ import annotations

import math
from typing import Any, Mapping

import pandas as pd

#: Concepts whose room scores must not fall by more than the margin (the issue's default constraints).
GUARDED_CONCEPTS = ("thermal", "air", "light")
#: Default largest fall of a room's concept score, points of 100: one scoring step of the health engine's
#: 0-100 items is 5 points or more (bldgagent/data/health mapping), so a smaller fall is within one item's rounding.
DEFAULT_MARGIN = 5.0
#: The EN 17037:2018 minimum level's rank in the health engine's ``en17037_level_rank`` metric (none 0, minimum 1).
EN17037_MINIMUM_RANK = 1.0


def physics(evaluator, changes: Mapping[str, Any]):
    """The :class:`~bldgagent.assess.Assessment` of ``changes`` applied to the evaluator's building."""
    from ..design import apply, energy_options_for

    eo = energy_options_for(dict(changes))
    return evaluator.evaluate(building=apply(evaluator.building, dict(changes)), energy_options=eo or None)


def room_table(assessment) -> pd.DataFrame:
    """Per room (index ``space_id``): concept scores, TM52 overheating, TM59 pass and the EN 17037 level rank."""
    h = assessment.health
    if h is None:    # no room to score (health not assessed): no room constraint to keep
        return pd.DataFrame(columns=["room", "en17037_level_rank"], index=pd.Index([], name="space_id"))
    frame = h.to_frame().set_index("space_id")
    # the rooms' EN 17037 items read directly (not through items_frame(), one frame per room: 0.1-0.3 s a run)
    by_room = {r.name: _rank(i.value) for r in h.scores.rooms for i in r.items if i.metric == "en17037_level_rank"}
    frame["en17037_level_rank"] = [by_room.get(room) for room in frame["room"]]
    return frame


def _rank(value: Any) -> float:
    """A score item's value as a number (NaN when it has none), as ``pd.to_numeric(errors="coerce")`` reads it."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def violations(base_rooms: pd.DataFrame, rooms: pd.DataFrame, margin: float) -> list[str]:
    """The constraints ``rooms`` break against ``base_rooms`` (one line each, naming room and figure)."""
    return [message for _, _, message in _room_breaks(base_rooms, rooms, margin)]


#: Shortfall points a broken pass/fail criterion (TM52, TM59, EN 17037 minimum) counts in :func:`room_shortfalls`:
#: as much as a concept score falling by two scoring steps of 5 points beyond the margin (the repair's yardstick of
#: how far a change set is from passing; it ranks trials, it is not a health figure).
FLAG_SHORTFALL_POINTS = 10.0


def room_shortfalls(base_rooms: pd.DataFrame, rooms: pd.DataFrame, margin: float) -> dict[str, float]:
    """Per room (space_id) breaking a constraint of :func:`violations`: how far it is from passing, in score points
    (concept falls beyond ``margin`` summed, :data:`FLAG_SHORTFALL_POINTS` per broken pass/fail criterion)."""
    out: dict[str, float] = {}
    for sid, points, _ in _room_breaks(base_rooms, rooms, margin):
        out[sid] = out.get(sid, 0.0) + points
    return out


def _room_breaks(base_rooms: pd.DataFrame, rooms: pd.DataFrame, margin: float):
    """Each constraint ``rooms`` break against ``base_rooms``: ``(space_id, shortfall points, message)``; the one
    rule set :func:`violations` words and :func:`room_shortfalls` measures."""
    for sid, b in base_rooms.iterrows():
        if sid not in rooms.index:
            yield sid, FLAG_SHORTFALL_POINTS, f"room {b['room']}: not scored after the change"
            continue
        r = rooms.loc[sid]
        for c in GUARDED_CONCEPTS:
            if _num(b.get(c)) is not None and _num(r.get(c)) is not None and r[c] < b[c] - margin:
                yield (sid, float(b[c]) - margin - float(r[c]),
                       f"room {b['room']}: {c} score {r[c]:.1f} < baseline {b[c]:.1f} - {margin:g}")
        if _flag(b.get("free_running_tm52_overheating")) is False and _flag(r.get("free_running_tm52_overheating")):
            yield (sid, FLAG_SHORTFALL_POINTS,
                   f"room {b['room']}: overheats by CIBSE TM52 (free-running), the baseline does not")
        if _flag(b.get("free_running_tm59_pass")) and _flag(r.get("free_running_tm59_pass")) is False:
            yield (sid, FLAG_SHORTFALL_POINTS,
                   f"room {b['room']}: fails CIBSE TM59 (free-running), the baseline passes")
        lb, lr = _num(b.get("en17037_level_rank")), _num(r.get("en17037_level_rank"))
        if lb is not None and lb >= EN17037_MINIMUM_RANK and (lr is None or lr < EN17037_MINIMUM_RANK):
            yield (sid, FLAG_SHORTFALL_POINTS,
                   f"room {b['room']}: daylight below the EN 17037 minimum level, the baseline reaches it")


def _flag(x: Any) -> bool | None:
    """A pass/fail cell as True/False (None when missing)."""
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return None
    return bool(x)


def _num(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def figures(assessment) -> dict[str, Any]:
    """The figures of a ``physics``/``baseline`` block (docs/propose-json.md) from an Assessment."""
    c, e, h = assessment.carbon, assessment.energy, assessment.health
    hl = assessment.headline()
    rooms = h.to_frame() if h is not None else pd.DataFrame()
    concepts = {k: _area_mean(rooms, k) for k in ("thermal", "air", "light", "acoustic", "materials")}
    worst = None
    if len(rooms) and rooms["overall"].notna().any():
        w = rooms.loc[rooms["overall"].astype(float).idxmin()]
        worst = {"room": w["room"], "space_id": w["space_id"], "overall": float(w["overall"])}
    unc = c.uncertainty.get("total_a1_c4") if len(c.uncertainty or {}) else None
    gfa = float(c.gfa_m2)
    return {
        "whole_life_kgco2e_m2": {"en15978": hl["whole_life_en15978_kgco2e_m2"],
                                 "gbt51366": hl["gbt51366_total_kgco2e_m2"]},
        "upfront_a1_a5_kgco2e_m2": hl["upfront_a1_a5_kgco2e_m2"],
        "embodied_kgco2e_m2": hl["embodied_kgco2e_m2"],
        "operational_b6_kgco2e_m2": hl["b6_kgco2e_m2"],
        "module_d_kgco2e_m2": hl["module_d_en15978_kgco2e_m2"],
        "energy_kwh_m2": hl["final_energy_kwh_m2"],
        "energy_by_end_use_kwh": {k: v["final_kwh"] for k, v in e.by_end_use.items()},
        "heating_demand_kwh": float(e.heating_kwh), "cooling_demand_kwh": float(e.cooling_kwh),
        "health_score": h.overall if h is not None else None,
        "health_by_concept": concepts,
        "worst_room": worst,
        "monte_carlo_whole_life_kgco2e_m2": None if not unc else {k: unc[k] / gfa for k in ("p5", "p50", "p95")},
        "reference_area": {"name": "gross floor area", "value_m2": gfa, "source": c.gfa_source},
    }


def _area_mean(rooms: pd.DataFrame, col: str) -> float | None:
    """Floor-area weighted mean of a concept score over the rooms that have it."""
    if col not in rooms or not len(rooms):
        return None
    sel = rooms[[col, "floor_area_m2"]].apply(pd.to_numeric, errors="coerce").dropna()
    if sel.empty or sel["floor_area_m2"].sum() <= 0:
        return None
    return float((sel[col] * sel["floor_area_m2"]).sum() / sel["floor_area_m2"].sum())
