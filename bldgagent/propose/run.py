"""``propose(building, climate)``: search with the surrogate, verify with physics, refine and retry, rank by physics.

1. The physics baseline (:class:`~bldgagent.variants.VariantEvaluator`) and the estimator (:mod:`.estimate`).
2. NSGA-II over the design options (:mod:`.search`) on the estimates, ``budget`` estimates in all.
3. The feasible estimates, non-dominated first and by the first objective, are run with the physics one by one
   (at most ``top + verify_extra`` runs) and checked against the health constraints (:mod:`.verify`).
4. When a physics result falls outside the surrogate's 90 % interval, the surrogate is refined on this building
   (:func:`bldgagent.surrogate.refine.refine`, ``refine_budget`` physics runs) and steps 2-3 run once more.
5. When fewer than ``top`` passed, the rejected change sets are repaired (:mod:`.repair`: leave changes out, move
   continuous ones back toward the model; ``repair_budget`` physics runs).
6. Proposals that pass are ranked by their physics value of the first objective.
"""
from __future__ import annotations

import time
from typing import Any, Callable

from ..errors import BldgAgentError, InputValueError
from .estimate import Estimate, Estimator, change_key
from .repair import MIN_SAVING_SHARE, Repairer, Trial, default_repair_budget
from .result import Proposals
from .search import objective_names, objective_value, pareto_order, run_search
from .space import describe, repair_daylight, search_space
from .verify import DEFAULT_MARGIN, figures, physics, room_shortfalls, room_table, violations

#: Default objectives (the issue): whole-life carbon per m2 and health.
DEFAULT_OBJECTIVES = ("whole_life", "health")
_PHYSICS_KEY = {"whole_life": ("whole_life_kgco2e_m2", "en15978"), "whole_life_gbt": ("whole_life_kgco2e_m2", "gbt51366"),
                "upfront": ("upfront_a1_a5_kgco2e_m2", None), "energy": ("energy_kwh_m2", None)}


def propose(building, climate=None, *, objectives=DEFAULT_OBJECTIVES, constraints: dict[str, Any] | None = None,
            options=None, budget: int = 64, seed: int = 0, top: int = 3, verify_extra: int = 3,
            refine_budget: int = 4, repair_budget: int | None = None, surrogate=None, n_draws: int = 200,
            progress: Callable[[str], None] | None = None) -> Proposals:
    """Propose design changes of ``building`` in ``climate`` that cut carbon while keeping every room healthy.

    ``objectives``: names of :data:`bldgagent.propose.search.OBJECTIVES` (the first ranks the proposals);
    ``constraints``: ``{"margin": points}`` - the largest fall of a room's thermal, air or light score (default
    :data:`~bldgagent.propose.verify.DEFAULT_MARGIN`); ``options``: the design options searched (ids, or id ->
    range/choices; default all that apply); ``budget``: surrogate estimates the search spends; ``top``: proposals
    returned; ``refine_budget``: physics runs to refine the surrogate when it misses (0: never); ``repair_budget``:
    physics runs to repair rejected change sets when fewer than ``top`` pass (:mod:`.repair`; 0: never; default
    :func:`~.repair.default_repair_budget` of the rooms: 8, one per 8 rooms beyond 64);
    ``surrogate``: a model or model directory (default the shipped one); ``n_draws``: carbon Monte Carlo draws of
    the physics results. Deterministic for a given ``seed``."""
    from ..surrogate.store import load
    from ..variants import VariantEvaluator

    t0 = time.perf_counter()
    say = progress or (lambda msg: None)
    objs = objective_names(objectives)
    margin = _margin(constraints)
    for name, value, low in (("budget", budget, 8), ("top", top, 1), ("verify_extra", verify_extra, 0),
                             ("refine_budget", refine_budget, 0),
                             ("repair_budget", 0 if repair_budget is None else repair_budget, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise InputValueError(f"propose({name}={value!r}): give a whole number >= {low}")
    space = search_space(building, options)
    say("baseline physics")
    ev = VariantEvaluator(building, climate, n_draws=n_draws, seed=seed)
    if options is None:
        space = _without_idle_generators(space, ev.baseline.energy)
    model = surrogate if hasattr(surrogate, "predict") else load(surrogate)
    base_rooms = room_table(ev.baseline)
    if repair_budget is None:
        repair_budget = default_repair_budget(len(base_rooms))
    baseline = figures(ev.baseline)
    stats = {"algorithm": "pymoo MixedVariableGA with NSGA-II survival (RankAndCrowding)", "budget": budget,
             "seed": seed, "estimates": 0, "physics_runs": 1, "refined": False, "refine_report": None,
             "repair_budget": repair_budget, "repair_runs": 0, "repaired": 0}
    est = None
    for attempt in (0, 1):
        est = Estimator(ev, model, reuse=est)
        say(f"search ({budget} surrogate estimates)")
        seen = run_search(space, est, objs, budget=budget, seed=seed, comfort_margin=margin / 100.0,
                          progress=lambda n, b: say(f"search: {n}/{b} estimates"))
        stats["estimates"] += est.calls
        check = _checker(ev, est, objs, baseline, base_rooms, margin)
        kept, rejected, missed = _verify(est, seen, objs, baseline, check, margin, top, verify_extra, say)
        stats["physics_runs"] += len(kept) + len(rejected)
        if not missed or attempt == 1 or refine_budget == 0:
            break
        say(f"physics outside the surrogate interval: refining the surrogate ({refine_budget} physics runs)")
        model, report = _refine(building, climate, model, refine_budget, seed)
        stats["refined"], stats["refine_report"] = True, report
        stats["physics_runs"] += refine_budget + 2
    if len(kept) < top and repair_budget > 0:
        kept += _repair(est, check, space, rejected, objs, _physics_value(objs[0], baseline), repair_budget,
                        top - len(kept), stats, say)
    rejected = [t.entry for t in rejected]
    kept.sort(key=lambda p: _physics_value(objs[0], p["physics"]))
    for i, p in enumerate(kept, 1):
        p["rank"] = i
    abatement = _abatement(est, kept[0]["changes"], building) if kept else []
    if kept and abatement:
        kept[0]["largest_contribution"] = abatement[0]
    stats["seconds"] = round(time.perf_counter() - t0, 2)
    return Proposals(building.name, ev.weather.source if hasattr(ev.weather, "source") else str(climate), objs,
                     margin, baseline, kept[:top], abatement, rejected, stats,
                     diagnostics=[d.to_dict() for d in ev.baseline.notes])


def _without_idle_generators(space, energy):
    """The default search without a heating (cooling) generator option when the baseline needs no heating (cooling):
    such a change alters nothing but a label in the proposal (e.g. an oil boiler proposed in Haikou)."""
    idle = {f"{use}_system" for use, kwh in (("heating", energy.heating_kwh), ("cooling", energy.cooling_kwh))
            if not kwh > 0.0}
    return [v for v in space if v.id not in idle] or space


def _margin(constraints) -> float:
    c = dict(constraints or {})
    bad = sorted(set(c) - {"margin"})
    if bad:
        raise InputValueError(f"propose(constraints={constraints!r}): unknown key(s) {bad}; give {{'margin': points}}")
    m = c.get("margin", DEFAULT_MARGIN)
    if isinstance(m, bool) or not isinstance(m, (int, float)) or not 0 <= m <= 50:
        raise InputValueError(f"propose(constraints): margin={m!r}; give score points of 100 between 0 and 50")
    return float(m)


def _physics_value(name: str, block: dict[str, Any]) -> float:
    key, sub = _PHYSICS_KEY.get(name, _PHYSICS_KEY["whole_life"])
    v = block[key]
    return float(v[sub] if sub else v)


def _checker(ev, est: Estimator, objs, baseline, base_rooms, margin) -> Callable[[dict[str, Any]], Trial]:
    """``check(changes) -> Trial``: the physics run of a change set, its proposal entry (verified when no room
    constraint broke and the first objective beats the baseline) and the rooms' shortfalls."""
    base_value = _physics_value(objs[0], baseline)

    def check(changes: dict[str, Any]) -> Trial:
        e = est.estimate_many([changes], interval=True)[0]
        if not e.ok:
            return Trial(dict(changes), {"changes": dict(changes), "verified": False, "violations": [e.error]})
        try:
            a = physics(ev, e.changes)
        except BldgAgentError as exc:       # the physics refuses the variant: not a proposal, say why
            return Trial(dict(changes), {"changes": dict(e.changes), "verified": False, "violations": [str(exc)]})
        block = figures(a)
        lo, hi = e.whole_life_interval_kgco2e_m2["en15978"]
        inside = bool(lo <= block["whole_life_kgco2e_m2"]["en15978"] <= hi)
        rooms = room_table(a)
        problems = violations(base_rooms, rooms, margin)
        if _physics_value(objs[0], block) >= base_value:
            problems.append(f"no saving in physics on {objs[0]}")
        return Trial(dict(e.changes), _entry(e, block, baseline, inside, problems, ev.building),
                     room_shortfalls(base_rooms, rooms, margin))

    return check


def _verify(est: Estimator, seen: list[Estimate], objs, baseline, check, margin, top, extra, say):
    """Physics runs of the best estimates until ``top`` pass: ``(kept entries, rejected trials, any outside the
    interval)``.

    Culprit elimination: the choice values (option, value) that every change set rejected for a room so far has in
    common are the suspects; a change set holding all of them is skipped, and each rejected one comes back without
    them (estimated, queued by its estimate) - e.g. a glazing type that overheats a living room in every rejected
    set is dropped rather than verified again and again."""
    base_value = _physics_value(objs[0], baseline)
    queue = [e for e in pareto_order(seen, objs, est.base_surrogate["comfort_share"], margin / 100.0)
             if objective_value(objs[0], e) < base_value]
    if not queue:   # nothing estimated better than the baseline: verify the best estimates anyway
        queue = sorted((e for e in seen if e.ok), key=lambda e: objective_value(objs[0], e))
    kept, rejected, missed = [], [], False
    suspects: set | None = None
    tried: set[str] = set()
    runs = 0
    while queue and runs < top + extra and len(kept) < top:
        e = queue.pop(0)
        if change_key(e.changes) in tried or (suspects and suspects <= _choices(e.changes)):
            continue
        tried.add(change_key(e.changes))
        runs += 1
        say(f"physics check {runs}")
        if not est.estimate_many([e.changes], interval=True)[0].ok:
            continue
        t = check(e.changes)
        if "physics" not in t.entry:
            rejected.append(t)
            continue
        missed |= not t.entry["within_interval"]
        if t.shortfalls:
            suspects = _choices(e.changes) if suspects is None else suspects & _choices(e.changes)
            _requeue(est, queue, {k: v for k, v in e.changes.items() if (k, v) not in (suspects or set())}, objs[0],
                     base_value)
        (kept if t.verified else rejected).append(t.entry if t.verified else t)
    return kept, rejected, missed


def _repair(est: Estimator, check, space, rejected: list[Trial], objs, base_value: float, budget: int, needed: int,
            stats, say):
    """Repaired proposals (:mod:`.repair`) of the ``rejected`` trials, at most ``needed``; counts the runs."""
    fixer = Repairer(check, est, {v.id: v.current for v in space}, lambda p: _physics_value(objs[0], p["physics"]),
                     budget, tidy=lambda ch: repair_daylight(space, ch), say=say,
                     floor=base_value - MIN_SAVING_SHARE * abs(base_value),
                     bounds={v.id: v.bounds for v in space if v.kind == "continuous"})
    out = fixer.repair_all(rejected, needed)
    stats["repair_runs"], stats["repaired"], stats["repair_trace"] = fixer.runs, len(out), fixer.trace
    stats["physics_runs"] += fixer.runs
    rejected += [t for t in fixer.seen.values() if not t.verified and all(t is not r for r in rejected)]
    return out


def _choices(changes: dict[str, Any]) -> set:
    """The (option, value) pairs of the choice options in ``changes``."""
    return {(k, v) for k, v in changes.items() if isinstance(v, str)}


def _requeue(est: Estimator, queue: list[Estimate], changes: dict[str, Any], obj: str, base_value: float) -> None:
    """Estimate ``changes`` and put it into ``queue`` before the first estimate with a larger ``obj`` value, when it
    is estimated to beat the baseline."""
    if not changes:
        return
    e = est.estimate_many([changes])[0]
    v = objective_value(obj, e)
    if not e.ok or v >= base_value:
        return
    at = next((i for i, q in enumerate(queue) if objective_value(obj, q) > v), len(queue))
    queue.insert(at, e)


def _entry(e: Estimate, block, baseline, inside: bool, problems: list[str], building) -> dict[str, Any]:
    def delta(key, sub=None):
        a, b = baseline[key], block[key]
        if sub:
            a, b = a[sub], b[sub]
        return None if a is None or b is None else b - a

    deltas = {"whole_life_kgco2e_m2": {m: delta("whole_life_kgco2e_m2", m) for m in ("en15978", "gbt51366")},
              "upfront_a1_a5_kgco2e_m2": delta("upfront_a1_a5_kgco2e_m2"),
              "operational_b6_kgco2e_m2": delta("operational_b6_kgco2e_m2"),
              "energy_kwh_m2": delta("energy_kwh_m2"), "health_score": delta("health_score"),
              "health_by_concept": {k: (None if v is None or baseline["health_by_concept"].get(k) is None
                                        else v - baseline["health_by_concept"][k])
                                    for k, v in block["health_by_concept"].items()},
              "energy_by_end_use_kwh": {k: v - baseline["energy_by_end_use_kwh"].get(k, 0.0)
                                        for k, v in block["energy_by_end_use_kwh"].items()}}
    surrogate = {"whole_life_kgco2e_m2": dict(e.whole_life_kgco2e_m2),
                 "whole_life_interval_90_kgco2e_m2": e.whole_life_interval_kgco2e_m2,
                 "upfront_a1_a5_kgco2e_m2": e.upfront_kgco2e_m2, "energy_kwh_m2": e.energy_kwh_m2,
                 "health_score": None, "comfort_share": e.comfort_share, "ood": e.ood,
                 "reference_area": {"name": "gross floor area", "value_m2": e.gfa_m2}}
    return {"rank": None, "changes": dict(e.changes), "changes_in_words": describe(e.changes, building),
            "verified": not problems, "within_interval": inside, "violations": problems,
            "physics": block, "surrogate": surrogate, "deltas": deltas}


def _abatement(est: Estimator, changes: dict[str, Any], building) -> list[dict[str, Any]]:
    """Each change of ``changes`` on its own (surrogate estimates), largest whole-life saving first."""
    base = est.estimate_many([{}])[0]
    singles = [{k: v} for k, v in changes.items()]
    rows = []
    for ch, e in zip(singles, est.estimate_many(singles)):
        if not e.ok:
            continue
        (k, v), = ch.items()
        rows.append({"option": k, "value": v, "measure": describe(ch, building)[0],
                     "saved_en15978_kgco2e_m2": base.whole_life_kgco2e_m2["en15978"] - e.whole_life_kgco2e_m2["en15978"],
                     "saved_gbt51366_kgco2e_m2": base.whole_life_kgco2e_m2["gbt51366"] - e.whole_life_kgco2e_m2["gbt51366"],
                     "upfront_change_kgco2e_m2": e.upfront_kgco2e_m2 - base.upfront_kgco2e_m2,
                     "comfort_share_change": e.comfort_share - base.comfort_share, "source": "surrogate"})
    rows.sort(key=lambda r: -r["saved_en15978_kgco2e_m2"])
    return rows


def _refine(building, climate, model, budget: int, seed: int):
    from ..surrogate.refine import refine

    refined, report = refine(building, climate, model=model, budget=budget, rounds=1, holdout=2, epochs=60, seed=seed)
    keep = {k: report[k] for k in ("budget", "physics_runs", "holdout")}
    return refined, keep
