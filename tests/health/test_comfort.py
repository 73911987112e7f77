"""Thermal comfort: ISO 7730 check values, running mean, adaptive categories, validity flags."""

from __future__ import annotations

import numpy as np
import pytest

from bldgagent.errors import InputValueError
from bldgagent.health.comfort import (
    CAT_OUT_OF_RANGE,
    clothing_clo,
    metabolic_rate_met,
    pmv_ppd,
    running_mean_outdoor_c,
    thermal_comfort,
    thermal_comfort_many,
)

H = 8760

# ISO 7730:2005 Annex D Table D.1 (shared/reference/comfort.md): tdb, tr, v_r, RH, met, clo -> PMV, PPD.
# Row 7 is a known misprint in the printed table and is not asserted.
TABLE_D1 = [
    (22.0, 22.0, 0.10, 60, 1.2, 0.5, -0.75, 16.9),
    (27.0, 27.0, 0.10, 60, 1.2, 0.5, 0.77, 17.3),
    (27.0, 27.0, 0.30, 60, 1.2, 0.5, 0.43, 8.9),
    (23.5, 25.5, 0.10, 60, 1.2, 0.5, -0.01, 5.0),
    (23.5, 25.5, 0.30, 60, 1.2, 0.5, -0.55, 11.4),
    (19.0, 19.0, 0.10, 40, 1.2, 1.0, -0.60, 12.5),
    (23.5, 23.5, 0.30, 40, 1.2, 1.0, 0.12, 5.3),
    (23.0, 21.0, 0.10, 40, 1.2, 1.0, 0.05, 5.1),
    (23.0, 21.0, 0.30, 40, 1.2, 1.0, -0.17, 5.6),
    (22.0, 22.0, 0.10, 60, 1.6, 0.5, 0.05, 5.0),
    (27.0, 27.0, 0.10, 60, 1.6, 0.5, 1.17, 33.9),
    (27.0, 27.0, 0.30, 60, 1.6, 0.5, 0.95, 24.1),
]


@pytest.mark.parametrize("row", TABLE_D1)
def test_iso7730_table_d1(row):
    tdb, tr, vr, rh, met, clo, pmv, ppd = row
    r = pmv_ppd(tdb, tr, vr, rh, met, clo)
    assert abs(float(r.pmv[0]) - pmv) <= 0.1
    assert abs(float(r.ppd[0]) - ppd) <= 1.0
    assert r.out_of_range == {}


def test_iso7730_table_d1_vectorised_in_one_call():
    a = np.array(TABLE_D1)
    r = pmv_ppd(*a[:, :6].T)
    assert np.all(np.abs(r.pmv - a[:, 6]) <= 0.1)
    assert np.all(np.abs(r.ppd - a[:, 7]) <= 1.0)


def test_pmv_out_of_range_inputs_are_flagged_not_computed():
    # air 32 C (> 30 C ISO 7730 limit), clo 2.5 (> 2), v_r 1.5 m/s (> 1): no value, counted per limit
    r = pmv_ppd([32.0, 24.0, 24.0, 24.0], [32.0, 24.0, 24.0, 24.0], [0.1, 0.1, 1.5, 0.1], 50, 1.2, [0.5, 2.5, 0.5, 0.5])
    assert np.isnan(r.pmv[:3]).all() and np.isfinite(r.pmv[3])
    assert r.out_of_range == {
        "pmv_air_temp_c_out_of_range": 1,
        "pmv_clo_out_of_range": 1,
        "pmv_relative_air_speed_m_s_out_of_range": 1,
    }
    assert r.valid.tolist() == [False, False, False, True]


def test_running_mean_recurrence_by_hand():
    # daily means 10, 20, 20, 20...: theta_rm(0) = 10 (start), (1) = 0.2*10 + 0.8*10 = 10,
    # (2) = 0.2*20 + 0.8*10 = 12, (3) = 0.2*20 + 0.8*12 = 13.6, (4) = 4 + 10.88 = 14.88
    t = np.full(H, 20.0)
    t[:24] = 10.0
    rm = running_mean_outdoor_c(t, cyclic=False)
    assert rm.shape == (365,)
    np.testing.assert_allclose(rm[:5], [10.0, 10.0, 12.0, 13.6, 14.88])
    # cyclic warm-up: a constant climate gives the constant back
    np.testing.assert_allclose(running_mean_outdoor_c(np.full(H, 17.0)), 17.0)


def test_running_mean_equals_scipy_lfilter_bit_for_bit():
    """The running mean is the first-order filter scipy.signal.lfilter([1 - a], [1, -a], x, zi=[a y0]) computes
    (the engine runs it without importing scipy.signal): identical floats on a noisy year, both warm-ups, two alphas."""
    from scipy.signal import lfilter

    from bldgagent.health.comfort import daily_mean_c

    rng = np.random.default_rng(7)
    t = 10.0 + 12.0 * np.sin(np.arange(H) * 2 * np.pi / H) + rng.normal(0.0, 4.0, H)
    ed = daily_mean_c(t)
    for alpha in (0.8, 0.33):
        x = np.concatenate([ed[-60:], ed])
        ref = lfilter([1.0 - alpha], [1.0, -alpha], x, zi=[alpha * ed[-61]])[0][59:-1]
        assert np.array_equal(running_mean_outdoor_c(t, alpha=alpha), ref)
        ref = lfilter([1.0 - alpha], [1.0, -alpha], ed, zi=[alpha * ed[0]])[0]
        assert np.array_equal(running_mean_outdoor_c(t, alpha=alpha, cyclic=False), np.concatenate([[ed[0]], ref[:-1]]))


def _year(trm_c: float):
    return np.full(H, trm_c)  # constant outdoor temperature -> running mean equals it every day


def test_adaptive_en_categories_by_hand():
    # theta_rm = 20 C: theta_c = 0.33*20 + 18.8 = 25.4 C. Upper limits I 27.4, II 28.4, III 29.4;
    # lower limits I 22.4, II 21.4, III 20.4 (EN 16798-1 Annex B.2.2)
    tops = [27.4, 28.0, 29.0, 29.5, 22.0, 21.0, 20.0, 25.4]
    expected = ["I", "II", "III", "outside_III", "II", "III", "outside_III", "I"]
    top = np.full(H, 25.4)
    occ = np.zeros(H, bool)
    for i, t in enumerate(tops):
        top[1000 + i] = t
        occ[1000 + i] = True
    r = thermal_comfort(top, top, 50.0, occ, False, _year(20.0), usage="office")
    assert r.hours_occupied == 8 and r.hours_free_running == 8 and r.hours_conditioned == 0
    want = {k: expected.count(k) for k in ("I", "II", "III", "outside_III")}
    assert r.hours == {**want, "out_of_range": 0}
    assert r.share_within["II"] == pytest.approx(4 / 8)
    codes = r.category_hourly[1000:1008].tolist()
    assert codes == [1, 2, 3, 4, 2, 3, 4, 1]
    # ASHRAE 55: t_cmf = 0.31*20 + 17.8 = 24.0; 90 % band 21.5-26.5, 80 % band 20.5-27.5
    # 27.4 -> 80 only; 28.0, 29.0, 29.5 -> outside; 22.0 -> 90; 21.0 -> 80 only; 20.0 -> outside; 25.4 -> 90
    assert r.ashrae55_hours == {"within_90": 2, "within_80_only": 2, "outside_80": 4, "out_of_range": 0}


def test_adaptive_out_of_range_running_mean_is_flagged():
    occ = np.zeros(H, bool)
    occ[:48] = True
    top = np.full(H, 22.0)
    cold = thermal_comfort(top, top, 50.0, occ, False, _year(8.0))  # theta_rm 8 < 10 C
    assert cold.hours["out_of_range"] == 48 and cold.share_within["III"] == 0.0
    assert cold.flags["en_running_mean_below_10"] == 48
    assert cold.adaptive_en_hours["out_of_range"] == 48
    # theta_rm 12 C: upper limit defined (theta_c = 22.76), lower limit undefined below 15 C.
    # t_o 22 < theta_c: would need the lower limit -> out of range; t_o 24 >= theta_c -> category I (<= 24.76)
    top2 = top.copy()
    top2[24:48] = 24.0
    mid = thermal_comfort(top2, top2, 50.0, occ, False, _year(12.0))
    assert mid.hours["out_of_range"] == 24 and mid.hours["I"] == 24
    assert mid.flags["en_lower_limit_undefined_below_15"] == 24


def test_pmv_hours_in_thermal_comfort_match_direct_call():
    # conditioned office hour, 24 C operative = air (t_r = 24), RH 50 %, v = 0.1 m/s, 1.2 met:
    # relative air speed 0.1 + 0.3*(1.2-1) = 0.16 m/s; constant clothing 0.7 clo
    occ = np.zeros(H, bool)
    occ[5000] = True
    r = thermal_comfort(24.0, 24.0, 50.0, occ, True, _year(15.0), clothing=0.7, usage="office")
    direct = pmv_ppd(24.0, 24.0, 0.16, 50.0, 1.2, 0.7)
    assert r.mean_pmv == pytest.approx(float(direct.pmv[0]))
    assert r.hours_conditioned == 1 and r.hours_free_running == 0
    p = abs(float(direct.pmv[0]))
    expected = "I" if p <= 0.2 else "II" if p <= 0.5 else "III" if p <= 0.7 else "outside_III"
    assert r.hours[expected] == 1


def test_pmv_beyond_2_counts_outside_iii_and_is_flagged():
    # 29.9 C air, 39 C radiant, 1 clo, 1.6 met: valid inputs but PMV > 2 (ISO 7730 says use only -2..2)
    occ = np.zeros(H, bool)
    occ[10] = True
    r = thermal_comfort(
        34.45, 29.9, 50.0, occ, True, _year(15.0), clothing=1.0, met=1.6, mean_radiant_temp_c=np.full(H, 39.0)
    )
    assert r.hours["outside_III"] == 1 and r.hours["out_of_range"] == 0
    assert r.flags == {"pmv_beyond_2_counted_outside_III": 1}
    assert r.mean_pmv is None  # no value reported outside the validity range


def test_pmv_invalid_input_hours_counted_out_of_range():
    occ = np.zeros(H, bool)
    occ[:10] = True
    top = np.full(H, 33.0)  # air 33 C > 30 C
    r = thermal_comfort(top, top, 50.0, occ, True, _year(25.0), clothing=0.5)
    assert r.hours["out_of_range"] == 10 and r.share_out_of_range == 1.0
    assert r.flags["pmv_air_temp_c_out_of_range"] == 10
    assert (r.category_hourly[:10] == CAT_OUT_OF_RANGE).all()


def test_vectorised_across_rooms_matches_single_room():
    rng = np.random.default_rng(1)
    t_out = 12 + 10 * np.sin(np.arange(H) / H * 2 * np.pi) + rng.normal(0, 2, H)
    tops = 22 + rng.normal(0, 2, (3, H))
    occ = (np.arange(H) % 24 >= 8) & (np.arange(H) % 24 < 18)
    cond = t_out < 10
    many = thermal_comfort_many(tops, tops, 50.0, occ, cond, t_out, met=[1.2, 1.6, 1.2], air_speed_m_s=[0.1, 0.1, 0.7])
    for k, met, v in ((0, 1.2, 0.1), (1, 1.6, 0.1), (2, 1.2, 0.7)):
        one = thermal_comfort(tops[k], tops[k], 50.0, occ, cond, t_out, met=met, air_speed_m_s=v)
        assert many[k].hours == one.hours and many[k].ashrae55_hours == one.ashrae55_hours


def test_clothing_dynamic_and_seasonal():
    t = np.full(H, 27.0)
    t[24 + 5] = 0.0  # 06:00 of day 2 (EPW hour 6 = element 24 d + 5)
    clo = clothing_clo(t, "dynamic")
    # ASHRAE 55 / Schiavon & Lee: 0.46 clo at 27 C (pythermalcomfort doc); 0.818 - 0.0364*0 = 0.82 at 0 C
    assert clo[0] == pytest.approx(0.46) and clo[24] == pytest.approx(0.82) and clo[47] == pytest.approx(0.82)
    s = clothing_clo(t, "seasonal")
    assert s[0] == 1.0 and s[24 * 150] == 0.5  # 1 Jan winter, 31 May summer


def test_metabolic_rates_and_bad_inputs():
    assert metabolic_rate_met("office") == 1.2  # ISO 7730 Table B.1 sedentary
    assert metabolic_rate_met("bedroom") == 0.8  # reclining
    with pytest.raises(InputValueError, match="unknown room usage"):
        metabolic_rate_met("spaceship")
    with pytest.raises(InputValueError, match="8760"):
        thermal_comfort(np.zeros(100), np.zeros(100), 50, True, True, _year(10.0))
    bad = np.full(H, 22.0)
    bad[7] = np.nan
    with pytest.raises(InputValueError, match="hour index 7"):
        thermal_comfort(bad, 22.0, 50, True, True, _year(10.0))


def test_result_serialisation():
    occ = np.zeros(H, bool)
    occ[100:110] = True
    r = thermal_comfort(23.0, 23.0, 45.0, occ, True, _year(5.0))
    d = r.to_dict()
    import json

    json.dumps(d)
    assert "category_hourly" not in d and d["hours_occupied"] == 10
    assert list(r.to_frame()["category"]) == ["I", "II", "III", "outside_III", "out_of_range"]
    assert "<table" in r._repr_html_()
