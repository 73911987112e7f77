"""Reference areas (issue 11, item 10): no credible floor area -> None with a warning; outdoor spaces and
voids are not gross floor area (DIN 277-1 BGF(R), GB/T 50353-2013 3.0.27), a covered attic is."""
from __future__ import annotations

import ifcopenshell
import ifcopenshell.api.aggregate
import ifcopenshell.api.context
import ifcopenshell.api.geometry
import ifcopenshell.api.project
import ifcopenshell.api.pset
import ifcopenshell.api.root
import ifcopenshell.api.spatial
import ifcopenshell.api.unit
import numpy as np
import pytest

import bldgagent


class Model:
    """A one-storey IFC4 model in millimetres, written with IfcOpenShell's API (inputs in metres)."""

    def __init__(self):
        f = self.f = ifcopenshell.api.project.create_file(version="IFC4")
        project = ifcopenshell.api.root.create_entity(f, ifc_class="IfcProject", name="P")
        ifcopenshell.api.unit.assign_unit(f)
        model = ifcopenshell.api.context.add_context(f, context_type="Model")
        self.body = ifcopenshell.api.context.add_context(f, context_type="Model", context_identifier="Body",
                                                         target_view="MODEL_VIEW", parent=model)
        site = ifcopenshell.api.root.create_entity(f, ifc_class="IfcSite", name="S")
        bldg = ifcopenshell.api.root.create_entity(f, ifc_class="IfcBuilding", name="B")
        self.storey = ifcopenshell.api.root.create_entity(f, ifc_class="IfcBuildingStorey", name="G")
        ifcopenshell.api.aggregate.assign_object(f, relating_object=project, products=[site])
        ifcopenshell.api.aggregate.assign_object(f, relating_object=site, products=[bldg])
        ifcopenshell.api.aggregate.assign_object(f, relating_object=bldg, products=[self.storey])

    def _place(self, e, x, y, z, rep):
        ifcopenshell.api.geometry.assign_representation(self.f, product=e, representation=rep)
        m = np.eye(4)
        m[:3, 3] = (x, y, z)
        ifcopenshell.api.geometry.edit_object_placement(self.f, product=e, matrix=m)
        if not e.is_a("IfcSpace"):  # spaces are aggregated by their storey, not contained
            ifcopenshell.api.spatial.assign_container(self.f, relating_structure=self.storey, products=[e])

    def box(self, ifc_class, name, x, y, z, dx, dy, dz):
        """An element (or space) that is a dx x dy x dz box with its corner at (x, y, z)."""
        e = ifcopenshell.api.root.create_entity(self.f, ifc_class=ifc_class, name=name)
        rep = ifcopenshell.api.geometry.add_wall_representation(self.f, context=self.body, length=dx, height=dz,
                                                                thickness=dy)
        self._place(e, x, y, z, rep)
        return e

    def slab(self, name, x, y, z, dx, dy, predefined="FLOOR"):
        e = ifcopenshell.api.root.create_entity(self.f, ifc_class="IfcSlab", name=name, predefined_type=predefined)
        rep = ifcopenshell.api.geometry.add_slab_representation(
            self.f, context=self.body, depth=0.2, polyline=[(0, 0), (dx, 0), (dx, dy), (0, dy)])
        self._place(e, x, y, z, rep)
        return e

    def space(self, name, x, y, dx, dy, external=None, z=0.0):
        s = self.box("IfcSpace", name, x, y, z, dx, dy, 3.0)
        s.LongName = name
        ifcopenshell.api.aggregate.assign_object(self.f, relating_object=self.storey, products=[s])
        if external is not None:
            pset = ifcopenshell.api.pset.add_pset(self.f, product=s, name="Pset_SpaceCommon")
            ifcopenshell.api.pset.edit_pset(self.f, pset=pset, properties={"IsExternal": external})
        return s

    def load(self, path):
        self.f.write(str(path))
        return bldgagent.load(path)


def test_structure_only_has_no_gfa(tmp_path):
    """Six 0.3 x 0.3 m columns on a 20 x 30 m grid and one 0.5 x 0.6 m landing slab: 0.3 m2 of "floor"
    over a 600 m2 plan is not a building's floor area."""
    m = Model()
    for x in (0.0, 10.0, 20.0):
        for y in (0.0, 30.0):
            m.box("IfcColumn", "C", x, y, 0.0, 0.3, 0.3, 3.0)
    m.slab("landing", 5.0, 5.0, 0.0, 0.5, 0.6)
    b = m.load(tmp_path / "frame.ifc")
    assert b.gross_floor_area_m2 is None
    assert all(s.gross_floor_area_m2 is None for s in b.storeys)
    warning = next(d for d in b.diagnostics if d.code == "no_credible_floor_area")
    assert "0.3 m2 of floor area" in warning.message and warning.level == "warning"


def test_empty_model_has_no_gfa(tmp_path):
    m = Model()
    m.box("IfcColumn", "C", 0.0, 0.0, 0.0, 0.3, 0.3, 3.0)
    b = m.load(tmp_path / "one.ifc")
    assert b.gross_floor_area_m2 is None
    assert "no_floor_area" in b.diagnostics.by_code()  # the documented code for "no floor area at all"


def test_outdoor_and_void_spaces_are_not_gfa(tmp_path):
    """Office 10 x 10 m counts (100 m2); an uncovered "Roof" terrace (8 x 5), an IsExternal space (4 x 2)
    and a "Luftraum" void (3 x 3) do not: GFA = 100 m2 (no walls, so no construction area)."""
    m = Model()
    m.space("Office", 0.0, 0.0, 10.0, 10.0)
    m.space("Roof", 20.0, 0.0, 8.0, 5.0)
    m.space("Stellplatz", 40.0, 0.0, 4.0, 2.0, external=True)
    m.space("Luftraum", 0.0, 20.0, 3.0, 3.0)
    b = m.load(tmp_path / "rooms.ifc")
    assert b.gross_floor_area_m2 == pytest.approx(100.0)
    assert b.diagnostics.by_code()["space_excluded_from_gfa"] == 3


def test_covered_attic_named_roof_counts(tmp_path):
    """A space named "Roof" under a roof slab is an attic (the Duplex model's R301): 8 x 5 = 40 m2 counts."""
    m = Model()
    m.space("Roof", 0.0, 0.0, 8.0, 5.0)
    m.slab("roof slab", 0.0, 0.0, 3.0, 8.0, 5.0, predefined="ROOF")
    b = m.load(tmp_path / "attic.ifc")
    assert b.spaces[0].usage == "outdoor"
    assert b.gross_floor_area_m2 == pytest.approx(40.0)
    assert "space_excluded_from_gfa" not in b.diagnostics.by_code()


def test_gfa_zone_spaces_give_the_storey_area(tmp_path):
    """An IFC4 area space (PredefinedType GFA) of 10.5 x 10.5 m around a 10 x 10 m office is the storey's
    gross area: GFA = 110.25 m2, not 100 + 110.25."""
    m = Model()
    m.space("Office", 0.25, 0.25, 10.0, 10.0)
    zone = m.space("GFA", 0.0, 0.0, 10.5, 10.5)
    zone.PredefinedType = "GFA"
    b = m.load(tmp_path / "zones.ifc")
    assert b.gross_floor_area_m2 == pytest.approx(10.5 * 10.5)
    assert b.storeys[0].gross_floor_area_source == "IfcSpace GFA zones"


def test_overlapping_slabs_count_their_plan_once(tmp_path):
    """A storey without rooms: slab A 10 x 10 m at x = 0, slab B 10 x 10 m at x = 5 (half on A). Their union is
    15 x 10 = 150 m2 of plan; summed they would give 200 m2."""
    m = Model()
    m.slab("A", 0.0, 0.0, 0.0, 10.0, 10.0)
    m.slab("B", 5.0, 0.0, 0.0, 10.0, 10.0)
    b = m.load(tmp_path / "overlap.ifc")
    assert b.gross_floor_area_m2 == pytest.approx(150.0, rel=1e-3)
    warn = [d for d in b.diagnostics if d.code == "overlapping_slabs"]
    assert len(warn) == 1 and "200.0 m2 of slab area cover 150.0 m2" in warn[0].message
    assert warn[0].entity == "IfcBuildingStorey 'G'"


def test_adjacent_slabs_add_up_without_warning(tmp_path):
    m = Model()
    m.slab("A", 0.0, 0.0, 0.0, 10.0, 10.0)
    m.slab("B", 10.0, 0.0, 0.0, 10.0, 10.0)
    b = m.load(tmp_path / "adjacent.ifc")
    assert b.gross_floor_area_m2 == pytest.approx(200.0, rel=1e-3)          # 2 x 10 x 10
    assert not {"overlapping_slabs", "storey_area_exceeds_outline"} & {d.code for d in b.diagnostics}


def test_storey_area_over_its_outline_is_flagged(tmp_path):
    """The same 10 x 10 m room written twice (two IfcSpaces at one place): 200 m2 of rooms in a 100 m2 outline,
    2.0 x > floor_area.MAX_SHARE_OF_OUTLINE (1.5 x)."""
    m = Model()
    m.space("Office", 0.0, 0.0, 10.0, 10.0)
    m.space("Office (copy)", 0.0, 0.0, 10.0, 10.0)
    b = m.load(tmp_path / "twice.ifc")
    warn = [d for d in b.diagnostics if d.code == "storey_area_exceeds_outline"]
    assert len(warn) == 1 and warn[0].level == "warning"
    assert "200.0 m2" in warn[0].message and "2.0 x the storey's plan outline 100.0 m2" in warn[0].message
    one = Model()
    one.space("Office", 0.0, 0.0, 10.0, 10.0)
    assert "storey_area_exceeds_outline" not in {d.code for d in one.load(tmp_path / "once.ifc").diagnostics}
