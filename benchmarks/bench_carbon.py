"""Time the carbon assessment against the IFC load it follows, and 1,000 Monte Carlo draws.

1. For each shared model: ``bldgagent.load`` time (baseline, measured in the same run) and ``assess_carbon`` time
   without Monte Carlo. Target: assessment / load <= 0.3.
2. 1,000 Monte Carlo draws on a Duplex-sized synthetic model (300 elements, ~1,000 material lines). Target < 1 s.

Best of N runs. ``python benchmarks/bench_carbon.py [--repeat 3]``
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared" / "data" / "ifc").resolve()
sys.path.insert(0, str(ROOT / "tests" / "lca"))

from bldgagent.lca import FactorLibrary, assess_carbon  # noqa: E402
from bldgagent.lca.uncertainty import monte_carlo  # noqa: E402
from bldgagent.model import Building  # noqa: E402
from _timing import best_of  # noqa: E402


def synthetic(n_elements=300, layers=3) -> Building:
    from lca_buildings import element, mat, opening
    names = ["Concrete - Cast In Situ", "Masonry - Brick", "Mineral wool", "Plasterboard", "Holz", "Stahl"]
    els = []
    for i in range(n_elements):
        ls = [(mat(names[(i + j) % len(names)]), 0.5, 0.1) for j in range(layers)]
        els.append(element(f"E{i}", ("wall", "slab", "beam")[i % 3], ls, storey=f"S{i % 3}"))
    els += [opening(f"W{i}", "window", 2.0) for i in range(30)]
    return Building(name="synthetic", elements=els, gross_floor_area_m2=500.0)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    ok = True
    try:
        from bldgagent import load
    except ImportError:
        load = None
    if load is not None and SHARED.exists():
        print(f"{'model':32s} {'load s':>8s} {'assess s':>9s} {'ratio':>6s} {'lines':>6s}")
        for path in sorted(SHARED.glob("*.ifc")):
            t_load, building = best_of(lambda: load(path), args.repeat)
            t_assess, result = best_of(lambda: assess_carbon(building, n_draws=0), args.repeat)
            ratio = t_assess / t_load
            ok &= ratio <= 0.3
            print(f"{path.name:32s} {t_load:8.3f} {t_assess:9.3f} {ratio:6.2f} {len(result.lines):6d}")
        print("target: assessment / load <= 0.3")
    else:
        print("bldgagent.load or ../shared/data/ifc not available: model timings skipped")
    b = synthetic()
    r = assess_carbon(b, n_draws=0)
    lib = FactorLibrary()
    t_mc, unc = best_of(lambda: monte_carlo(r.lines, lib, r.building_modules, 0.0, 1000, 0), args.repeat)
    t_full, _ = best_of(lambda: assess_carbon(b, n_draws=1000), args.repeat)
    ok &= t_mc < 1.0
    print(f"Monte Carlo 1000 draws on {len(r.lines)} lines: {t_mc * 1000:.1f} ms (target < 1000 ms); "
          f"full assessment with draws {t_full * 1000:.0f} ms; P5/P50/P95 "
          f"{unc['total_a1_c4']['p5'] / 1000:.0f}/{unc['total_a1_c4']['p50'] / 1000:.0f}/"
          f"{unc['total_a1_c4']['p95'] / 1000:.0f} tCO2e")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
