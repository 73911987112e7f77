"""Repair of change sets the physics rejected: leave changes out (and move continuous ones back toward the model)
until the rooms pass, within a budget of physics runs.

A change set the search liked can still break a room constraint in the physics (docs/propose-json.md, step 4):
often one change does the harm (measured: the Duplex in Harbin, where a thicker ground-floor insulation alone
drops the kitchens' thermal score from 20 to 2 while every other change of the set keeps the rooms within the
margin). The repair of one rejected set:

1. **Suspects**, most likely first: each change of the set estimated on its own (the surrogate, no physics run); a
   change whose inputs leave every room that broke a constraint untouched (its zone's surrogate comfort share does
   not move: e.g. a concrete mix, a PV area) comes last; the others by how much comfort share the change alone takes
   from those rooms' zones, weighted by each room's shortfall (score points beyond the margin).
2. **Leave one out**: the set without each suspect in turn, verified by the physics, while the suspects fit in the
   runs left; with more suspects than runs, group testing first (the set without the first half of the suspects;
   when it passes, the culprit is in that half, which is halved again; when not, the other half is searched), so
   a single culprit among ``n`` changes costs about ``log2(n) + 1`` runs. A trial that fails but lowers the total
   shortfall becomes the set to repair further (greedy descent).
3. **Move back by bisection**: when the culprit is one continuous change (e.g. an insulation thickness), its value is
   bisected between the model's own value (passes) and the proposed one (fails) with the runs left, keeping as
   much of its saving as the rooms allow.

The best verified trial (physics value of the first objective) is the repaired proposal; it names where it came
from (``repaired_from``: the original changes, the options dropped, the values moved).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from .estimate import Estimator, change_key

#: Default physics runs the repair spends over all rejected change sets (CLI ``--repair-budget``): one leave-one-out
#: pass by group testing over the ~20 changes of a full default change set (log2(20) + 1 = 5 runs) plus up to three
#: bisection steps of a continuous culprit (measured: the Duplex in Harbin and the 100-room office in Harbin,
#: docs/propose-json.md).
DEFAULT_REPAIR_BUDGET = 8
#: Bisection stops when the interval left is this share of the distance between model and proposed value or less.
BISECT_TOLERANCE = 0.125


@dataclass
class Trial:
    """One physics check: the change set, its proposal entry, the shortfall per room (space_id -> points)."""

    changes: dict[str, Any]
    entry: dict[str, Any]
    shortfalls: dict[str, float] = field(default_factory=dict)

    @property
    def verified(self) -> bool:
        return bool(self.entry.get("verified"))

    @property
    def shortfall(self) -> float:
        return float(sum(self.shortfalls.values()))


class Repairer:
    """Repairs rejected change sets (module docstring). ``check(changes) -> Trial`` runs the physics; ``estimator``
    gives the suspects' order; ``current``: option id -> the model's value (None: engine default); ``value_of``:
    the physics value of the first objective of an entry (lower is better); ``tidy``: the search's guard applied to
    every trial (the daylight repair); ``budget``: physics runs in all."""

    def __init__(self, check: Callable[[dict[str, Any]], Trial], estimator: Estimator, current: Mapping[str, Any],
                 value_of: Callable[[dict[str, Any]], float], budget: int,
                 tidy: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
                 say: Callable[[str], None] | None = None):
        self.check_physics, self.est, self.current = check, estimator, dict(current)
        self.value_of, self.budget, self.runs = value_of, int(budget), 0
        self.tidy = tidy or (lambda ch: dict(ch))
        self.say = say or (lambda msg: None)
        self.seen: dict[str, Trial] = {}

    def left(self) -> int:
        return self.budget - self.runs

    def check(self, changes: Mapping[str, Any]) -> Trial | None:
        """The physics check of ``changes`` (tidied), from memory when seen; None when no run is left or empty."""
        ch = self.tidy(dict(changes))
        key = change_key(ch)
        if key in self.seen:
            return self.seen[key]
        if not ch or self.left() <= 0:
            return None
        self.runs += 1
        self.say(f"physics check (repair {self.runs}/{self.budget})")
        trial = self.check_physics(ch)
        self.seen[key] = trial
        return trial

    def repair_all(self, rejected: list[Trial], needed: int) -> list[dict[str, Any]]:
        """Repaired proposal entries for the ``rejected`` trials (best physics value first), at most ``needed``."""
        out: list[dict[str, Any]] = []
        todo = [t for t in rejected if t.shortfalls and not t.verified]
        todo.sort(key=lambda t: self.value_of(t.entry))
        for t in todo:
            self.seen.setdefault(change_key(t.changes), t)
        for t in todo:
            if len(out) >= needed or self.left() <= 0:
                break
            best = self.repair(t)
            if best is not None and all(change_key(best.changes) != change_key(p["changes"]) for p in out):
                out.append(_labelled(best, t.changes))
        return out

    def repair(self, rejected: Trial) -> Trial | None:
        """The best verified trial found from ``rejected`` (module docstring, steps 1-3), None when none passed."""
        keep, sf = dict(rejected.changes), rejected.shortfall
        shortfalls = rejected.shortfalls
        pool = self.suspects(keep, shortfalls)
        best: Trial | None = None
        culprit: list[str] | None = None
        restarted = False
        while self.left() > 0:
            if not pool:
                if restarted or best is not None or keep == rejected.changes:
                    break
                pool, restarted = self.suspects(keep, shortfalls), True   # descend from the improved set once
                continue
            group = pool[:1] if len(pool) <= self.left() else pool[:(len(pool) + 1) // 2]
            trial = self.check({k: v for k, v in keep.items() if k not in group})
            if trial is None:
                pool = pool[len(group):]
                continue
            if trial.verified:
                best = self._better(best, trial)
                if len(group) == 1:
                    culprit = group
                    break
                pool = group                               # the harm lies in this group: halve it
            else:
                if trial.shortfall < sf:                   # part of the harm: drop it and go on with the rest
                    keep, sf, shortfalls = dict(trial.changes), trial.shortfall, trial.shortfalls
                pool = pool[len(group):]
        if best is not None and culprit is not None:
            best = self.bisect(best, culprit[0], rejected.changes.get(culprit[0]))
        return best

    def suspects(self, changes: Mapping[str, Any], shortfalls: Mapping[str, float]) -> list[str]:
        """The option ids of ``changes``, most likely culprit first (module docstring, step 1)."""
        keys = list(changes)
        base = np.asarray(self.est.base_surrogate.get("zone_comfort", ()), dtype=float)
        weights = _zone_weights(self.est, shortfalls, len(base))
        ests = self.est.estimate_many([{k: changes[k]} for k in keys])
        touched, harm = {}, {}
        for k, e in zip(keys, ests):
            zc = getattr(e, "zone_comfort", None)
            if not e.ok or zc is None or len(zc) != len(base) or not weights.any():
                touched[k], harm[k] = True, 0.0
                continue
            d = (base - np.asarray(zc, dtype=float)) * weights
            touched[k], harm[k] = bool(np.any(np.abs(d) > 1e-12)), float(d.sum())
        return sorted(keys, key=lambda k: (not touched[k], -harm[k]))

    def bisect(self, best: Trial, key: str, proposed: Any) -> Trial:
        """Move continuous option ``key`` from the model's value (``best`` left it out and passed) toward
        ``proposed`` (failed) by bisection while runs are left; the best verified trial."""
        start = self.current.get(key)
        if not _is_number(start) or not _is_number(proposed) or float(start) == float(proposed):
            return best
        ok, bad = float(start), float(proposed)
        base = {k: v for k, v in best.changes.items() if k != key}
        while self.left() > 0 and abs(bad - ok) > BISECT_TOLERANCE * abs(float(proposed) - float(start)):
            mid = round((ok + bad) / 2.0, 4)
            if mid in (ok, bad):
                break
            trial = self.check({**base, key: mid})
            if trial is None:
                break
            if trial.verified:
                best, ok = self._better(best, trial), mid
            else:
                bad = mid
        return best

    def _better(self, a: Trial | None, b: Trial) -> Trial:
        if a is None or self.value_of(b.entry) < self.value_of(a.entry):
            return b
        return a


def _zone_weights(est: Estimator, shortfalls: Mapping[str, float], n_zones: int) -> np.ndarray:
    """Per zone of the estimator's featurizer: the summed shortfall of the failing rooms it holds (0 elsewhere)."""
    w = np.zeros(n_zones)
    records = getattr(getattr(getattr(est, "featurizer", None), "zoning", None), "records", None) or []
    if len(records) != n_zones:
        return w
    for i, r in enumerate(records):
        w[i] = sum(shortfalls.get(sid, 0.0) for sid in r.space_ids)
    return w


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(float(x))


def _labelled(trial: Trial, original: Mapping[str, Any]) -> dict[str, Any]:
    """``trial``'s entry with ``repaired_from``: the original changes, the options dropped, the values moved."""
    entry = dict(trial.entry)
    entry["repaired_from"] = {
        "changes": dict(original),
        "dropped": [k for k in original if k not in trial.changes],
        "moved": {k: v for k, v in trial.changes.items() if k in original and original[k] != v}}
    return entry
