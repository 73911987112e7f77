"""Rooms health did not score have no overall score (null, with the reason); a windowless occupied room scores 0 on
daylight with the reason, so it ranks below rooms with windows instead of sitting out as NaN."""
from __future__ import annotations

import json

import pytest

import bldgagent
from bldgagent.health.building import assess_health
from bldgagent.health.inputs import RoomInput
from bldgagent.health.scores import score_room, score_rooms
from bldgagent.ifc.samples import sample_building


def test_room_with_only_materials_checked_has_no_overall():
    """Only the materials concept can be assessed (no hours, no windows, no facade): before, overall = materials = 100."""
    room = score_room(RoomInput(name="corridor", usage="office", floor_area_m2=20.0, volume_m3=60.0, materials=[]))
    assert room.concepts["materials"].score == 100.0
    assert room.overall is None
    assert "none of thermal, air, light, acoustic was assessed" in room.overall_reason
    assert any(d.code == "room_overall_not_given" for d in room.diagnostics)
    payload = json.loads(score_rooms([RoomInput(name="c", usage="office", floor_area_m2=20.0, materials=[])]).to_json())
    assert payload["rooms"][0]["overall"] is None


@pytest.fixture(scope="module")
def windowless_office(tmp_path_factory):
    path = tmp_path_factory.mktemp("windowless") / "office.ifc"
    sample_building(path=path, storeys=1, usage="office", wwr={})
    return assess_health(bldgagent.load(path), "shanghai")


def test_windowless_office_scores_zero_on_daylight_with_the_reason(windowless_office):
    """No window at all: daylight factor 0 % is below every EN 17037 target, so the light items give 0 points."""
    for room in windowless_office.scores.rooms:
        light = room.concepts["light"]
        assert light.assessed and light.score == 0.0
        assert light.reason == "no window: daylight factor 0 %"
        assert room.daylight.average_df_pct == 0.0
        assert room.overall is not None
    assert sum(d.code == "room_windowless" for d in windowless_office.diagnostics) == len(windowless_office.scores.rooms)
    frame = windowless_office.to_frame()
    assert (frame["light"] == 0.0).all()
