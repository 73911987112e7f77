"""Scores: every point traced to a metric and threshold; not-assessed concepts; area weighting."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from bldgagent.errors import InputValueError
from bldgagent.health import RoomInput, SiteInput, WallInput, WindowInput, pmv_ppd, score_room, score_rooms

H = 8760
HOD = np.arange(H) % 24
OFFICE_OCC = np.where((HOD >= 8) & (HOD < 18), 2.0, 0.0)


def _site(**kw) -> SiteInput:
    base = dict(
        temp_out_c=np.full(H, 15.0),
        median_diffuse_illuminance_lx=14000.0,
        noise_day_db=60.0,
        noise_night_db=50.0,
        clothing=0.7,
    )
    base.update(kw)
    return SiteInput(**base)


def _office(name="Office A", area=20.0, windows=None, **kw) -> RoomInput:
    base = dict(
        name=name,
        usage="office",
        floor_area_m2=area,
        volume_m3=area * 2.7,
        surface_area_m2=88.6,
        mean_reflectance=0.5,
        windows=windows
        if windows is not None
        else [
            WindowInput(
                2.7,
                visible_transmittance=0.7,
                glazing_fraction=0.8,
                sky_angle_deg=70.0,
                maintenance_factor=0.9,
                glazing="4-16-4",
                azimuth_deg=180.0,
            )
        ],
        external_walls=[WallInput(8.0, surface_mass_kg_m2=400.0, azimuth_deg=180.0)],
        operative_temp_c=np.full(H, 23.0),
        air_temp_c=np.full(H, 23.0),
        relative_humidity_pct=np.full(H, 45.0),
        occupancy=OFFICE_OCC,
        conditioned=True,
        ventilation_l_s=40.0,
        materials=["concrete", "MDF"],
    )
    base.update(kw)
    return RoomInput(**base)


def _items(room_result):
    return {i.item_id: i for i in room_result.items}


def test_office_scores_by_hand():
    r = score_room(_office(), _site())
    items = _items(r)
    # thermal: PMV at 23 C, v_r = 0.1 + 0.3*0.2 = 0.16 m/s, RH 45 %, 1.2 met, 0.7 clo, every occupied hour
    pmv = abs(float(pmv_ppd(23.0, 23.0, 0.16, 45.0, 1.2, 0.7).pmv[0]))
    assert pmv <= 0.5
    cat_i = pmv <= 0.2
    assert items["T1"].points == 40 and items["T2"].points == 20 and items["T6"].points == 10
    assert items["T3"].points == (10 if cat_i else 0)
    assert items["T4"].status == "not_applicable"  # conditioned all year: TM52 does not apply
    assert items["T5"].status == "not_applicable"  # TM59 criterion b is for bedrooms
    assert r.concepts["thermal"].score == pytest.approx(100 * (70 + 10 * cat_i) / 80)
    # air: 40 L/s for 2 people in 20 m2 meets category I (2*10 + 20*1.0); CO2 2*20 L/h / 144 m3/h = 278 ppm
    assert r.air.ventilation_category == "I" and r.concepts["air"].score == 100.0
    # light: DF 1.43 % < D_T 2.14 % at 14 klx -> no EN 17037 level: 0 of 90 points (L4 is for dwellings)
    assert r.daylight.average_df_pct == pytest.approx(95.256 / 66.45)
    assert items["L4"].status == "not_applicable" and r.concepts["light"].score == 0.0
    # acoustics: L_in = 60 - R'(w+tr) - 10 lg(54 / (6*0.5*10.7)) well below 40 dB(A): 80 of 80 (no WHO limit for offices)
    s = 10.7
    r_tr = -10 * math.log10((8 * 10 ** (-(37.5 * math.log10(400) - 42 - 7) / 10) + 2.7 * 10**-2.5) / s)
    assert r.acoustics.indoor_day_db == pytest.approx(60 - r_tr - 10 * math.log10(54 / (3 * s)))
    assert items["S3"].status == "not_applicable" and r.concepts["acoustic"].score == 100.0
    # materials: MDF is a high-concern formaldehyde source: M1 0/40, M2 40/40, M3 20/20 -> 60
    assert items["M1"].points == 0 and items["M1"].value == 1.0
    assert r.concepts["materials"].score == 60.0
    scores = [r.concepts[c].score for c in ("thermal", "air", "light", "acoustic", "materials")]
    assert r.overall == pytest.approx(sum(scores) / 5)
    # every scored point names its metric, threshold and source
    for i in r.items:
        if i.status == "scored":
            assert i.source and i.metric and i.threshold is not None and i.well_v2 and i.tasc02


def test_missing_data_gives_not_assessed_with_reasons():
    bed = RoomInput(
        name="Bed B",
        usage="bedroom",
        floor_area_m2=30.0,
        volume_m3=75.0,
        external_walls=[WallInput(10.0, surface_mass_kg_m2=400.0)],
    )
    r = score_room(bed, _site())
    c = r.concepts
    assert not c["thermal"].assessed and "operative_temp_c" in c["thermal"].reason and c["thermal"].score is None
    assert not c["air"].assessed and "ventilation_l_s" in c["air"].reason
    assert not c["light"].assessed and "no windows" in c["light"].reason
    assert not c["materials"].assessed
    assert c["acoustic"].assessed  # wall data and site noise are enough
    assert r.overall == c["acoustic"].score  # only assessed concepts enter the overall score
    assert all(i.points == 0 for i in r.items if i.status != "scored")


def test_out_of_range_comfort_inputs_make_thermal_not_assessed():
    hot = _office(operative_temp_c=np.full(H, 33.0), air_temp_c=np.full(H, 33.0))  # air > 30 C: PMV invalid
    r = score_room(hot, _site())
    assert not r.concepts["thermal"].assessed
    assert "invalid for 100 % of occupied hours" in r.concepts["thermal"].reason
    assert r.comfort.flags["pmv_air_temp_c_out_of_range"] == 3650
    assert any(d.code == "pmv_air_temp_c_out_of_range" for d in r.diagnostics)


def test_building_area_weighting_and_coverage():
    big = WindowInput(6.0, visible_transmittance=0.7, glazing_fraction=0.8, maintenance_factor=0.9, glazing="4-16-4")
    # DF = 2 * 0.7*0.9*4.8*90 / 66.45 = 8.19 % -> high level -> light 100
    bright = _office("Bright", area=10.0, windows=[big, big])
    dark = _office("Dark", area=30.0)  # light 0
    nodata = RoomInput(name="Store", usage="office", floor_area_m2=60.0)
    b = score_rooms([bright, dark, nodata], _site(), name="Test block")
    assert b.rooms[0].concepts["light"].score == 100.0 and b.rooms[1].concepts["light"].score == 0.0
    assert b.concepts["light"].score == pytest.approx((100 * 10 + 0 * 30) / 40)  # 25
    assert b.concepts["light"].coverage_area_share == pytest.approx(40 / 100)
    assert b.concepts["thermal"].coverage_area_share == pytest.approx(0.4)
    df = b.to_frame()
    assert list(df["room"]) == ["Bright", "Dark", "Store"] and math.isnan(df.loc[2, "thermal"])
    assert len(b.items_frame()) == 3 * 22
    m = b.mapping_frame()
    assert list(m["concept"]) == ["thermal", "air", "light", "acoustic", "materials"]
    assert m.loc[m["concept"] == "light", "well_v2_concept"].item() == "Light"
    assert "<table" in b._repr_html_() and "<table" in b.rooms[0]._repr_html_()


def test_deterministic_and_json_ready():
    rooms = [_office(), _office("Office B", area=30.0, ventilation_l_s=15.0)]
    a = score_rooms(rooms, _site()).to_dict()
    b = score_rooms(rooms, _site()).to_dict()
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    # 15 L/s < category III need 2*4 + 30*0.4 = 20 L/s: below III, no ventilation points (A1-A3)
    assert a["rooms"][1]["air"]["ventilation_category"] == "below_III"
    items = {i["item_id"]: i for i in a["rooms"][1]["items"]}
    assert items["A1"]["points"] == 0 and items["A1"]["value"] == 4.0


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(InputValueError, match="unknown room usage"):
        score_rooms([_office(usage="spa")], _site())
    with pytest.raises(InputValueError, match="unique"):
        score_rooms([_office(), _office()], _site())
    with pytest.raises(InputValueError, match="8760"):
        score_rooms([_office(operative_temp_c=np.zeros(24))], _site())
    with pytest.raises(InputValueError):
        score_rooms([], _site())


def test_tm59_night_criterion_counts_free_running_night_hours_only():
    # a bedroom at 27 C operative every hour, occupied 22:00-07:00 (9 of 24 h -> 365 x 9 = 3285 night hours)
    night = (HOD >= 22) | (HOD < 7)
    bedroom = dict(usage="bedroom", occupancy=np.where(night, 2.0, 0.0), operative_temp_c=np.full(H, 27.0),
                   air_temp_c=np.full(H, 27.0))
    # free-running all year: all 3285 night hours above 26 C, far above the 1 % (32.85 h) limit: 0 of 10 points
    free = _items(score_room(_office(**bedroom, conditioned=False), _site()))
    assert free["T5"].status == "scored" and free["T5"].value == 3285 and free["T5"].points == 0
    # cooled every night: criterion b (naturally ventilated bedrooms) does not apply, PMV judges those hours
    cooled = _items(score_room(_office(**bedroom, conditioned=True), _site()))
    assert cooled["T5"].status == "not_applicable"
    # free-running on the first 3 days only: their night hours (00-07 and 22-24 of each day) count,
    # 3 x 9 = 27 h -> within 32.85 h: 10 of 10 points
    mixed = _items(score_room(_office(**bedroom, conditioned=np.arange(H) >= 24 * 3), _site()))
    assert mixed["T5"].value == 27 and mixed["T5"].points == 10
