"""``bldgagent batch INPUT... [--climate X] [--variants FILE] [--scheduler serial|local|dask|ADDRESS] [--workers N]
-o RESULTS.parquet [--json]``."""
from __future__ import annotations

import argparse

from ._common import check_output_file, command, int_range, print_json


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="IFC files, or folders whose .ifc files are taken")
    p.add_argument("--climate", default=None, help="packaged place or .epw path for every model (default: each "
                                                   "model's site)")
    p.add_argument("--epw-irradiance", choices=("auto", "file"), default="auto", help="as for `assess`")
    p.add_argument("--variants", default=None, help="JSON file: {variant name: {design option id: value}}; each "
                                                    "model runs as it is and as every variant")
    p.add_argument("--scheduler", default="local", help="serial, local (processes, default), dask (a local Dask "
                                                        "cluster) or a Dask scheduler address tcp://host:port")
    p.add_argument("--workers", type=int_range(1, 1024), default=None, help="worker processes (default: all cores)")
    p.add_argument("-o", "--output", required=True, help="Parquet file of results; rows already in it are skipped "
                                                         "(resume)")
    p.add_argument("--report", default=None, metavar="OUT.html", help="also write the portfolio as a self-contained "
                                                                      "HTML page (the plot extra)")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of --report")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the portfolio summary as JSON")


@command("batch", "Assess many models (and design variants) into one Parquet table, on processes or Dask; resumable.")(
    configure)
def run(args: argparse.Namespace) -> int:
    from ..sweep.batch import expand_inputs, load_variants, run_batch
    from ..sweep.portfolio import portfolio_summary

    models = expand_inputs(args.inputs)
    out = check_output_file(args.output, "-o", tuple(models))
    page = check_output_file(args.report, "--report", (*models, out)) if args.report else None
    variants = load_variants(args.variants)
    table = run_batch(models, args.climate, variants=variants, out=out, scheduler=args.scheduler,
                      workers=args.workers, progress=False if (args.quiet or args.json) else None,
                      irradiance=args.epw_irradiance)
    summary = portfolio_summary(table)
    if page is not None:
        from ..report.portfolio import render_portfolio

        page.write_text(render_portfolio(table, args.lang), encoding="utf-8")
    if args.json:
        print_json(summary.to_dict())
    else:
        print(summary.report())
        print(f"results: {out}")
    return 0
