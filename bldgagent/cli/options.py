"""``bldgagent options MODEL.ifc [--json]``: the design options that apply to a model (docs/design-json.md)."""
from __future__ import annotations

import argparse

from ._common import command, print_json


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", help="IFC file (IFC2X3, IFC4, IFC4X3)")
    p.add_argument("--json", action="store_true", help="print the options as a JSON list (see docs/design-json.md)")


def _value(o) -> str:
    if o.kind == "continuous":
        cur = "-" if o.current is None else f"{o.current:g}"
        return f"{cur} {o.unit} in [{o.bounds[0]:g}, {o.bounds[1]:g}]"
    return f"{o.current or '-'} of {', '.join(o.choices)}"


@command("options", "List the design options that apply to an IFC model: id, kind, bounds or choices, current value.")(
    configure)
def run(args: argparse.Namespace) -> int:
    from ..design import design_options
    from ..ifc import load

    opts = design_options(load(args.model))
    if args.json:
        print_json([o.to_dict() for o in opts])
        return 0
    width = max(len(o.id) for o in opts) if opts else 0
    for o in opts:
        print(f"{o.id:<{width}}  {o.label}\n{'':<{width}}  {_value(o)}")
    return 0
