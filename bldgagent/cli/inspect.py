"""``bldgagent inspect MODEL.ifc [--json] [--geometry auto|all|none]``."""
from __future__ import annotations

import argparse

from ..report.text import format_summary
from ._common import command, print_json, stages


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", help="IFC file (IFC2X3, IFC4, IFC4X3)")
    p.add_argument("--json", action="store_true", help="print the JSON report (see docs/inspect-json.md)")
    p.add_argument("--geometry", choices=("auto", "all", "none"), default="auto",
                   help="triangulate what quantity sets lack (auto), everything with cross-checks (all), or nothing")


@command("inspect", "Read an IFC model and report storeys, areas, envelope, materials, spaces and diagnostics.")(
    configure)
def run(args: argparse.Namespace) -> int:
    from ..ifc import load
    from ..summary import building_summary

    with stages(args, "read model", "summary") as bar:
        bar.start("read model")
        building = load(args.model, geometry=args.geometry)
        bar.start("summary")
        summary = building_summary(building)
    if args.json:
        print_json(summary)
    else:
        print(format_summary(summary))
    return 0
