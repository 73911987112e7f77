"""``bldgagent energy MODEL.ifc [--climate ...] [--zoning ...] [--pv-kwp KW] [--b6-years N] [--json]``."""
from __future__ import annotations

import argparse

from ..report.text import format_b6, format_energy
from ..energy.zoning import ZONINGS
from ._common import PERIOD_YEARS_RANGE, add_climate_arguments, climate_from_args, command, finite_float, \
    int_range, print_json, stages


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", help="IFC file")
    add_climate_arguments(p)
    p.add_argument("--zoning", choices=ZONINGS, default="space", help="one zone per room (space), per storey, or per "
                   "storey and usage group")
    p.add_argument("--free-running", action="store_true", help="no heating or cooling: temperatures only")
    p.add_argument("--systems", choices=("cn", "eu"), default=None, help="default systems of a region (default: site's)")
    pv = p.add_mutually_exclusive_group()
    pv.add_argument("--pv-kwp", type=finite_float(0, None, lo_open=True, unit="kWp"), default=None,
                   help="rooftop PV peak power, kW (> 0)")
    pv.add_argument("--pv-roof-fraction", type=finite_float(0, 1, lo_open=True), default=None,
                   help="rooftop PV as a share of the roof area, above 0 and up to 1")
    p.add_argument("--b6-years", type=int_range(*PERIOD_YEARS_RANGE, unit="years"), default=None,
                   help="also compute B6 operational carbon over this many years (%d to %d)" % PERIOD_YEARS_RANGE)
    p.add_argument("--json", action="store_true", help="print the JSON result (EnergyResult.to_dict)")


@command("energy", "Hourly operational energy of an IFC model: demand by end use, final energy by carrier, zones.")(
    configure)
def run(args: argparse.Namespace) -> int:
    from ..energy.assess import assess_energy, operational_carbon
    from ..ifc import load

    pv = None
    if args.pv_kwp is not None:
        pv = {"kwp": args.pv_kwp}
    elif args.pv_roof_fraction is not None:
        pv = {"roof_fraction": args.pv_roof_fraction}
    with stages(args, "read model", "simulate") as bar:
        bar.start("read model")
        building = load(args.model)
        bar.start("simulate")
        result = assess_energy(building, climate_from_args(args), zoning=args.zoning,
                               free_running=args.free_running, systems=args.systems, pv=pv)
    carbon = operational_carbon(result, args.b6_years) if args.b6_years else None
    if args.json:
        out = result.to_dict()
        if carbon is not None:
            out["b6"] = carbon.to_dict()
        print_json(out)
        return 0
    print(format_energy(result.to_dict()))
    if carbon is not None:
        print(format_b6(carbon))
    return 0
