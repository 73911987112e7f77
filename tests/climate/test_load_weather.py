"""One entry point (load_weather), Weather helpers and the statistics used across the package."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import bldgagent.climate as climate
from bldgagent.climate import (Weather, cooling_degree_hours, heating_degree_hours, load_weather, monthly_normals,
                               synthetic_year)
from bldgagent.climate._sun import hour_ending_index
from bldgagent.errors import InputValueError, UnknownPlaceError, WeatherFileError
from bldgagent.model import Site

from _epw_files import write_epw  # noqa: E402


def constant_weather(temp_c: float) -> Weather:
    index = hour_ending_index(2023, 1.0)
    data = pd.DataFrame({c: 0.0 for c in climate.WEATHER_COLUMNS}, index=index)
    data["temp_air_c"] = temp_c
    data["temp_dew_c"] = temp_c - 5.0
    data["relative_humidity_pct"] = 70.0
    data["wind_speed_m_s"] = 2.0
    return Weather(data=data, name="constant", latitude_deg=50.0, longitude_deg=8.0, elevation_m=100.0,
                   tz_hours=1.0, source="test")


def test_public_api():
    for name in ("read_epw", "synthetic_year", "get_place", "nearest_place", "list_places", "Weather",
                 "load_weather"):
        assert hasattr(climate, name) and name in climate.__all__


def test_weather_is_returned_as_is():
    w = constant_weather(10.0)
    assert load_weather(w) is w


def test_place_names(tmp_path):
    w = load_weather("haikou")
    assert w.name == "Haikou" and w.source == "synthetic: Haikou (CSWD)"
    pd.testing.assert_frame_equal(load_weather("海口").data, w.data)
    assert not np.allclose(load_weather("haikou", seed=3).data["temp_air_c"], w.data["temp_air_c"])
    with pytest.raises(UnknownPlaceError, match="Closest names: Haikou"):
        load_weather("haikuo")


def test_epw_paths(tmp_path):
    path = write_epw(tmp_path / "small.epw")
    for spec in (path, str(path)):
        w = load_weather(spec)
        assert w.source == str(path) and w.data["temp_air_c"].mean() == 20.0
    with pytest.raises(WeatherFileError, match="does not exist"):
        load_weather(str(tmp_path / "missing.epw"))
    with pytest.raises(WeatherFileError, match="does not exist"):
        load_weather(Path("missing/dir/file.txt"))


def test_site_uses_nearest_place_with_a_diagnostic():
    site = Site(name="Plot 7", latitude_deg=39.9042, longitude_deg=116.4074, elevation_m=44.0)
    w = load_weather(site)
    assert w.name == "Beijing"
    d = [x for x in w.diagnostics if x.code == "nearest_place"]
    assert len(d) == 1 and d[0].level == "info"
    assert "Beijing" in d[0].message and "13 km" in d[0].message and "Plot 7" in d[0].message
    assert w.metadata["distance_km"] == pytest.approx(12.8, abs=0.1)


def test_far_or_high_site_gets_a_warning():
    w = load_weather(Site(latitude_deg=46.5, longitude_deg=8.0, elevation_m=2000.0))
    d = [x for x in w.diagnostics if x.code == "nearest_place"][0]
    assert d.level == "warning" and "Zurich" in d.message and "elevation differs by +1564 m" in d.message
    # standard lapse rate 6.5 K/km: 1.564 km -> -10.2 K
    assert "-10.2 K" in d.message


def test_latitude_longitude_pair():
    assert load_weather((20.0, 110.3)).name == "Haikou"


def test_site_without_location_needs_a_climate():
    with pytest.raises(InputValueError, match="no latitude/longitude.*pass a climate"):
        load_weather(Site(name="Unknown plot"))


@pytest.mark.parametrize("bad", [42, None, 3.5, {"lat": 1}])
def test_unusable_spec(bad):
    with pytest.raises(InputValueError, match="cannot make weather from"):
        load_weather(bad)


def test_degree_hours_hand_values():
    w = constant_weather(10.0)
    assert heating_degree_hours(w, 18.0) == pytest.approx(8.0 * 8760)  # (18 - 10) K x 8760 h
    assert cooling_degree_hours(w, 26.0) == 0.0
    w.data.loc[w.data.index[:100], "temp_air_c"] = 30.0
    assert cooling_degree_hours(w, 26.0) == pytest.approx(4.0 * 100)
    assert heating_degree_hours(w, 18.0) == pytest.approx(8.0 * 8660)


def test_monthly_normals_of_constant_weather():
    m = monthly_normals(constant_weather(10.0))
    assert list(m.index) == list(range(1, 13))
    assert (m["t_mean_c"] == 10.0).all() and (m["t_max_mean_c"] == 10.0).all() and (m["rh_mean_pct"] == 70.0).all()
    assert (m["dewpoint_mean_c"] == 5.0).all() and (m["wind_mean_m_s"] == 2.0).all()


def test_weather_dict_and_html_are_usable():
    w = synthetic_year("Beijing")
    d = w.to_dict()
    json.dumps(d)  # JSON-ready
    assert d["hours"] == 8760 and d["name"] == "Beijing" and len(d["monthly"]["t_mean_c"]) == 12
    assert d["ghi_kwh_m2"] == pytest.approx(w.data["ghi_w_m2"].sum() / 1000.0)
    assert "<table" in w._repr_html_()
    assert w.to_frame().equals(w.data) and w.to_frame() is not w.data
