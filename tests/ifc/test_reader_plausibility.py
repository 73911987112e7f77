"""The reader must not be wrong by orders of magnitude, silently (issue 11, items 1, 2, 6, 9).

Each model is written with IfcOpenShell's API here; expected values are hand calculations.
"""
from __future__ import annotations

import math

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
from bldgagent.ifc.consistency import UnitRatios, agree, unit_correction
from bldgagent.ifc.geometry import summarise_mesh
from bldgagent.ifc.mass import density_range
from bldgagent.ifc.samples import sample_building
from bldgagent.ifc.units import UnitScales


def slab_file(path, *, layer=None, qto=None, material="C30 concrete", mass_unit=True):
    """A 10 x 10 x 0.2 m floor slab in a millimetre IFC4 file (``unit.assign_unit`` defaults), as in the issue.

    ``layer``: a material layer thickness in file units (None: a single material); ``qto``: the
    Qto_SlabBaseQuantities values (default GrossArea 100 m2, NetVolume 20 m3).
    """
    f = ifcopenshell.api.project.create_file(version="IFC4")
    project = ifcopenshell.api.root.create_entity(f, ifc_class="IfcProject", name="P")
    ifcopenshell.api.unit.assign_unit(f)
    if not mass_unit:
        for unit in f.by_type("IfcSIUnit"):
            if unit.UnitType == "MASSUNIT":
                assignment = f.by_type("IfcUnitAssignment")[0]
                assignment.Units = [u for u in assignment.Units if u != unit]
    model = ifcopenshell.api.context.add_context(f, context_type="Model")
    body = ifcopenshell.api.context.add_context(f, context_type="Model", context_identifier="Body",
                                                target_view="MODEL_VIEW", parent=model)
    site = ifcopenshell.api.root.create_entity(f, ifc_class="IfcSite", name="S")
    building = ifcopenshell.api.root.create_entity(f, ifc_class="IfcBuilding", name="B")
    storey = ifcopenshell.api.root.create_entity(f, ifc_class="IfcBuildingStorey", name="G")
    ifcopenshell.api.aggregate.assign_object(f, relating_object=project, products=[site])
    ifcopenshell.api.aggregate.assign_object(f, relating_object=site, products=[building])
    ifcopenshell.api.aggregate.assign_object(f, relating_object=building, products=[storey])
    slab = ifcopenshell.api.root.create_entity(f, ifc_class="IfcSlab", name="Slab", predefined_type="FLOOR")
    ifcopenshell.api.spatial.assign_container(f, relating_structure=storey, products=[slab])
    rep = ifcopenshell.api.geometry.add_slab_representation(
        f, context=body, depth=0.2, polyline=[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)])
    ifcopenshell.api.geometry.assign_representation(f, product=slab, representation=rep)
    ifcopenshell.api.geometry.edit_object_placement(f, product=slab, matrix=np.eye(4))
    concrete = ifcopenshell.api.material.add_material(f, name=material, category="concrete")
    if layer is None:
        ifcopenshell.api.material.assign_material(f, products=[slab], material=concrete)
    else:
        layers = ifcopenshell.api.material.add_material_set(f, name="S", set_type="IfcMaterialLayerSet")
        item = ifcopenshell.api.material.add_layer(f, layer_set=layers, material=concrete)
        ifcopenshell.api.material.edit_layer(f, layer=item, attributes={"LayerThickness": layer})
        ifcopenshell.api.material.assign_material(f, products=[slab], type="IfcMaterialLayerSet", material=layers)
    q = ifcopenshell.api.pset.add_qto(f, product=slab, name="Qto_SlabBaseQuantities")
    ifcopenshell.api.pset.edit_qto(f, qto=q, properties=qto or {"GrossArea": 100.0, "NetVolume": 20.0})
    f.write(str(path))
    return path


def codes(building) -> dict[str, int]:
    return building.diagnostics.by_code()


# --- 1. slab thickness across its plane ---------------------------------------------------------------
def test_slab_from_the_issue_reads_100_m2(tmp_path):
    b = bldgagent.load(slab_file(tmp_path / "slab.ifc"))
    slab = b.elements[0]
    assert slab.area_m2 == pytest.approx(100.0)  # 10 m x 10 m
    assert slab.volume_m3 == pytest.approx(20.0)
    assert b.gross_floor_area_m2 == pytest.approx(100.0)


def test_layer_in_wrong_unit_does_not_make_a_membrane(tmp_path):
    """LayerThickness 0.2 in a millimetre file is 0.2 mm: volume / thickness would be 100,000 m2. The
    geometry (0.2 m across the slab) and the quantity sets (20 m3 / 100 m2 = 0.2 m) agree, so they win."""
    b = bldgagent.load(slab_file(tmp_path / "slab.ifc", layer=0.2))
    slab = b.elements[0]
    assert slab.construction.thickness_m == pytest.approx(0.2)  # rescaled by 1000: a unit slip
    assert slab.area_m2 == pytest.approx(100.0)
    assert b.gross_floor_area_m2 == pytest.approx(100.0)
    assert codes(b)["thickness_inconsistent"] == 1
    assert sum(line.volume_m3 for line in slab.material_quantities) == pytest.approx(20.0)


def test_thickness_across_a_sloping_slab():
    """A 10 x 10 x 0.2 m box tilted 30 degrees: 0.2 m across its plane; its vertical extent is
    10 sin 30 + 0.2 cos 30 = 5.17 m, the value a vertical measure would give."""
    corners = np.array([[x, y, z] for x in (0, 10) for y in (0, 10) for z in (0, 0.2)], dtype=float)
    faces = np.array([[0, 2, 6], [0, 6, 4], [1, 5, 7], [1, 7, 3], [0, 1, 3], [0, 3, 2],
                      [4, 6, 7], [4, 7, 5], [0, 4, 5], [0, 5, 1], [2, 3, 7], [2, 7, 6]])
    a = math.radians(30)
    rot = np.array([[1, 0, 0], [0, math.cos(a), -math.sin(a)], [0, math.sin(a), math.cos(a)]])
    mesh = summarise_mesh(corners @ rot.T, faces)
    assert mesh.volume_m3 == pytest.approx(20.0)
    assert mesh.across_thickness_m == pytest.approx(0.2)
    assert mesh.bbox_max[2] - mesh.bbox_min[2] == pytest.approx(10 * 0.5 + 0.2 * math.cos(a))


# --- 2. derived values need a second source --------------------------------------------------------
def test_derived_area_off_by_10x_without_second_source_keeps_declared(tmp_path):
    """Layers and extrusion 0.2 m, quantity sets 100 m2 but NetVolume 2 m3 (the real solid holds 20 m3),
    no geometry read: volume / thickness = 10 m2 is a tenth of the declared 100 m2 and nothing confirms
    it, so 100 m2 stays, with a warning."""
    b = bldgagent.load(slab_file(tmp_path / "slab.ifc", layer=200.0, qto={"GrossArea": 100.0, "NetVolume": 2.0}),
                       geometry="none")
    slab = b.elements[0]
    assert slab.area_m2 == pytest.approx(100.0)
    assert codes(b)["derived_value_rejected"] == 1
    assert slab.construction.thickness_m == pytest.approx(0.2)


def test_layer_unit_slip_caught_without_geometry(tmp_path):
    """geometry='none': the extrusion depth (200 mm) and quantity sets (20 m3 / 100 m2) agree on 0.2 m
    against a layer of 0.2 file units (0.2 mm): the layers are rescaled x 1000."""
    b = bldgagent.load(slab_file(tmp_path / "slab.ifc", layer=0.2), geometry="none")
    slab = b.elements[0]
    assert slab.construction.thickness_m == pytest.approx(0.2)
    assert slab.area_m2 == pytest.approx(100.0)
    assert "extrusion depth 0.2 m" in next(d.message for d in b.diagnostics if d.code == "thickness_inconsistent")


def test_layer_off_by_a_non_unit_factor_is_not_rescaled(tmp_path):
    """Layers 80 mm against 0.2 m of geometry and quantities: a factor 2.5 is no unit slip, so the layers
    stay 80 mm while the area keeps the consistent 100 m2."""
    b = bldgagent.load(slab_file(tmp_path / "slab.ifc", layer=80.0))
    slab = b.elements[0]
    assert slab.construction.thickness_m == pytest.approx(0.08)
    assert slab.area_m2 == pytest.approx(100.0)
    assert codes(b)["thickness_inconsistent"] == 1


def test_gable_walls_confirmed_by_geometry(tmp_path):
    """ArchiCAD 11 writes the untrimmed 42 m2 NetSideArea for the two gable walls of FZK-Haus; their
    volume / thickness (6.855 / ... m2) is confirmed by the triangulated side area: the latter is used."""
    from shared_data import shared_ifc
    b = bldgagent.load(shared_ifc("AC11-FZK-Haus-IFC.ifc"))
    replaced = [d for d in b.diagnostics if d.code == "area_replaced"]
    assert len(replaced) == 2
    for d in replaced:
        wall = b.element(d.entity.split()[1])
        assert wall.area_m2 == pytest.approx(6.855, abs=0.01)


def test_agree_is_a_factor_of_two():
    assert agree(1.0, 2.0) and agree(2.0, 1.0) and not agree(1.0, 2.01) and not agree(None, 1.0)


# --- 6. units ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample_text(tmp_path_factory):
    path = tmp_path_factory.mktemp("units") / "sample.ifc"
    sample_building(path=path, storeys=1)
    return path.read_text()


@pytest.fixture(scope="module")
def reference(sample_text, tmp_path_factory):
    path = tmp_path_factory.mktemp("units") / "ok.ifc"
    path.write_text(sample_text)
    return bldgagent.load(path)


MUTANTS = {
    "area and volume in mm": (("AREAUNIT.,$,", "AREAUNIT.,.MILLI.,"), ("VOLUMEUNIT.,$,", "VOLUMEUNIT.,.MILLI.,")),
    "length in mm": (("LENGTHUNIT.,$,", "LENGTHUNIT.,.MILLI.,"),),
    "area in mm": (("AREAUNIT.,$,", "AREAUNIT.,.MILLI.,"),),
}


@pytest.mark.parametrize("mutant", list(MUTANTS))
def test_inconsistent_units_are_caught_and_repaired(mutant, sample_text, reference, tmp_path):
    """The sample building (metre units) with one unit declaration changed: without the check the
    GFA comes out as 288e-6 m2 (area unit) or the layers as 0.35 mm (length unit)."""
    text = sample_text
    for old, new in MUTANTS[mutant]:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "mutant.ifc"
    path.write_text(text)
    b = bldgagent.load(path)
    assert codes(b).get("unit_scale_inconsistent") == 1
    assert reference.gross_floor_area_m2 == pytest.approx(24.0 * 12.0)  # one storey, 24 x 12 m outside
    assert b.gross_floor_area_m2 == pytest.approx(reference.gross_floor_area_m2)
    for e, ref in zip(b.elements, reference.elements):
        assert (e.volume_m3 or 0) == pytest.approx(ref.volume_m3 or 0)
        assert (e.area_m2 or 0) == pytest.approx(ref.area_m2 or 0)
        if ref.construction is not None and ref.construction.thickness_m:
            assert e.construction.thickness_m == pytest.approx(ref.construction.thickness_m)


def test_consistent_units_untouched(reference):
    assert "unit_scale_inconsistent" not in codes(reference)


def test_unit_correction_cases():
    """mm2/mm3 declared for m2/m3 values: quantities 1e-6 / 1e-9 of geometry with 3 m elements ->
    area and volume units repaired; the same ratios inverted with 3 mm elements -> the length unit."""
    si = UnitScales()
    wrong_area = UnitRatios(area=[-6.0] * 5, volume=[-9.0] * 5, sizes_m=[3.0] * 5)
    scales, _ = unit_correction(wrong_area, UnitScales(area=1e-6, volume=1e-9))
    assert (scales.area, scales.volume, scales.length) == pytest.approx((1.0, 1.0, 1.0))
    wrong_length = UnitRatios(area=[6.0] * 5, volume=[9.0] * 5, sizes_m=[0.003] * 5)
    scales, _ = unit_correction(wrong_length, UnitScales(length=1e-3))
    assert scales.length == pytest.approx(1.0)
    feet = UnitRatios(area=[math.log10(1 / 0.09290304)] * 3, volume=[0.0] * 3, sizes_m=[3.0] * 3)
    scales, _ = unit_correction(feet, si)
    assert scales.area == pytest.approx(0.09290304)  # areas in ft2 declared as m2
    assert unit_correction(UnitRatios(area=[0.1, -0.05], volume=[0.02], sizes_m=[3.0]), si) is None
    # scatter, not a unit slip: a factor 5 matches no unit
    assert unit_correction(UnitRatios(area=[math.log10(5)] * 3, volume=[], sizes_m=[3.0]), si) is None


# --- 9. declared mass ------------------------------------------------------------------------------
def test_kilogram_file_reads_kilograms(tmp_path):
    """NetWeight 48,000 in a KILO GRAM file is 48,000 kg: 2400 kg/m3 for 20 m3 of concrete (EN 1991-1-1
    Table A.1: 24 kN/m3), not 48 million kg."""
    b = bldgagent.load(slab_file(tmp_path / "s.ifc", qto={"GrossArea": 100.0, "NetVolume": 20.0, "NetWeight": 48000.0}))
    slab = b.elements[0]
    assert slab.quantities.mass_kg == pytest.approx(48000.0)
    assert slab.material_quantities[0].mass_kg == pytest.approx(48000.0)
    assert "mass_implausible" not in codes(b)


def test_tekla_mass_is_rejected(tmp_path):
    """48,158 kg for a 0.0197 m3 concrete slab is 2.44 million kg/m3: outside concrete's 300-6000 kg/m3,
    so the mass is dropped (volume x density applies downstream) with a warning."""
    b = bldgagent.load(slab_file(tmp_path / "s.ifc", mass_unit=False,
                                 qto={"GrossArea": 100.0, "NetVolume": 0.0197, "NetWeight": 48158.0}),
                       geometry="none")
    slab = b.elements[0]
    assert slab.quantities.mass_kg is None
    assert slab.material_quantities[0].mass_kg is None
    message = next(d.message for d in b.diagnostics if d.code == "mass_implausible")
    assert "2.445e+06 kg/m3" in message


def test_density_ranges():
    assert density_range(["C30/37 Beton"])[:2] == (300.0, 6000.0)
    assert density_range(["Steel S355"])[:2] == (7000.0, 8200.0)
    assert density_range(["Glass wool insulation"])[:2] == (5.0, 300.0)  # insulation before glass
    assert density_range(["Brick", "Mineral wool"])[:2] == (5.0, 2500.0)
    assert density_range(["Default"])[:2] == (1.0, 22600.0)


def test_geometry_volume_needs_a_second_source_to_replace_gross_volume(tmp_path):
    """GrossVolume 100 m3 declared for a slab whose solid is 10 x 10 x 0.2 = 20 m3: a factor 5, and no
    net area x thickness to back the geometry, so the declared 100 m3 stays, with a warning. With a
    declared GrossVolume of 24 m3 (within 2x) the geometry's net 20 m3 is used as before."""
    b = bldgagent.load(slab_file(tmp_path / "a.ifc", qto={"GrossArea": 100.0, "GrossVolume": 100.0}))
    assert b.elements[0].volume_m3 == pytest.approx(100.0)
    assert "geometry volume 20 m3" in next(d.message for d in b.diagnostics if d.code == "derived_value_rejected")
    b = bldgagent.load(slab_file(tmp_path / "b.ifc", qto={"GrossArea": 100.0, "GrossVolume": 24.0}))
    assert b.elements[0].volume_m3 == pytest.approx(20.0)
    assert b.elements[0].quantities.source["net_volume_m3"] == "geometry"


def test_layer_sets_in_millimetres_in_a_metre_file(sample_text, reference, tmp_path):
    """Every LayerThickness of the sample (metre file) written in millimetres (0.25 -> 250.): walls would
    be 350 m thick. Geometry, quantity-set Width and volume / area agree on the real thickness, so each
    layer set is scaled by 0.001 and every element keeps the reference reading."""
    import re
    text = re.sub(r"IFCMATERIALLAYER\((#\d+),([0-9.E+-]+),",
                  lambda m: f"IFCMATERIALLAYER({m.group(1)},{float(m.group(2)) * 1000!r},", sample_text)
    assert text != sample_text
    path = tmp_path / "layers_mm.ifc"
    path.write_text(text)
    b = bldgagent.load(path)
    assert codes(b)["thickness_inconsistent"] >= 1
    for e, ref in zip(b.elements, reference.elements):
        if ref.construction is not None and ref.construction.thickness_m and e.kind in ("wall", "floor", "roof"):
            assert e.construction.thickness_m == pytest.approx(ref.construction.thickness_m)
            assert (e.area_m2 or 0) == pytest.approx(ref.area_m2 or 0)
    assert b.gross_floor_area_m2 == pytest.approx(reference.gross_floor_area_m2)
