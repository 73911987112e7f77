"""Facade walls along the plan outline are external when the file does not say (issue 11, trust on unseen models).

A one-storey 10 x 8 m shell written with IfcOpenShell's API (test_floor_area.Model): four 0.3 m walls on the
outline, one internal wall across the middle, a floor slab, no IfcSpace and no Pset_WallCommon.IsExternal. Before,
every wall stayed "unknown" (external_unknown) and the engines treated the facade as internal.
"""
from __future__ import annotations

import ifcopenshell.api.geometry
import ifcopenshell.api.root
import ifcopenshell.api.spatial
import numpy as np

from test_floor_area import Model


def _wall(m: Model, name: str, x: float, y: float, length: float, along_y: bool):
    """A 0.3 m thick, 3 m high wall of ``length`` from (x, y): along +X, or along +Y (local X turned to +Y, its
    thickness then towards -X)."""
    e = ifcopenshell.api.root.create_entity(m.f, ifc_class="IfcWall", name=name)
    rep = ifcopenshell.api.geometry.add_wall_representation(m.f, context=m.body, length=length, height=3.0,
                                                            thickness=0.3)
    ifcopenshell.api.geometry.assign_representation(m.f, product=e, representation=rep)
    matrix = np.eye(4)
    if along_y:
        matrix[:3, :3] = [[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    matrix[:3, 3] = (x, y, 0.0)
    ifcopenshell.api.geometry.edit_object_placement(m.f, product=e, matrix=matrix)
    ifcopenshell.api.spatial.assign_container(m.f, relating_structure=m.storey, products=[e])


def test_walls_on_the_outline_are_external_and_face_out(tmp_path):
    m = Model()
    _wall(m, "South", 0.0, 0.0, 10.0, False)       # x 0..10, y 0..0.3
    _wall(m, "North", 0.0, 7.7, 10.0, False)       # x 0..10, y 7.7..8
    _wall(m, "West", 0.3, 0.0, 8.0, True)          # x 0..0.3, y 0..8
    _wall(m, "East", 10.0, 0.0, 8.0, True)         # x 9.7..10, y 0..8
    _wall(m, "Inner", 5.15, 0.3, 7.4, True)        # x 4.85..5.15: rooms-to-be on both sides
    m.slab("Floor", 0.0, 0.0, -0.2, 10.0, 8.0)
    b = m.load(tmp_path / "shell.ifc")
    walls = {e.name: e for e in b.elements if e.kind == "wall"}
    for name, azimuth in (("South", 180.0), ("North", 0.0), ("West", 270.0), ("East", 90.0)):
        w = walls[name]
        assert w.is_external is True and w.is_external_source == "geometry: on the plan outline", name
        assert abs((w.azimuth_deg - azimuth + 180.0) % 360.0 - 180.0) < 1.0, (name, w.azimuth_deg)
    assert walls["Inner"].is_external is None                # inside the outline on both sides: not a facade
    notes = [d for d in b.diagnostics if d.code == "external_from_outline"]
    assert len(notes) == 1 and notes[0].message.startswith("4 walls")
    unknown = [d for d in b.diagnostics if d.code == "external_unknown"]
    assert len(unknown) == 1 and unknown[0].message.startswith("1 walls")
