"""Every option on every shared model (issue 13): applied one at a time, an option changes only the elements its
report names (the rest, the source building and the reference area stay as they were), and does change something:
an element it names or the building's plant and operation options, or it says beside the result why it could not."""
from __future__ import annotations

import pytest
from shared_data import shared_ifc

import bldgagent
from bldgagent.design import apply_with_report, design_options, energy_options_for
from bldgagent.design.sampling import every_kind_changes

MODELS = ["AC11-FZK-Haus-IFC.ifc", "AC20-FZK-Haus.ifc", "AC90R1-niedriha-V2-2x3.ifc", "Duplex_A_20110907.ifc",
          "ExampleHOM.ifc", "LargeBuilding.ifc"]


def _print(e) -> tuple:
    """What an option can change on an element: size, quantities, layers and their materials, U and optics."""
    c = e.construction
    layers = None if c is None else tuple((l.material and l.material.name, l.thickness_m) for l in c.layers)
    single = None if c is None or c.kind != "single" else (c.material and c.material.name)
    return (e.kind, e.area_m2, e.volume_m3, e.thermal_transmittance_w_m2k, layers, single,
            tuple(sorted((k, v) for k, v in vars(e.quantities).items() if isinstance(v, (int, float)))),
            getattr(e, "u_value_w_m2k", None), getattr(e, "g_value", None), getattr(e, "glazing_fraction", None))


@pytest.mark.parametrize("name", MODELS)
def test_each_option_changes_its_targets_and_nothing_else(name):
    building = bldgagent.load(shared_ifc(name), progress=False)
    before = {e.global_id: _print(e) for e in building.elements}
    gfa = building.gross_floor_area_m2
    changes = every_kind_changes(building)
    offered = {o.id for o in design_options(building)}
    assert offered and set(changes) <= offered
    for key, value in changes.items():
        b2, report = apply_with_report(building, {key: value})
        named = {gid for entry in report.entries for gid in entry["elements"]}
        after = {e.global_id: _print(e) for e in b2.elements}
        others = {gid for gid in before if gid not in named}
        assert {g: after.get(g) for g in others} == {g: before[g] for g in others}, key
        plant = energy_options_for({key: value})
        changed = {g for g in named if after.get(g) != before.get(g)} | set(after) ^ set(before)
        # or nothing to change, said beside the result (a material for walls without an insulation layer)
        said = {"no_insulation_layer"} & set(report.diagnostics.by_code())
        assert changed or plant or said, f"{name}: {key}={value!r} changed nothing and said nothing"
        if plant:
            assert b2.energy_options != building.energy_options, key
        assert b2.gross_floor_area_m2 == pytest.approx(gfa, rel=1e-12), key       # variants keep the reference area
    assert {e.global_id: _print(e) for e in building.elements} == before          # apply is pure
