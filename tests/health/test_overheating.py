"""CIBSE TM52 / TM59 on constructed hourly series with hand-counted answers."""

from __future__ import annotations

import numpy as np
import pytest

from bldgagent.errors import InputValueError
from bldgagent.health.overheating import night_hours, tm52, tm59

H = 8760
TRM = np.full(365, 20.0)  # running mean 20 C every day -> theta_max = 0.33*20 + 21.8 = 28.4 C (Cat II)
MAY1, SEP30 = 120, 272  # day indices (non-leap year): 1 May = day 120, 30 September = day 272
HOURS = np.arange(H)
OCC = ((HOURS % 24) >= 9) & ((HOURS % 24) < 17)  # 8 occupied hours a day
N_SUMMER_OCC = (SEP30 - MAY1 + 1) * 8  # 153 days x 8 h = 1224 h; 3 % = 36.72 h


def _at(day: int, hour: int) -> int:
    return day * 24 + hour


def _base() -> np.ndarray:
    return np.full(H, 25.0)


def test_tm52_passes_with_30_single_exceedance_hours():
    top = _base()
    for d in range(MAY1, MAY1 + 30):
        top[_at(d, 12)] = 29.4  # delta_T = 1.0 K
    r = tm52(top, OCC, running_mean_c=TRM)
    assert r.hours_assessed == N_SUMMER_OCC == 1224
    assert r.c1_hours_exceeding == 30 and r.c1_limit_hours == pytest.approx(36.72) and r.c1_pass
    assert r.c2_max_daily_weighted_exceedance == 1.0 and r.c2_pass
    assert r.c3_max_delta_t_k == 1.0 and r.c3_pass
    assert r.criteria_failed == 0 and not r.overheating


def test_tm52_criterion1_fails_at_37_hours_only():
    top = _base()
    for d in range(MAY1, MAY1 + 37):
        top[_at(d, 12)] = 29.4
    r = tm52(top, OCC, running_mean_c=TRM)
    assert r.c1_hours_exceeding == 37 and not r.c1_pass  # 37 > 36.72
    assert r.criteria_failed == 1 and not r.overheating  # one failed criterion is not overheating


def test_tm52_two_criteria_failed_is_overheating():
    top = _base()
    d = 200
    top[_at(d, 9) : _at(d, 13)] = 30.4  # 4 h at delta_T 2 K -> W_e = 8 > 6
    top[_at(210, 14)] = 33.4  # delta_T 5 K > 4 K
    top[_at(211, 14)] = 32.4  # delta_T 4 K: does not exceed 4 K
    r = tm52(top, OCC, running_mean_c=TRM)
    assert r.c1_hours_exceeding == 6 and r.c1_pass
    assert r.c2_max_daily_weighted_exceedance == 8.0 and r.c2_days_failing == 1 and not r.c2_pass
    assert r.c3_max_delta_t_k == 5.0 and r.c3_hours_above_limit == 1 and not r.c3_pass
    assert r.criteria_failed == 2 and r.overheating


def test_tm52_ignores_unoccupied_and_out_of_season_hours_and_rounds_half_up():
    top = _base()
    top[_at(150, 3)] = 35.0  # 03:00, unoccupied
    top[_at(60, 12)] = 35.0  # 1 March, outside May-September
    top[_at(150, 12)] = 28.9  # delta_T 0.5 -> rounds to 1
    top[_at(151, 12)] = 28.8  # delta_T 0.4 -> 0
    r = tm52(top, OCC, running_mean_c=TRM)
    assert r.c1_hours_exceeding == 1 and r.c3_max_delta_t_k == 1.0


def test_tm52_excludes_hours_outside_running_mean_range():
    trm = TRM.copy()
    trm[MAY1 : MAY1 + 10] = 8.0  # below 10 C: no adaptive upper limit defined
    r = tm52(_base(), OCC, running_mean_c=trm)
    assert r.hours_excluded_running_mean == 80 and r.hours_assessed == 1224 - 80


def test_tm52_from_outdoor_temperature_and_category():
    # constant outdoor 20 C -> running mean 20 C; category I limit 0.33*20 + 20.8 = 27.4 C
    top = _base()
    top[_at(200, 12)] = 28.4
    assert tm52(top, OCC, np.full(H, 20.0), category="I").c1_hours_exceeding == 1
    assert tm52(top, OCC, np.full(H, 20.0), category="II").c1_hours_exceeding == 0
    with pytest.raises(InputValueError):
        tm52(top, OCC)  # neither outdoor temperature nor running mean
    with pytest.raises(InputValueError):
        tm52(top, OCC, running_mean_c=TRM, category="IV")


def test_tm59_bedroom_night_criterion():
    night = night_hours()
    assert night.sum() == 3285  # 9 h (22:00-07:00) x 365
    top = _base()
    for d in range(32):
        top[_at(d + 10, 23)] = 27.0  # 23:00-24:00 is a night hour
    top[_at(5, 12)] = 27.0  # noon: not a night hour
    occ = np.ones(H, bool)  # TM59 bedrooms: occupied all day
    ok = tm59(top, occ, running_mean_c=TRM, room_type="bedroom")
    assert ok.criterion_b_night_hours_above_26 == 32 and ok.criterion_b_limit_hours == pytest.approx(32.85)
    assert ok.criterion_b_pass and ok.passes
    top[_at(50, 3)] = 26.5  # 03:00, one more night hour above 26 C -> 33 > 32.85
    bad = tm59(top, occ, running_mean_c=TRM, room_type="bedroom")
    assert bad.criterion_b_night_hours_above_26 == 33 and not bad.criterion_b_pass and not bad.passes
    assert bad.criterion_a_pass  # nothing above 28.4 C


def test_tm59_living_room_uses_tm52_criterion1_only():
    top = _base()
    top[(HOURS % 24 == 23)] = 27.0  # warm nights do not matter for living rooms
    occ = ((HOURS % 24) >= 9) & ((HOURS % 24) < 22)
    r = tm59(top, occ, running_mean_c=TRM, room_type="living")
    assert r.criterion_a_pass and r.criterion_b_pass is None and r.passes


def test_tm59_mechanically_ventilated():
    top = _base()
    occ = np.ones(H, bool)
    top[:262] = 26.5  # 262 h above 26 C <= 3 % of 8760 = 262.8
    assert tm59(top, occ, room_type="bedroom", ventilation="mechanical").mech_pass
    top[262] = 26.5
    r = tm59(top, occ, room_type="bedroom", ventilation="mechanical")
    assert r.mech_hours_above_26 == 263 and not r.passes
    with pytest.raises(InputValueError):
        tm59(top, occ, room_type="office", running_mean_c=TRM)
