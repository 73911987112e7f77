"""``bldgagent report MODEL.ifc [--climate X] [--lang en|zh] [--proposals] [--draws N] [--quiet] -o REPORT.html``:
the design-review report, one self-contained HTML file (:mod:`bldgagent.report.html`)."""
from __future__ import annotations

import argparse
import importlib
import importlib.util
from pathlib import Path

from ..errors import InputValueError
from ._common import DRAWS_RANGE, add_climate_arguments, check_output_file, climate_from_args, command, int_range

#: What ``--proposals`` asks of :mod:`bldgagent.propose`: a function ``report_frames(assessment)`` returning
#: ``{"tradeoff": frame, "abatement": frame}`` with the columns of :data:`bldgagent.report.plots.TRADEOFF_COLUMNS`
#: and :data:`bldgagent.report.plots.ABATEMENT_COLUMNS`.
PROPOSALS_HOOK = "report_frames"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", help="IFC file")
    p.add_argument("-o", "--output", required=True, type=Path, help="the HTML file to write (replaced if it exists)")
    add_climate_arguments(p)
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the report: English or Chinese")
    p.add_argument("--proposals", action="store_true",
                   help="add the proposals section (needs bldgagent.propose)")
    p.add_argument("--draws", type=int_range(*DRAWS_RANGE), default=1000,
                   help="Monte Carlo draws for the carbon uncertainty, %d (skip) to %d" % DRAWS_RANGE)
    p.add_argument("--quiet", action="store_true", help="no progress bar on stderr")


def _proposals_module():
    """:mod:`bldgagent.propose` with its report hook, or an InputValueError in one line (checked before any work)."""
    if importlib.util.find_spec("bldgagent.propose") is None:
        raise InputValueError("--proposals: this bldgagent has no proposals engine (bldgagent.propose); "
                              "run the report without --proposals")
    module = importlib.import_module("bldgagent.propose")
    if not callable(getattr(module, PROPOSALS_HOOK, None)):
        raise InputValueError(f"--proposals: bldgagent.propose has no {PROPOSALS_HOOK}(assessment) function giving "
                              "the trade-off and abatement frames; run the report without --proposals")
    return module


@command("report", "Design-review report of an IFC model: one self-contained HTML file (building, carbon in EN 15978 "
                   "and GB/T 51366, energy, health per room, diagnostics), in English or Chinese.")(configure)
def run(args: argparse.Namespace) -> int:
    from ..assess import assess
    from ..ifc import load
    from ..progress import Stages
    from ..report.html import render_report

    out = check_output_file(args.output, "-o", inputs=(args.model,))
    propose = _proposals_module() if args.proposals else None
    names = ["read model", "assess", "proposals", "draw report"] if propose else ["read model", "assess",
                                                                               "draw report"]
    with Stages(names, quiet=args.quiet, desc="report", delay_s=0) as stages:
        stages.start("read model")
        building = load(args.model)
        stages.start("assess")
        result = assess(building, climate_from_args(args), n_draws=args.draws)
        frames = None
        if propose is not None:
            stages.start("proposals")
            frames = getattr(propose, PROPOSALS_HOOK)(result)
        stages.start("draw report")
        text = render_report(result, lang=args.lang, proposals=frames)
    out.write_text(text, encoding="utf-8")
    if not args.quiet:
        print(f"Report written to {out} ({len(text.encode('utf-8')) // 1024} kB, {text.count('<svg')} charts)")
    return 0
