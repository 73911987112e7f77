"""``bldgagent apply MODEL.ifc CHANGES.json -o OUT.ifc [--json] [--no-assess] [--climate ...]``: write the changed
model and print what changed and the before/after headline (docs/design-json.md)."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..errors import InputFileError
from ._common import add_climate_arguments, check_output_file, climate_from_args, command, print_json

#: Headline metrics compared before/after (Assessment.headline keys).
HEADLINE = ("upfront_a1_a5_kgco2e_m2", "embodied_kgco2e_m2", "whole_life_en15978_kgco2e_m2", "gbt51366_total_kgco2e_m2",
            "b6_kgco2e_m2", "final_energy_kwh", "final_energy_kwh_m2", "health_overall_score")


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", help="IFC file")
    p.add_argument("changes", help="JSON object mapping option ids to values (see `bldgagent options MODEL.ifc`)")
    p.add_argument("-o", "--output", required=True, help="the changed IFC file to write (never the input)")
    add_climate_arguments(p)
    p.add_argument("--no-assess", action="store_true", help="write the model without the before/after assessment")
    p.add_argument("--json", action="store_true", help="print the JSON report (see docs/design-json.md)")


def read_changes_file(path: str) -> dict:
    """The change set of a CHANGES.json file; InputFileError naming the file when missing or not a JSON object."""
    p = Path(path)
    if not p.is_file():
        raise InputFileError(f"{path}: no such changes file; give a JSON object such as "
                             '{"wall_insulation_thickness_m": 0.2}')
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise InputFileError(f"{path}: expected a JSON object mapping option ids to values, got {type(data).__name__}")
    return data


def apply_report(model: str, changes: dict, output: str, climate=None, assess_it: bool = True) -> dict:
    """The ``apply --json`` object (docs/design-json.md)."""
    from ..comparison import compare
    from ..design import apply, energy_options_for, write_ifc
    from ..ifc import load

    before = load(model)
    written = write_ifc(model, changes, output, building=before)
    out = {"model": str(model), "output": str(output), "changes": dict(changes),
           "changed": written.apply_report.entries, "changed_elements": written.apply_report.changed_elements,
           "written": {"geometric": written.geometric, "properties": written.properties,
                       "shading_devices": written.shading_devices},
           "headline": None, "reference_area": None, "deltas": None,
           "diagnostics": written.apply_report.diagnostics.to_list() + written.diagnostics.to_list()}
    if assess_it:
        from ..assess import assess

        a = assess(before, climate)
        b = assess(apply(before, changes), climate, energy_options=energy_options_for(changes))
        ha, hb = a.headline(), b.headline()
        out["headline"] = {"before": {k: ha.get(k) for k in HEADLINE}, "after": {k: hb.get(k) for k in HEADLINE}}
        out["reference_area"] = ha.get("per_m2_reference_area")   # what every *_m2 figure above is per
        deltas = compare(a, b).to_dict()["deltas"]
        out["deltas"] = {k: deltas[k] for k in HEADLINE if k in deltas}
    return out


def _text(r: dict) -> str:
    lines = [f"wrote {r['output']} ({len(r['changed_elements'])} element(s) changed)"]
    lines += [f"  {e['option']} = {e['value']}: {e['what']} ({len(e['elements'])} element(s))" for e in r["changed"]]
    lines.append(f"  geometry: {len(r['written']['geometric'])} change(s); properties: "
                 f"{len(r['written']['properties'])}; shading devices: {len(r['written']['shading_devices'])}")
    if r["headline"]:
        lines.append(f"{'metric':<34}{'before':>14}{'after':>14}{'change':>10}   (per m2 of the "
                     f"{r.get('reference_area') or 'gross floor area'})")
        for k in HEADLINE:
            a, b = r["headline"]["before"].get(k), r["headline"]["after"].get(k)
            if a is None or b is None:
                continue
            rel = (b - a) / abs(a) * 100 if a else None
            lines.append(f"{k:<34}{a:>14.4g}{b:>14.4g}{'' if rel is None else f'{rel:+.1f} %':>10}")
    return "\n".join(lines)


@command("apply", "Apply a change set (CHANGES.json) to an IFC model, write the changed model and compare before/after.")(
    configure)
def run(args: argparse.Namespace) -> int:
    from ..ifc.write import check_output

    check_output_file(args.output, "-o", inputs=(args.model, args.changes))
    check_output(args.model, args.output)
    changes = read_changes_file(args.changes)
    climate = None if args.no_assess else climate_from_args(args)
    report = apply_report(args.model, changes, args.output, climate, assess_it=not args.no_assess)
    print_json(report) if args.json else print(_text(report))
    return 0
