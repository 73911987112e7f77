"""Elements exported twice are flagged and counted once in the carbon take-off (issue 11, trust on unseen models).

Models: the package's sample building (IfcOpenShell API, one storey 8 m x 6 m) with a wall and a slab copied by
``ifcopenshell.api.root.copy_class`` and their geometry by ``ifcopenshell.util.element.copy_deep``: new entities,
new GlobalIds, the same content - what an exporter writes when it exports a group twice. The wall keeps its quantity
set (not triangulated: its shape representations are compared); the slab is triangulated (meshes compared).
"""
from __future__ import annotations

from functools import lru_cache

import ifcopenshell.api.geometry
import ifcopenshell.api.root
import ifcopenshell.util.element as ue
import ifcopenshell.util.placement
import ifcopenshell.util.unit
import pytest

import bldgagent
from bldgagent.ifc.samples import sample_building
from bldgagent.lca import assess_carbon


def _copy(f, product):
    copy = ifcopenshell.api.root.copy_class(f, product=product)
    copy.Representation = ue.copy_deep(f, product.Representation)
    return copy


@lru_cache(maxsize=None)
def _load(variant: str):
    import tempfile
    from pathlib import Path

    f = sample_building(storeys=1, width_m=8.0, depth_m=6.0)
    wall, slab = f.by_type("IfcWall")[0], f.by_type("IfcSlab")[0]
    if variant == "copies":
        _copy(f, wall), _copy(f, slab)
    elif variant == "different":
        for product in (wall, slab):       # same class, type, material and place, but 1.5 x as deep: not a copy
            copy = _copy(f, product)
            for item in f.traverse(copy.Representation):
                if item.is_a("IfcExtrudedAreaSolid"):
                    item.Depth = item.Depth * 1.5
    elif variant == "moved":
        copy = _copy(f, wall)               # the same wall 2 m higher (the next storey's, say): not a copy
        matrix = ifcopenshell.util.placement.get_local_placement(wall.ObjectPlacement).copy()
        matrix[2, 3] += 2.0 / ifcopenshell.util.unit.calculate_unit_scale(f)
        ifcopenshell.api.geometry.edit_object_placement(f, product=copy, matrix=matrix, is_si=False)
    path = Path(tempfile.mkdtemp()) / f"{variant}.ifc"
    f.write(str(path))
    return f, bldgagent.load(path)


def _a1a3(building) -> float:
    return assess_carbon(building, n_draws=0).modules["A1-A3"]


def test_copies_are_flagged_by_name_and_counted_once():
    f, b = _load("copies")
    warnings = [d for d in b.diagnostics if d.code == "duplicate_element"]
    assert len(warnings) == 2 and all(d.level == "warning" for d in warnings)
    wall = f.by_type("IfcWall")
    copies = {e.global_id: e.duplicate_of for e in b.elements if e.duplicate_of}
    assert copies == {wall[-1].GlobalId: wall[0].GlobalId, f.by_type("IfcSlab")[-1].GlobalId:
                      f.by_type("IfcSlab")[0].GlobalId}
    msg = next(d.message for d in warnings if "IfcWall" in d.message)
    assert "'External wall S 0' is in the model 2 times" in msg
    assert wall[0].GlobalId in msg and wall[-1].GlobalId in msg and "counted once" in msg
    # counted once: the same A1-A3 as the model without the copies, to rounding
    _, original = _load("original")
    assert not [d for d in original.diagnostics if d.code == "duplicate_element"]
    assert _a1a3(b) == pytest.approx(_a1a3(original), rel=1e-9)


def test_same_place_other_geometry_and_moved_copies_are_not_duplicates():
    _, original = _load("original")
    for variant in ("different", "moved"):
        _, b = _load(variant)
        assert not [d for d in b.diagnostics if d.code == "duplicate_element"], variant
        assert not any(e.duplicate_of for e in b.elements), variant
        assert _a1a3(b) > _a1a3(original) * 1.01, variant   # the extra element is counted
