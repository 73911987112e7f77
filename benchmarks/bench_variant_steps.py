"""Where the CPU time of a physics variant goes, and whether several variants per thermal call would pay.

1. Steps: glazing and envelope variants of the 24-room sample building (Haikou, mixed mode) through
   ``VariantEvaluator``, with process-CPU timers around the steps (the compiled thermal loop, the rest of
   ``simulate``, zoning, health and its PMV, carbon, moisture); ms per variant, best of ``--repeat``.
2. Stacking: the operated zones of the same building simulated ``K`` at a time in one ``simulate`` call (each copy's
   zones renamed, partitions and air links with them; results equal to one copy's, checked), ms of CPU per copy.

``python benchmarks/bench_variant_steps.py [--repeat 3]``. Timers nest (``simulate`` includes the loop, health its
PMV), so the rows do not add up to the total.
"""
from __future__ import annotations

import argparse
import collections
import importlib
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))   # this checkout's bldgagent, not an installed copy

import numpy as np  # noqa: E402

STEPS = [("bldgagent.energy.thermal.kernel", "_step_loop", "compiled thermal loop"),
         ("bldgagent.energy.ventilation", "simulate", "simulate (loop, templates, plan, result)"),
         ("bldgagent.energy.thermal.run", "_templates", "  zone templates"),
         ("bldgagent.energy.assess", "zones_from_building", "zoning from the model"),
         ("bldgagent.energy.zoning.build", "ZonePlan.zoning", "zoning from the kept plan"),
         ("bldgagent.energy.assess", "_moisture", "moisture balance"),
         ("bldgagent.energy.assess", "_end_uses", "end uses and systems"),
         ("bldgagent.variants", "carbon_with_b6", "carbon (B6 and totals)"),
         ("bldgagent.health.building", "assess_health", "health"),
         ("bldgagent.health.comfort", "_pmv_ppd", "  PMV/PPD evaluations")]
VARIANTS = [{"windows": {"glazing": g}} for g in ("double_clear", "double_lowe", "triple_lowe")] + \
           [{"overrides": {"infiltration_ach": x}} for x in (0.2, 0.4, 0.8)]


def _timed(acc: dict) -> None:
    """Wrap the functions of :data:`STEPS` with process-CPU accumulators."""
    for module, name, label in STEPS:
        mod = importlib.import_module(module)
        if "." in name:                     # a method: Class.name
            cls_name, name = name.split(".")
            mod = getattr(mod, cls_name)
        fn = getattr(mod, name)

        def wrapper(*a, _fn=fn, _label=label, **k):
            t0 = time.process_time()
            try:
                return _fn(*a, **k)
            finally:
                acc[_label] += time.process_time() - t0
        setattr(mod, name, wrapper)


def _renamed(zones, tag: str) -> list:
    """The zones with ``tag`` appended to their names and to the names their partitions and air links refer to."""
    out = []
    for z in zones:
        surfaces = [replace(s, adjacent_zone=s.adjacent_zone + tag if s.adjacent_zone else None) for s in z.surfaces]
        air = {k + tag: v for k, v in z.interzone_air_m3_h.items()} if z.interzone_air_m3_h else z.interzone_air_m3_h
        out.append(replace(z, name=z.name + tag, surfaces=surfaces, interzone_air_m3_h=air))
    return out


def _stacking(building, weather, repeat: int) -> None:
    from bldgagent.energy.thermal import simulate
    from bldgagent.energy.zoning import zones_from_building

    zones = list(zones_from_building(building, weather=weather).zones)
    one = simulate(zones, weather)
    print(f"\nstacked simulate calls, {len(zones)} zones per copy (ms of CPU per copy, best of {repeat})")
    for k in (1, 2, 4, 8):
        stacked = sum((_renamed(zones, f"#{i}") for i in range(k)), [])
        best = float("inf")
        for _ in range(repeat):
            t0 = time.process_time()
            res = simulate(stacked, weather)
            best = min(best, (time.process_time() - t0) / k)
        last = slice((k - 1) * len(zones), k * len(zones))
        diff = float(np.abs(res.heating_w[last] - one.heating_w).max() + np.abs(res.cooling_w[last] - one.cooling_w).max())
        print(f"  K={k}: {best * 1000:7.1f} ms per copy (largest difference to one copy {diff:.1e} W)")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from bench_variants import sample_evaluator   # the same building, weather and evaluator as bench_variants.py

    building, weather, ev = sample_evaluator()
    acc: dict = collections.defaultdict(float)
    _timed(acc)
    best_total, best = float("inf"), {}
    for _ in range(args.repeat):
        acc.clear()
        t0 = time.process_time()
        for options in VARIANTS:
            ev.evaluate(energy_options=options)
        total = time.process_time() - t0
        if total < best_total:
            best_total, best = total, dict(acc)
    n = len(VARIANTS)
    print(f"{n} glazing/envelope variants, ms of CPU per variant (best of {args.repeat} rounds): "
          f"total {best_total / n * 1000:.1f}")
    for _, _, label in STEPS:
        print(f"  {label:42} {best.get(label, 0.0) / n * 1000:7.1f}")
    _stacking(building, weather, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
