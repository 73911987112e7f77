"""``bldgagent surrogate check MODEL.ifc --climate X [--samples N] [--model DIR] [--json]``."""
from __future__ import annotations

import argparse
from pathlib import Path

from ._common import add_climate_arguments, climate_from_args, command, int_range, print_json


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=("check",), help="check: surrogate vs physics on random variants of the model")
    p.add_argument("model", help="IFC file")
    add_climate_arguments(p)
    p.add_argument("--samples", type=int_range(2, 10000, unit="variants"), default=20,
                   help="random design variants simulated and predicted (2-10000, default 20)")
    p.add_argument("--seed", type=int_range(0, 2**31 - 1), default=0, help="seed of the variants (default 0)")
    p.add_argument("--surrogate", type=Path, default=None,
                   help="model directory (default: the shipped models/surrogate)")
    p.add_argument("--json", action="store_true", help="print the JSON result (contract: docs/surrogate.md)")


def format_check(r: dict) -> str:
    """The check as a table: one line per output, then speed-up and OOD share."""
    lines = [f"Surrogate check: {r['building']} in {r['climate']}; {r['n_samples']} of {r['n_requested']} variants "
             "simulated", f"{'output':24} {'R2':>7} {'CV(RMSE)':>9} {'NMBE':>8} {'in 90% int.':>11} "
             f"{'physics mean':>13}"]
    for name, s in r["outputs"].items():
        def pct(v):
            return "n/a" if v is None else f"{v * 100:.1f} %"
        r2 = "n/a" if s["r2"] is None else f"{s['r2']:.3f}"
        lines.append(f"{name:24} {r2:>7} {pct(s['cv_rmse']):>9} {pct(s['nmbe']):>8} {pct(s['coverage_90']):>11} "
                     f"{s['physics_mean']:>13.2f}")
    lines.append(f"speed-up {r['speedup']:,.0f}x (fast features + model, batched; model only "
                 f"{r['speedup_model']:,.0f}x; {r['speedup_with_features']:,.0f}x re-zoning every variant), "
                 f"out of distribution: {r['ood_share'] * 100:.0f} % of variants")
    for e in r["failed"]:
        lines.append(f"failed: {e}")
    return "\n".join(lines)


@command("surrogate", "Neural surrogate: check it against the physics on random variants of a model before "
         "trusting it.")(configure)
def run(args: argparse.Namespace) -> int:
    import warnings

    from ..ifc import load
    from ..surrogate.check import check

    building = load(args.model)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = check(building, climate_from_args(args), model=args.surrogate, samples=args.samples, seed=args.seed)
    result["warnings"] = sorted({str(w.message) for w in caught if "surrogate" in str(w.message)})
    if args.json:
        print_json(result)
    else:
        for w in result["warnings"]:
            print(f"warning: {w}")
        print(format_check(result))
    return 0
