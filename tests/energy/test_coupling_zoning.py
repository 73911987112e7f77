"""Zones of a real model coupled through the partitions and floors they share (bldgagent.energy.zoning.shared)."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from shared_data import shared_epw, shared_ifc

from bldgagent.climate.epw import read_epw
from bldgagent.energy.thermal import simulate
from bldgagent.energy.zoning import zones_from_building
from bldgagent.energy.zoning.shared import _pairs, shared_elements


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
