"""Time the whole assessment against the IFC load it follows, on each shared model.

``bldgagent.assess`` (energy, carbon with B6, health; one scenario, one operated simulation) over ``bldgagent.load``
of the same file, both measured in this run. Target (architecture issue): assess / load <= 0.7 on the largest model.
Each model in its own site's packaged climate would mix climates; all run in Haikou's packaged year so the ratio
speaks of the model, not the weather. Best of N runs.

``python benchmarks/bench_assess.py [--repeat 3] [--models A.ifc B.ifc]``
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared" / "data" / "ifc").resolve()
sys.path.insert(0, str(ROOT / "benchmarks"))

import bldgagent  # noqa: E402
from _timing import best_of  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--models", nargs="*", default=None)
    args = ap.parse_args()
    if not SHARED.exists():
        print(f"shared models not found in {SHARED}")
        return 1
    from bldgagent.climate import load_weather

    weather = load_weather("haikou")
    paths = [SHARED / m for m in args.models] if args.models else sorted(SHARED.glob("*.ifc"), key=lambda p: p.stat().st_size)
    print(f"{'model':32} {'MB':>6} {'zones':>5} {'load s':>7} {'assess s':>8} {'ratio':>6}")
    ratio = None
    for path in paths:
        t_load, building = best_of(lambda: bldgagent.load(path), args.repeat)
        try:
            bldgagent.assess(building, weather, n_draws=0)  # warm-up (compiles, caches the weather)
            t_assess, a = best_of(lambda: bldgagent.assess(building, weather), args.repeat)
        except bldgagent.BldgAgentError as exc:
            print(f"{path.name:32} {path.stat().st_size / 1e6:6.1f}  not assessed: {exc}")
            continue
        ratio = t_assess / t_load
        print(f"{path.name:32} {path.stat().st_size / 1e6:6.1f} {len(a.energy.zoning):5d} {t_load:7.2f} "
              f"{t_assess:8.2f} {ratio:6.2f}")
    print(f"largest model: assess / load = {ratio:.2f} (target <= 0.7)" if ratio is not None else "no model assessed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
