"""``bldgagent assess MODEL.ifc [--climate ...] [--operation auto|mixed|conditioned] [--period N] [--grid R]
[--no-health] [--json] [--quiet]``; a progress bar on stderr in a terminal."""
from __future__ import annotations

import argparse

from ._common import DRAWS_RANGE, PERIOD_YEARS_RANGE, add_climate_arguments, climate_from_args, command, \
    int_range, print_json


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", help="IFC file")
    add_climate_arguments(p)
    p.add_argument("--method", choices=("en15978", "gbt51366", "both"), default="both")
    p.add_argument("--operation", choices=("auto", "mixed", "conditioned"), default="auto",
                   help="how the building is run for energy, B6 and health alike: auto = mixed mode (windows "
                        "first, then air conditioning) for dwellings, the usage profiles' conditioned hours otherwise")
    p.add_argument("--period", type=int_range(*PERIOD_YEARS_RANGE, unit="years"), default=None,
                   help="study period, %d to %d years (default 50)" % PERIOD_YEARS_RANGE)
    p.add_argument("--grid", default=None, help="grid region for B6 (default: from the site)")
    p.add_argument("--no-health", action="store_true", help="skip the health assessment")
    p.add_argument("--draws", type=int_range(*DRAWS_RANGE), default=1000,
                   help="Monte Carlo draws for the carbon uncertainty, %d (skip) to %d" % DRAWS_RANGE)
    p.add_argument("--json", action="store_true", help="print the full JSON")
    p.add_argument("--quiet", action="store_true", help="no progress bar on stderr (none either when not a terminal)")


@command("assess", "Whole assessment of an IFC model: energy, whole-life carbon with B6, and room-by-room health.")(
    configure)
def run(args: argparse.Namespace) -> int:
    from ..assess import assess
    from ..ifc import load
    from ..progress import Stages

    with Stages(["read model", "energy, carbon, health"], quiet=args.quiet, desc="assess", delay_s=0) as stages:
        stages.start("read model")
        building = load(args.model)
        stages.start("energy, carbon, health")
        result = assess(building, climate_from_args(args), method=args.method, period_years=args.period,
                        grid=args.grid, health=not args.no_health, n_draws=args.draws, operation=args.operation,
                        allow_partial=True)
    if args.json:
        print_json(result.to_dict())
    else:
        print(result.report())
    return 0
