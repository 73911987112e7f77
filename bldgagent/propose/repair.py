"""Repair of change sets the physics rejected: leave changes out (and move continuous ones back toward the model)
until the rooms pass, within a budget of physics runs.

A change set the search liked can still break a room constraint in the physics (docs/propose-json.md, step 4):
often one change does the harm (measured: the Duplex in Harbin, where a ground-floor insulation of 0.25 m instead
of the model's 3 mm drops the kitchens' thermal score from 20 to 2, and is also the change that saves the carbon).
The repair of one rejected set:

1. **Suspects**, most likely first: each change of the set estimated on its own (the surrogate, no physics run); a
   change whose inputs leave every room that broke a constraint untouched (its zone's surrogate comfort share does
   not move: e.g. a concrete mix, a PV area) comes last; the others by how much comfort share the change alone takes
   from those rooms' zones, weighted by each room's shortfall (score points beyond the margin). Continuous values
   equal to the model's (the search writes every ratio, changed or not) are no changes and are left out.
2. **Leave one out**: the set without each suspect in turn, run with the physics, while the suspects fit in the
   runs left; with more suspects than runs, group testing first (the set without the first half of the suspects;
   when the rooms pass, the culprit is in that half, which is halved again; when not, the other half is searched),
   so a single culprit among ``n`` changes costs about ``log2(n) + 1`` runs. A trial that still saves carbon and
   lowers the total shortfall, though not to zero, becomes the set to repair further (greedy descent).
3. **Move back by bisection**: when the culprit is one continuous change (e.g. an insulation thickness), its value is
   bisected between the model's own value (the rooms pass) and the proposed one (they fail) with the runs left,
   keeping as much of its saving as the rooms allow - the proposal when the culprit is also what saves the carbon.
   Before that, when the search dropped other changes on its way, the original set without the culprit alone is
   tried (one run): it keeps every other saving.

The best verified trial (physics value of the first objective, saving at least :data:`MIN_SAVING_SHARE`) is the
repaired proposal; it names where it came from (``repaired_from``: the original changes, the options dropped, the
values moved).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from .estimate import Estimator, change_key

#: Smallest default of the physics runs the repair spends over all rejected change sets (CLI ``--repair-budget``):
#: one pass by group testing over the ~20 changes of a default change set (ceil(log2(20)) = 5 runs) plus up to three
#: bisection steps of a continuous culprit. Measured (docs/propose-json.md): the sample and the Duplex found their
#: repaired proposal by the 2nd-5th run, the 100-room office only at the 8th.
DEFAULT_REPAIR_BUDGET = 8
#: Rooms per default repair run beyond :data:`DEFAULT_REPAIR_BUDGET`: the more rooms, the more of them fail together
#: (the 100-room office: 16-60 rooms per rejected set, several culprits), so the more trials a passing subset takes.
ROOMS_PER_REPAIR_RUN = 8


def default_repair_budget(n_rooms: int) -> int:
    """The default repair budget for a building of ``n_rooms`` scored rooms: max(8, ceil(rooms / 8)) - 8 up to 64
    rooms, 13 for the 100-room office (which needed 8, the last of 8, docs/propose-json.md)."""
    return max(DEFAULT_REPAIR_BUDGET, math.ceil(max(int(n_rooms), 0) / ROOMS_PER_REPAIR_RUN))
#: A continuous change within this of the model's value changes nothing (the search rounds values to 4 decimals).
NOOP_TOLERANCE = 5e-5 + 1e-12
#: A repaired set must save at least this share of the baseline's value of the first objective: smaller savings are
#: within the physics' own reproduction tolerance (a written IFC assessed again matches to ~0.1 %,
#: docs/propose-json.md), so they are not proposals (e.g. a window ratio moved by 0.0001).
MIN_SAVING_SHARE = 1e-3
#: A zone's surrogate comfort share moving less than this (a share of occupied hours) is numerical noise, not an
#: effect (float32 network outputs differ by ~1e-8 for inputs changed in the last digits).
TOUCH_TOLERANCE = 1e-6
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
    every trial (the daylight repair); ``budget``: physics runs in all; ``floor``: the value a proposal must beat;
    ``bounds``: option id -> the searched range of a continuous option (bisection stays within it). ``trace``: one
    row per physics run (changes, whether the rooms passed, verified, shortfall points)."""

    def __init__(self, check: Callable[[dict[str, Any]], Trial], estimator: Estimator, current: Mapping[str, Any],
                 value_of: Callable[[dict[str, Any]], float], budget: int,
                 tidy: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
                 say: Callable[[str], None] | None = None, floor: float | None = None,
                 bounds: Mapping[str, tuple[float, float]] | None = None):
        self.check_physics, self.est, self.current = check, estimator, dict(current)
        self.value_of, self.budget, self.runs, self.floor = value_of, int(budget), 0, floor
        self.tidy = tidy or (lambda ch: dict(ch))
        self.say = say or (lambda msg: None)
        self.bounds = dict(bounds or {})
        self.seen: dict[str, Trial] = {}
        self.trace: list[dict[str, Any]] = []

    def left(self) -> int:
        return self.budget - self.runs

    def check(self, changes: Mapping[str, Any]) -> Trial | None:
        """The physics check of ``changes`` (tidied), from memory when seen; None when no run is left or empty."""
        ch = self._tidy(self.tidy(dict(changes)))
        key = change_key(ch)
        if key in self.seen:
            return self.seen[key]
        if not ch or self.left() <= 0:
            return None
        self.runs += 1
        self.say(f"physics check (repair {self.runs}/{self.budget})")
        trial = self.check_physics(ch)
        self.seen[key] = trial
        self.trace.append({"run": self.runs, "changes": len(ch), "rooms_pass": not trial.shortfalls,
                           "verified": trial.verified, "shortfall_points": round(trial.shortfall, 2)})
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
        """The best verified trial found from ``rejected`` (module docstring, steps 1-3), None when none passed.

        The culprit search follows the rooms (a trial whose rooms all pass locates the harm, whether or not it still
        saves carbon); a trial counts as a proposal only when it is verified and beats ``floor``."""
        keep, sf = self._tidy(rejected.changes), rejected.shortfall
        shortfalls = rejected.shortfalls
        pool = self.suspects(keep, shortfalls)
        best: Trial | None = None
        culprit: str | None = None
        restarted = False
        while self.left() > 0:
            if not pool:
                if restarted or best is not None or keep == self._tidy(rejected.changes):
                    break
                pool, restarted = self.suspects(keep, shortfalls), True   # descend from the improved set once
                continue
            group = pool[:1] if len(pool) <= self.left() else pool[:(len(pool) + 1) // 2]
            trial = self.check({k: v for k, v in keep.items() if k not in group})
            if trial is None:
                pool = pool[len(group):]
                continue
            if not trial.shortfalls:                       # the rooms pass without this group: the harm is in it
                best = self._better(best, trial)
                if len(group) == 1:
                    culprit = group[0]
                    break
                pool = group                               # halve it
            else:
                if trial.shortfall < sf and self._saves(trial):   # part of the harm: drop it, go on with the rest
                    keep, sf, shortfalls = dict(trial.changes), trial.shortfall, trial.shortfalls
                pool = pool[len(group):]
        if culprit is None:
            return best
        original = self._tidy(rejected.changes)
        if keep != original:          # add back what the search dropped on the way: the original without the culprit
            trial = self.check({k: v for k, v in original.items() if k != culprit})
            if trial is not None and not trial.shortfalls:
                best, keep = self._better(best, trial), original
        return self.bisect(best, keep, culprit)

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
            touched[k], harm[k] = bool(np.any(np.abs(d) > TOUCH_TOLERANCE)), float(d.sum())
        return sorted(keys, key=lambda k: (not touched[k], -harm[k]))

    def bisect(self, best: Trial | None, changes: Mapping[str, Any], key: str) -> Trial | None:
        """Move continuous option ``key`` of ``changes`` from the model's value (the rooms pass without it) toward
        its proposed value (they fail) by bisection while runs are left; the best verified trial."""
        start, proposed = self.current.get(key), changes.get(key)
        if not _is_number(start) or not _is_number(proposed) or float(start) == float(proposed):
            return best
        lo, hi = self.bounds.get(key, (-math.inf, math.inf))
        start = min(max(float(start), lo), hi)       # a model value outside the option's range: from its nearest end
        ok, bad = float(start), float(proposed)
        base = {k: v for k, v in changes.items() if k != key}
        while self.left() > 0 and abs(bad - ok) > BISECT_TOLERANCE * abs(float(proposed) - float(start)):
            mid = round((ok + bad) / 2.0, 4)
            if mid in (ok, bad):
                break
            trial = self.check({**base, key: mid})
            if trial is None:
                break
            if trial.shortfalls:
                bad = mid
            else:
                best, ok = self._better(best, trial), mid
        return best

    def _better(self, a: Trial | None, b: Trial) -> Trial | None:
        """The better proposal of ``a`` and ``b``: verified, beating the floor, lower physics value."""
        if not (b.verified and self._saves(b)):
            return a
        if a is None or self.value_of(b.entry) < self.value_of(a.entry):
            return b
        return a

    def _saves(self, trial: Trial) -> bool:
        return "physics" in trial.entry and (self.floor is None or self.value_of(trial.entry) < self.floor)

    def _tidy(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """``changes`` without the continuous values that equal the model's at the precision the search writes (4
        decimals: e.g. a window ratio the search left where it was)."""
        return {k: v for k, v in changes.items()
                if not (_is_number(v) and _is_number(self.current.get(k))
                        and abs(float(v) - float(self.current[k])) <= NOOP_TOLERANCE)}


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
