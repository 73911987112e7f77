"""``bldgagent energy`` and ``bldgagent validate`` sub-commands (registered with :func:`bldgagent.cli.command`)."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..cli import add_climate_arguments, climate_from_args, command, print_json
from ..errors import InputValueError
from .zoning import ZONINGS

#: Default location of the ASHRAE 140 weather file, relative to the working directory (the project root).
DEFAULT_BESTEST_EPW = Path("..") / "shared" / "data" / "epw" / "725650TYCST.epw"


def _configure_energy(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", help="IFC file")
    add_climate_arguments(p)
    p.add_argument("--zoning", choices=ZONINGS, default="space", help="one zone per room (space), per storey, or per "
                   "storey and usage group")
    p.add_argument("--free-running", action="store_true", help="no heating or cooling: temperatures only")
    p.add_argument("--systems", choices=("cn", "eu"), default=None, help="default systems of a region (default: site's)")
    p.add_argument("--pv-kwp", type=float, default=None, help="rooftop PV peak power, kW")
    p.add_argument("--pv-roof-fraction", type=float, default=None, help="rooftop PV as a share of the roof area")
    p.add_argument("--b6-years", type=int, default=None, help="also compute B6 operational carbon over this many years")
    p.add_argument("--json", action="store_true", help="print the JSON result (EnergyResult.to_dict)")


@command("energy", "Hourly operational energy of an IFC model: demand by end use, final energy by carrier, zones.")(
    _configure_energy)
def _run_energy(args: argparse.Namespace) -> int:
    from .. import load
    from .assess import assess_energy, operational_carbon

    pv = None
    if args.pv_kwp is not None and args.pv_roof_fraction is not None:
        raise InputValueError("give --pv-kwp or --pv-roof-fraction, not both")
    if args.pv_kwp is not None:
        pv = {"kwp": args.pv_kwp}
    elif args.pv_roof_fraction is not None:
        pv = {"roof_fraction": args.pv_roof_fraction}
    building = load(args.model)
    result = assess_energy(building, climate_from_args(args), zoning=args.zoning, free_running=args.free_running,
                           systems=args.systems, pv=pv)
    carbon = operational_carbon(result, args.b6_years) if args.b6_years else None
    if args.json:
        out = result.to_dict()
        if carbon is not None:
            out["b6"] = carbon.to_dict()
        print_json(out)
        return 0
    print(format_energy(result.to_dict()))
    if carbon is not None:
        print(f"B6 over {carbon.period_years} years from {carbon.start_year} (grid {carbon.region}, "
              f"{carbon.trajectory}): {carbon.total_kgco2e / 1000:,.1f} t ({carbon.basis})")
    return 0


def format_energy(d: dict) -> str:
    """Plain-text rendering of :meth:`EnergyResult.to_dict`."""
    a = d["floor_area_m2"]
    lines = [f"{d['building'] or 'Building'}: {len(d['zones'])} zones, {a:.1f} m2 net floor area",
             f"Weather: {d['weather']['source']}",
             f"Location: {d['location'].get('place')} ({d['location'].get('country')}, climate zone "
             f"{d['location'].get('climate_zone') or '-'}); zoning {d['settings']['zoning']}",
             "End use          demand kWh   final kWh  carrier       kWh/m2"]
    for k, v in d["by_end_use"].items():
        dem = "-" if v["demand_kwh"] is None else f"{v['demand_kwh']:,.0f}"
        lines.append(f"  {k:<12}{dem:>13}{v['final_kwh']:>12,.0f}  {str(v['carrier'] or '-'):<12}"
                     f"{(v['demand_kwh'] or v['final_kwh']) / a:>8.1f}")
    lines.append("By carrier (PV netted): " + ", ".join(f"{k} {v:,.0f} kWh" for k, v in d["by_carrier"].items()))
    p = d["peaks_kw"]
    lines.append(f"Peaks: heating {p['heating_kw']:.1f} kW, cooling {p['cooling_kw']:.1f} kW, "
                 f"electricity {p['electricity_kw']:.1f} kW")
    if d.get("pv"):
        pv = d["pv"]
        lines.append(f"PV {pv['kwp']:.1f} kWp: {pv['annual_ac_kwh']:,.0f} kWh ({pv['specific_yield_kwh_kwp']:.0f} "
                     f"kWh/kWp), self-consumed {pv['self_consumed_kwh']:,.0f}, exported {pv['exported_kwh']:,.0f}")
    cov = d["coverage"]
    lines.append("Envelope assigned to zones: " + ", ".join(
        f"{k.replace('_', ' ')} {v['share'] * 100:.0f} % of {v['total_m2']:.0f} m2" for k, v in cov.items()))
    lines.append("Zones                        m2   heat kWh   cool kWh   Top min/max C")
    for z in d["zones"][:30]:
        lines.append(f"  {z['zone'][:24]:<24}{z['floor_area_m2']:>7.1f}{z['heating_kwh']:>11,.0f}{z['cooling_kwh']:>11,.0f}"
                     f"   {z['min_operative_c']:5.1f} / {z['max_operative_c']:4.1f}")
    if len(d["zones"]) > 30:
        lines.append(f"  ... {len(d['zones']) - 30} more")
    shown = set()
    for x in d["diagnostics"]:
        if x["level"] == "info" or x["code"] in shown:
            continue
        shown.add(x["code"])
        lines.append(f"  [{x['level']}] {x['code']}: {x['message']}" + (f" ({x['entity']})" if x.get("entity") else ""))
    return "\n".join(lines)


def _configure_validate(p: argparse.ArgumentParser) -> None:
    p.add_argument("suite", choices=("bestest",), help="bestest: ASHRAE Standard 140-2020 Cases 600 and 900 from IFC")
    p.add_argument("--epw", type=Path, default=DEFAULT_BESTEST_EPW,
                   help=f"Denver TMY3 weather file 725650TYCST.epw (default: {DEFAULT_BESTEST_EPW}, relative to the "
                        "working directory)")
    p.add_argument("--glazing", choices=("file", "bestest"), default="file",
                   help="window optics: U and g from the IFC file (default) or the Std 140 clear-glass physics")
    p.add_argument("--out", type=Path, default=None, help="folder to keep the test-cell IFC files")
    p.add_argument("--json", action="store_true", help="print the results as JSON")


@command("validate", "Validation suites of the energy engine (bestest: ASHRAE 140 Cases 600/900 written as IFC, "
         "read back and simulated).")(_configure_validate)
def _run_validate(args: argparse.Namespace) -> int:
    from .validation import bestest_from_ifc, format_bestest

    results = bestest_from_ifc(args.epw, folder=args.out, glazing=args.glazing)
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
