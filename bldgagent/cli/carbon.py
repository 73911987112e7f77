"""``bldgagent carbon MODEL.ifc --method en15978|gbt51366|both --period 50 [--json|--csv] [--write-ifc OUT.ifc]``."""
from __future__ import annotations

import argparse
from typing import Sequence

from ..report.text import format_carbon
from ._common import (DRAWS_RANGE, PERIOD_YEARS_RANGE, check_output_file, command, energy_by_carrier, finite_float,
                      int_range, stages)


def configure(p: argparse.ArgumentParser) -> None:
    """Arguments of ``bldgagent carbon``."""
    p.add_argument("model", help="IFC file")
    p.add_argument("--method", choices=("en15978", "gbt51366", "both"), default="both")
    p.add_argument("--period", type=int_range(*PERIOD_YEARS_RANGE, unit="years"), default=None,
                   help="reference study period, %d to %d years (default 50)" % PERIOD_YEARS_RANGE)
    p.add_argument("--factor-sets", default="cn", help="preset (cn, eu, uk) or comma-separated sets/CSV paths")
    p.add_argument("--mapping", default=None, help="project mapping file (JSON or CSV)")
    p.add_argument("--grid", default=None, help="grid region for B6 (e.g. CN-HI, EU27, DK; default: from the site's "
                   "country, as bldgagent assess)")
    p.add_argument("--energy", type=energy_by_carrier, default=None,
                   help='annual energy by carrier as a JSON object of finite kWh >= 0, e.g. \'{"electricity": 40000}\'')
    p.add_argument("--gfa", type=finite_float(0, None, lo_open=True, unit="m2"), default=None,
                   help="gross floor area in m2, > 0 (else from the model)")
    p.add_argument("--draws", type=int_range(*DRAWS_RANGE), default=1000,
                   help="Monte Carlo draws, %d (skip) to %d" % DRAWS_RANGE)
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print the result as JSON")
    fmt.add_argument("--csv", action="store_true", help="print the material lines as CSV")
    p.add_argument("--write-ifc", default=None, help="also write a copy of the model with Pset_bldgagent_Carbon "
                   "(a new file: never the input model)")


@command("carbon", "Whole-life carbon of an IFC model: EN 15978 modules and GB/T 51366-2019 phases from one take-off.")(
    configure)
def run(args: argparse.Namespace) -> int:
    """Run ``bldgagent carbon``; bad input raises BldgAgentError (one-line message, exit 2)."""
    from ..ifc import load
    from ..lca.assess import assess_carbon

    sets = args.factor_sets if "," not in args.factor_sets else [s.strip() for s in args.factor_sets.split(",")]
    if args.write_ifc:
        inputs = [args.model, *([args.mapping] if args.mapping else []), *(sets if isinstance(sets, list) else [sets])]
        check_output_file(args.write_ifc, "--write-ifc", tuple(inputs))
    with stages(args, "read model", "carbon account") as bar:
        bar.start("read model")
        building = load(args.model)
        grid, grid_warning = args.grid, None
        if grid is None and args.energy:
            grid, grid_warning = site_grid(building)
        bar.start("carbon account")
        result = assess_carbon(building, method=args.method, period_years=args.period, factor_sets=sets,
                               mapping=args.mapping, energy_by_carrier_kwh=args.energy, grid=grid, gfa_m2=args.gfa,
                               n_draws=args.draws)
    if grid_warning and hasattr(result, "diagnostics"):
        result.diagnostics.add("warning", "grid_fallback", grid_warning)
    if args.write_ifc:
        from ..lca.writeback import write_carbon_pset
        write_carbon_pset(result, args.model, args.write_ifc)
    if args.json:
        print(result.to_json())
    elif args.csv:
        print(result.to_frame().to_csv(index=False), end="")
    else:
        print(format_carbon(result, args.method))
        if grid_warning:
            print(f"[warning] grid_fallback: {grid_warning}")
    return 0


def site_grid(building) -> tuple[str, str | None]:
    """The default B6 grid of ``bldgagent assess`` for this model (the site's country, not a weather file's place,
    :func:`bldgagent.energy.assess.grid_choice`) and the warning when it is a fallback."""
    from ..energy.assess import grid_choice
    from ..energy.zoning.location import locate

    location = locate(building if hasattr(building, "site") else None)
    choice = grid_choice(location)
    if choice.warning:
        return choice.region, f"B6 default grid {choice.region}: {choice.warning}"
    if location.site_country is None:
        return choice.region, "the site has no location: B6 uses the world-average grid; pass --grid REGION"
    return choice.region, None


def carbon_cli_main(argv: Sequence[str] | None = None) -> int:
    """``bldgagent carbon ARGV`` as a function (same exit statuses)."""
    from . import main

    return main(["carbon", *(argv or [])])
