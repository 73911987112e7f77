"""Variant evaluations per second on the 24-room sample building (energy, carbon and health included).

Baseline measured in the same run: a full ``bldgagent.assess`` of the same variant. Three kinds of variant:
plant (systems: the zones' simulation is reused), glazing (window type forced on every window) and envelope
(airtightness override); each variant is checked equal to its full assessment (energy by carrier, carbon modules,
health score) to 1e-9. Target (architecture issue): >= 20 variants per second.

``python benchmarks/bench_variants.py [--repeat 3] [--cpu]`` (``--cpu``: CPU time of the process instead of wall time,
for a shared, loaded machine)
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))   # this checkout's bldgagent, not an installed copy
sys.path.insert(0, str(ROOT / "benchmarks"))

import bldgagent  # noqa: E402
from _timing import best_of  # noqa: E402

VARIANTS = {
    "plant": [{"systems": {"cooling": c}} for c in ("split_ac_cn", "split_ac_cn_min", "vrf")],
    "glazing": [{"windows": {"glazing": g}} for g in ("double_clear", "double_lowe", "triple_lowe")],
    "envelope": [{"overrides": {"infiltration_ach": x}} for x in (0.2, 0.4, 0.8)],
}


def _check(a, b) -> float:
    """Largest relative difference of the headline figures of two assessments."""
    pairs = [(a.carbon.total_kgco2e, b.carbon.total_kgco2e), (a.carbon.gbt_total_kgco2e, b.carbon.gbt_total_kgco2e),
             (a.health.overall, b.health.overall)]
    pairs += [(v, b.energy.by_carrier[k]) for k, v in a.energy.by_carrier.items()]
    return max(abs(x - y) / max(abs(y), 1e-12) for x, y in pairs)


def sample_evaluator(place: str = "haikou"):
    """The 24-room sample building, the weather of ``place`` and a VariantEvaluator of the two (no carbon draws)."""
    from bldgagent.climate import load_weather
    from bldgagent.ifc.samples import sample_building
    from bldgagent.variants import VariantEvaluator

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.ifc"
        sample_building(path=path)
        building = bldgagent.load(path)
    weather = load_weather(place)
    return building, weather, VariantEvaluator(building, weather, n_draws=0)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cpu", action="store_true", help="time by the process's CPU time (a loaded, shared machine)")
    args = ap.parse_args()
    building, weather, ev = sample_evaluator()
    print(f"sample building: {len(ev.baseline.energy.zoning)} zones, scenario {ev.scenario.operation}")
    print(f"{'variants':10} {'full assess s':>13} {'evaluator s':>11} {'per s':>6} {'speed-up':>8} {'max rel diff':>12}")
    rates = []
    for kind, options in VARIANTS.items():
        t_full, full = best_of(lambda: [bldgagent.assess(building, weather, n_draws=0, energy_options=o)
                                        for o in options], args.repeat, args.cpu)
        t_var, fast = best_of(lambda: [ev.evaluate(energy_options=o) for o in options], args.repeat, args.cpu)
        diff = max(_check(a, b) for a, b in zip(fast, full))
        n = len(options)
        rates.append(n / t_var)
        print(f"{kind:10} {t_full / n:13.3f} {t_var / n:11.3f} {n / t_var:6.1f} {t_full / t_var:8.1f} {diff:12.1e}")
    mean = len(rates) / sum(1 / r for r in rates)
    print(f"variant evaluations per second (harmonic mean of the three kinds): {mean:.1f} (target >= 20)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
