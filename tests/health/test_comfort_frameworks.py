"""Thermal comfort in both frameworks (issue 12 item 8): EN 16798-1 categories and GB/T 50785-2012 classes side by
side, the headline following the site's jurisdiction unless HealthOptions says otherwise."""
from __future__ import annotations

import math

import numpy as np
import pytest

from bldgagent.errors import InputValueError
from bldgagent.health import RoomInput, SiteInput, pmv_ppd, score_room, score_rooms
from bldgagent.health import gbt50785 as gb
from bldgagent.health.options import COMFORT_FRAMEWORKS as OPTION_KEYS
from bldgagent.health.options import HealthOptions
from bldgagent.health.scores import COMFORT_FRAMEWORKS, headline_framework

H = 8760
HOD = np.arange(H) % 24
OCC = np.where((HOD >= 8) & (HOD < 18), 2.0, 0.0)


def _ppd(pmv):
    """ISO 7730:2005 eq. (5)."""
    return 100.0 - 95.0 * math.exp(-0.03353 * pmv**4 - 0.2179 * pmv**2)


def test_gbt_pmv_class_limits_by_hand():
    """Class I needs |PMV| <= 0.5 and PPD <= 10 %: PPD reaches 10 % at |PMV| 0.489 (ISO 7730), so PMV 0.49 (PPD
    10.02 %) and 0.5 (10.2 %) are class II, 0.48 (9.81 %) class I. Class II needs |PMV| <= 1 and PPD <= 27 % (PMV 1:
    PPD 26.1 %); 1.01 is class III."""
    assert _ppd(0.48) == pytest.approx(9.81, abs=0.01) and _ppd(0.49) == pytest.approx(10.02, abs=0.01)
    pmv = np.array([0.0, 0.48, -0.48, 0.49, 0.5, 1.0, -1.0, 1.01, -1.5])
    ppd = np.array([_ppd(p) for p in pmv])
    assert _ppd(0.5) == pytest.approx(10.2, abs=0.05) and _ppd(1.0) == pytest.approx(26.1, abs=0.05)
    codes = gb.classes_pmv(pmv, ppd, np.ones(pmv.size, bool))
    assert [gb.CLASS_NAMES[c] for c in codes] == ["I", "I", "I", "II", "II", "II", "II", "III", "III"]
    # an hour outside the PMV model's validity has no class; a valid hour beyond |PMV| 2 (NaN) is class III
    codes = gb.classes_pmv([np.nan, np.nan], [np.nan, np.nan], [False, True])
    assert list(codes) == [gb.CLASS_OUT_OF_RANGE, gb.CLASS_III]


def test_gbt_apmv_by_hand():
    """APMV = PMV / (1 + lambda PMV): warm regions lambda 0.21 / -0.49, cold regions 0.24 / -0.50."""
    assert gb.adaptive_coefficients("warm") == (0.21, -0.49) and gb.adaptive_coefficients("cold") == (0.24, -0.50)
    assert gb.apmv(1.2, "warm") == pytest.approx(1.2 / 1.252)     # 0.958: class II
    assert gb.apmv(-0.7, "cold") == pytest.approx(-0.7 / 1.35)    # -0.519: class II
    assert gb.apmv(-0.6, "warm") == pytest.approx(-0.6 / 1.294)   # -0.464: class I
    codes = gb.classes_apmv([1.2, -0.7, -0.6, 1.5], ["warm", "cold", "warm", "warm"][0], [True] * 4)
    assert [gb.CLASS_NAMES[c] for c in codes] == ["II", "II", "I", "III"]  # 1.5 / 1.315 = 1.14
    with pytest.raises(InputValueError, match="cold"):
        gb.adaptive_coefficients("tropical")


def test_zone_group_from_the_zone_or_the_coldest_month():
    """GB 50176-2016 Table 4.1.2: a coldest-month mean <= 0 C makes a severe cold or cold zone."""
    assert gb.zone_group("cold") == "cold" and gb.zone_group("hsww") == "warm"
    months = np.repeat(np.array([-0.1] + [10.0] * 11), [31 * 24] + [d * 24 for d in (28, 31, 30, 31, 30, 31, 31, 30,
                                                                                       31, 30, 31)])
    assert gb.zone_group(None, months) == "cold"
    assert gb.zone_group(None, months + 0.2) == "warm" and gb.zone_group(None, None) == "warm"


def _haikou_office(t_low: float, t_high: float) -> RoomInput:
    """A cooled office: the occupied hours alternate between two operative (= air) temperatures, RH 60 %."""
    top = np.where(np.arange(H) % 2 == 0, t_low, t_high)
    return RoomInput(name="Office", usage="office", floor_area_m2=20.0, volume_m3=54.0, operative_temp_c=top,
                     air_temp_c=top, relative_humidity_pct=np.full(H, 60.0), occupancy=OCC, conditioned=True,
                     ventilation_l_s=40.0)


def test_haikou_office_scores_in_both_frameworks():
    """The issue's example: a cooled Haikou office whose PMV runs 0.46-0.57 at about 26 C (here half the occupied
    hours at each end; 0.6 clo, 1.2 met, v_r 0.16 m/s, RH 60 %). EN 16798-1: half the hours in category II (|PMV| <=
    0.5), none in I -> T1 0 (partial credit starts at 50 %), T2 0, T3 0, humidity T6 10 of 80 points = 12.5.
    GB/T 50785: every hour in class II (|PMV| <= 1), the 0.46 half in class I (PPD 9.4 % <= 10) -> TG1 40, TG2 20,
    TG3 0 (50 % in class I), T6 10 of 80 = 87.5. In China the headline is GB/T, elsewhere EN."""
    lo, hi = 25.91, 26.28
    p_lo, p_hi = (float(pmv_ppd(t, t, 0.16, 60.0, 1.2, 0.6).pmv[0]) for t in (lo, hi))
    assert p_lo == pytest.approx(0.46, abs=0.01) and p_hi == pytest.approx(0.57, abs=0.01)
    assert _ppd(p_lo) < 10.0
    site = SiteInput(temp_out_c=np.full(H, 28.0), median_diffuse_illuminance_lx=14000.0, noise_day_db=60.0,
                     noise_night_db=50.0, clothing=0.6)
    r = score_rooms([_haikou_office(lo, hi)], site, country="CN").rooms[0]
    assert r.comfort.share_within["II"] == pytest.approx(0.5) and r.comfort.share_within["I"] == 0.0
    assert r.comfort.gbt_share_within["II"] == 1.0 and r.comfort.gbt_share_within["I"] == pytest.approx(0.5)
    en, gbt = r.thermal_by_framework["en16798"], r.thermal_by_framework["gbt50785"]
    assert en.score == pytest.approx(100 * 10 / 80) and gbt.score == pytest.approx(100 * 70 / 80)
    assert r.comfort_framework == "gbt50785" and r.concepts["thermal"].score == gbt.score
    assert {i.item_id for i in r.items if i.concept == "thermal"} == {"TG1", "TG2", "TG3", "T4", "T5", "T6"}
    de = score_room(_haikou_office(lo, hi), site)
    assert de.comfort_framework == "en16798" and de.concepts["thermal"].score == en.score
    assert de.thermal_by_framework["gbt50785"].score == gbt.score
    chosen = score_rooms([_haikou_office(lo, hi)], site, country="CN", comfort_framework="en16798")
    assert chosen.concepts["thermal"].score == en.score and chosen.thermal_by_framework["gbt50785"].score == gbt.score
    (note,) = [d for d in chosen.diagnostics if d.code == "comfort_framework"]
    assert "EN 16798-1" in note.message and "chosen" in note.message and "87.5" in note.message


def test_building_scores_both_frameworks_area_weighted():
    site = SiteInput(temp_out_c=np.full(H, 28.0), clothing=0.6)
    a, b = _haikou_office(25.91, 26.28), _haikou_office(23.0, 23.0)
    b = RoomInput(**{**b.__dict__, "name": "Office 2", "floor_area_m2": 60.0})
    res = score_rooms([a, b], site, country="CHN")
    for fw in ("en16798", "gbt50785"):
        rooms = [r.thermal_by_framework[fw].score for r in res.rooms]
        assert res.thermal_by_framework[fw].score == pytest.approx((20 * rooms[0] + 60 * rooms[1]) / 80, abs=0.05)
    assert res.comfort_framework == "gbt50785" and res.concepts["thermal"].score == res.thermal_by_framework[
        "gbt50785"].score


def test_framework_choice_is_checked():
    assert set(OPTION_KEYS) == set(COMFORT_FRAMEWORKS)
    assert headline_framework("CN") == "gbt50785" and headline_framework("中国") == "gbt50785"
    assert headline_framework("DEU") == "en16798" and headline_framework(None) == "en16798"
    assert headline_framework("CN", "en16798") == "en16798"
    with pytest.raises(InputValueError, match="comfort_framework"):
        headline_framework(None, "ashrae55")
    with pytest.raises(InputValueError, match="comfort_framework"):
        HealthOptions(comfort_framework="well")
    assert HealthOptions.coerce({"comfort_framework": "gbt50785"}).comfort_framework == "gbt50785"
