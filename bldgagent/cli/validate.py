"""``bldgagent validate bestest [--edition 2020|1995] [--epw PATH] [--glazing file|bestest] [--out DIR] [--json]``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InputFileError
from ._common import check_output_dir, command, print_json

#: Default location of the ASHRAE 140 weather file, relative to the working directory (the project root).
DEFAULT_BESTEST_EPW = Path("..") / "shared" / "data" / "epw" / "725650TYCST.epw"
#: Title of each edition's suite, for the output.
SUITES = {"2020": "ASHRAE Standard 140-2020", "1995": "BESTEST 1995 (ASHRAE Standard 140-2001/2004 ranges)"}


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("suite", choices=("bestest",), help="bestest: ASHRAE Standard 140-2020 Cases 600 and 900 from IFC, "
                   "620/630/920/930 (east/west windows, overhangs and fins) from their zone data, and the free-float cases")
    p.add_argument("--edition", choices=("2020", "1995"), default="2020",
                   help="2020 (default): Std 140-2020 acceptance ranges, Denver TMY3 725650TYCST.epw; 1995: the "
                        "first BESTEST's ranges (Std 140-2001/2004 Annex B8) with its DRYCOLD weather, which is not "
                        "shipped: give it with --epw")
    p.add_argument("--epw", type=Path, default=None,
                   help=f"weather file: for 2020 the Denver TMY3 file 725650TYCST.epw (default: {DEFAULT_BESTEST_EPW}, "
                        "relative to the working directory); for 1995 the DRYCOLD weather, as EPW or the 1995 DRYCOLD.TMY file (required)")
    p.add_argument("--glazing", choices=("file", "bestest"), default="file",
                   help="window optics: U and g from the IFC file (default) or the Std 140 clear-glass physics")
    p.add_argument("--out", type=Path, default=None, help="folder to keep the test-cell IFC files")
    p.add_argument("--json", action="store_true", help="print the results as JSON")


def _weather_path(args: argparse.Namespace) -> Path:
    if args.epw is not None:
        return args.epw
    if args.edition == "1995":
        raise InputFileError("--edition 1995 needs the 1995 BESTEST weather (DRYCOLD, Denver, converted to EPW; "
                             "not shipped with bldgagent): give its path with --epw PATH")
    return DEFAULT_BESTEST_EPW


@command("validate", "Validation suites of the energy engine (bestest: ASHRAE 140 Cases 600/900 written as IFC, "
         "read back and simulated; --edition 2020 or 1995).")(configure)
def run(args: argparse.Namespace) -> int:
    from ..climate import read_epw
    from ..energy.bestest import case_960, judge_edition
    from ..energy.validation import bestest_free_float, bestest_from_ifc, bestest_hand_cases, format_bestest

    epw = _weather_path(args)  # bestest_from_ifc reads it (one-line WeatherFileError) before writing any cell
    if args.out is not None:
        check_output_dir(args.out, "--out")
    results = bestest_from_ifc(epw, folder=args.out, glazing=args.glazing)
    free = {}
    if args.edition == "2020":   # the hand-parameter and free-float cells carry the 2020 ranges only
        results.update(bestest_hand_cases(epw))
        free = bestest_free_float(epw)
        results["960"] = case_960(read_epw(epw), terrain="country")   # two coupled zones, from parameters
    else:
        results = judge_edition(results, args.edition)
    suite = {"2020": "ashrae140-2020", "1995": "bestest-1995"}[args.edition]
    if args.json:
        print_json({"suite": suite, "edition": args.edition, "weather": str(epw), "cases": results, "free_float": free})
    else:
        print(f"{SUITES[args.edition]}, weather {epw}; cells written as IFC4, read with bldgagent.load, zoned "
              "with the Std 140 operation (200 W 60 % radiative, 0.5 ACH, heat < 20 C, cool > 27 C, floor to outdoor "
              "air)")
        print(format_bestest(results))
        if free:
            print("free float (zone air, deg C; example programs):")
        for c, r in free.items():
            print(f"{c:<6}" + "  ".join(f"{k[:-2]} {r[k]:6.2f} ({lo:g}..{hi:g}){'' if r['in_example_range'][k] else ' NO'}"
                                        for k, (lo, hi) in r["example"].items()))
    fails = [f"{c} {k}" for c, r in results.items() for k, ok in r["in_acceptance"].items() if not ok]
    if fails:
        # with --json stdout stays one JSON document: the summary goes to stderr
        print("outside the acceptance range: " + ", ".join(fails), file=sys.stderr if args.json else sys.stdout)
        return 1
    return 0
