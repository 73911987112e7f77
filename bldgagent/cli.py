"""The ``bldgagent`` command.

Every sub-command prints a readable report, or JSON with ``--json`` (the contract a design agent relies
on). Errors print one line on stderr and exit with status 2; no tracebacks for bad input.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Callable

from .errors import BldgAgentError

COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int], str]] = {}


def command(name: str, help: str):
    """Register ``configure(parser)`` / ``run(args)`` for a sub-command."""
    def decorator(configure):
        def register(run):
            COMMANDS[name] = (configure, run, help)
            return run
        return register
    return decorator


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    parser = argparse.ArgumentParser(
        prog="bldgagent",
        description="Green, healthy building design over the whole life cycle: IFC in; carbon, energy, health out.",
    )
    parser.add_argument("--version", action="version", version=f"bldgagent {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (configure, _, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        configure(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    _load_commands()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 1
    _, run, _ = COMMANDS[args.command]
    try:
        return run(args) or 0
    except BldgAgentError as exc:
        print(f"bldgagent {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def add_climate_arguments(p: argparse.ArgumentParser) -> None:
    """``--climate`` and ``--epw-irradiance``, shared by the commands that run the energy engine."""
    p.add_argument("--climate", default=None,
                   help="packaged place (e.g. haikou, see bldgagent.climate.list_places) or an .epw path; default: "
                        "the synthetic year of the place nearest to the IfcSite location")
    p.add_argument("--epw-irradiance", choices=("auto", "file"), default="auto",
                   help="auto: repair EPW radiation stamped off the sun or whose components do not close (CSWD "
                        "files; each repair reported); file: use the radiation as written, as EnergyPlus does")


def climate_from_args(args: argparse.Namespace):
    """The ``climate`` to pass to the engines: None (site's nearest place) or a loaded :class:`Weather`."""
    if args.climate is None:
        return None
    from .climate import load_weather

    return load_weather(args.climate, irradiance=args.epw_irradiance)


def print_json(data) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=_json_default)
    sys.stdout.write("\n")


def _json_default(value):
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


# --- inspect -----------------------------------------------------------------------------------------
def _configure_inspect(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", help="IFC file (IFC2X3, IFC4, IFC4X3)")
    p.add_argument("--json", action="store_true", help="print the JSON report (see docs/inspect-json.md)")
    p.add_argument("--geometry", choices=("auto", "all", "none"), default="auto",
                   help="triangulate what quantity sets lack (auto), everything with cross-checks (all), or nothing")


@command("inspect", "Read an IFC model and report storeys, areas, envelope, materials, spaces and diagnostics.")(
    _configure_inspect)
def _run_inspect(args: argparse.Namespace) -> int:
    from .ifc import load
    from .summary import building_summary
    building = load(args.model, geometry=args.geometry)
    summary = building_summary(building)
    if args.json:
        print_json(summary)
    else:
        print(format_summary(summary))
    return 0


def format_summary(s: dict) -> str:
    """Plain-text rendering of :func:`bldgagent.summary.building_summary`."""
    lines = [f"{s['name'] or 'Building'} ({s['schema']})  {s['source'] or ''}"]
    site = s.get("site") or {}
    if site.get("latitude_deg") is not None:
        lines.append(f"Site: {site.get('name') or ''} {site['latitude_deg']:.4f}, {site['longitude_deg']:.4f}, "
                     f"elevation {site.get('elevation_m') or 0:.0f} m; model +Y bears {site['true_north_deg']:.0f} deg")
    else:
        lines.append("Site: location unknown")
    lines.append("Storeys: " + ", ".join(
        f"{st['name']} ({st['elevation_m'] if st['elevation_m'] is not None else '?'} m, "
        f"{st['gross_floor_area_m2'] or 0:.1f} m2)" for st in s["storeys"]))
    lines.append(f"Gross floor area {s['gross_floor_area_m2'] or 0:.1f} m2 ({s['gross_floor_area_method']}); "
                 f"net {s['net_floor_area_m2']:.1f} m2 in {len(s['spaces'])} spaces")
    lines.append("Elements: " + ", ".join(f"{k} {v}" for k, v in s["element_counts"].items()))
    env = s["envelope"]
    lines.append("Envelope          N        E        S        W")
    for key, label in (("wall_area_m2", "wall m2  "), ("window_area_m2", "window m2"), ("wwr", "WWR      ")):
        row = "".join(f"{env['by_orientation'][o][key]:9.2f}" for o in "NESW")
        lines.append(f"  {label}{row}")
    lines.append(f"  roof {env['roof_area_m2']:.1f} m2 (windows {env['roof_window_area_m2']:.1f}), "
                 f"ground floor {env['ground_floor_area_m2']:.1f} m2, overall WWR {env['wwr']:.2f}")
    lines.append("Materials (m3):")
    for m in s["materials"][:15]:
        extra = f", {m['unquantified_elements']} without volume" if m["unquantified_elements"] else ""
        lines.append(f"  {m['volume_m3']:9.2f}  {m['name']} ({m['elements']} elements{extra})")
    if len(s["materials"]) > 15:
        lines.append(f"  ... {len(s['materials']) - 15} more")
    lines.append("Spaces:")
    for sp in s["spaces"][:25]:
        lines.append(f"  {(sp['name'] or '')[:10]:10} {(sp['long_name'] or '')[:22]:22} {sp['usage']:22} "
                     f"{sp['net_floor_area_m2'] or 0:7.1f} m2  windows {sp['window_area_m2']:.1f} m2")
    if len(s["spaces"]) > 25:
        lines.append(f"  ... {len(s['spaces']) - 25} more")
    cov = s["coverage"]
    lines.append(f"Coverage: {cov['with_volume'] * 100:.0f} % of {cov['elements']} elements with a volume, "
                 f"{cov['with_material'] * 100:.0f} % with a material")
    counts = s["diagnostics"]["counts"]
    if counts:
        lines.append("Diagnostics: " + ", ".join(f"{k} x{v}" for k, v in counts.items()))
        shown = set()
        for d in s["diagnostics"]["items"]:
            if d["code"] in shown or d["level"] == "info":
                continue
            shown.add(d["code"])
            lines.append(f"  [{d['level']}] {d['code']}: {d['message']}" + (f" ({d['entity']})" if d.get("entity") else ""))
    return "\n".join(lines)


# --- demo --------------------------------------------------------------------------------------------
def _configure_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=None, help="folder for the sample IFC and reports (default: a temporary folder)")
    p.add_argument("--json", action="store_true", help="print the JSON reports")
    p.add_argument("--draws", type=int, default=1000, help="Monte Carlo draws for the carbon uncertainty")


@command("demo", "Write the embedded sample building (IFC4) and run the whole assessment on it (Haikou climate).")(
    _configure_demo)
def _run_demo(args: argparse.Namespace) -> int:
    from .assess import assess
    from .ifc import load
    from .ifc.samples import sample_building
    from .summary import building_summary
    with tempfile.TemporaryDirectory(prefix="bldgagent-demo-") as tmp:
        folder = args.out or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "sample_building.ifc"
        sample_building(path=path)
        building = load(path)
        summary = building_summary(building)
        result = assess(building, "haikou", n_draws=args.draws)
        if args.out:
            (folder / "assessment.json").write_text(json.dumps(result.to_dict(), indent=2, ensure_ascii=False,
                                                               default=_json_default), encoding="utf-8")
            result.health.to_frame().to_csv(folder / "rooms.csv", index=False)
            result.carbon.to_frame().to_csv(folder / "carbon_lines.csv", index=False)
        if args.json:
            print_json({"model": str(path), "inspect": summary, "assessment": result.to_dict()})
        else:
            print(f"Sample building written to {path}" + ("" if args.out else " (temporary; use --out DIR to keep it)"))
            print()
            print(format_summary(summary))
            print()
            print(result.report())
            from .health.cli import format_health
            print()
            print(format_health(result.health))
            if args.out:
                print(f"\nReports written to {folder}: assessment.json, rooms.csv, carbon_lines.csv")
    return 0


def _load_commands() -> None:
    """Import the modules that register further sub-commands (carbon, energy, health...)."""
    import importlib
    for module in ("bldgagent.lca.cli", "bldgagent.energy.cli", "bldgagent.health.cli", "bldgagent.assess"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


if __name__ == "__main__":
    sys.exit(main())
