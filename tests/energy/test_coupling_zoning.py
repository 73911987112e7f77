"""Zones of a real model coupled through the partitions and floors they share (bldgagent.energy.zoning.shared)."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from shared_data import shared_epw, shared_ifc

from bldgagent.climate.epw import read_epw
from bldgagent.energy.thermal import simulate
from bldgagent.energy.zoning import zones_from_building
from bldgagent.energy.zoning.shared import _floor_pairs, _pairs, shared_elements


def test_pairs_two_zones_share_the_smaller_area():
    assert _pairs({"A": 10.0, "B": 12.0}) == [("A", "B", 10.0)]


def test_pairs_corridor_wall_covers_the_rooms():
    # corridor 20 m2 against rooms of 8 and 10 m2: 20 >= 0.9 x 18, so the corridor pairs with each room over the
    # room's area
    assert sorted(_pairs({"C": 20.0, "R1": 8.0, "R2": 10.0})) == [("C", "R1", 8.0), ("C", "R2", 10.0)]
    # rooms of 15 and 10 m2 against 20 m2: 20 < 0.9 x 25 = 22.5, no zone covers the others: no pair
    assert _pairs({"C": 20.0, "R1": 15.0, "R2": 10.0}) == []
    # three equal areas: the sides are unclear, no pair
    assert _pairs({"A": 10.0, "B": 10.0, "C": 10.0}) == []


def _part(eid, role, area):
    return SimpleNamespace(element=SimpleNamespace(global_id=eid), role=role, area_m2=area)


def test_floor_belongs_to_the_zone_above_and_wall_to_the_first_name():
    shared = shared_elements({
        "upper": [_part("slab", "internal_floor", 20.0)],
        "lower": [_part("slab", "ceiling", 25.0), _part("wall", "partition", 9.0)],
        "a_side": [_part("wall", "partition", 9.0)],
    })
    assert shared[("slab", "upper")] == [("lower", 20.0, True)]
    assert shared[("slab", "lower")] == [("upper", 20.0, False)]
    assert shared[("wall", "a_side")] == [("lower", 9.0, True)]
    assert shared[("wall", "lower")] == [("a_side", 9.0, False)]


@pytest.fixture(scope="module")
def duplex():
    from bldgagent.ifc import load

    return load(shared_ifc("Duplex_A_20110907.ifc"))


def test_real_model_zones_coupled_and_balanced(duplex):
    weather = read_epw(shared_epw("aachen"))
    coupled = zones_from_building(duplex, weather=weather)
    apart = zones_from_building(duplex, weather=weather, couple_zones=False)
    names = {z.name for z in coupled.zones}
    shared = [(z.name, s) for z in coupled.zones for s in z.surfaces if s.boundary == "zone"]
    assert len(shared) >= 10
    assert all(s.adjacent_zone in names and s.adjacent_zone != zn for zn, s in shared)
    assert not any(s.boundary == "zone" for z in apart.zones for s in z.surfaces)
    # the records name the neighbour
    recs = [r for rec in coupled.records for r in rec.surfaces if r["boundary"] == "zone"]
    assert recs and all(r["adjacent_zone"] in names for r in recs)
    res = simulate(coupled.zones, weather)
    scale = np.abs(res.balance["solar"]).max()
    terms = ("transmission", "ventilation", "solar", "internal", "interzone", "hvac")
    assert np.abs(sum(res.balance[k] for k in terms) - res.balance["storage"]).max() < 1e-9 * scale
    # the building's balance closes every hour: the zones' interzone terms cancel hour by hour
    iz = res.balance["interzone"]
    outside = ("transmission", "ventilation", "solar", "internal", "hvac")
    hour_scale = sum(np.abs(res.balance[k]).sum(axis=0) for k in outside + ("interzone", "storage"))
    building = sum(res.balance[k].sum(axis=0) for k in outside) - res.balance["storage"].sum(axis=0)
    assert (np.abs(building) / hour_scale).max() < 1e-9
    assert (np.abs(iz.sum(axis=0)) / hour_scale).max() < 1e-9
    assert np.abs(iz).sum() > 0.01 * np.abs(res.balance["transmission"]).sum()    # the rooms do exchange heat
    # unheated store rooms among heated rooms are warmer when coupled than with adiabatic partitions
    res_apart = simulate(apart.zones, weather)
    assert res.operative_temp_c.min() > res_apart.operative_temp_c.min() + 5.0


def test_floor_pairs_split_the_shared_area_by_area():
    # two rooms (12 and 12 m2) over one room (24 m2): each room above over its own area
    assert _floor_pairs({"U1": 12.0, "U2": 12.0}, {"D": 24.0}) == [("U1", "D", 12.0), ("U2", "D", 12.0)]
    # two over two, partitions not aligned (10 + 14 above, 16 + 8 below, 24 m2 each side): pair area
    # 24 x a_u x a_d / (24 x 24); U1-D1 = 10 x 16 / 24 = 6.667, U1-D2 = 10 x 8 / 24 = 3.333, U2-D1 = 14 x 16 / 24 =
    # 9.333, U2-D2 = 14 x 8 / 24 = 4.667 m2: each room's pairs add up to its area
    pairs = _floor_pairs({"U1": 10.0, "U2": 14.0}, {"D1": 16.0, "D2": 8.0})
    assert [p[:2] for p in pairs] == [("U1", "D1"), ("U1", "D2"), ("U2", "D1"), ("U2", "D2")]
    np.testing.assert_allclose([p[2] for p in pairs], [20 / 3, 10 / 3, 28 / 3, 14 / 3], rtol=1e-12)
    # one small room over a large one: the smaller area, as for two zones on a wall
    assert _floor_pairs({"U": 9.0}, {"D": 30.0}) == [("U", "D", 9.0)]
    # the slab of a storey wider below (30 m2) than the rooms above cover (12 + 6 = 18 m2): 18 m2 shared
    pairs = _floor_pairs({"U1": 12.0, "U2": 6.0}, {"D": 30.0})
    assert [p[2] for p in pairs] == pytest.approx([12.0, 6.0], rel=1e-12)


class _TwoStoreys:
    """An IFC4 model written with IfcOpenShell's API: room D (6 x 4 m) on the ground storey under one 0.2 m floor
    slab, rooms U1 and U2 (3 x 4 m each) side by side on it, a ground slab under D and a roof slab over U1 and U2,
    with the space boundaries of each room."""

    def __init__(self):
        import ifcopenshell.api.aggregate
        import ifcopenshell.api.context
        import ifcopenshell.api.geometry
        import ifcopenshell.api.project
        import ifcopenshell.api.root
        import ifcopenshell.api.spatial
        import ifcopenshell.api.unit

        self.api = ifcopenshell.api
        f = self.f = ifcopenshell.api.project.create_file(version="IFC4")
        project = ifcopenshell.api.root.create_entity(f, ifc_class="IfcProject", name="P")
        ifcopenshell.api.unit.assign_unit(f)
        model = ifcopenshell.api.context.add_context(f, context_type="Model")
        self.body = ifcopenshell.api.context.add_context(f, context_type="Model", context_identifier="Body",
                                                         target_view="MODEL_VIEW", parent=model)
        site = ifcopenshell.api.root.create_entity(f, ifc_class="IfcSite", name="S")
        bldg = ifcopenshell.api.root.create_entity(f, ifc_class="IfcBuilding", name="B")
        self.storeys = []
        for name, z in (("G", 0.0), ("1", 3.2)):
            st = ifcopenshell.api.root.create_entity(f, ifc_class="IfcBuildingStorey", name=name)
            st.Elevation = z
            self.storeys.append(st)
        ifcopenshell.api.aggregate.assign_object(f, relating_object=project, products=[site])
        ifcopenshell.api.aggregate.assign_object(f, relating_object=site, products=[bldg])
        ifcopenshell.api.aggregate.assign_object(f, relating_object=bldg, products=self.storeys)

    def _place(self, e, x, y, z, rep, storey):
        self.api.geometry.assign_representation(self.f, product=e, representation=rep)
        m = np.eye(4)
        m[:3, 3] = (x, y, z)
        self.api.geometry.edit_object_placement(self.f, product=e, matrix=m)
        if e.is_a("IfcSpace"):
            self.api.aggregate.assign_object(self.f, relating_object=storey, products=[e])
        else:
            self.api.spatial.assign_container(self.f, relating_structure=storey, products=[e])

    def space(self, name, x, z, storey):
        s = self.api.root.create_entity(self.f, ifc_class="IfcSpace", name=name)
        s.LongName = "office"
        rep = self.api.geometry.add_wall_representation(self.f, context=self.body, length=6.0 if name == "D" else 3.0,
                                                        height=3.0, thickness=4.0)
        self._place(s, x, 0.0, z, rep, storey)
        return s

    def slab(self, name, z, predefined, storey):
        e = self.api.root.create_entity(self.f, ifc_class="IfcSlab", name=name, predefined_type=predefined)
        rep = self.api.geometry.add_slab_representation(self.f, context=self.body, depth=0.2,
                                                        polyline=[(0, 0), (6.0, 0), (6.0, 4.0), (0, 4.0)])
        self._place(e, 0.0, 0.0, z, rep, storey)
        return e

    def bound(self, space, element, kind):
        rel = self.api.root.create_entity(self.f, ifc_class="IfcRelSpaceBoundary")
        rel.RelatingSpace = space
        rel.RelatedBuildingElement = element
        rel.PhysicalOrVirtualBoundary = "PHYSICAL"
        rel.InternalOrExternalBoundary = kind

    def build(self):
        g, first = self.storeys
        d = self.space("D", 0.0, 0.0, g)
        u1 = self.space("U1", 0.0, 3.2, first)
        u2 = self.space("U2", 3.0, 3.2, first)
        ground = self.slab("ground", -0.2, "BASESLAB", g)
        mid = self.slab("mid", 3.0, "FLOOR", first)
        roof = self.slab("roof", 6.2, "ROOF", first)
        self.bound(d, ground, "EXTERNAL_EARTH")
        for s in (d, u1, u2):
            self.bound(s, mid, "INTERNAL")
        for s in (u1, u2):
            self.bound(s, roof, "EXTERNAL")
        return self.f


def test_two_rooms_over_one_share_the_floor_by_area(tmp_path):
    import bldgagent
    from dataclasses import replace

    path = tmp_path / "two_over_one.ifc"
    _TwoStoreys().build().write(str(path))
    b = bldgagent.load(path)
    weather = read_epw(shared_epw("denver"))
    zoning = zones_from_building(b, weather=weather, split_floors=True)
    by_name = {z.name.split()[0]: z for z in zoning.zones}      # zones named "D office", ...
    assert sorted(by_name) == ["D", "U1", "U2"]
    # the floor slab: one coupled surface in each room above (its owner), over its own 3 x 4 = 12 m2; nothing of
    # the slab left to D as an adiabatic half (24 m2 = 12 + 12)
    for up in ("U1", "U2"):
        slab = [s for s in by_name[up].surfaces if s.boundary == "zone"]
        assert [(s.adjacent_zone, s.area_m2) for s in slab] == [("D office", pytest.approx(12.0, rel=1e-9))]
    assert not any("mid" in s.name for s in by_name["D"].surfaces)
    # U x A x dT by hand: rooms above held at 20 C, D at 10 C, no gains, fixed 3 W/m2K films without long-wave
    # exchange on the slab's faces: U = 1 / (1/3 + sum d/k + 1/3); the slab passes U x 12 x 10 from each room above
    h_c = 3.0
    zones = []
    for z in zoning.zones:
        sp = 10.0 if z.name.startswith("D") else 20.0
        surfs = [replace(s, h_conv_in_w_m2k=h_c, inside_emissivity=0.0) if s.boundary == "zone" else s
                 for s in z.surfaces]
        zones.append(replace(z, surfaces=surfs, internal_gains_w=0.0, heating_setpoint_c=sp, cooling_setpoint_c=sp))
    slab = next(s for s in zones[[z.name for z in zones].index("U1 office")].surfaces if s.boundary == "zone")
    u = 1.0 / (2.0 / h_c + sum(d / k for d, k, *_ in slab.layers))
    # the slab has no material in the model: the default floor, 0.20 m at k 2.0 + 0.05 m at k 1.4 (R = 0.1 +
    # 0.035714 = 0.135714 m2K/W): U = 1 / (0.666667 + 0.135714) = 1.246291 W/m2K, 149.55 W per room, 299.11 W into D
    assert u == pytest.approx(1.246291, abs=1e-6)
    res = simulate(zones, weather)
    iz = {n.split()[0]: v for n, v in zip(res.zone_names, res.balance["interzone"])}
    np.testing.assert_allclose(iz["U1"][-720:], -u * 12.0 * 10.0, rtol=1e-6)
    np.testing.assert_allclose(iz["U2"][-720:], -u * 12.0 * 10.0, rtol=1e-6)
    np.testing.assert_allclose(iz["D"][-720:], u * 24.0 * 10.0, rtol=1e-6)
    # and hour by hour what the rooms above give, D receives
    assert np.abs(iz["D"] + iz["U1"] + iz["U2"]).max() < 1e-9 * np.abs(iz["D"]).max()


def test_floor_pairs_follow_the_plan_overlap_where_rooms_have_outlines():
    import shapely

    def box(x0, x1):
        return shapely.box(x0, 0.0, x1, 4.0)

    # above: U1 x 0-3 m, U2 x 3-6 m; below: D1 x 0-4 m, D2 x 4-6 m (all 4 m deep): U1 lies over D1 only (3 x 4 =
    # 12 m2), U2 over D1 (1 x 4 = 4 m2) and D2 (2 x 4 = 8 m2); no U1-D2 pair
    outlines = {"U1": box(0, 3), "U2": box(3, 6), "D1": box(0, 4), "D2": box(4, 6)}
    pairs = _floor_pairs({"U1": 12.0, "U2": 12.0}, {"D1": 16.0, "D2": 8.0}, outlines)
    assert [(u, d) for u, d, _ in pairs] == [("U1", "D1"), ("U2", "D1"), ("U2", "D2")]
    np.testing.assert_allclose([m2 for *_, m2 in pairs], [12.0, 4.0, 8.0], rtol=1e-12)
    # a room whose area on the slab (net, 10 m2) is below its outline's overlaps (12 m2): scaled by 10 / 12
    pairs = _floor_pairs({"U1": 10.0}, {"D1": 16.0}, outlines)
    assert pairs == [("U1", "D1", pytest.approx(10.0, rel=1e-12))]
    # without an outline for every zone on the slab: the split by areas
    assert _floor_pairs({"U1": 12.0}, {"D1": 16.0, "D9": 8.0}, outlines) == _floor_pairs({"U1": 12.0},
                                                                                       {"D1": 16.0, "D9": 8.0})


def test_sample_building_floors_couple_each_room_with_the_room_below(sample_ifc):
    """The default rule on the sample building (3 storeys of 8 rooms stacked in the same plan, issue 12): every room
    of storeys 1 and 2 owns one coupled floor, to the same-numbered room one storey down, over its own floor area
    (the plan overlap of the two outlines; 31.95 m2, the room's net floor area 31.9528 m2 to the outline's
    rounding); no room pairs twice on a slab, ground-floor rooms own no coupled floor and rooms under the roof
    receive none (their ceiling is the roof): 18 partitions + 16 floors = 34 coupled constructions."""
    import bldgagent

    zoning = zones_from_building(bldgagent.load(sample_ifc))
    area = {z.name: z.floor_area_m2 for z in zoning.zones}
    floors = [(z.name, s) for z in zoning.zones for s in z.surfaces
              if s.boundary == "zone" and s.tilt_deg == pytest.approx(180.0)]
    walls = [(z.name, s) for z in zoning.zones for s in z.surfaces
             if s.boundary == "zone" and s.tilt_deg == pytest.approx(90.0)]
    assert (len(walls), len(floors)) == (18, 16)
    owners = [zn for zn, _ in floors]
    assert len(set(owners)) == 16 and not any(zn.startswith("0") for zn in owners)
    for zn, s in floors:
        # "104 Bedroom" over "004 Bedroom", "204 Bedroom" over "104 Bedroom"
        assert s.adjacent_zone == f"{int(zn[0]) - 1}{zn[1:]}"
        assert s.area_m2 == pytest.approx(area[zn], abs=0.01) and s.area_m2 <= area[zn] + 1e-9
    # each ceiling received once: every room of storeys 0 and 1 receives one floor, the rooms under the roof none
    receivers = sorted(s.adjacent_zone for _, s in floors)
    assert len(set(receivers)) == 16 and not any(r.startswith("2") for r in receivers)
    # what the outlines leave of a room's floor area (2.8e-4 m2 of rounding) is not written as a separate surface
    assert not [(z.name, s.name) for z in zoning.zones for s in z.surfaces if s.area_m2 < 0.01]
    # the opt-out: floors left as each room's adiabatic half, the walls coupled as before
    old = zones_from_building(bldgagent.load(sample_ifc), split_floors=False)
    assert sum(s.boundary == "zone" for z in old.zones for s in z.surfaces) == 18
