"""Health scores 0-100 per concept (thermal, air, light, acoustic, materials), per room and building.

Every point is a :class:`ScoreItem`: a metric computed by the engines, compared with a threshold from
``data/health/score_items.csv`` (with its source), mapped to a WELL v2 feature and a T/ASC 02-2021
category. A concept's score is 100 x points / maximum points over the items that apply to the room.
A concept is *not assessed* (score None, with the reason) when its inputs are missing or one of its
core items cannot be evaluated; nothing is ever filled in. The building score of a concept is the
floor-area-weighted mean over the rooms where it was assessed, reported with its area coverage. The
overall score is the weighted mean of the assessed concepts (equal weights, ``score_rules.csv``).
The mapping onto WELL v2 and T/ASC 02 is indicative (which feature a metric informs), not a
prediction of certification points.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..errors import InputValueError
from ..model import Diagnostic, Diagnostics
from ..results import format_number, frame_html
from ._common import HOURS_PER_YEAR, Result, as_hourly, as_hourly_bool, month_of_hour, params, records
from .acoustics import AcousticResult, assess_acoustics
from .air import AirResult, MaterialFlag, assess_air, co2_hourly_ppm, material_emission_flags
from . import gbt50785
from .comfort import ComfortResult, mean_radiant_temp_c, running_mean_outdoor_c, thermal_comfort_many, usage_profile
from .daylight import AverageDaylightFactor, DaylightMethod, DaylightResult
from .inputs import RoomInput, SiteInput
from .overheating import TM52Result, TM59Result, night_hours, tm52_many, tm59, tm59_of

CONCEPTS = ("thermal", "air", "light", "acoustic", "materials")
#: Frameworks the thermal concept is scored in, side by side (items by the ``framework`` column of
#: ``score_items.csv``): EN 16798-1 categories (WELL v2) and GB/T 50785-2012 classes (T/ASC 02-2021).
COMFORT_FRAMEWORKS = {"en16798": "EN 16798-1 / WELL v2", "gbt50785": "GB/T 50785-2012 / T/ASC 02-2021"}
#: Country spellings taken as China (ISO 3166 alpha-2/alpha-3, English and Chinese names): the headline thermal
#: score follows GB/T 50785 there, EN 16798-1 elsewhere.
CHINA = ("CN", "CHN", "CHINA", "中国", "PRC")
_OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "==": operator.eq}
_LEVEL_RANK = {"none": 0, "minimum": 1, "medium": 2, "high": 3}
_VENT_RANK = {"I": 1, "II": 2, "III": 3, "below_III": 4}


class _NA:
    """Metric does not apply to this room (e.g. TM59 for an office)."""

    def __init__(self, reason: str):
        self.reason = reason


class _Missing:
    """Metric could not be computed (input missing or model invalid)."""

    def __init__(self, reason: str):
        self.reason = reason


@dataclass
class ScoreItem(Result):
    """One scored criterion: ``points`` of ``max_points`` because ``value`` ``comparison`` ``threshold``.

    ``status``: ``"scored"``, ``"not_applicable"`` (excluded from the maximum) or ``"not_assessed"``.
    """

    concept: str
    item_id: str
    metric: str
    value: float | None
    comparison: str
    threshold: float
    points: float
    max_points: float
    status: str
    description: str
    source: str
    well_v2: str
    tasc02: str
    note: str | None = None


@dataclass
class ConceptScore(Result):
    """Score of one concept for a room or the building (None when not assessed, with ``reason``)."""

    concept: str
    assessed: bool
    score: float | None
    points: float
    max_points: float
    reason: str | None
    well_v2_concept: str
    well_v2_features: str
    tasc02_category: str
    tasc02_topic: str
    coverage_area_share: float | None = None


@dataclass
class RoomHealthResult(Result):
    """Health result of one room: concept scores, the scored items and the engine results behind them."""

    name: str
    usage: str
    floor_area_m2: float | None
    overall: float | None
    concepts: dict[str, ConceptScore]
    items: list[ScoreItem]
    comfort: ComfortResult | None = None
    tm52: TM52Result | None = None
    tm59: TM59Result | None = None
    daylight: DaylightResult | None = None
    air: AirResult | None = None
    acoustics: AcousticResult | None = None
    material_flags: list[MaterialFlag] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    overall_reason: str | None = None
    #: framework of ``concepts["thermal"]`` (a key of :data:`COMFORT_FRAMEWORKS`) and the thermal score in each
    comfort_framework: str = "en16798"
    thermal_by_framework: dict[str, ConceptScore] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """One row per score item."""
        return pd.DataFrame([dict(room=self.name, **i.to_dict()) for i in self.items])

    def concepts_frame(self) -> pd.DataFrame:
        return pd.DataFrame([c.to_dict() for c in self.concepts.values()])

    def _html_title(self) -> str:
        return f"{self.name} ({self.usage}): overall health score {_fmt(self.overall)}"

    def _html_body(self) -> str:
        cols = ["concept", "score", "reason", "well_v2_concept", "tasc02_category"]
        return frame_html(self.concepts_frame()[cols], caption="Concept scores (0-100; - = not assessed)")


@dataclass
class BuildingHealthResult(Result):
    """Health of a building: area-weighted concept scores, overall score, and every room's result."""

    name: str | None
    overall: float | None
    concepts: dict[str, ConceptScore]
    rooms: list[RoomHealthResult]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    comfort_framework: str = "en16798"
    thermal_by_framework: dict[str, ConceptScore] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """One row per room: usage, floor area, each concept score and the overall score."""
        rows = []
        for r in self.rooms:
            row = {"room": r.name, "usage": r.usage, "floor_area_m2": r.floor_area_m2}
            row.update({c: r.concepts[c].score for c in CONCEPTS})
            row["overall"] = r.overall
            row["overall_reason"] = r.overall_reason
            rows.append(row)
        return pd.DataFrame(rows)

    def items_frame(self) -> pd.DataFrame:
        """Every score item of every room (the full audit trail)."""
        frames = [r.to_frame() for r in self.rooms]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def mapping_frame(self) -> pd.DataFrame:
        """Building concept scores side by side with the WELL v2 and T/ASC 02-2021 categories."""
        return pd.DataFrame([c.to_dict() for c in self.concepts.values()])

    def _html_title(self) -> str:
        return f"{self.name or 'Building'}: overall health score {_fmt(self.overall)}"

    def _html_body(self) -> str:
        cols = ["concept", "score", "coverage_area_share", "reason", "well_v2_concept", "tasc02_category"]
        return (frame_html(self.mapping_frame()[cols], caption="Building concept scores (0-100, floor-area weighted)")
                + frame_html(self.to_frame(), caption="Rooms (scores 0-100; - = not assessed)"))


def _fmt(x: float | None) -> str:
    return "not assessed" if x is None else f"{format_number(x)} / 100"


def _score(value: float) -> float:
    """A score clipped to its range [0, 100] (float sums can land at 100.00000000000001)."""
    return float(np.clip(value, 0.0, 100.0))


# --- metrics ---------------------------------------------------------------------------------------------
def _usage_row(usage: str) -> dict[str, Any]:
    return usage_profile(usage)


def _applies(applies_to: str, usage: str, urow: dict[str, Any]) -> bool:
    if applies_to == "*":
        return True
    if applies_to == "habitable":
        return bool(urow["daylight_habitable"])
    if applies_to == "dwelling":
        return bool(urow["dwelling"])
    return usage in applies_to.split(";")


def _thermal_inputs_reason(room: RoomInput, site: SiteInput | None) -> str | None:
    missing = [
        n for n in ("operative_temp_c", "occupancy", "conditioned", "relative_humidity_pct") if getattr(room, n) is None
    ]
    if site is None or site.temp_out_c is None:
        missing.append("site.temp_out_c")
    return f"missing input(s): {', '.join(missing)}" if missing else None


def _air_inputs_reason(room: RoomInput) -> str | None:
    missing = [n for n in ("occupancy", "ventilation_l_s", "volume_m3") if getattr(room, n) is None]
    return f"missing input(s): {', '.join(missing)}" if missing else None


#: Rooms per vectorised comfort batch: each room's hours are judged on their own, so batches give the same numbers;
#: bounding the batch bounds the hourly work arrays (about 1 MB per room) of a large building.
THERMAL_BATCH_ROOMS = 32


def _batch_thermal(rooms: Sequence[RoomInput], site: SiteInput | None, diags: list[Diagnostics],
                   gbt_group: str | None = None) -> dict[int, Any]:
    """Comfort + TM52 for every room with thermal inputs, vectorised across rooms (in batches of
    :data:`THERMAL_BATCH_ROOMS`)."""
    idx = [i for i, r in enumerate(rooms) if _thermal_inputs_reason(r, site) is None]
    out: dict[int, Any] = {}
    if not idx:
        return out
    trm = running_mean_outdoor_c(site.temp_out_c)
    for start in range(0, len(idx), THERMAL_BATCH_ROOMS):
        out.update(_thermal_rooms(rooms, idx[start:start + THERMAL_BATCH_ROOMS], site, diags, gbt_group, trm))
    return out


def _thermal_rooms(rooms: Sequence[RoomInput], idx: list[int], site: SiteInput, diags: list[Diagnostics],
                   gbt_group: str | None, trm: np.ndarray) -> dict[int, Any]:
    """Comfort + TM52 of the rooms ``idx`` (all with thermal inputs), vectorised across them."""
    out: dict[int, Any] = {}
    top = np.stack([as_hourly(rooms[i].operative_temp_c, "operative_temp_c", rooms[i].name) for i in idx])
    ta_list = []
    for k, i in enumerate(idx):
        r = rooms[i]
        if r.air_temp_c is None:
            diags[i].add(
                "warning",
                "comfort_air_temp_assumed",
                "air_temp_c not given: air and mean radiant temperature taken equal to the operative temperature",
                r.name,
            )
            ta_list.append(top[k])
        else:
            ta_list.append(as_hourly(r.air_temp_c, "air_temp_c", r.name))
    ta = np.stack(ta_list)
    rh = np.stack([as_hourly(rooms[i].relative_humidity_pct, "relative_humidity_pct", rooms[i].name) for i in idx])
    occ = np.stack([as_hourly(rooms[i].occupancy, "occupancy", rooms[i].name) > 0 for i in idx])
    cond = np.stack([as_hourly_bool(rooms[i].conditioned, "conditioned", rooms[i].name) for i in idx])
    met = np.array(
        [rooms[i].met if rooms[i].met is not None else float(_usage_row(rooms[i].usage)["met"]) for i in idx]
    )
    v = np.array([rooms[i].air_speed_m_s for i in idx])
    mrt = None
    if any(rooms[i].mean_radiant_temp_c is not None for i in idx):
        mrt = np.stack(
            [
                as_hourly(rooms[i].mean_radiant_temp_c, "mean_radiant_temp_c", rooms[i].name)
                if rooms[i].mean_radiant_temp_c is not None
                else mean_radiant_temp_c(top[k], ta[k], v[k])
                for k, i in enumerate(idx)
            ]
        )
    comfort = thermal_comfort_many(
        top,
        ta,
        rh,
        occ,
        cond,
        site.temp_out_c,
        met=met,
        clothing=site.clothing,
        air_speed_m_s=v,
        mean_radiant_temp_c=mrt,
        names=[rooms[i].name for i in idx],
        running_mean_c=trm,
        bedding_clo=[float(_usage_row(rooms[i].usage).get("sleep_bedding_clo") or 0.0) for i in idx],
        gbt_group=gbt_group,
    )
    summer = np.isin(month_of_hour(), [5, 6, 7, 8, 9])
    fr_summer = (occ & ~cond & summer).any(axis=1)
    tm52_idx = [k for k in range(len(idx)) if fr_summer[k]]
    tm52_res = (
        tm52_many(top[tm52_idx], occ[tm52_idx], running_mean_c=trm, names=[rooms[idx[k]].name for k in tm52_idx])
        if tm52_idx
        else []
    )
    tm52_by_k = dict(zip(tm52_idx, tm52_res, strict=True))
    for k, i in enumerate(idx):
        r = rooms[i]
        urow = _usage_row(r.usage)
        t59 = None
        mechanical = r.ventilation_mode == "mechanical"
        if isinstance(urow["tm59_room"], str) and urow["tm59_room"] and not mechanical and k in tm52_by_k:
            t59 = tm59_of(top[k], occ[k], urow["tm59_room"], tm52_by_k[k], r.name)   # criterion a: TM52's c1
        elif isinstance(urow["tm59_room"], str) and urow["tm59_room"]:
            t59 = tm59(
                top[k],
                occ[k],
                running_mean_c=trm,
                room_type=urow["tm59_room"],
                ventilation="mechanical" if r.ventilation_mode == "mechanical" else "natural",
                name=r.name,
            )
        rh_ok = ((rh[k] >= 30.0) & (rh[k] <= 60.0))[occ[k]]
        out[i] = dict(
            comfort=comfort[k],
            tm52=tm52_by_k.get(k),
            tm59=t59,
            humidity_share=float(rh_ok.mean()) if rh_ok.size else None,
            # TM59 criterion b judges naturally ventilated bedrooms: hours the room is cooled are judged by PMV
            night_free=int((night_hours() & ~cond[k]).sum()),
            night_above_26=int(((top[k] > 26.0) & night_hours() & ~cond[k]).sum()),
        )
    return out


def _batch_co2(rooms: Sequence[RoomInput]) -> dict[int, np.ndarray]:
    """Hourly CO2 of every room with air inputs, vectorised across rooms in batches of :data:`THERMAL_BATCH_ROOMS`
    (each room's balance is its own: the batch bounds the work arrays)."""
    every = [i for i, r in enumerate(rooms) if _air_inputs_reason(r) is None]
    out: dict[int, np.ndarray] = {}
    for start in range(0, len(every), THERMAL_BATCH_ROOMS):
        idx = every[start:start + THERMAL_BATCH_ROOMS]
        occ = np.stack([as_hourly(rooms[i].occupancy, "occupancy", rooms[i].name) for i in idx])
        vent = np.stack([as_hourly(rooms[i].ventilation_l_s, "ventilation_l_s", rooms[i].name) for i in idx])
        vol = np.array([float(rooms[i].volume_m3) for i in idx])
        co2 = co2_hourly_ppm(occ, vent, vol)
        out.update((i, co2[k]) for k, i in enumerate(idx))
    return out


def _room_metrics(
    room: RoomInput,
    site: SiteInput | None,
    thermal: dict | None,
    co2: np.ndarray | None,
    daylight_method: DaylightMethod,
    mass_law: str,
    diags: Diagnostics,
    rules: dict[str, float],
) -> tuple[dict[str, Any], dict[str, str | None], dict[str, Any]]:
    """Metric values per concept, a not-assessed reason per concept, and the engine results."""
    metrics: dict[str, Any] = {}
    reasons: dict[str, str | None] = {c: None for c in CONCEPTS}
    engines: dict[str, Any] = {}

    # thermal
    reason = _thermal_inputs_reason(room, site)
    if reason:
        reasons["thermal"] = reason
    else:
        c: ComfortResult = thermal["comfort"]
        engines.update(comfort=c, tm52=thermal["tm52"], tm59=thermal["tm59"])
        for k, v in c.flags.items():
            diags.add("warning", k, f"{v} occupied hour(s): {k.replace('_', ' ')}", room.name)
        if c.hours_occupied == 0:
            reasons["thermal"] = "no occupied hours"
        elif c.share_out_of_range > rules["thermal_max_share_out_of_range"]:
            reasons["thermal"] = (
                f"comfort models invalid for {100 * c.share_out_of_range:.0f} % of occupied hours "
                f"(see flags: {', '.join(c.flags)})"
            )
        metrics["comfort_share_within_II"] = c.share_within["II"]
        metrics["comfort_share_within_I"] = c.share_within["I"]
        metrics["gbt_share_within_II"] = c.gbt_share_within["II"]
        metrics["gbt_share_within_I"] = c.gbt_share_within["I"]
        metrics["humidity_share_30_60"] = thermal["humidity_share"]
        t52 = thermal["tm52"]
        metrics["tm52_criteria_failed"] = (
            float(t52.criteria_failed) if t52 is not None else _NA("no occupied free-running hours in May-September")
        )
        metrics["tm59_night_hours_above_26"] = (
            float(thermal["night_above_26"]) if thermal["night_free"] else _NA("cooled every night hour (judged by PMV)")
        )

    # air
    reason = _air_inputs_reason(room)
    if reason:
        reasons["air"] = reason
    else:
        a = assess_air(
            room.name,
            room.occupancy,
            room.ventilation_l_s,
            room.volume_m3,
            room.floor_area_m2,
            design_occupants=room.design_occupants,
            building_pollution=room.building_pollution,
            co2_hourly=co2,
        )
        engines["air"] = a
        if a.hours_occupied == 0:
            reasons["air"] = "no occupied hours"
        for cat in ("I", "II", "III"):
            metrics[f"co2_share_within_{cat}"] = a.co2_share_within[cat]
        metrics["ventilation_category_rank"] = (
            float(_VENT_RANK[a.ventilation_category]) if a.ventilation_category else _Missing("floor_area_m2 missing")
        )

    # light
    d = daylight_method.evaluate(room, site.median_diffuse_illuminance_lx if site else None)
    engines["daylight"] = d
    diags.extend(d.diagnostics)
    if not d.assessed:
        reasons["light"] = "; ".join(x.message for x in d.diagnostics if x.level != "info") or "daylight not assessed"
    else:
        metrics["en17037_level_rank"] = (
            float(_LEVEL_RANK[d.en17037_level])
            if d.en17037_level is not None
            else _Missing("site median diffuse illuminance missing")
        )
        metrics["window_to_floor_ratio"] = d.window_to_floor_ratio

    # acoustic
    ac = assess_acoustics(
        room, site.noise_day_db if site else None, site.noise_night_db if site else None, mass_law=mass_law
    )
    engines["acoustics"] = ac
    diags.extend(ac.diagnostics)
    if not ac.assessed:
        reasons["acoustic"] = "; ".join(x.message for x in ac.diagnostics) or "acoustics not assessed"
    else:
        for fw in ("gb50118_basic", "gb50118_high", "who1999"):
            checks = [ch for ch in ac.checks if ch["framework"] == fw]
            metrics[f"noise_margin_{fw}_db"] = (
                max(ch["indoor_db"] - ch["limit_db"] for ch in checks)
                if checks
                else _NA(f"no {fw} limit for usage {room.usage!r} with the given noise periods")
            )

    # materials
    if room.materials is None:
        reasons["materials"] = "materials of the room unknown (materials=None)"
    else:
        flags = material_emission_flags(room.materials)
        engines["material_flags"] = flags
        metrics["formaldehyde_sources_high"] = float(
            sum(f.concern == "high" and "formaldehyde" in f.pollutants for f in flags)
        )
        metrics["voc_sources_high"] = float(sum(f.concern == "high" and "VOC" in f.pollutants for f in flags))
        metrics["emission_sources_medium"] = float(sum(f.concern == "medium" for f in flags))
        for f in flags:
            diags.add(
                "warning",
                f"material_{f.category}",
                f"{f.material}: {f.label} ({f.pollutants}, {f.concern} concern); "
                f"alternative: {f.low_emission_alternative}",
                room.name,
            )
    return metrics, reasons, engines


def _score_items(
    room: RoomInput, metrics: dict[str, Any], reasons: dict[str, str | None], framework: str = "en16798"
) -> tuple[list[ScoreItem], dict[str, str | None]]:
    urow = _usage_row(room.usage)
    items: list[ScoreItem] = []
    concept_reason = dict(reasons)
    for row, base in _item_rows(framework):
        if not _applies(str(row.applies_to), room.usage, urow):
            items.append(
                ScoreItem(value=None, points=0.0, status="not_applicable", note=f"applies to {row.applies_to}", **base)
            )
            continue
        if reasons[row.concept] is not None:
            items.append(ScoreItem(value=None, points=0.0, status="not_assessed", note=reasons[row.concept], **base))
            continue
        value = metrics.get(row.metric, _Missing(f"metric {row.metric} not computed"))
        if isinstance(value, _NA):
            items.append(ScoreItem(value=None, points=0.0, status="not_applicable", note=value.reason, **base))
            continue
        if value is None or isinstance(value, _Missing):
            note = value.reason if isinstance(value, _Missing) else "metric not available"
            items.append(ScoreItem(value=None, points=0.0, status="not_assessed", note=note, **base))
            if str(row.core).lower() == "true":
                concept_reason[row.concept] = f"core item {row.item_id} ({row.metric}) not assessed: {note}"
            continue
        ok = _OPS[row.comparison](float(value), float(row.threshold))
        points = float(row.points) if ok else 0.0
        partial = getattr(row, "partial_from", None)
        if not ok and partial not in (None, "") and not (isinstance(partial, float) and np.isnan(partial)):
            # linear partial credit between partial_from (0 points) and the threshold (full points)
            lo, hi = float(partial), float(row.threshold)
            share = (float(value) - lo) / (hi - lo) if hi != lo else 0.0
            points = float(row.points) * float(np.clip(share, 0.0, 1.0))
        items.append(ScoreItem(value=float(value), points=points, status="scored", **base))
    return items, concept_reason


@lru_cache(maxsize=None)
def _item_rows(framework: str) -> tuple[tuple[Any, dict[str, Any]], ...]:
    """The rows of ``data/health/score_items.csv`` that apply to ``framework`` (or all), each with the fields every
    :class:`ScoreItem` of it carries (read once; the scoring of each room copies them)."""
    out = []
    for rec in records("score_items"):
        if str(rec.get("framework", "all")) not in ("all", framework):
            continue
        row = _Row(rec)
        out.append((row, dict(concept=row.concept, item_id=row.item_id, metric=row.metric, comparison=row.comparison,
                              threshold=float(row.threshold), max_points=float(row.points),
                              description=row.description, source=row.source, well_v2=row.well_v2,
                              tasc02=row.tasc02)))
    return tuple(out)


class _Row:
    def __init__(self, rec: dict[str, Any]):
        self.__dict__.update(rec)


def _mapping() -> dict[str, dict[str, Any]]:
    return {r["concept"]: r for r in records("framework_mapping")}


def _concept_score(
    concept: str, items: list[ScoreItem], reason: str | None, mapping: dict[str, dict[str, Any]]
) -> ConceptScore:
    m = mapping[concept]
    meta = dict(
        well_v2_concept=m["well_v2_concept"],
        well_v2_features=m["well_v2_features"],
        tasc02_category=m["tasc02_category"],
        tasc02_topic=m["tasc02_topic"],
    )
    scored = [i for i in items if i.concept == concept and i.status == "scored"]
    mx = sum(i.max_points for i in scored)
    pts = sum(i.points for i in scored)
    if reason is None and mx == 0:
        reason = "no criterion applies to this usage"
    if reason is not None:
        return ConceptScore(concept, False, None, 0.0, 0.0, reason, **meta)
    return ConceptScore(concept, True, _score(100.0 * pts / mx), pts, mx, None, **meta)


def _weighted_overall(scores: dict[str, float | None], rules: dict[str, float]) -> float | None:
    got = [(s, rules[f"weight_{c}"]) for c, s in scores.items() if s is not None]
    if not got:
        return None
    return _score(sum(s * w for s, w in got) / sum(w for _, w in got))


#: The concepts that describe the indoor environment a person experiences in the room (EN 16798-1 / WELL v2
#: Thermal Comfort, Air, Light, Sound); the materials check alone does not make a room "healthy".
ENVIRONMENT_CONCEPTS = ("thermal", "air", "light", "acoustic")


def _room_overall(concepts: dict[str, ConceptScore], rules: dict[str, float]) -> tuple[float | None, str | None]:
    """A room's overall score and, when there is none, why: the overall needs at least one of
    :data:`ENVIRONMENT_CONCEPTS` assessed (a corridor with only its materials checked has no overall, not 100)."""
    if not any(concepts[c].assessed for c in ENVIRONMENT_CONCEPTS if c in concepts):
        why = "; ".join(f"{c}: {concepts[c].reason}" for c in ENVIRONMENT_CONCEPTS if c in concepts)
        return None, f"no overall score: none of thermal, air, light, acoustic was assessed ({why})"
    return _weighted_overall({c: s.score for c, s in concepts.items()}, rules), None


def _rules() -> dict[str, float]:
    return {k: float(v) for k, v in params("score_rules").items()}


def score_rooms(
    rooms: Sequence[RoomInput],
    site: SiteInput | None = None,
    *,
    daylight_method: DaylightMethod | None = None,
    mass_law: str = "en12354",
    name: str | None = None,
    comfort_framework: str | None = None,
    country: str | None = None,
    climate_zone: str | None = None,
) -> BuildingHealthResult:
    """Score every room and the building (0-100 per concept and overall), deterministically.

    Thermal comfort is scored in both :data:`COMFORT_FRAMEWORKS` (``thermal_by_framework`` of each room and of
    the building); ``concepts["thermal"]`` and the overall score use the headline framework: ``comfort_framework``
    if given, else GB/T 50785 when ``country`` is China, EN 16798-1 otherwise. ``climate_zone`` (GB 50176) picks
    the GB/T 50785 adaptive coefficients (default: from the coldest month of the site's outdoor temperature).

    The PMV of all rooms is computed in one vectorised call (occupied conditioned hours only) and the
    CO2 of all rooms in one compiled loop.

    Example
    -------
    >>> site = SiteInput.from_weather(weather, noise_day_db=65, noise_night_db=55)
    >>> result = score_rooms(rooms, site)
    >>> result.overall, result.concepts["thermal"].score
    >>> result.to_frame()          # one row per room
    >>> result.items_frame()       # every point with its metric, threshold and source
    """
    rooms = list(rooms)
    if not rooms:
        raise InputValueError("score_rooms needs at least one RoomInput")
    names = [r.name for r in rooms]
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise InputValueError(f"room names must be unique; repeated: {', '.join(dup)}")
    for r in rooms:
        _usage_row(r.usage)
    method = daylight_method or AverageDaylightFactor()
    rules = _rules()
    mapping = _mapping()
    diags = [Diagnostics() for _ in rooms]
    headline = headline_framework(country, comfort_framework)
    group = gbt50785.zone_group(climate_zone, site.temp_out_c if site is not None else None)
    thermal = _batch_thermal(rooms, site, diags, group)
    co2 = _batch_co2(rooms)
    results = []
    for i, room in enumerate(rooms):
        metrics, reasons, engines = _room_metrics(
            room, site, thermal.get(i), co2.get(i), method, mass_law, diags[i], rules
        )
        items, concept_reason = _score_items(room, metrics, reasons, headline)
        concepts = {c: _concept_score(c, items, concept_reason[c], mapping) for c in CONCEPTS}
        by_framework = {headline: concepts["thermal"]}
        for fw in COMFORT_FRAMEWORKS:
            if fw != headline:
                other, other_reason = _score_items(room, metrics, reasons, fw)
                by_framework[fw] = _concept_score("thermal", other, other_reason["thermal"], mapping)
        if room.windowless and not room.windows and concepts["light"].assessed:
            concepts["light"].reason = "no window: daylight factor 0 %"
        overall, overall_reason = _room_overall(concepts, rules)
        if overall_reason:
            diags[i].add("info", "room_overall_not_given", overall_reason, room.name)
        results.append(
            RoomHealthResult(
                name=room.name,
                usage=room.usage,
                floor_area_m2=room.floor_area_m2,
                overall=overall,
                concepts=concepts,
                items=items,
                comfort=engines.get("comfort"),
                tm52=engines.get("tm52"),
                tm59=engines.get("tm59"),
                daylight=engines.get("daylight"),
                air=engines.get("air"),
                acoustics=engines.get("acoustics"),
                material_flags=engines.get("material_flags", []),
                diagnostics=list(diags[i]),
                overall_reason=overall_reason,
                comfort_framework=headline,
                thermal_by_framework={fw: by_framework[fw] for fw in COMFORT_FRAMEWORKS},
            )
        )
    building = _aggregate(results, mapping, rules, name)
    building.comfort_framework = headline
    building.thermal_by_framework = {
        fw: _area_weighted("thermal", [(r.thermal_by_framework[fw], r.floor_area_m2) for r in results], mapping)
        for fw in COMFORT_FRAMEWORKS}
    other = {fw: building.thermal_by_framework[fw].score for fw in COMFORT_FRAMEWORKS if fw != headline}
    building.diagnostics.append(Diagnostic(
        "info", "comfort_framework", f"thermal comfort headline scored under {COMFORT_FRAMEWORKS[headline]} ("
        + ("chosen" if comfort_framework else "site in China" if headline == "gbt50785" else "site outside China or "
           "country unknown") + "); beside it: " + ", ".join(f"{COMFORT_FRAMEWORKS[fw]} {_fmt(v)}"
                                                             for fw, v in other.items())))
    return building


def headline_framework(country: str | None = None, chosen: str | None = None) -> str:
    """The framework of the headline thermal score: ``chosen`` (a key of :data:`COMFORT_FRAMEWORKS`) if given,
    else ``"gbt50785"`` for a site in China and ``"en16798"`` elsewhere (or when the country is unknown)."""
    if chosen is not None:
        if chosen not in COMFORT_FRAMEWORKS:
            raise InputValueError(f"comfort_framework={chosen!r}: use one of {', '.join(COMFORT_FRAMEWORKS)} "
                                  "(or None: by the site's country)")
        return chosen
    return "gbt50785" if str(country or "").strip().upper() in CHINA else "en16798"


def _area_weighted(concept: str, scored: list[tuple[ConceptScore, float | None]],
                   mapping: dict[str, dict[str, Any]]) -> ConceptScore:
    """Floor-area-weighted mean of the assessed room scores of one concept, with its area coverage."""
    m = mapping[concept]
    meta = dict(well_v2_concept=m["well_v2_concept"], well_v2_features=m["well_v2_features"],
                tasc02_category=m["tasc02_category"], tasc02_topic=m["tasc02_topic"])
    total = sum(a for _, a in scored if a)
    got = [(c.score, a) for c, a in scored if c.assessed and a]
    if not got:
        reasons = sorted({c.reason for c, _ in scored if c.reason})
        return ConceptScore(concept, False, None, 0.0, 0.0, "; ".join(reasons) or "no room assessed",
                            coverage_area_share=0.0, **meta)
    area = sum(a for _, a in got)
    score = float(_score(sum(s * a for s, a in got) / area))
    return ConceptScore(concept, True, score, score, 100.0, None,
                        coverage_area_share=float(area / total) if total else None, **meta)


def _aggregate(
    results: list[RoomHealthResult], mapping: dict[str, dict[str, Any]], rules: dict[str, float], name: str | None
) -> BuildingHealthResult:
    diags = Diagnostics()
    no_area = [r.name for r in results if not r.floor_area_m2]
    if no_area:
        diags.add(
            "warning",
            "room_without_area",
            f"{len(no_area)} room(s) without floor area are left out of the building scores: {', '.join(no_area[:5])}",
        )
    total = sum(r.floor_area_m2 for r in results if r.floor_area_m2)
    concepts = {}
    for c in CONCEPTS:
        got = [(r.concepts[c].score, r.floor_area_m2) for r in results if r.concepts[c].assessed and r.floor_area_m2]
        m = mapping[c]
        meta = dict(
            well_v2_concept=m["well_v2_concept"],
            well_v2_features=m["well_v2_features"],
            tasc02_category=m["tasc02_category"],
            tasc02_topic=m["tasc02_topic"],
        )
        if not got:
            reasons = sorted({r.concepts[c].reason for r in results if r.concepts[c].reason})
            concepts[c] = ConceptScore(
                c, False, None, 0.0, 0.0, "; ".join(reasons) or "no room assessed", coverage_area_share=0.0, **meta
            )
            continue
        area = sum(a for _, a in got)
        score = _score(sum(s * a for s, a in got) / area)
        concepts[c] = ConceptScore(
            c,
            True,
            float(score),
            float(score),
            100.0,
            None,
            coverage_area_share=float(area / total) if total else None,
            **meta,
        )
    overall = _weighted_overall({c: s.score for c, s in concepts.items()}, rules)
    return BuildingHealthResult(name=name, overall=overall, concepts=concepts, rooms=results, diagnostics=list(diags))


def score_room(room: RoomInput, site: SiteInput | None = None, **kwargs: Any) -> RoomHealthResult:
    """Score one room (see :func:`score_rooms`)."""
    return score_rooms([room], site, **kwargs).rooms[0]


__all__ = [
    "BuildingHealthResult",
    "CONCEPTS",
    "ConceptScore",
    "RoomHealthResult",
    "ScoreItem",
    "COMFORT_FRAMEWORKS",
    "headline_framework",
    "score_room",
    "score_rooms",
    "HOURS_PER_YEAR",
]
