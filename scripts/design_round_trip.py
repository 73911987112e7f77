"""Round trip of every design option kind: applied in memory vs written to IFC, validated and read back.

For each model and each option kind (one change set per kind, from
:func:`bldgagent.design.sampling.every_kind_changes`, plus the whole every-kind set), prints:

- ``energy %``: relative difference of the final energy (sum over carriers, kWh) of the read-back building against
  ``apply()`` in memory, ``(back - memory) / memory``, both from ``bldgagent.assess(b, climate=CLIMATE)`` (the
  scenario's operation, the run B6 and health read);
- ``A1-A3 %``: the same for EN 15978 A1-A3 (``assess(...).carbon.modules["A1-A3"]``, kgCO2e);
- ``health %``: the same for the building's overall health score (0-100) of that assessment;
- ``new errors``: ``ifcopenshell.validate`` errors of the written file that the source file does not have.

    python scripts/design_round_trip.py [--climate london] [MODEL.ifc ...]   (default: sample + 3 shared models)

Results: docs/design-json.md ("Round trip, measured").
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import bldgagent
from bldgagent.design import apply, write_ifc
from bldgagent.design.sampling import every_kind_changes

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "ifc"
MODELS = ["AC90R1-niedriha-V2-2x3.ifc", "AC20-FZK-Haus.ifc", "Duplex_A_20110907.ifc"]

#: option kinds: name -> test on an option id
KINDS = {
    "insulation material": lambda o: o.endswith("_insulation_material"),
    "insulation thickness": lambda o: o.endswith("_insulation_thickness_m"),
    "glazing type": lambda o: o.startswith("glazing_type_"),
    "window-to-wall ratio": lambda o: o.startswith("wwr_"),
    "overhang (all windows)": lambda o: o == "shading_overhang_depth_m",
    "overhang per orientation": lambda o: o.startswith("shading_overhang_depth_m_"),
    "fins per orientation": lambda o: o.startswith("shading_fin_depth_m_"),
    "shading factor": lambda o: o.startswith("shading_factor"),
    "concrete mix": lambda o: o == "concrete_mix",
    "upper floors CLT": lambda o: o == "upper_floor_structure",
    "steel route": lambda o: o == "steel_route",
    "airtightness + heat recovery": lambda o: o in ("infiltration_ach", "heat_recovery_efficiency"),
    "systems": lambda o: o in ("heating_system", "cooling_system"),
    "PV": lambda o: o == "pv_area_m2",
    "window operation": lambda o: o in ("night_ventilation", "openable_fraction"),
    "every kind at once": lambda o: True,
}
FILE_MATERIAL = "insulation material the file already has"


def file_material_changes(building) -> dict:
    """Insulation material changes to a choice whose material name the file already uses for another material (with
    its own properties), e.g. the sample's roof EPS -> XPS: the case where the writer used to reuse the file's
    material."""
    from bldgagent.design import design_options
    from bldgagent.design.catalogue import material_choices

    names = {m.name for e in building.elements for m in e.materials if m is not None}
    out = {}
    for o in design_options(building):
        if o.id.endswith("_insulation_material"):
            pick = [c for c, m in material_choices()["insulation"].items()
                    if m.material_name in names and c != o.current]
            if pick:
                out[o.id] = pick[0]
    return out


def validate_errors(path) -> set[str]:
    import ifcopenshell
    import ifcopenshell.validate

    logger = ifcopenshell.validate.json_logger()
    ifcopenshell.validate.validate(ifcopenshell.open(str(path)), logger)
    return {str(s.get("message", s))[:120] for s in logger.statements if s.get("level", "ERROR") == "ERROR"}


def figures(building, climate) -> tuple[float, float, float]:
    """(final energy kWh, A1-A3 kgCO2e, overall health score) of a building, from one assessment."""
    a = bldgagent.assess(building, climate=climate)
    final = sum(v for k, v in a.energy.by_carrier.items() if k != "solar_thermal")
    health = a.headline().get("health_overall_score")
    return float(final), float(a.carbon.modules["A1-A3"]), float(health) if health is not None else 0.0


def rel(b: float, a: float) -> float:
    return 0.0 if a == b else (b - a) / abs(a) * 100.0


def round_trip(path: Path, climate: str, tmp: Path, kinds=KINDS, file_material: bool = True) -> list[tuple]:
    """Rows (model, kind, options, energy %, A1-A3 %, health %, new validate errors) of one model."""
    building = bldgagent.load(path, progress=False)
    every = every_kind_changes(building)
    source_errors = validate_errors(path)
    rows = []
    sets = [(kind, {k: v for k, v in every.items() if test(k)}) for kind, test in kinds.items()]
    if file_material:
        sets.insert(1, (FILE_MATERIAL, file_material_changes(building)))
    for kind, changes in sets:
        if not changes:
            continue
        out = tmp / f"{path.stem}-{len(rows)}.ifc"
        write_ifc(path, changes, out, building=building)
        new_errors = validate_errors(out) - source_errors
        mem, back = figures(apply(building, changes), climate), figures(bldgagent.load(out, progress=False), climate)
        rows.append((path.name, kind, len(changes), rel(back[0], mem[0]), rel(back[1], mem[1]), rel(back[2], mem[2]),
                     len(new_errors)))
        print(f"{path.name:<28}{kind:<42}{len(changes):>4}{rows[-1][3]:>+10.3f}{rows[-1][4]:>+10.3f}"
              f"{rows[-1][5]:>+10.3f}{rows[-1][6]:>6}", flush=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("models", nargs="*", help="IFC files (default: the sample building and three shared models)")
    parser.add_argument("--climate", default="london")
    parser.add_argument("--kinds", default="", help="comma-separated words: only the kinds whose name has one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        paths = [Path(m) for m in args.models]
        if not paths:
            from bldgagent.ifc.samples import sample_building

            sample_building(path=tmp / "sample_building.ifc")
            paths = [tmp / "sample_building.ifc"] + [SHARED / m for m in MODELS if (SHARED / m).exists()]
        print(f"{'model':<28}{'kind':<42}{'n':>4}{'energy %':>10}{'A1-A3 %':>10}{'health %':>10}{'new errors':>6}")
        words = [w for w in args.kinds.split(",") if w]
        kinds = {k: t for k, t in KINDS.items() if not words or any(w in k for w in words)}
        rows = [r for p in paths for r in round_trip(p, args.climate, tmp, kinds, not words or any(
            w in FILE_MATERIAL for w in words))]
    worst = max(rows, key=lambda r: max(abs(r[3]), abs(r[4]), abs(r[5])))
    print(f"worst: {worst[0]} {worst[1]}: energy {worst[3]:+.3f} %, A1-A3 {worst[4]:+.3f} %, health {worst[5]:+.3f} %; "
          f"new validate errors in {sum(1 for r in rows if r[6])} of {len(rows)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
