"""Multi-objective search over the design space with the estimator: pymoo's NSGA-II on mixed variables.

pymoo's ``MixedVariableGA`` (mixed sampling, crossover and mutation of ``Real`` and ``Choice`` variables, duplicate
elimination) with NSGA-II survival (``RankAndCrowding``: non-dominated sorting and crowding distance; Deb et al.,
IEEE TEC 6(2), 2002). The population is evaluated in batches so the surrogate predicts a generation at once.
Objectives are minimised; a change set the design space refuses (e.g. windows wider than their wall) is infeasible.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .estimate import Estimate, Estimator
from .space import Variable, decode, pymoo_vars

#: Objective name -> (what it is, function of an Estimate to minimise, physics figure of a verified proposal).
OBJECTIVES: dict[str, str] = {
    "whole_life": "whole-life carbon A1-C4 per m2 (EN 15978), kgCO2e/m2",
    "whole_life_gbt": "whole-life carbon per m2 (GB/T 51366), kgCO2e/m2",
    "upfront": "upfront carbon A1-A5 per m2, kgCO2e/m2",
    "energy": "final energy use intensity, kWh/(m2 a)",
    "health": "health: the surrogate's share of occupied hours in the EN 16798-1 Cat. II comfort band (maximised); "
              "verified proposals report the health engine's score",
}

#: Objective value of a change set that cannot be estimated (kept far above any building's carbon).
_INFEASIBLE = 1e12


def objective_value(name: str, est: Estimate) -> float:
    """The value of objective ``name`` (minimised) for an estimate."""
    if not est.ok:
        return _INFEASIBLE
    if name == "whole_life":
        return est.whole_life_kgco2e_m2["en15978"]
    if name == "whole_life_gbt":
        return est.whole_life_kgco2e_m2["gbt51366"]
    if name == "upfront":
        return float(est.upfront_kgco2e_m2)
    if name == "energy":
        return float(est.energy_kwh_m2)
    return -100.0 * float(est.comfort_share)


def comfort_violation(est: Estimate, base_comfort: float, margin: float) -> float:
    """How far (fraction of occupied hours) the surrogate's comfort share of the building, or of its worst zone,
    falls below the baseline's beyond ``margin`` (<= 0: within)."""
    if not est.ok:
        return 1.0
    drop = max(base_comfort - est.comfort_share, est.zone_comfort_drop or 0.0)
    return drop - margin


def run_search(space: list[Variable], estimator: Estimator, objectives: list[str], *, budget: int, seed: int,
               comfort_margin: float, progress: Callable[[int, int], None] | None = None) -> list[Estimate]:
    """Every change set the search estimated (feasible or not), in the order first seen. ``budget`` is the number of
    estimates; ``comfort_margin`` the largest fall of the surrogate's comfort share (a fraction) allowed."""
    from pymoo.algorithms.moo.nsga2 import RankAndCrowding
    from pymoo.core.mixed import MixedVariableGA
    from pymoo.core.problem import Problem
    from pymoo.optimize import minimize

    base_comfort = estimator.base_surrogate["comfort_share"]
    seen: list[Estimate] = []

    class _Problem(Problem):
        def __init__(self):
            super().__init__(vars=pymoo_vars(space), n_obj=len(objectives), n_ieq_constr=1)

        def _evaluate(self, X, out, *args, **kwargs):
            ests = estimator.estimate_many([decode(space, x) for x in X])   # decode repairs daylight
            seen.extend(ests)
            out["F"] = np.array([[objective_value(o, e) for o in objectives] for e in ests])
            out["G"] = np.array([[comfort_violation(e, base_comfort, comfort_margin)] for e in ests])
            if progress is not None:
                progress(len(seen), budget)

    pop = max(8, min(40, budget // 4))
    algorithm = MixedVariableGA(pop_size=pop, survival=RankAndCrowding())
    minimize(_Problem(), algorithm, ("n_evals", budget), seed=seed, verbose=False)
    return _unique(seen)


def _unique(ests: list[Estimate]) -> list[Estimate]:
    from .estimate import change_key

    out, keys = [], set()
    for e in ests:
        k = change_key(e.changes)
        if k not in keys:
            keys.add(k)
            out.append(e)
    return out


def pareto_order(ests: list[Estimate], objectives: list[str], base_comfort: float, comfort_margin: float
                 ) -> list[Estimate]:
    """Feasible estimates, non-dominated fronts first, within a front by the first objective (ascending)."""
    from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting

    ok = [e for e in ests if comfort_violation(e, base_comfort, comfort_margin) <= 0]
    if not ok:
        return []
    F = np.array([[objective_value(o, e) for o in objectives] for e in ok])
    fronts = NonDominatedSorting().do(F)
    rank = np.empty(len(ok), dtype=int)
    for i, f in enumerate(fronts):
        rank[f] = i
    order = sorted(range(len(ok)), key=lambda i: (rank[i], F[i, 0]))
    return [ok[i] for i in order]


def objective_names(objectives: Any) -> list[str]:
    """Checked objective names (InputValueError naming the unknown one and the known ones)."""
    from ..errors import InputValueError

    if isinstance(objectives, str):
        objectives = [s.strip() for s in objectives.split(",") if s.strip()]
    names = list(objectives or ())
    bad = [n for n in names if n not in OBJECTIVES]
    if bad or not names:
        raise InputValueError(f"propose(objectives={objectives!r}): unknown or no objective {bad}; choose from "
                              f"{', '.join(OBJECTIVES)}")
    if len(set(names)) != len(names):
        raise InputValueError(f"propose(objectives={names!r}): an objective is named twice")
    if names[0] == "health":
        raise InputValueError("propose(objectives=...): the first objective ranks the proposals by carbon or energy; "
                              "put 'health' after it (e.g. whole_life,health)")
    return names
