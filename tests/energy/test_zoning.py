"""Zoning of IFC buildings (bldgagent.energy.zoning): envelope split among rooms, coverage, overrides, errors.

The sample building (bldgagent.ifc.samples defaults): 24 x 12 m, 3 storeys of 3.2 m, 8 rooms per storey (2 rows of
4 along a spine wall), concrete, external wall 0.35 m (render 15 + mineral wool 120 + concrete 200 + plaster 15 mm),
WWR S 0.40 / E, N, W 0.25, windows U 2.4, g 0.55, glazing fraction 0.8, site Haikou.
"""
from __future__ import annotations

import copy

import numpy as np
import pytest

from bldgagent import load
from bldgagent.energy.zoning import DEFAULT_INFILTRATION_ACH, locate, zones_from_building
from bldgagent.errors import InputValueError, ModelContentError
from bldgagent.ifc.samples import sample_building


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("zoning") / "sample.ifc"
    sample_building(path=path)
    return load(path)


@pytest.fixture(scope="module")
def zoned(sample):
    return zones_from_building(sample)


def _external(b, kind):
    return sum(e.area_m2 for e in b.elements if e.kind == kind and e.is_external and not e.is_aggregate)


def test_one_zone_per_room_and_areas(sample, zoned):
    assert len(zoned) == 24
    # 24 rooms: (24 - 2 x 0.35 - 3 x 0.135) / 4 x (12 / 2 - 0.35 - 0.135 / 2) = 5.724 x 5.583 = 31.95 m2 each
    assert zoned.floor_area_m2 == pytest.approx(24 * 5.72375 * 5.5825, rel=1e-4)
    assert zoned.zone_spaces[zoned.zones[0].name] == [sample.spaces[0].global_id]


def test_envelope_fully_assigned_and_conserved(sample, zoned):
    cov = zoned.coverage
    for k in ("external_wall", "window", "roof"):
        assert cov[k]["share"] == pytest.approx(1.0)
    walls = sum(s["area_m2"] for r in zoned.records for s in r.surfaces if s["role"] == "wall")
    assert walls == pytest.approx(_external(sample, "wall"), rel=1e-9)
    win = sum(w["area_m2"] for r in zoned.records for w in r.windows)
    assert win == pytest.approx(sum(o.area_m2 for o in sample.windows), rel=1e-9)
    roof = sum(s["area_m2"] for r in zoned.records for s in r.surfaces if s["role"] == "roof")
    assert roof == pytest.approx(288.0, rel=1e-6)  # the whole 24 x 12 m roof, split by overlap
    # ground floors: each ground-floor room's own floor area
    for r in zoned.records[:8]:
        g = sum(s["area_m2"] for s in r.surfaces if s["role"] == "ground_floor")
        assert g == pytest.approx(r.floor_area_m2)


def test_wall_split_by_outline_length(sample, zoned):
    # South wall of the ground floor: net area split in proportion to the rooms' south-facing outline lengths,
    # 4 equal rooms -> a quarter each (the boundary-share samples would give 2/7, 1/7, 1/7, 2/7).
    south = next(e for e in sample.elements if e.name == "External wall S 0")
    parts = [s["area_m2"] for r in zoned.records for s in r.surfaces if s["element"] == south.global_id]
    assert len(parts) == 4
    assert parts == pytest.approx([south.area_m2 / 4] * 4, rel=1e-4)  # outlines rounded to 0.1 mm
    rules = {s["rule"] for r in zoned.records for s in r.surfaces if s["element"] == south.global_id}
    assert rules == {"outline length facing the wall"}


def test_constructions_and_operation(sample, zoned):
    z = zoned.zones[0]
    wall = next(s for s in z.surfaces if s.boundary == "outdoor" and s.tilt_deg == 90.0 and s.azimuth_deg == 180.0
                and len(s.layers) == 4)
    # render 0.015/1.0, mineral wool 0.12/0.035, concrete 0.20/2.3, plaster 0.015/0.43 (from the IFC materials)
    assert [round(l[0], 3) for l in wall.layers] == [0.015, 0.12, 0.2, 0.015]
    r = 0.015 / 1.0 + 0.12 / 0.035 + 0.20 / 2.3 + 0.015 / 0.43
    assert sum(d / k for d, k, *_ in wall.layers) == pytest.approx(r, rel=1e-9)
    # Haikou -> China, hot summer warm winter: JGJ 75 dwelling profile, 1.0 ACH, 16 C heating, 26 C cooling
    assert zoned.location.country == "CHN" and zoned.location.climate_zone == "hsww"
    assert z.infiltration_ach == pytest.approx(1.0)
    assert np.nanmax(z.heating_setpoint_c) == 16.0 and np.nanmin(z.cooling_setpoint_c) == 26.0
    # gains: 3.8 W/m2 (people + appliances, all day) + lighting 5 W/m2 x schedule
    assert np.min(z.internal_gains_w) == pytest.approx(3.8 * z.floor_area_m2, rel=1e-6)
    win = z.windows[0]
    assert (win.u_w_m2k, win.g_normal, win.frame_fraction) == pytest.approx((2.4, 0.55, 0.2))
    # the intermediate floor above the ground-floor room: its lower half (concrete 0.15 of 0.30 m), adiabatic, with
    # floors uncoupled (split_floors=False); by default (issue 12) the whole 0.30 m slab, one chain written in the room
    # above, whose underside is this room's ceiling (tests/energy/test_coupling_zoning.py)
    old = zones_from_building(sample, split_floors=False).zones[0]
    ceiling = [s for s in old.surfaces if s.tilt_deg == 0.0 and s.boundary == "adiabatic"]
    assert len(ceiling) == 1 and sum(l[0] for l in ceiling[0].layers) == pytest.approx(0.15)
    assert not [s for s in z.surfaces if s.tilt_deg == 0.0 and s.boundary == "adiabatic"]
    slab = [s for y in zoned.zones for s in y.surfaces if s.boundary == "zone" and s.adjacent_zone == z.name
            and s.tilt_deg == 180.0]
    assert len(slab) == 1 and sum(l[0] for l in slab[0].layers) == pytest.approx(0.30)


def test_storey_zoning_partitions_internal(sample):
    z = zones_from_building(sample, zoning="storey")
    assert len(z) == 3
    assert z.records[0].floor_area_m2 == pytest.approx(8 * 5.72375 * 5.5825, rel=1e-4)
    internal = [s for s in z.records[0].surfaces if s["boundary"] == "internal"]
    assert internal, "partitions inside a storey zone have both faces in it"
    # a partition shared by two rooms of the zone counts once
    part = next(e for e in sample.elements if e.name == "Partition 0")
    assert sum(s["area_m2"] for s in internal if s["element"] == part.global_id) == pytest.approx(part.area_m2)


def test_rotation_and_true_north(tmp_path):
    b = load(sample_building(path=tmp_path / "rot.ifc", true_north_deg=30.0) and tmp_path / "rot.ifc")
    z = zones_from_building(b)
    az = sorted({round(s["azimuth_deg"]) for r in z.records for s in r.surfaces if s["role"] == "wall"})
    assert az == [30, 120, 210, 300]
    assert z.coverage["external_wall"]["share"] == pytest.approx(1.0)
    south = [s["area_m2"] for r in z.records for s in r.surfaces if s["role"] == "wall" and round(s["azimuth_deg"]) == 210
             and "External wall S 0" == s["name"]]
    assert south == pytest.approx([south[0]] * 4, rel=1e-4)


def test_overrides_and_errors(sample):
    z = zones_from_building(sample, overrides={"internal_gains_w": 200.0, "infiltration_ach": 0.5},
                            surfaces={"ground_floor": {"boundary": "outdoor", "sunlit": False}},
                            windows={"u_w_m2k": 1.1, "g_normal": 0.4})
    assert all(np.all(np.asarray(x.internal_gains_w) == 200.0) for x in z)
    assert z.records[0].sources["infiltration_ach"] == "override"
    assert all(w.u_w_m2k == 1.1 for x in z for w in x.windows)
    assert not any(s.boundary == "ground" for x in z for s in x.surfaces)
    with pytest.raises(InputValueError, match="infiltration_ach"):
        zones_from_building(sample, overrides={"infiltration_ach": -1})
    with pytest.raises(InputValueError, match="dead band"):
        zones_from_building(sample, overrides={"heating_setpoint_c": 25, "cooling_setpoint_c": 20})
    with pytest.raises(InputValueError, match="unknown zone input"):
        zones_from_building(sample, overrides={"gains": 1})
    with pytest.raises(InputValueError, match="roles"):
        zones_from_building(sample, surfaces={"facade": {"solar_absorptance": 0.3}})
    with pytest.raises(InputValueError, match="zoning"):
        zones_from_building(sample, zoning="rooms")
    free = zones_from_building(sample, free_running=True)
    assert all(np.isnan(x.heating_setpoint_c).all() for x in free) and not any(r.conditioned for r in free.records)


def test_building_without_spaces_zoned_per_storey(sample):
    b = copy.copy(sample)
    b.spaces = []
    z = zones_from_building(b)
    assert len(z) == 3 and z.zoning == "storey"
    assert "no_spaces" in z.diagnostics.by_code()
    assert z.coverage["external_wall"]["share"] == pytest.approx(1.0)
    assert z.coverage["window"]["share"] == pytest.approx(1.0)


def test_no_envelope_and_no_area(sample):
    b = copy.copy(sample)
    b.elements = [e for e in sample.elements if not (e.is_external or e.is_ground_contact)]
    with pytest.raises(ModelContentError, match="no envelope"):
        zones_from_building(b)
    b = copy.copy(sample)
    b.spaces = [copy.copy(s) for s in sample.spaces]
    for s in b.spaces:
        s.net_floor_area_m2 = s.gross_floor_area_m2 = None
    with pytest.raises(ModelContentError, match="floor area"):
        zones_from_building(b)


def test_locate_defaults():
    loc = locate(None, None)
    assert loc.country is None and loc.region == "eu"
    assert DEFAULT_INFILTRATION_ACH == pytest.approx(3.0 / 20.0)
