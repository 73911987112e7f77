"""Body of ``bldgagent carbon MODEL.ifc --method en15978|gbt51366|both --period 50 [--json|--csv]``.

Registered with the top-level CLI (:mod:`bldgagent.cli`). Exit codes: 0 ok, 2 bad input (message on stderr).
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Sequence

from ..cli import command
from ..errors import BldgAgentError, InputValueError


def configure(p: argparse.ArgumentParser) -> None:
    """Arguments of ``bldgagent carbon``."""
    p.add_argument("model", help="IFC file")
    p.add_argument("--method", choices=("en15978", "gbt51366", "both"), default="both")
    p.add_argument("--period", type=int, default=None, help="reference study period in years (default 50)")
    p.add_argument("--factor-sets", default="cn", help="preset (cn, eu, uk) or comma-separated sets/CSV paths")
    p.add_argument("--mapping", default=None, help="project mapping file (JSON or CSV)")
    p.add_argument("--grid", default="CN", help="grid region for B6 (e.g. CN-HI, EU27, DK)")
    p.add_argument("--energy", default=None, help='annual energy by carrier as JSON, e.g. \'{"electricity": 40000}\'')
    p.add_argument("--gfa", type=float, default=None, help="gross floor area in m2 (else from the model)")
    p.add_argument("--draws", type=int, default=1000, help="Monte Carlo draws (0 to skip)")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print the result as JSON")
    fmt.add_argument("--csv", action="store_true", help="print the material lines as CSV")
    p.add_argument("--write-ifc", default=None, help="also write a copy of the model with Pset_bldgagent_Carbon")


def build_parser(prog: str = "bldgagent carbon") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description="Whole-life carbon of an IFC model (EN 15978 and GB/T 51366).")
    configure(p)
    return p


@command("carbon", "Whole-life carbon of an IFC model: EN 15978 modules and GB/T 51366-2019 phases from one take-off.")(
    configure)
def run(args: argparse.Namespace) -> int:
    """Run ``bldgagent carbon``; bad input raises BldgAgentError (one-line message, exit 2)."""
    from ..ifc import load
    from .assess import assess_carbon
    try:
        energy = json.loads(args.energy) if args.energy else None
    except json.JSONDecodeError as exc:
        raise InputValueError(f"--energy is not JSON ({exc}); give e.g. '{{\"electricity\": 40000}}'") from exc
    building = load(args.model)
    sets = args.factor_sets if "," not in args.factor_sets else [s.strip() for s in args.factor_sets.split(",")]
    result = assess_carbon(building, method=args.method, period_years=args.period, factor_sets=sets,
                           mapping=args.mapping, energy_by_carrier_kwh=energy, grid=args.grid, gfa_m2=args.gfa,
                           n_draws=args.draws)
    if args.write_ifc:
        from .writeback import write_carbon_pset
        write_carbon_pset(result, args.model, args.write_ifc)
    if args.json:
        print(result.to_json())
    elif args.csv:
        print(result.to_frame().to_csv(index=False), end="")
    else:
        table = result.gbt51366_table() if args.method == "gbt51366" else result.en15978_table()
        if "share" in table:
            table = table.assign(share=(100 * table["share"]).round(1))
        print(repr(result))
        print(table.to_string(index=False, float_format=lambda x: f"{x + 0.0:,.1f}"))
        if len(result.unmatched):
            print("\nunmatched materials:")
            print(result.unmatched[["material", "n_elements", "volume_m3"]].to_string(index=False))
    return 0


def carbon_cli_main(argv: Sequence[str] | None = None) -> int:
    """Stand-alone entry (``python -m bldgagent.lca.cli``): same as ``bldgagent carbon``."""
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except BldgAgentError as exc:
        print(f"bldgagent carbon: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(carbon_cli_main())
