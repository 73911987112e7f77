"""Average daylight factor, EN 17037 level and Perez diffuse efficacy, worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from bldgagent.climate.weather import Weather
from bldgagent.health import RoomInput, WindowInput
from bldgagent.health.daylight import (
    AverageDaylightFactor,
    DaylightMethod,
    DaylightResult,
    assess_daylight,
    average_daylight_factor_pct,
    diffuse_illuminance_perez_lx,
    en17037_level,
    en17037_targets_pct,
    median_diffuse_illuminance_from_weather,
    median_diffuse_illuminance_lx,
)


def _room(**kw) -> RoomInput:
    # 5 m x 4 m x 2.7 m room: floor 20, ceiling 20, walls 2 x (5 + 4) x 2.7 = 48.6 -> A = 88.6 m2
    base = dict(
        name="Office 1",
        usage="office",
        floor_area_m2=20.0,
        volume_m3=54.0,
        surface_area_m2=88.6,
        mean_reflectance=0.5,
        windows=[
            WindowInput(
                2.7, visible_transmittance=0.7, glazing_fraction=0.8, sky_angle_deg=70.0, maintenance_factor=0.9
            )
        ],
    )
    base.update(kw)
    return RoomInput(**base)


def test_hand_worked_room():
    # 1.8 m x 1.5 m window = 2.7 m2, 80 % glazed -> A_g = 2.16 m2; T = 0.7; M = 0.9;
    # obstruction 20 deg -> theta = 70 deg; R = 0.5 -> 1 - R^2 = 0.75
    # DF = 0.7 * 0.9 * 2.16 * 70 / (88.6 * 0.75) = 95.256 / 66.45 = 1.4335 %
    r = assess_daylight(_room(), median_diffuse_illuminance_lx=14000.0)
    assert r.assessed
    assert r.average_df_pct == pytest.approx(95.256 / 66.45, rel=0.02)
    assert r.glazed_area_m2 == pytest.approx(2.16)
    assert r.window_to_floor_ratio == pytest.approx(2.7 / 20.0)
    # EN 17037 at E_v,d,med = 14 klx: D_T = 300 / 14000 = 2.14 % (minimum), 500/14000 = 3.57 %, 750/14000 = 5.36 %
    assert r.en17037_targets_pct["minimum"] == pytest.approx(2.142857, rel=1e-4)
    assert r.en17037_level == "none"


def test_two_windows_sum_and_levels():
    w = WindowInput(4.0, visible_transmittance=0.7, glazing_fraction=0.8, maintenance_factor=0.9)  # theta 90
    # each window: 0.7*0.9*3.2*90 = 181.44; two windows 362.88 / 66.45 = 5.461 %
    r = assess_daylight(_room(windows=[w, w]), 14000.0)
    assert r.average_df_pct == pytest.approx(362.88 / 66.45, rel=1e-9)
    assert r.en17037_level == "high"  # 5.461 >= 5.357
    assert en17037_level(3.0, 14000.0) == "minimum" and en17037_level(4.0, 14000.0) == "medium"


def test_function_and_maintenance_default():
    # default maintenance factor 0.9 (Tregenza & Sharples 1993, clean vertical glazing)
    r = assess_daylight(
        _room(windows=[WindowInput(2.7, visible_transmittance=0.7, glazing_fraction=0.8, sky_angle_deg=70.0)])
    )
    assert r.average_df_pct == pytest.approx(average_daylight_factor_pct(2.16, 0.7, 70.0, 88.6, 0.5, 0.9))
    assert r.en17037_level is None  # no site illuminance
    assert any(d.code == "daylight_no_site_illuminance" for d in r.diagnostics)


def test_room_without_windows_not_assessed_with_diagnostic():
    r = assess_daylight(_room(windows=[]), 14000.0)
    assert not r.assessed and r.average_df_pct is None
    assert [d.code for d in r.diagnostics] == ["daylight_no_windows"]
    # a room stated to be windowless is assessed as DF 0 %
    w = assess_daylight(_room(windows=[], windowless=True), 14000.0)
    assert w.assessed and w.average_df_pct == 0.0 and w.en17037_level == "none"


def test_missing_reflectance_and_estimated_surface_area():
    r = assess_daylight(_room(mean_reflectance=None), 14000.0)
    assert not r.assessed and r.diagnostics[-1].code == "daylight_no_reflectance"
    # square plan estimate: side sqrt(20) = 4.472, h = 2.7 -> A = 40 + 4 * 4.472 * 2.7 = 88.30 m2
    est = assess_daylight(_room(surface_area_m2=None), 14000.0)
    a = 40.0 + 4.0 * math.sqrt(20.0) * 2.7
    assert est.average_df_pct == pytest.approx(0.7 * 0.9 * 2.16 * 70 / (a * 0.75))
    assert any(d.code == "daylight_surface_area_estimated" for d in est.diagnostics)


def test_perez_diffuse_efficacy_by_hand():
    # overcast hour: I_d = 200 W/m2, I_n = 0 -> epsilon = 1 (bin 1: a 97.24, b -0.46, c 12.00, d -8.91);
    # Z = 60 deg, air mass 2, I_0 = 1367 -> Delta = 200*2/1367 = 0.29261; T_d = 10 C -> W = exp(0.625) = 1.8682
    # E = 200 * (97.24 - 0.46*1.8682 + 12*0.5 - 8.91*ln(0.29261)) = 200 * 113.33 = 22666 lx
    w = math.exp(0.07 * 10 - 0.075)
    expected = 200 * (97.24 - 0.46 * w + 12.0 * 0.5 - 8.91 * math.log(200 * 2 / 1367))
    e = diffuse_illuminance_perez_lx(200.0, 0.0, 60.0, 10.0, 1367.0, airmass=2.0)
    assert float(e) == pytest.approx(expected, rel=1e-9)
    assert expected == pytest.approx(22666, rel=1e-3)
    # night and zero-diffuse hours give 0
    assert diffuse_illuminance_perez_lx([0.0, 100.0], 0.0, [30.0, 95.0], 10.0, 1367.0).tolist() == [0.0, 0.0]


def test_median_of_the_4380_highest_hours():
    e = np.arange(1, 8761, dtype=float)  # top 4380 values are 4381..8760, median (6570 + 6571) / 2
    assert median_diffuse_illuminance_lx(e) == 6570.5


def test_median_from_weather_year():
    idx = pd.date_range("2023-01-01 01:00", periods=8760, freq="h", tz="Etc/GMT-1")
    hod = np.arange(8760) % 24
    dhi = np.clip(120.0 * np.sin((hod - 6) / 12 * np.pi), 0, None)
    data = pd.DataFrame(
        {
            "temp_air_c": 10.0,
            "temp_dew_c": 5.0,
            "relative_humidity_pct": 70.0,
            "pressure_pa": 101325.0,
            "ghi_w_m2": dhi,
            "dni_w_m2": 0.0,
            "dhi_w_m2": dhi,
            "ir_horizontal_w_m2": np.nan,
            "wind_speed_m_s": 2.0,
            "wind_dir_deg": 180.0,
        },
        index=idx,
    )
    w = Weather(
        data=data,
        name="synthetic",
        latitude_deg=50.8,
        longitude_deg=6.1,
        elevation_m=200.0,
        tz_hours=1.0,
        source="synthetic test year",
    )
    perez = median_diffuse_illuminance_from_weather(w)
    fixed = median_diffuse_illuminance_from_weather(w, efficacy_lm_w=120.0)
    assert fixed == pytest.approx(120.0 * float(np.median(np.sort(dhi)[-4380:])))
    assert 5000.0 < perez < 20000.0  # overcast-type diffuse efficacy of roughly 100-130 lm/W


def test_daylight_method_protocol_is_replaceable():
    class Constant:
        name = "constant"

        def evaluate(self, room, median_diffuse_illuminance_lx=None):
            return DaylightResult(
                name=room.name,
                method=self.name,
                assessed=True,
                average_df_pct=3.0,
                window_to_floor_ratio=0.2,
                en17037_level="minimum",
            )

    assert isinstance(AverageDaylightFactor(), DaylightMethod)
    assert isinstance(Constant(), DaylightMethod)
    assert assess_daylight(_room(), method=Constant()).average_df_pct == 3.0


def test_targets_reject_nonsense_illuminance():
    from bldgagent.errors import InputValueError

    with pytest.raises(InputValueError):
        en17037_targets_pct(5.0)
