"""``bldgagent validate bestest [--epw PATH] [--glazing file|bestest] [--out DIR] [--json]``."""
from __future__ import annotations

import argparse
from pathlib import Path

from ._common import check_output_dir, command, print_json

#: Default location of the ASHRAE 140 weather file, relative to the working directory (the project root).
DEFAULT_BESTEST_EPW = Path("..") / "shared" / "data" / "epw" / "725650TYCST.epw"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("suite", choices=("bestest",), help="bestest: ASHRAE Standard 140-2020 Cases 600 and 900 from IFC")
    p.add_argument("--epw", type=Path, default=DEFAULT_BESTEST_EPW,
                   help=f"Denver TMY3 weather file 725650TYCST.epw (default: {DEFAULT_BESTEST_EPW}, relative to the "
                        "working directory)")
    p.add_argument("--glazing", choices=("file", "bestest"), default="file",
                   help="window optics: U and g from the IFC file (default) or the Std 140 clear-glass physics")
    p.add_argument("--out", type=Path, default=None, help="folder to keep the test-cell IFC files")
    p.add_argument("--json", action="store_true", help="print the results as JSON")


@command("validate", "Validation suites of the energy engine (bestest: ASHRAE 140 Cases 600/900 written as IFC, "
         "read back and simulated).")(configure)
def run(args: argparse.Namespace) -> int:
    from ..energy.validation import bestest_from_ifc, format_bestest

    if args.out is not None:
        check_output_dir(args.out, "--out")
    results = bestest_from_ifc(args.epw, folder=args.out, glazing=args.glazing)
    from ..climate import read_epw
    from ..energy.bestest import case_960

    results["960"] = case_960(read_epw(args.epw), terrain="country")   # two coupled zones, from parameters
    if args.json:
        print_json({"suite": "ashrae140-2020", "weather": str(args.epw), "cases": results})
    else:
        print(f"ASHRAE Standard 140-2020, weather {args.epw}; cells written as IFC4, read with bldgagent.load, zoned "
              "with the Std 140 operation (200 W 60 % radiative, 0.5 ACH, heat < 20 C, cool > 27 C, floor to outdoor "
              "air)")
        print(format_bestest(results))
    fails = [f"{c} {k}" for c, r in results.items() for k, ok in r["in_acceptance"].items() if not ok]
    if fails:
        print("outside the acceptance range: " + ", ".join(fails))
        return 1
    return 0
