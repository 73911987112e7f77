"""``bldgagent health MODEL.ifc --climate ... [--json|--csv]``: room-by-room health and comfort."""
from __future__ import annotations

import argparse

from ..cli import add_climate_arguments, climate_from_args, command, print_json


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", help="IFC file")
    add_climate_arguments(p)
    p.add_argument("--operation", choices=("auto", "mixed", "conditioned"), default="auto",
                   help="mixed: windows first, then AC/heating (default for homes); conditioned: profile set-points")
    p.add_argument("--noise-day", type=float, default=None, help="outdoor L_Aeq at the facades by day, dB(A)")
    p.add_argument("--noise-night", type=float, default=None, help="outdoor L_Aeq at the facades by night, dB(A)")
    p.add_argument("--obstruction", type=float, default=0.0, help="obstruction angle above the horizon, degrees")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print the JSON result")
    fmt.add_argument("--csv", action="store_true", help="print the per-room table as CSV")


@command("health", "Room-by-room health and comfort: thermal, air, light, acoustics, materials; overheating risk.")(
    configure)
def run(args: argparse.Namespace) -> int:
    from ..ifc import load
    from .building import assess_health

    building = load(args.model)
    result = assess_health(building, climate_from_args(args), operation=args.operation, noise_day_db=args.noise_day,
                           noise_night_db=args.noise_night, obstruction_deg=args.obstruction)
    if args.json:
        print_json(result.to_dict())
    elif args.csv:
        print(result.to_frame().to_csv(index=False), end="")
    else:
        print(format_health(result))
    return 0


def format_health(result) -> str:
    frame = result.to_frame()
    cols = ["room", "usage", "thermal", "air", "light", "acoustic", "materials", "overall",
            "free_running_occupied_hours_above_28c", "free_running_tm52_overheating"]
    cols = [c for c in cols if c in frame]
    table = frame[cols].rename(columns={"free_running_occupied_hours_above_28c": "h>28C (no AC)",
                                        "free_running_tm52_overheating": "TM52 overheats"})
    overall = "n/a" if result.overall is None else f"{result.overall:.0f}/100"
    head = (f"Health of {len(frame)} rooms, overall {overall} (operation: {result.settings.get('operation')}; "
            f"climate {result.settings.get('climate')})")
    notes = [f"  [{d.level}] {d.code}: {d.message}" for d in result.diagnostics][:10]
    return "\n".join([head, table.to_string(index=False, float_format=lambda x: f"{x:.0f}")] + notes)
