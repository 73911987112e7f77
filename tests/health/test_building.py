"""Health of whole buildings: rooms from the model, hours from the energy engine, scores that move the right way."""
from __future__ import annotations

import numpy as np
import pytest

import bldgagent
from bldgagent.errors import InputValueError
from bldgagent.health.building import assess_health, indoor_relative_humidity
from bldgagent.ifc.samples import sample_building
from shared_data import IFC_MODELS, shared_epw, shared_ifc


def _building(tmp_path, name="b.ifc", **kw):
    path = tmp_path / name
    sample_building(path=path, **kw)
    return bldgagent.load(path)


def _mean_score(result, concept):
    values = [r.concepts[concept].score for r in result.scores.rooms if r.concepts[concept].score is not None]
    return float(np.mean(values))


def test_larger_windows_raise_daylight_and_haikou_overheating(tmp_path):
    """WWR 0.2 -> 0.5 on every facade: daylight factor up, free-running overheating hours up (Haikou)."""
    small = _building(tmp_path, "small.ifc", storeys=1, wwr={o: 0.2 for o in "NESW"})
    large = _building(tmp_path, "large.ifc", storeys=1, wwr={o: 0.5 for o in "NESW"})
    a = assess_health(small, "haikou")
    b = assess_health(large, "haikou")
    df_a = [r.daylight.average_df_pct for r in a.scores.rooms]
    df_b = [r.daylight.average_df_pct for r in b.scores.rooms]
    assert all(y > x for x, y in zip(df_a, df_b))
    # BR 209 DF is proportional to the glazed area: 2.5 x the window gives 2.5 x the daylight factor
    assert np.mean(df_b) / np.mean(df_a) == pytest.approx(2.5, rel=0.05)
    assert _mean_score(b, "light") >= _mean_score(a, "light")
    hot_a = a.overheating["occupied_hours_above_28c"].to_numpy()
    hot_b = b.overheating["occupied_hours_above_28c"].to_numpy()
    assert (hot_b > hot_a).all()


def test_more_insulation_improves_winter_comfort_in_a_cold_climate(tmp_path):
    """Harbin (severe cold, JGJ 26 heating to 18 C), homes: 20 cm instead of 2 cm of wall insulation warms the
    walls, so the operative temperature of the occupied winter hours, the winter share of comfortable hours
    and the thermal score all rise."""
    def wall(t):
        return {"external_wall": [("Cement render", 0.015), ("Mineral wool insulation", t),
                                  ("Reinforced concrete C30/37", 0.20), ("Gypsum plaster", 0.015)]}

    a = assess_health(_building(tmp_path, "thin.ifc", storeys=1, constructions=wall(0.02), window_u_w_m2k=1.5),
                      "harbin")
    b = assess_health(_building(tmp_path, "thick.ifc", storeys=1, constructions=wall(0.20), window_u_w_m2k=1.5),
                      "harbin")
    winter = np.zeros(8760, bool)
    winter[:59 * 24] = True   # January and February

    def winter_stats(res):
        tops, shares = [], []
        for room, inputs in zip(res.scores.rooms, res.room_inputs):
            hours = winter & (np.asarray(inputs.occupancy) > 0)
            tops.append(np.mean(inputs.operative_temp_c[hours]))
            category = room.comfort.category_hourly[hours]   # 1 = I, 2 = II, ...
            shares.append(np.mean((category >= 1) & (category <= 2)))
        return np.mean(tops), np.mean(shares)

    top_a, share_a = winter_stats(a)
    top_b, share_b = winter_stats(b)
    assert top_b > top_a + 0.3
    assert share_b > share_a
    assert _mean_score(b, "thermal") > _mean_score(a, "thermal")


def test_relative_humidity_from_dew_point():
    """Dew point 20 C in a room at 26 C: RH = e_s(20) / e_s(26) = 23.37 / 33.61 hPa = 69.5 % (Magnus)."""
    class W:  # minimal weather stand-in
        import pandas as pd
        data = pd.DataFrame({"temp_dew_c": [20.0, 20.0]})
    rh = indoor_relative_humidity(W, np.array([26.0, 26.0]), np.array([False, True]))
    assert rh[0] == pytest.approx(69.5, abs=0.2)
    assert rh[1] == pytest.approx(60.0)  # capped while the cooling coil runs


def test_sample_building_result_is_complete(tmp_path):
    b = _building(tmp_path, storeys=2)
    res = assess_health(b, "haikou", noise_day_db=65.0, noise_night_db=55.0)
    # 2 storeys x 8 rooms named Living, Bedroom, Kitchen, Bedroom, Bathroom, Living, Bedroom, Kitchen: the
    # bathroom of each storey is not scored
    assert len(res.rooms) == 14
    frame = res.to_frame()
    assert {"thermal", "air", "light", "acoustic", "materials", "overall"} <= set(frame.columns)
    assert frame["light"].notna().all() and frame["thermal"].notna().all()
    d = res.to_dict()
    import json
    json.dumps(d)  # JSON-ready
    assert d["settings"]["operation"] == "mixed" and d["settings"]["noise_day_db"] == 65.0
    # every point traces to a metric, a threshold and a source
    item = res.scores.rooms[0].items[0]
    assert item.metric and item.source and item.threshold is not None


@pytest.mark.parametrize("name", IFC_MODELS)
def test_shared_models_rooms_with_windows_get_daylight_and_occupied_rooms_thermal(name):
    building = bldgagent.load(shared_ifc(name))
    res = assess_health(building, shared_epw("aachen"))
    spaces = {s.global_id: s for s in building.spaces}
    checked = 0
    for sid, room, inputs in zip(res.rooms["space_id"], res.scores.rooms, res.room_inputs):
        space = spaces[sid]
        has_window = any(building.element(e).kind == "window" and building.element(e).is_external
                         for e in space.bounding_ids)
        if has_window:
            assert room.daylight is not None and room.daylight.assessed, (name, space.label)
        if inputs.occupancy is not None and np.any(np.asarray(inputs.occupancy) > 0):  # occupied rooms
            assert room.concepts["thermal"].score is not None, (name, space.label, room.concepts["thermal"].reason)
            checked += 1
    assert checked >= 1


def test_no_rooms_is_a_clear_error(tmp_path):
    b = _building(tmp_path, storeys=1)
    b.spaces = [s for s in b.spaces if s.usage == "residential_bathroom"]
    with pytest.raises(InputValueError, match="no occupied rooms"):
        assess_health(b, "haikou")


def test_bad_obstruction_angle(tmp_path):
    with pytest.raises(InputValueError):
        assess_health(_building(tmp_path, storeys=1), "haikou", obstruction_deg=95.0)
