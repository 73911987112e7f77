"""The IFC reader on real models written by others (../shared/data/ifc), checked against ifcopenshell."""
from __future__ import annotations

from collections import Counter

import ifcopenshell
import ifcopenshell.geom
import ifcopenshell.util.shape
import ifcopenshell.util.element
import ifcopenshell.util.unit
import pytest

from shared_data import IFC_MODELS, shared_ifc
from _models import load_shared

# kind -> IFC classes whose by_type count it must equal (subtypes included, as by_type does)
KIND_CLASSES = {
    "wall": ["IfcWall"], "column": ["IfcColumn"], "beam": ["IfcBeam"], "member": ["IfcMember"],
    "window": ["IfcWindow"], "door": ["IfcDoor"], "covering": ["IfcCovering"], "footing": ["IfcFooting"],
    "railing": ["IfcRailing"], "stair": ["IfcStair", "IfcStairFlight"], "other": ["IfcBuildingElementProxy"],
}


@pytest.mark.parametrize("name", IFC_MODELS)
def test_element_counts_match_ifcopenshell(name):
    building = load_shared(name)
    model = ifcopenshell.open(str(shared_ifc(name)))
    counts = Counter(e.kind for e in building.elements)
    for kind, classes in KIND_CLASSES.items():
        assert counts.get(kind, 0) == sum(len(model.by_type(c)) for c in classes), kind
    # slabs are split into floor / roof / slab by predefined type; IfcRoof aggregates are roofs too
    horizontal = counts.get("floor", 0) + counts.get("roof", 0) + counts.get("slab", 0)
    assert horizontal == len(model.by_type("IfcSlab")) + len(model.by_type("IfcRoof"))
    assert len(building.spaces) == len(model.by_type("IfcSpace"))
    assert len(building.storeys) == len(model.by_type("IfcBuildingStorey"))


@pytest.mark.parametrize("name", IFC_MODELS)
def test_gross_floor_area_against_space_areas(name):
    """Per storey with rooms, GFA = room areas + wall/column footprints (DIN 277: BGF = NRF + KGF).

    Tolerance: the construction area of housing and small offices is 10-25 % of the room area
    (BKI / DIN 277 planning ratios NRF/BGF of 0.80-0.90), so GFA must lie between 1.0 and 1.3 times the
    room area. Below 1.0 would mean missing wall footprints; above 1.3 double counting.
    """
    building = load_shared(name)
    checked = 0
    for storey in building.storeys:
        spaces = [s for s in building.spaces if s.storey_id == storey.global_id]
        if not spaces:
            continue
        rooms = sum(s.gross_floor_area_m2 or s.net_floor_area_m2 for s in spaces)
        assert 1.0 <= storey.gross_floor_area_m2 / rooms <= 1.3, (storey.name, storey.gross_floor_area_m2, rooms)
        checked += 1
    assert checked >= 1
    assert building.gross_floor_area_m2 == pytest.approx(sum(s.gross_floor_area_m2 for s in building.storeys))


@pytest.mark.parametrize("name", IFC_MODELS)
def test_window_area_matches_overall_dimensions(name):
    building = load_shared(name)
    model = ifcopenshell.open(str(shared_ifc(name)))
    scale = ifcopenshell.util.unit.calculate_unit_scale(model)
    expected, ours = 0.0, 0.0
    by_id = {w.global_id: w for w in building.windows}
    for window in model.by_type("IfcWindow"):
        width, height = window.OverallWidth, window.OverallHeight
        if not (width and height):  # ExampleHOM gives the size in Qto_WindowBaseQuantities only
            qto = ifcopenshell.util.element.get_psets(window, qtos_only=True).get("Qto_WindowBaseQuantities", {})
            width, height = qto.get("Width"), qto.get("Height")
        if width and height:
            expected += width * height * scale**2
            ours += by_id[window.GlobalId].area_m2
    assert expected > 0
    assert ours == pytest.approx(expected, rel=0.05)


def _geometric_volumes(path, entities):
    settings = ifcopenshell.geom.settings()
    settings.set("use-world-coords", True)
    volumes = {}
    it = ifcopenshell.geom.iterator(settings, entities[0].file, 2, include=entities)
    if it.initialize():
        while True:
            shape = it.get()
            volumes[shape.guid] = ifcopenshell.util.shape.get_volume(shape.geometry)
            if not it.next():
                break
    return volumes


@pytest.mark.parametrize("name", IFC_MODELS)
def test_layer_volumes_sum_to_wall_volume(name):
    """Layer volumes (net side area x layer thickness) sum to the walls' volume from the geometry engine.

    The reference is an independent triangulation of the same walls; per model totals within 2 %.
    """
    building = load_shared(name)
    walls = [e for e in building.elements if e.kind == "wall" and e.construction and e.construction.kind == "layers"]
    if not walls:
        pytest.skip(f"{name}: no layered walls")
    model = ifcopenshell.open(str(shared_ifc(name)))
    entities = [model.by_guid(w.global_id) for w in walls]
    # only solids have a volume: a wall exported as an open SurfaceModel (one Duplex party wall) is not a reference
    entities = [e for e in entities if all(r.RepresentationType != "SurfaceModel" for r in e.Representation.Representations)]
    geometric = _geometric_volumes(shared_ifc(name), entities)
    layered = [w for w in walls if w.global_id in geometric]
    total_layers = sum(w.area_m2 * layer.thickness_m for w in layered for layer in w.construction.layers)
    total_lines = sum(line.volume_m3 for w in layered for line in w.material_quantities)
    total_geometry = sum(geometric[w.global_id] for w in layered)
    assert total_layers == pytest.approx(total_geometry, rel=0.02)
    assert total_lines == pytest.approx(total_geometry, rel=0.02)


@pytest.mark.parametrize("name", IFC_MODELS)
def test_layer_thickness_in_metres(name):
    """Layer sets are scaled by the file's length unit (LargeBuilding is in millimetres)."""
    building = load_shared(name)
    flagged = {d.entity.split()[1] for d in building.diagnostics if d.code == "thickness_mismatch"}
    checked = 0
    for wall in building.elements:
        c = wall.construction
        q = wall.quantities
        if wall.kind == "wall" and c is not None and c.kind == "layers" and q.source.get("thickness_m", "").startswith("qto"):
            checked += 1
            if wall.global_id in flagged:  # the file contradicts itself; the reader said so
                continue
            assert c.thickness_m == pytest.approx(q.thickness_m, rel=0.02), wall.name
    if name == "ExampleHOM.ifc":  # two attic walls claim Width 0.1 m with a 0.28 m layer set
        assert len(flagged) == 2 and checked == 20


def _envelope(building):
    out = Counter()
    volume = 0.0
    for e in building.elements:
        if e.is_aggregate:
            continue
        volume += e.volume_m3 or 0.0
        if e.is_ground_contact and e.kind in ("floor", "slab"):
            out["ground_floor"] += e.area_m2
        elif e.is_external and e.kind in ("wall", "roof", "window", "door"):
            out[e.kind] += e.area_m2
    return out, volume


def test_fzk_house_ifc2x3_and_ifc4_agree():
    env4, vol4 = _envelope(load_shared("AC20-FZK-Haus.ifc"))
    env3, vol3 = _envelope(load_shared("AC11-FZK-Haus-IFC.ifc"))
    assert set(env4) == set(env3) == {"wall", "roof", "window", "door", "ground_floor"}
    for key in env4:
        assert env3[key] == pytest.approx(env4[key], rel=0.05), key
    assert vol3 == pytest.approx(vol4, rel=0.05)


def test_duplex_volumes_come_from_geometry():
    building = load_shared("Duplex_A_20110907.ifc")
    walls_slabs = [e for e in building.elements if e.kind in ("wall", "floor", "slab", "roof") and not e.is_aggregate]
    from_geometry = [e for e in walls_slabs if e.quantities.volume_source == "geometry"]
    assert len(from_geometry) >= 0.95 * len(walls_slabs)
    assert all(e.volume_m3 and e.volume_m3 > 0 for e in from_geometry)


def test_largebuilding_duplicate_quantities_resolved():
    """Revit 2021 writes NetVolume twice (mm3 and m3): the value consistent with L x W x H is kept."""
    building = load_shared("LargeBuilding.ifc")
    wall = next(e for e in building.elements if e.name == "Basic Wall:Outside wall:346660")
    # Length 8.2 m x Width 0.2 m x Height 3.85 m = 6.314 m3 gross; the net NetVolume is 5.644 m3
    assert wall.volume_m3 == pytest.approx(5.64422, rel=1e-4)
    codes = building.diagnostics.by_code()
    assert codes["quantity_duplicate"] >= 18


@pytest.mark.parametrize("name", IFC_MODELS)
def test_external_walls_face_four_ways_and_windows_have_rooms(name):
    building = load_shared(name)
    external = [e for e in building.elements if e.kind == "wall" and e.is_external and not e.is_ground_contact]
    assert {e.orientation for e in external} >= {"N", "E", "S", "W"}
    assert all(e.azimuth_deg is not None for e in external)
    storeys_with_rooms = {s.storey_id for s in building.spaces}
    windows = [w for w in building.windows if w.is_external and w.orientation not in (None, "horizontal")
               and w.storey_id in storeys_with_rooms]
    with_room = [w for w in windows if any(w.global_id in s.bounding_ids for s in building.spaces)]
    assert len(with_room) >= 0.8 * len(windows)


def test_fzk_true_north_rotates_azimuths():
    """AC20 states TrueNorth (0.766, 0.643): model +Y bears 310 deg; AC11 has none (north = +Y)."""
    ifc4 = load_shared("AC20-FZK-Haus.ifc")
    ifc2x3 = load_shared("AC11-FZK-Haus-IFC.ifc")
    assert ifc4.site.true_north_deg == pytest.approx(310.0, abs=0.01)
    assert ifc2x3.site.true_north_deg == pytest.approx(0.0, abs=0.01)
    for wall4 in ifc4.elements:
        if wall4.kind == "wall" and wall4.is_external:
            wall3 = next(e for e in ifc2x3.elements if e.name == wall4.name)
            assert (wall4.azimuth_deg - wall3.azimuth_deg) % 360 == pytest.approx(310.0, abs=1.0), wall4.name


def test_site_location_read():
    site = load_shared("AC20-FZK-Haus.ifc").site
    # RefLatitude (49, 6, 1, 566000) = 49 + 6/60 + 1.566/3600
    assert site.latitude_deg == pytest.approx(49 + 6 / 60 + 1.566 / 3600, abs=1e-9)
    assert site.elevation_m == pytest.approx(110.0)
    hom = load_shared("ExampleHOM.ifc")
    assert hom.site.latitude_deg is None
    assert "site_location_missing" in hom.diagnostics.by_code()


def test_graph_relations():
    building = load_shared("AC20-FZK-Haus.ifc")
    g = building.graph
    relations = Counter(d["relation"] for _, _, d in g.edges(data=True))
    assert relations["hosts"] == 16  # 11 windows + 5 doors, each in its wall
    assert relations["contains"] >= len(building.spaces)
    from bldgagent.ifc.graph import neighbours
    bad = next(s for s in building.spaces if s.long_name == "Bad")
    names = {g.nodes[n]["name"] for n in neighbours(g, bad.global_id)}
    assert {"2 Buero", "1 Flur", "4 Schlafzimmer"} <= names
