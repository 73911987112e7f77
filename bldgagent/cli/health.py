"""``bldgagent health MODEL.ifc --climate ... [--noise-day DB --noise-night DB] [--json|--csv]``."""
from __future__ import annotations

import argparse

from ..report.text import format_health
from ._common import NOISE_DB_RANGE, add_climate_arguments, climate_from_args, command, finite_float, print_json, stages


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", help="IFC file")
    add_climate_arguments(p)
    p.add_argument("--operation", choices=("auto", "mixed", "conditioned"), default="auto",
                   help="mixed: windows first, then AC/heating (default for homes); conditioned: profile set-points")
    noise = finite_float(*NOISE_DB_RANGE, unit="dB(A)")
    p.add_argument("--noise-day", type=noise, default=None,
                   help="outdoor L_Aeq at the facades by day, dB(A), %g to %g" % NOISE_DB_RANGE)
    p.add_argument("--noise-night", type=noise, default=None,
                   help="outdoor L_Aeq at the facades by night, dB(A), %g to %g" % NOISE_DB_RANGE)
    # 0 <= angle < 90: geometry of an obstruction above the horizon (checked again by assess_health)
    p.add_argument("--obstruction", type=finite_float(0, 90, unit="degrees"), default=0.0,
                   help="obstruction angle above the horizon, degrees (0 to below 90)")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print the JSON result")
    fmt.add_argument("--csv", action="store_true", help="print the per-room table as CSV")


@command("health", "Room-by-room health and comfort: thermal, air, light, acoustics, materials; overheating risk.")(
    configure)
def run(args: argparse.Namespace) -> int:
    from ..health.building import assess_health
    from ..ifc import load

    with stages(args, "read model", "simulate and score rooms") as bar:
        bar.start("read model")
        building = load(args.model)
        bar.start("simulate and score rooms")
        result = assess_health(building, climate_from_args(args), operation=args.operation,
                               noise_day_db=args.noise_day, noise_night_db=args.noise_night,
                               obstruction_deg=args.obstruction)
    if args.json:
        print_json(result.to_dict())
    elif args.csv:
        print(result.to_frame().to_csv(index=False), end="")
    else:
        print(format_health(result))
    return 0
