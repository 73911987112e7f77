"""Surrogate-driven search vs a brute-force physics grid on a reduced design space, both timed in the same run.

Reduced space of the 24-room sample building (an envelope-and-structure study; every variant needs a full
simulation): wall and roof insulation thickness 5 levels each (0.08-0.32 m), wall insulation material 4 choices
(mineral wool as built, wood fibre, EPS, cellulose), upper floors concrete or CLT = 5 x 5 x 4 x 2 = 200 variants.
The grid runs every variant with the physics fast path (``VariantEvaluator``) and keeps the lowest whole-life carbon
(EN 15978) among those meeting the same room constraints as ``propose`` (docs/propose-json.md); the search is
``bldgagent.propose`` restricted to the same options and ranges (continuous thickness), physics verification
included. Done-when (issue 15): search optimum within 2 % of the grid optimum, at least 20x faster.

Both parts are timed in the same run (the surrogate's and optimiser's imports warmed first, :func:`warm_imports`),
wall and CPU (``time.process_time``: this process's CPU seconds, which a
machine loaded by other jobs inflates less than the wall clock); ``--check-determinism`` runs the search a second
time with the same seed and reports whether it returns the same change set and figures.

``python benchmarks/bench_propose.py [--climate harbin] [--budget N] [--levels 5] [--check-determinism]``
(``--budget``: default ``bldgagent.propose``'s own default, 64 estimates, the search as a user runs it; it was 96
until 2026-12-04)
"""
from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # this checkout's bldgagent, not an installed copy

import bldgagent  # noqa: E402
from bldgagent.ifc.samples import sample_building  # noqa: E402
from bldgagent.propose.verify import DEFAULT_MARGIN, physics, room_table, violations  # noqa: E402

MATERIALS = ("mineral_wool", "wood_fibre", "eps", "cellulose")
STRUCTURES = ("concrete", "clt")


def grid(levels: int) -> list[dict]:
    thick = [round(float(x), 4) for x in np.linspace(0.08, 0.32, levels)]
    return [{"wall_insulation_thickness_m": w, "roof_insulation_thickness_m": r, "wall_insulation_material": m,
             "upper_floor_structure": s} for w, r, m, s in itertools.product(thick, thick, MATERIALS, STRUCTURES)]


def brute_force(building, climate, variants):
    ev = bldgagent.VariantEvaluator(building, climate, n_draws=0)
    base_rooms = room_table(ev.baseline)
    best = None
    for ch in variants:
        a = physics(ev, ch)
        wl = a.headline()["whole_life_en15978_kgco2e_m2"]
        if not violations(base_rooms, room_table(a), DEFAULT_MARGIN) and (best is None or wl < best[0]):
            best = (wl, ch)
    return best


OPTIONS = {"wall_insulation_thickness_m": [0.08, 0.32], "roof_insulation_thickness_m": [0.08, 0.32],
           "wall_insulation_material": list(MATERIALS[1:]), "upper_floor_structure": ["clt"]}


def search(building, climate, budget: int | None, seed: int = 0):
    """``bldgagent.propose`` on the reduced space (top proposal only, no Monte Carlo draws; ``budget`` None: its
    default)."""
    more = {} if budget is None else {"budget": budget}
    return bldgagent.propose(building, climate, options=OPTIONS, top=1, n_draws=0, seed=seed, **more)


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--climate", default="harbin")
    ap.add_argument("--budget", type=int, default=None, help="estimates of the search (default: propose's default)")
    ap.add_argument("--levels", type=int, default=5)
    ap.add_argument("--check-determinism", action="store_true")
    args = ap.parse_args(argv)
    start_load = _load()
    path = Path(tempfile.mkdtemp(prefix="bench-propose-")) / "sample.ifc"
    sample_building(path=path)
    building = bldgagent.load(path)
    variants = grid(args.levels)
    warm_imports()
    t0, c0 = time.perf_counter(), time.process_time()
    best = brute_force(building, args.climate, variants)
    grid_s, grid_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    p = search(building, args.climate, args.budget)
    search_s, search_cpu = time.perf_counter() - t0, time.process_time() - c0
    found = p.best()["physics"]["whole_life_kgco2e_m2"]["en15978"] if p.proposals else None
    gap = None if found is None or best is None else (found - best[0]) / best[0]
    out = {"grid_variants": len(variants), "grid_seconds": grid_s, "grid_optimum_kgco2e_m2": best and best[0],
           "grid_optimum_changes": best and best[1], "search_seconds": search_s, "search_optimum_kgco2e_m2": found,
           "search_changes": p.best()["changes"] if p.proposals else None, "gap": gap,
           "speedup": grid_s / search_s, "search_physics_runs": p.search["physics_runs"], "grid_cpu_seconds": grid_cpu,
           "search_cpu_seconds": search_cpu, "speedup_cpu": grid_cpu / search_cpu, "load_average": start_load}
    if args.check_determinism:
        again = search(building, args.climate, args.budget)
        out["deterministic"] = same_result(p, again)
    print(f"bldgagent from {Path(bldgagent.__file__).parent}; load average {start_load} at the start, "
          f"{_load()} at the end")
    print(f"brute force: {len(variants)} physics variants in {grid_s:.1f} s (CPU {grid_cpu:.1f} s), optimum "
          f"{out['grid_optimum_kgco2e_m2']} {out['grid_optimum_changes']}")
    print(f"search: {search_s:.1f} s (CPU {search_cpu:.1f} s, {p.search['physics_runs']} physics runs, "
          f"{p.search['estimates']} estimates), optimum {found} {out['search_changes']}")
    print(f"gap {gap if gap is None else f'{gap * 100:+.2f} %'} (target within 2 %), speedup {out['speedup']:.1f}x wall, "
          f"{out['speedup_cpu']:.1f}x CPU (target >= 20x)")
    if args.check_determinism:
        print(f"same seed, same result: {out['deterministic']}")
    return out


def _load() -> str:
    """The machine's 1, 5 and 15 minute load averages (the wall clock of a shared machine depends on them)."""
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def warm_imports() -> None:
    """Import what each part needs before either is timed (a session pays it once): the search's surrogate (torch,
    safetensors) and optimiser (pymoo); the grid's engines load on its first variant, the search's on its own
    baseline, both timed."""
    import pymoo.optimize  # noqa: F401
    from bldgagent.surrogate.store import load

    load()


def same_result(a, b) -> bool:
    """True when two searches returned the same proposals (changes and physics figures) and estimate count."""
    strip = lambda p: [(x["changes"], x["physics"]["whole_life_kgco2e_m2"]) for x in p.proposals]  # noqa: E731
    return strip(a) == strip(b) and a.search["estimates"] == b.search["estimates"]


if __name__ == "__main__":
    main()
