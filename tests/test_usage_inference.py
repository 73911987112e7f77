"""Rooms of unknown usage: one rule (the building's dominant usage by floor area) in the energy zoning and the
health engine alike, each naming the room and the usage it inferred."""
from __future__ import annotations

from dataclasses import replace

import pytest

import bldgagent
from bldgagent.energy.zoning import zones_from_building
from bldgagent.health.building import assess_health
from bldgagent.ifc.samples import sample_building
from bldgagent.model import Space
from bldgagent.usage import infer_unknown_usage


def _space(gid, usage, area):
    return Space(global_id=gid, name=gid, usage=usage, net_floor_area_m2=area)


def test_dominant_usage_by_floor_area_of_known_main_rooms():
    """Office 60 m2 vs meeting 50 m2: office; the 200 m2 corridor is ancillary and does not count."""
    spaces = [_space("a", "office", 60.0), _space("b", "meeting", 50.0), _space("c", "circulation", 200.0),
              _space("d", "unknown", 500.0)]
    inferred = infer_unknown_usage(spaces)
    assert inferred.usage == "office"
    assert "60 of 110 m2" in inferred.basis


def test_rooms_of_a_dwelling_count_as_residential():
    """Bedrooms 2 x 15 + living 30 + kitchen 10 = 70 m2 residential against a 50 m2 office: residential."""
    spaces = [_space("b1", "residential_bedroom", 15.0), _space("b2", "residential_bedroom", 15.0),
              _space("l", "residential_living", 30.0), _space("k", "residential_kitchen", 10.0),
              _space("o", "office", 50.0)]
    assert infer_unknown_usage(spaces).usage == "residential"


def test_no_known_usage_gives_residential():
    assert infer_unknown_usage([_space("x", "unknown", 20.0), _space("y", "storage", 5.0)]).usage == "residential"
    assert infer_unknown_usage([]).usage == "residential"


@pytest.fixture(scope="module")
def office_with_unknown_rooms(tmp_path_factory):
    """The sample office (rooms Office, Office, Meeting room, Office per storey) with two rooms made unknown."""
    path = tmp_path_factory.mktemp("usage") / "office.ifc"
    sample_building(path=path, storeys=1, usage="office")
    building = bldgagent.load(path)
    offices = [s for s in building.spaces if s.usage == "office"]
    unknown = {s.global_id: replace(s, usage="unknown") for s in offices[:2]}
    return building.with_spaces(unknown), set(unknown)


def test_energy_zoning_simulates_unknown_rooms_with_the_dominant_usage(office_with_unknown_rooms):
    """Before: zoning's fallback_usage="residential" gave the unknown rooms of an office a dwelling profile."""
    building, unknown = office_with_unknown_rooms
    zoning = zones_from_building(building, zoning="space")
    usage_of = {sid: r.usage for r in zoning.records for sid in r.space_ids}
    assert {usage_of[sid] for sid in unknown} == {"office"}
    notes = [d for d in zoning.diagnostics if d.code == "room_usage_inferred"]
    assert len(notes) == 2
    assert all("'office'" in d.message and "dominant usage" in d.message for d in notes)
    labels = {s.label for s in building.spaces if s.global_id in unknown}
    assert {d.entity for d in notes} == labels


def test_health_scores_unknown_rooms_with_the_same_usage(office_with_unknown_rooms):
    building, unknown = office_with_unknown_rooms
    result = assess_health(building, "shanghai")
    rows = result.rooms.set_index("space_id")
    assert set(rows.loc[list(unknown), "health_usage"]) == {"office"}
    notes = [d for d in result.diagnostics if d.code == "room_usage_inferred"]
    assert len(notes) == 2 and all("'office'" in d.message for d in notes)
    # the same rooms are simulated by the energy engine with the same usage
    assert set(rows.loc[list(unknown), "usage"]) == {"office"}


def test_unknown_rooms_of_a_house_are_residential_everywhere(tmp_path):
    path = tmp_path / "house.ifc"
    sample_building(path=path, storeys=1, usage="residential")
    building = bldgagent.load(path)
    living = next(s for s in building.spaces if s.usage == "residential_living")
    building = building.with_spaces({living.global_id: replace(living, usage="unknown")})
    zoning = zones_from_building(building, zoning="space")
    assert next(r.usage for r in zoning.records if living.global_id in r.space_ids) == "residential"
    assert infer_unknown_usage(building.spaces).usage == "residential"
