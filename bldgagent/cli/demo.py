"""``bldgagent demo [--out DIR] [--draws N] [--json]``: the embedded sample building, assessed in Haikou."""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from ..report.text import format_health, format_summary
from ._common import DRAWS_RANGE, check_output_dir, command, int_range, print_json, to_json

#: Files ``demo --out DIR`` writes; an existing file of these names is replaced, anything else in DIR is left alone.
DEMO_FILES = ("sample_building.ifc", "assessment.json", "rooms.csv", "carbon_lines.csv")


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=None,
                   help="folder for the sample IFC and reports, created if missing (default: a temporary folder); "
                        "writes " + ", ".join(DEMO_FILES))
    p.add_argument("--json", action="store_true", help="print the JSON reports")
    p.add_argument("--draws", type=int_range(*DRAWS_RANGE), default=1000,
                   help="Monte Carlo draws for the carbon uncertainty, %d (skip) to %d" % DRAWS_RANGE)
    p.add_argument("--no-propose", action="store_true",
                   help="skip the design proposals (lower-carbon changes that keep every room healthy)")


@command("demo", "Write the embedded sample building (IFC4), run the whole assessment on it (Haikou climate) and "
                 "propose lower-carbon changes.")(
    configure)
def run(args: argparse.Namespace) -> int:
    if args.out is not None:
        check_output_dir(args.out, "--out")
        for name in DEMO_FILES:
            if (args.out / name).is_dir():
                from ..errors import InputFileError
                raise InputFileError(f"--out {args.out}: {args.out / name} is a folder; remove it or choose another --out")
    with tempfile.TemporaryDirectory(prefix="bldgagent-demo-") as tmp:
        return _demo(args, args.out or Path(tmp))


def _demo(args: argparse.Namespace, folder: Path) -> int:
    from ..assess import assess
    from ..ifc import load
    from ..ifc.samples import sample_building
    from ..summary import building_summary

    path = folder / "sample_building.ifc"
    sample_building(path=path)
    building = load(path)
    summary = building_summary(building)
    result = assess(building, "haikou", n_draws=args.draws)
    if args.out:
        (folder / "assessment.json").write_text(to_json(result.to_dict()), encoding="utf-8")
        result.health.to_frame().to_csv(folder / "rooms.csv", index=False)
        result.carbon.to_frame().to_csv(folder / "carbon_lines.csv", index=False)
    proposals = None if args.no_propose else _propose(building)
    if args.json:
        out = {"model": str(path), "inspect": summary, "assessment": result.to_dict()}
        if proposals is not None:
            out["proposals"] = proposals.to_dict()
        print_json(out)
        return 0
    print(f"Sample building written to {path}" + ("" if args.out else " (temporary; use --out DIR to keep it)"))
    print()
    print(format_summary(summary))
    print()
    print(result.report())
    print()
    print(format_health(result.health))
    if proposals is not None:
        print()
        print(proposals.report())
    if args.out:
        print(f"\nReports written to {folder}: assessment.json, rooms.csv, carbon_lines.csv")
    return 0


#: The demo's proposal search: a small budget keeps ``bldgagent demo`` quick (the ``propose`` command defaults to 64).
DEMO_PROPOSE = {"budget": 32, "top": 1, "verify_extra": 2, "refine_budget": 0, "n_draws": 0}


#: Libraries the proposals need beyond the core install (the ``surrogate`` and ``design`` extras).
PROPOSE_NEEDS = ("torch", "safetensors", "pymoo")


def _propose(building):
    """The demo's proposals, or None with a note on stderr when the design extras are not installed (the core
    install still runs the rest of the demo)."""
    import importlib.util
    import sys

    missing = [m for m in PROPOSE_NEEDS if importlib.util.find_spec(m) is None]
    if missing:
        print(f"note: proposals skipped: {', '.join(missing)} not installed; pip install torch==2.13.0 and "
              "'bldgagent[all]' for them", file=sys.stderr)
        return None
    from ..propose import propose

    return propose(building, "haikou", **DEMO_PROPOSE)
