"""Implausible material assignments (a finish naming a whole element) and their generic build-up."""
from __future__ import annotations

import pytest

from bldgagent.lca import FactorLibrary, assess_carbon
from bldgagent.lca.plausibility import buildup_layers, finish_thickness_limits
from bldgagent.model import Building
from lca_buildings import element, mat


def _roof_office(material="Aluminium", volume=262.0, thickness=0.4):
    e = element("roof1", "roof", [(mat(material), volume, thickness)])
    return Building(name="office", elements=[e], gross_floor_area_m2=2600.0)


def test_every_limit_has_a_source():
    lim = finish_thickness_limits()
    assert {"aluminium", "steel", "steel_sheet", "glass", "membrane", "bitumen"} <= set(lim.index)
    assert lim["source"].str.len().min() > 20
    assert (lim["typical_thickness_m"] < lim["max_thickness_m"]).all()


def test_solid_aluminium_roof_becomes_a_generic_buildup():
    # the ArchiCAD case: 262 m3 of "Aluminium" on roofs 0.4 m thick -> 655 m2 of roof
    r = assess_carbon(_roof_office(), n_draws=0, waste=False)
    warn = [d for d in r.diagnostics if d.code == "implausible_material"]
    assert len(warn) == 1 and "roof1" in warn[0].message and "Aluminium" in warn[0].message
    lines = r.lines.set_index("category")
    # 1 mm aluminium finish (typical sheet), 300 mm insulation (cap), 99 mm air: volumes 0.655 / 196.5 / 64.845 m3
    assert lines.loc["aluminium", "volume_m3"] == pytest.approx(0.655)
    assert lines.loc["insulation", "volume_m3"] == pytest.approx(196.5)
    assert lines.loc["air", "volume_m3"] == pytest.approx(64.845)
    assert r.lines["volume_m3"].sum() == pytest.approx(262.0)  # nothing dropped
    assert (r.lines["confidence"] <= 0.3).all()
    # A1-A3 = 0.655 m3 x 2690 kg/m3 x 28.5 kgCO2e/kg (GB/T D.0.1 aluminium sheet 28 500 /t) + 196.5 m3 x 111.1
    lib = FactorLibrary()
    al = lib[lines.loc["aluminium", "factor_id"]]
    assert al.id == "gbt_al_sheet" and al.a1a3 == 28500
    expected = 0.655 * 2690 * 28.5 + 196.5 * 111.1
    assert r.modules["A1-A3"] == pytest.approx(expected)
    assert r.per_m2(r.modules["A1-A3"]) < 30  # was about 7,700 kgCO2e/m2 from solid aluminium


def test_thin_sheet_is_left_alone():
    r = assess_carbon(_roof_office(volume=655 * 0.0008, thickness=0.0008), n_draws=0)
    assert not any(d.code == "implausible_material" for d in r.diagnostics)
    assert r.lines.iloc[0]["category"] == "aluminium" and r.lines.iloc[0]["confidence"] > 0.5


def test_steel_slab_is_a_composite_floor():
    # a 0.2 m "Steel" slab: 0.75 mm deck + concrete topping for the rest (EN 1994 composite floor)
    layers = buildup_layers("slab", "metal", 0.2, 0.00075)
    assert [c for c, _, _ in layers] == ["finish", "concrete"]
    assert layers[1][1] == pytest.approx(0.2 - 0.00075)
    e = element("s", "slab", [(mat("Steel"), 20.0, None)])
    e.quantities.thickness_m = 0.2
    r = assess_carbon(Building(name="s", elements=[e], gross_floor_area_m2=100.0), n_draws=0, rebar=False)
    assert set(r.lines["category"]) == {"steel", "concrete"}
    assert r.lines.set_index("category").loc["steel", "volume_m3"] == pytest.approx(100 * 0.00075)


def test_mapping_is_trusted():
    # a confirmed mapping is the user's word: no replacement
    r = assess_carbon(_roof_office(), n_draws=0, mapping={"Aluminium": "gbt_al_sheet"})
    assert not any(d.code == "implausible_material" for d in r.diagnostics)


def test_revit_stud_layer_is_per_m2_not_solid_steel():
    # "Metal - Stud Layer" 92 mm on 100 m2 of wall: light-gauge studs at 2.1 kg/m2 of layer (categories.csv), not
    # 9.2 m3 of solid steel (72 t)
    e = element("w", "wall", [(mat("Metal - Stud Layer"), 9.2, 0.092), (mat("Gypsum Wall Board"), 1.25, 0.0125)])
    r = assess_carbon(Building(name="w", elements=[e], gross_floor_area_m2=50.0), n_draws=0)
    stud = r.lines[r.lines["category"] == "steel_stud_layer"].iloc[0]
    assert stud["mass_kg"] == pytest.approx(100 * 2.1)
    assert not any(d.code == "implausible_material" for d in r.diagnostics)


def test_thick_metal_wall_layer_is_flagged():
    # a 150 mm layer called "Metal" in a wall: steel over its 50 mm limit -> 0.75 mm sheet + 149.25 mm insulation
    e = element("w2", "wall", [(mat("Metal"), 15.0, 0.15)])
    r = assess_carbon(Building(name="w", elements=[e], gross_floor_area_m2=50.0), n_draws=0)
    cats = r.lines.groupby("category")["volume_m3"].sum()
    assert cats["steel"] == pytest.approx(100 * 0.00075) and cats["insulation"] == pytest.approx(100 * 0.14925)
    assert any(d.code == "implausible_material" and "w2" in d.message for d in r.diagnostics)


def _aluminium_roof_ifc(path, metres: bool):
    """One IfcSlab ROOF, material "Aluminium", Qto NetVolume 262 m3, GrossArea 655 m2, Depth 0.4 (written with
    IfcOpenShell's API; ``metres=False`` keeps assign_unit's millimetre default, so Depth 0.4 reads as 0.4 mm)."""
    ifcopenshell = pytest.importorskip("ifcopenshell")
    import ifcopenshell.api as api
    f = ifcopenshell.file(schema="IFC4")
    proj = api.run("root.create_entity", f, ifc_class="IfcProject", name="office")
    if metres:
        api.run("unit.assign_unit", f, length={"is_metric": True, "raw": "METERS"},
                area={"is_metric": True, "raw": "SQUARE_METERS"}, volume={"is_metric": True, "raw": "CUBIC_METERS"})
    else:
        api.run("unit.assign_unit", f)
    site = api.run("root.create_entity", f, ifc_class="IfcSite", name="site")
    bldg = api.run("root.create_entity", f, ifc_class="IfcBuilding", name="office")
    storey = api.run("root.create_entity", f, ifc_class="IfcBuildingStorey", name="Roof")
    api.run("aggregate.assign_object", f, relating_object=proj, products=[site])
    api.run("aggregate.assign_object", f, relating_object=site, products=[bldg])
    api.run("aggregate.assign_object", f, relating_object=bldg, products=[storey])
    roof = api.run("root.create_entity", f, ifc_class="IfcSlab", name="Roof slab", predefined_type="ROOF")
    api.run("spatial.assign_container", f, relating_structure=storey, products=[roof])
    api.run("material.assign_material", f, products=[roof], material=api.run("material.add_material", f,
                                                                             name="Aluminium"))
    qto = api.run("pset.add_qto", f, product=roof, name="Qto_SlabBaseQuantities")
    api.run("pset.edit_qto", f, qto=qto, properties={"NetVolume": 262.0, "GrossArea": 655.0, "Depth": 0.4})
    f.write(str(path))
    return path


def test_aluminium_roof_from_ifc(tmp_path):
    from bldgagent import load
    r = assess_carbon(load(str(_aluminium_roof_ifc(tmp_path / "roof.ifc", metres=True))), gfa_m2=2600, n_draws=0,
                      waste=False)
    assert any(d.code == "implausible_material" and "Roof slab" in d.message for d in r.diagnostics)
    assert r.per_m2(r.modules["A1-A3"]) == pytest.approx((0.655 * 2690 * 28.5 + 196.5 * 111.1) / 2600)


def test_aluminium_roof_never_passes_silently(tmp_path):
    # whatever the reader makes of the millimetre file, an aluminium roof of 262 m3 must not pass as a sane result
    from bldgagent import load
    r = assess_carbon(load(str(_aluminium_roof_ifc(tmp_path / "roof_mm.ifc", metres=False))), gfa_m2=2600,
                      n_draws=0)
    codes = {d.code for d in r.diagnostics}
    assert codes & {"implausible_material", "implausible_a1a3_per_m2"}
    assert r.coverage["trust"]["as_is"] is False


def test_steel_base_plate_is_exempt():
    # an 80 mm steel base plate (IfcPlate) is a real product: left alone; the same 80 mm in a wall is not
    plate = element("bp", "plate", [(mat("Steel S355"), 0.08 * 0.5 * 0.5, 0.08)])
    wall = element("w", "wall", [(mat("Steel S355"), 0.08 * 10, 0.08)])
    r = assess_carbon(Building(name="p", elements=[plate, wall], gross_floor_area_m2=50.0), n_draws=0)
    flagged = [d.entity for d in r.diagnostics if d.code == "implausible_material"]
    assert flagged == ["w"]
