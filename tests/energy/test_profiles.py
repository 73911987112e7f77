"""Usage profiles: values from the packaged standards, hourly expansion checked by hand."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from bldgagent.energy.profiles import (
    available_profiles, hourly_index, resolve_standard, usage_profile,
)
from bldgagent.errors import InputValueError
from bldgagent.usage import USAGES


def test_gb_office_values_from_gb55015_appendix_c():
    # GB 55015-2021 C.0.6-3 lighting 8 W/m2, C.0.6-5 10 m2/person, C.0.6-11 equipment 15 W/m2
    p = usage_profile("office", standard="gb50189")
    assert p.standard == "gb55015"
    assert (p.area_per_person_m2, p.lighting_w_m2, p.equipment_w_m2) == (10.0, 8.0, 15.0)
    assert not p.is_fallback


def test_office_daily_equipment_energy_is_power_times_schedule_sum():
    p = usage_profile("office", standard="gb55015")
    # weekday equipment fractions (GB 55015 App. C): 7h 0.1, 8h 0.5, 9-11h 0.95 x3, 12-13h 0.5 x2,
    # 14-17h 0.95 x4, 18-19h 0.3 x2 -> sum = 0.1 + 0.5 + 2.85 + 1.0 + 3.8 + 0.6 = 8.85 full-load hours
    assert p.full_load_hours("equipment") == pytest.approx({"weekday": 8.85, "holiday": 0.0})
    daily = p.daily_wh_m2("weekday")
    assert daily["equipment"] == pytest.approx(15.0 * 8.85)  # 132.75 Wh/m2
    # the hourly year gives the same: 2023 has 260 weekdays (Mon-Fri) and 105 weekend days
    df = p.hourly(2023)
    assert df["equipment_w_m2"].sum() / 1000 == pytest.approx(260 * 132.75 / 1000)
    # people: 70 W sensible / 10 m2 x occupancy sum (0.1+0.5+2.85+1.6+3.8+0.6 = 9.45 h) = 66.15 Wh/m2
    assert daily["people_sensible"] == pytest.approx(70 / 10 * 9.45)


def test_hourly_frame_shape_and_columns():
    df = usage_profile("office", "en16798").hourly(2023, tz=1)
    assert len(df) == 8760
    assert df.index[0] == pd.Timestamp("2023-01-01 01:00", tz="UTC+01:00")
    assert df.index[-1] == pd.Timestamp("2024-01-01 00:00", tz="UTC+01:00")
    for col in ("occupancy_fraction", "people_per_m2", "latent_w_m2", "lighting_w_m2", "equipment_w_m2",
                "sensible_w_m2", "convective_w_m2", "radiative_w_m2", "heating_setpoint_c", "cooling_setpoint_c",
                "ventilation_m3_h_m2", "dhw_w_m2", "hvac_on"):
        assert col in df
    assert np.allclose(df["convective_w_m2"] + df["radiative_w_m2"], df["sensible_w_m2"])
    assert np.allclose(df["sensible_w_m2"], df["people_sensible_w_m2"] + df["lighting_w_m2"] + df["equipment_w_m2"])


def test_hour_ending_alignment_monday_morning():
    # 2 January 2023 is a Monday. The row stamped 09:00 is the hour 08:00-09:00 -> GB office occupancy 0.5.
    df = usage_profile("office", "gb55015").hourly(2023)
    assert df.loc["2023-01-02 09:00", "occupancy_fraction"] == pytest.approx(0.5)
    assert df.loc["2023-01-02 10:00", "occupancy_fraction"] == pytest.approx(0.95)
    assert df.loc["2023-01-01 10:00", "occupancy_fraction"] == 0.0  # Sunday


def test_setpoints_follow_gb_hourly_tables_and_shift_with_override():
    p = usage_profile("office", "gb55015")
    df = p.hourly(2023)
    monday = df.loc["2023-01-02"]
    # heating: 5 C (frost) at night, 12 C 6-7h, 18 C 7-8h, 20 C 8-19h; cooling off at night, 26 C by day
    assert monday.loc["2023-01-02 03:00", "heating_setpoint_c"] == 5.0
    assert monday.loc["2023-01-02 07:00", "heating_setpoint_c"] == 12.0
    assert monday.loc["2023-01-02 12:00", "heating_setpoint_c"] == 20.0
    assert math.isnan(monday.loc["2023-01-02 03:00", "cooling_setpoint_c"])
    assert monday.loc["2023-01-02 12:00", "cooling_setpoint_c"] == 26.0
    warmer = p.replace(heating_setpoint_c=21.0, cooling_setpoint_c=27.0).hourly(2023)
    assert warmer.loc["2023-01-02 12:00", "heating_setpoint_c"] == 21.0
    assert warmer.loc["2023-01-02 07:00", "heating_setpoint_c"] == 13.0  # the whole day moves by +1 K
    assert warmer.loc["2023-01-02 12:00", "cooling_setpoint_c"] == 27.0
    nocool = p.replace(cooling_setpoint_c=float("nan")).hourly(2023)
    assert nocool["cooling_setpoint_c"].isna().all()


def test_setback_used_without_hourly_setpoints():
    p = usage_profile("office", "en16798")  # 20/26 C occupied, 16/32 C unoccupied (EN 16798-1 Annex C)
    df = p.hourly(2023)
    assert df.loc["2023-01-02 10:00", "heating_setpoint_c"] == 20.0
    assert df.loc["2023-01-02 03:00", "heating_setpoint_c"] == 16.0
    assert df.loc["2023-01-02 03:00", "cooling_setpoint_c"] == 32.0


def test_ventilation_hand_calculation():
    # EN 16798-1 cat. II office: 7 L/(s.person) x occupancy/17 m2 + 0.7 L/(s.m2) while HVAC runs, x 3.6 m3/h per L/s
    p = usage_profile("office", "en16798")
    df = p.hourly(2023)
    row = df.loc["2023-01-02 11:00"]  # hour 10-11: occupancy 0.7
    expected = 3.6 * (7 * 0.7 / 17 + 0.7)
    assert row["ventilation_m3_h_m2"] == pytest.approx(expected)
    # Chinese dwelling in the hot-summer-warm-winter zone: 1.0 ach x 2.8 m = 2.8 m3/(h.m2), all hours
    res = usage_profile("residential", "cn", "hsww").hourly(2023)
    assert np.allclose(res["ventilation_m3_h_m2"], 2.8)
    assert np.allclose(usage_profile("residential", "cn", "cold").hourly(2023, room_height_m=2.5)["ventilation_m3_h_m2"], 1.25)


def test_dhw_hand_calculation():
    # JGJ dwelling: 40 L/(person.d) at 60 C from 10 C = 40 x 1.1628 x 50 = 2325.6 Wh per person-day,
    # 25 m2/person -> 93.02 Wh/(m2.d) on a weekday; weekend days scale with their person-hours.
    p = usage_profile("residential", "jgj", "hsww")
    assert p.dhw_wh_per_person_day == pytest.approx(40 * 4.186 / 3.6 * 50)
    df = p.hourly(2023)
    # rows are hour-ending: a day's 24 hours are the rows whose mid-hour falls on that date
    daily = df["dhw_w_m2"].groupby((df.index - pd.Timedelta(minutes=30)).date).sum()
    monday = daily[pd.Timestamp("2023-01-02").date()]
    assert monday == pytest.approx(p.dhw_wh_per_person_day / 25)
    sunday = daily[pd.Timestamp("2023-01-01").date()]
    assert sunday == pytest.approx(monday)  # residents draw one daily volume every day
    # annual: 40 L x 365 d x 1.1628 Wh/(L.K) x 50 K / 25 m2 = 33.95 kWh/(m2.a)
    assert df["dhw_w_m2"].sum() / 1000 == pytest.approx(40 * 365 * 4.186 / 3.6 * 50 / 25 / 1000)
    # a shop: the weekend carries weekend person-hours / weekday person-hours of the daily volume
    shop = usage_profile("retail", "en16798").replace(dhw_l_per_person_day=10.0)
    wd, hol = shop.schedules["occupancy"]
    sdaily = shop.hourly(2023)["dhw_w_m2"].groupby((df.index - pd.Timedelta(minutes=30)).date).sum()
    per_day = shop.dhw_wh_per_person_day / shop.area_per_person_m2
    assert sdaily[pd.Timestamp("2023-01-02").date()] == pytest.approx(per_day)
    assert sdaily[pd.Timestamp("2023-01-01").date()] == pytest.approx(per_day * min(1.0, hol.sum() / wd.sum()))
    # an office draws nothing at weekends
    office = usage_profile("office", "sia2024").hourly(2023)
    assert office.loc["2023-01-01 12:00", "dhw_w_m2"] == 0.0 and office.loc["2023-01-02 12:00", "dhw_w_m2"] > 0


def test_jgj_lighting_daily_total_matches_jgj_gain():
    # 5 W/m2 x 2.82 full-load hours = 14.1 Wh/(m2.d) = 0.0141 kWh/(m2.d) (JGJ 134 / JGJ 75 lighting gain)
    p = usage_profile("residential", "jgj", "hscw")
    assert p.daily_wh_m2()["lighting"] == pytest.approx(14.1)
    assert p.heating_setpoint_c == 18 and p.cooling_setpoint_c == 26
    assert usage_profile("residential", "jgj", "hsww").heating_setpoint_c == 16
    assert usage_profile("residential", "jgj", "夏热冬暖").climate_zone == "hsww"


def test_auto_standard_and_country_hint():
    assert resolve_standard("auto", "office", country="CN") == "gb55015"
    assert resolve_standard("auto", "residential_bedroom", country="中国") == "jgj"
    assert resolve_standard("auto", "office", country="DE") == "en16798"
    assert resolve_standard("auto", "office") == "en16798"
    p = usage_profile("residential_bedroom", country="China", climate_zone="hsww")
    assert p.standard == "jgj" and p.is_fallback and p.requested_usage == "residential_bedroom"
    with pytest.raises(InputValueError, match="climate zone"):
        usage_profile("residential", standard="cn")
    with pytest.raises(InputValueError, match="unknown standard"):
        usage_profile("office", standard="ashrae")


def test_unknown_usage_falls_back_with_flag():
    p = usage_profile("unknown", "en16798")
    assert p.usage == "residential" and p.is_fallback
    assert "unknown" in p.fallback_reason
    p = usage_profile("unknown", "en16798", fallback="office")
    assert p.usage == "office"
    m = usage_profile("meeting", "gb55015")
    assert m.usage == "office" and m.is_fallback and "meeting" in m.fallback_reason
    s = usage_profile("storage", "en16798")
    assert s.standard == "generic" and s.is_fallback and s.people_per_m2 == 0.0
    with pytest.raises(InputValueError, match="unknown usage"):
        usage_profile("bedroom")


@pytest.mark.parametrize("usage", [u for u in USAGES])
@pytest.mark.parametrize("standard", ["en16798", "sia2024", "gb55015"])
def test_every_usage_has_a_profile(usage, standard):
    p = usage_profile(usage, standard, climate_zone="hscw")
    df = p.hourly(2023)
    assert len(df) == 8760
    assert np.all(np.isfinite(df["sensible_w_m2"])) and (df["sensible_w_m2"] >= 0).all()


def test_replace_validates_and_records_overrides():
    p = usage_profile("office", "gb55015").replace(equipment_w_m2=10.0)
    assert p.equipment_w_m2 == 10.0 and p.overrides == ("equipment_w_m2",)
    assert p.hourly(2023)["equipment_w_m2"].max() == pytest.approx(9.5)  # 10 W/m2 x 0.95
    with pytest.raises(InputValueError, match="equipment_w_m2"):
        p.replace(equipment_w_m2=-1.0)
    with pytest.raises(InputValueError, match="area_per_person_m2"):
        p.replace(area_per_person_m2=0.0)
    with pytest.raises(InputValueError, match="dead band"):
        p.replace(heating_setpoint_c=27.0)
    with pytest.raises(InputValueError, match="unknown field"):
        p.replace(plug_load=3)
    with pytest.raises(InputValueError, match=r"\[0, 1\]"):
        p.replace(schedules={"occupancy": (np.full(24, 1.2), np.zeros(24))})
    with pytest.raises(InputValueError, match="24 hourly values"):
        p.replace(schedules={"lighting": (np.ones(23), np.zeros(24))})
    q = p.replace(schedules={"equipment": (np.ones(24), np.ones(24))})
    assert q.full_load_hours("equipment") == {"weekday": 24.0, "holiday": 24.0}
    assert q.full_load_hours("lighting") == p.full_load_hours("lighting")  # other kinds kept


def test_holidays_and_external_index():
    p = usage_profile("office", "en16798")
    df = p.hourly(2023, holidays=["2023-01-02"])
    assert df.loc["2023-01-02", "occupancy_fraction"].sum() == 0.0
    idx = pd.date_range("2023-07-03 01:00", periods=48, freq="h", tz="Asia/Shanghai")
    short = p.hourly(index=idx)
    assert len(short) == 48 and short.index.equals(idx)
    with pytest.raises(InputValueError, match="DatetimeIndex"):
        p.hourly(index=list(range(24)))


def test_leap_year_keeps_8760_hours():
    idx = hourly_index(2024)
    assert len(idx) == 8760
    assert not ((idx - pd.Timedelta(minutes=30)).strftime("%m-%d") == "02-29").any()
    with pytest.raises(InputValueError, match="year"):
        hourly_index(20233)


def test_packaged_tables_are_sourced():
    table = available_profiles()
    assert table["source"].str.strip().str.len().min() > 0
    # every value that could not be checked is marked as an estimate in the note
    for _, row in table.iterrows():
        if row["standard"] == "generic":
            assert "estimate" in row["note"]
    assert set(table["usage"]) <= set(USAGES)


def test_to_dict_is_json_ready():
    import json
    d = usage_profile("office", "gb55015").to_dict()
    json.dumps(d)
    assert d["equipment_w_m2"] == 15.0 and len(d["schedules"]["occupancy"]["weekday"]) == 24
    assert set(usage_profile("office", "gb55015").to_frame().columns) >= {"occupancy_weekday", "occupancy_holiday"}
    assert "UsageProfile" in usage_profile("office", "gb55015")._repr_html_()
