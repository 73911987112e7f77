"""Reader of the 1981 TMY format (bldgagent.climate.tmy), the format of the 1995 BESTEST weather DRYCOLD.TMY.

The fixture is one hand-written 132-character record, laid out by the positions of NCDC TD-9734 (1-based):
1-5 WBAN, 6-7 year, 8-9 month, 10-11 day, 12-15 hour, 16-19 solar time, 20-23 extraterrestrial kJ/m2,
24-28 flag + direct normal kJ/m2, 29-53 five diffuse/net/tilt/observed fields (99999: missing),
54-58 flag + global horizontal kJ/m2, 59-93 other solar and meteorological fields (not read),
94-98 sea-level pressure, 99-103 station pressure (0.1 mbar), 104-107 dry bulb and 108-111 dew point (0.1 C),
112-114 wind direction, 115-118 wind speed (0.1 m/s), 119-120 total and 121-122 opaque sky cover (tenths),
123 snow, then blanks to 132. The year is that record with its date and hour rewritten, and no sun at night.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bldgagent.climate.solar import hour_mean_beam_projection
from bldgagent.climate.tmy import TMY_RECORD_CHARS, read_tmy
from bldgagent.errors import WeatherFileError

DENVER = {"latitude_deg": 39.8, "longitude_deg": -104.9, "elevation_m": 1611.0, "tz_hours": -7.0}
RECORD = ("23062" "59" "01" "01" "1100" "1033" "2060"   # station, date, hour 11, solar time, extraterrestrial
          "7" "2700"                                    # direct normal 2700 kJ/m2 = 750 W/m2
          + "99999" * 5                                 # diffuse, net, tilt, ... missing
          + "2" "1260"                                  # global horizontal 1260 kJ/m2 = 350 W/m2
          + "9" * 35                                    # fields 59-93, not read
          + " 9992" " 8207"                             # sea-level, station pressure 820.7 mbar
          + "  78" "-106"                               # dry bulb 7.8 C, dew point -10.6 C
          + "293" " 103"                                # wind from 293 deg at 10.3 m/s
          + "09" "06" "9").ljust(TMY_RECORD_CHARS)       # total 9, opaque 6 tenths; snow


def _year(tmp_path, *, n=8760, record=RECORD):
    days = pd.date_range("2023-01-01", periods=365, freq="D")
    lines = []
    for d in days:
        for h in range(1, 25):
            r = record[:7] + f"{d.month:02d}{d.day:02d}{100 * h:04d}" + record[15:]
            if not 8 <= h <= 16:  # night: direct and global missing / zero
                r = r[:23] + "09999" + r[28:53] + "00000" + r[58:]
            lines.append(r)
    path = tmp_path / "TEST.TMY"
    path.write_text("\r\n".join(lines[:n]) + "\r\n", encoding="ascii")
    return path


def test_record_is_132_characters():
    assert len(RECORD) == 132 and RECORD[103:111] == "  78-106"


def test_tmy_record_values(tmp_path):
    """Hour 11 of 1 January: every field by hand. RH (Magnus, Alduchov & Eskridge 1996: 17.625 t / (t + 243.04)):
    exp(17.625 x -10.6 / 232.44 - 17.625 x 7.8 / 250.84) = exp(-0.80376 - 0.54807) = 25.88 %."""
    w = read_tmy(_year(tmp_path), **DENVER)
    row = w.data.iloc[10]
    assert w.data.index[10].hour == 11 and str(w.data.index[10].tz) == "UTC-07:00"
    assert row["temp_air_c"] == 7.8 and row["temp_dew_c"] == -10.6
    assert row["pressure_pa"] == 82070.0
    assert row["wind_speed_m_s"] == 10.3 and row["wind_dir_deg"] == 293.0
    assert row["relative_humidity_pct"] == pytest.approx(25.88, abs=0.01)
    assert row["ghi_w_m2"] == pytest.approx(350.0)
    assert w.metadata["wban"] == "23062" and w.metadata["format"] == "tmy1981"


def test_tmy_diffuse_closes_with_the_beam(tmp_path):
    """No diffuse column: DHI = GHI - DNI <cos z> in every hour, DNI 750 W/m2 where its beam fits under GHI,
    reduced where it would exceed GHI (low sun), 0 with the sun down."""
    w = read_tmy(_year(tmp_path), **DENVER)
    d = w.data
    cos_z = hour_mean_beam_projection(w, [0.0], [0.0])[0]
    np.testing.assert_allclose(d["dhi_w_m2"] + d["dni_w_m2"] * cos_z, d["ghi_w_m2"], atol=1e-9)
    assert (d["dhi_w_m2"] >= -1e-9).all()
    fits = (cos_z > 0) & (750.0 * cos_z <= d["ghi_w_m2"].to_numpy())
    assert fits.sum() > 1000 and np.allclose(d["dni_w_m2"].to_numpy()[fits], 750.0)
    assert (d["dni_w_m2"].to_numpy()[cos_z <= 0] == 0).all()


def test_tmy_errors_are_one_line(tmp_path):
    with pytest.raises(WeatherFileError, match="8759 records; a TMY year has 8760"):
        read_tmy(_year(tmp_path, n=8759), **DENVER)
    bad = RECORD[:103] + "  x8" + RECORD[107:]
    with pytest.raises(WeatherFileError, match=r"line 1, characters 104-107: '  x8' is not a number \(temp\)"):
        read_tmy(_year(tmp_path, record=bad), **DENVER)
    path = _year(tmp_path)
    text = path.read_text().replace("23062590101", "23062590102", 1)  # first record stamped 2 January
    path.write_text(text)
    with pytest.raises(WeatherFileError, match="not the hours 0100-2400"):
        read_tmy(path, **DENVER)
