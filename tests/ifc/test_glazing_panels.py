"""Glazing the reader did not understand (issue 11, item 12): curtain-wall plates and glazed panels that
are not IfcWindow are read as windows, external when their curtain wall is."""
from __future__ import annotations

import ifcopenshell
import ifcopenshell.api.aggregate
import ifcopenshell.api.context
import ifcopenshell.api.geometry
import ifcopenshell.api.material
import ifcopenshell.api.project
import ifcopenshell.api.pset
import ifcopenshell.api.root
import ifcopenshell.api.spatial
import ifcopenshell.api.unit
import numpy as np
import pytest

import bldgagent


def _panel(f, body, storey, ifc_class, name, x, material=None, predefined=None, parent=None, qto_area=None):
    """A 1.5 m wide, 3 m high, 20 mm thick vertical panel at x (m) along model X."""
    kwargs = {"predefined_type": predefined} if predefined else {}
    e = ifcopenshell.api.root.create_entity(f, ifc_class=ifc_class, name=name, **kwargs)
    rep = ifcopenshell.api.geometry.add_wall_representation(f, context=body, length=1.5, height=3.0, thickness=0.02)
    ifcopenshell.api.geometry.assign_representation(f, product=e, representation=rep)
    matrix = np.eye(4)
    matrix[0, 3] = x
    ifcopenshell.api.geometry.edit_object_placement(f, product=e, matrix=matrix)
    if parent is not None:
        ifcopenshell.api.aggregate.assign_object(f, relating_object=parent, products=[e])
    else:
        ifcopenshell.api.spatial.assign_container(f, relating_structure=storey, products=[e])
    if material is not None:
        ifcopenshell.api.material.assign_material(
            f, products=[e], material=ifcopenshell.api.material.add_material(f, name=material))
    if qto_area is not None:
        q = ifcopenshell.api.pset.add_qto(f, product=e, name="Qto_PlateBaseQuantities")
        ifcopenshell.api.pset.edit_qto(f, qto=q, properties={"NetArea": qto_area, "Width": 20.0})  # mm file
    return e


@pytest.fixture(scope="module")
def building(tmp_path_factory):
    f = ifcopenshell.api.project.create_file(version="IFC4")
    project = ifcopenshell.api.root.create_entity(f, ifc_class="IfcProject", name="P")
    ifcopenshell.api.unit.assign_unit(f)
    model = ifcopenshell.api.context.add_context(f, context_type="Model")
    body = ifcopenshell.api.context.add_context(f, context_type="Model", context_identifier="Body",
                                                target_view="MODEL_VIEW", parent=model)
    site = ifcopenshell.api.root.create_entity(f, ifc_class="IfcSite", name="S")
    bldg = ifcopenshell.api.root.create_entity(f, ifc_class="IfcBuilding", name="B")
    storey = ifcopenshell.api.root.create_entity(f, ifc_class="IfcBuildingStorey", name="G")
    ifcopenshell.api.aggregate.assign_object(f, relating_object=project, products=[site])
    ifcopenshell.api.aggregate.assign_object(f, relating_object=site, products=[bldg])
    ifcopenshell.api.aggregate.assign_object(f, relating_object=bldg, products=[storey])
    cw = ifcopenshell.api.root.create_entity(f, ifc_class="IfcCurtainWall", name="CW")
    ifcopenshell.api.spatial.assign_container(f, relating_structure=storey, products=[cw])
    pset = ifcopenshell.api.pset.add_pset(f, product=cw, name="Pset_CurtainWallCommon")
    ifcopenshell.api.pset.edit_pset(f, pset=pset, properties={"IsExternal": True})
    _panel(f, body, storey, "IfcPlate", "cw plate 1", 0.0, parent=cw)
    _panel(f, body, storey, "IfcPlate", "cw plate 2", 1.5, parent=cw)
    _panel(f, body, storey, "IfcPlate", "spandrel", 3.0, material="Aluminium sheet", parent=cw)
    _panel(f, body, storey, "IfcMember", "glass fin", 6.0, material="Float glass")
    _panel(f, body, storey, "IfcPlate", "panel", 8.0, predefined="CURTAIN_PANEL", qto_area=4.0)
    _panel(f, body, storey, "IfcPlate", "insulation board", 10.0, material="Glass wool")
    path = tmp_path_factory.mktemp("cw") / "cw.ifc"
    f.write(str(path))
    return bldgagent.load(path)


def test_curtain_wall_plates_are_external_windows(building):
    cw = next(e for e in building.elements if e.ifc_class == "IfcCurtainWall")
    for name in ("cw plate 1", "cw plate 2"):
        w = next(o for o in building.windows if o.name == name)
        assert w.area_m2 == pytest.approx(1.5 * 3.0)  # its face, from geometry
        assert w.host_id == cw.global_id
        assert w.is_external is True and w.is_external_source == "host"
        assert w.glazing_fraction == 1.0


def test_glass_member_and_curtain_panel(building):
    fin = next(o for o in building.windows if o.name == "glass fin")
    assert fin.ifc_class == "IfcMember" and fin.area_m2 == pytest.approx(4.5)
    panel = next(o for o in building.windows if o.name == "panel")
    assert panel.area_m2 == pytest.approx(4.0)  # the quantity set's NetArea wins over geometry
    assert panel.quantities.thickness_m == pytest.approx(0.02)  # Qto Width of a plate is its thickness


def test_opaque_spandrel_stays_a_plate(building):
    spandrel = next(e for e in building.elements if e.name == "spandrel")
    assert spandrel.kind == "plate"
    board = next(e for e in building.elements if e.name == "insulation board")
    assert board.kind == "plate"  # glass wool is not glass
    assert len(building.windows) == 4
    assert "opening_area_unknown" not in building.diagnostics.by_code()
    assert building.diagnostics.by_code()["glazed_panel"] == 4
