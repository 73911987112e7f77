"""Packaged climate normals: contents, lookup by name / Chinese name / WMO / coordinates, suggestions."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from bldgagent._data import read_csv
from bldgagent.climate import Place, get_place, great_circle_km, list_places, nearest_place
from bldgagent.errors import InputValueError, UnknownPlaceError

from shared_data import REFERENCE  # noqa: E402

#: Mean Earth radius (km) used for great-circle distances (IUGG).
R_KM = 6371.0088


def test_list_places():
    places = list_places()
    assert len(places) == 70
    assert places["place"].is_unique
    chinese = places[places["country"] == "CHN"]
    assert len(chinese) == 35
    assert chinese["name_zh"].notna().all() and places.loc[places["country"] != "CHN", "name_zh"].isna().all()
    # GB 50176-2016 zones, Chinese places only
    assert set(chinese["climate_zone"]) == {"severe_cold", "cold", "hscw", "hsww", "temperate"}
    assert places.loc[places["country"] != "CHN", "climate_zone"].isna().all()
    assert places["source"].str.contains("@").all()  # repo@commit:path of the weather file


def test_packaged_file_has_sources_and_twelve_months():
    table = read_csv("climate/normals.csv")
    assert table["source"].notna().all()
    assert (table.groupby("place")["month"].apply(lambda m: sorted(m) == list(range(1, 13)))).all()
    linke = read_csv("climate/linke_turbidity.csv")
    assert len(linke) == 840 and linke["source"].str.contains("Remund").all()
    assert linke["linke_turbidity"].between(1.0, 8.0).all()


def test_packaged_values_are_the_reference_values():
    path = REFERENCE / "climate-normals.csv"
    if not path.exists():
        pytest.skip("needs ../shared/reference/climate-normals.csv")
    ref = pd.read_csv(path)
    ours = read_csv("climate/normals.csv").drop(columns="name_zh")
    pd.testing.assert_frame_equal(ours.reset_index(drop=True), ref[ours.columns].reset_index(drop=True))


def test_get_place_haikou():
    p = get_place("Haikou")
    assert isinstance(p, Place)
    assert (p.name, p.name_zh, p.country, p.wmo, p.climate_zone, p.dataset) == ("Haikou", "海口", "CHN", "597580",
                                                                                "hsww", "CSWD")
    assert (p.latitude_deg, p.longitude_deg, p.elevation_m, p.tz_hours) == (20.03, 110.35, 13.9, 8.0)
    assert p.monthly.shape == (12, 8) and list(p.monthly.index) == list(range(1, 13))
    # climate-normals.csv, Haikou, January: 17.98 C mean, 68.99 kWh/m2 GHI (CSWD)
    assert p.monthly.loc[1, "t_mean_c"] == 17.98
    assert p.monthly.loc[1, "ghi_kwh_m2"] == pytest.approx(68.99)
    assert p.linke_turbidity is not None and len(p.linke_turbidity) == 12
    assert p.to_dict()["monthly"]["t_mean_c"][0] == 17.98


@pytest.mark.parametrize("name, expected", [
    ("haikou", "Haikou"), ("HAIKOU", "Haikou"), ("  Haikou ", "Haikou"), ("海口", "Haikou"), ("海口市", "Haikou"),
    ("597580", "Haikou"), ("xian", "Xi'an"), ("Xi'an", "Xi'an"), ("西安", "Xi'an"), ("Bogotá", "Bogota"),
    ("tokyo", "Tokyo (Hyakuri)"), ("new delhi", "New Delhi"), ("乌鲁木齐", "Urumqi"), ("Zürich", "Zurich"),
])
def test_get_place_names(name, expected):
    assert get_place(name).name == expected


@pytest.mark.parametrize("name, suggestion", [("Haikuo", "Haikou"), ("Shangai", "Shanghai"), ("Pekin", "Beijing"),
                                              ("Londn", "London"), ("Guangzou", "Guangzhou")])
def test_unknown_place_suggests_close_names(name, suggestion):
    with pytest.raises(UnknownPlaceError) as info:
        get_place(name)
    message = str(info.value)
    assert repr(name) in message and "list_places()" in message
    closest = message.split("Closest names: ")[1].split(".")[0].split(", ")
    assert len(closest) == 3 and suggestion in closest


@pytest.mark.parametrize("bad", ["", "   ", None, 42])
def test_empty_or_non_string_name(bad):
    with pytest.raises(UnknownPlaceError, match="non-empty string"):
        get_place(bad)


def test_great_circle_distance_hand_values():
    # one degree along a meridian is 2 pi R / 360 = 111.195 km; equator to pole a quarter circumference
    assert great_circle_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(2 * math.pi * R_KM / 360.0, rel=1e-12)
    assert great_circle_km(0.0, 0.0, 90.0, 45.0) == pytest.approx(math.pi * R_KM / 2.0, rel=1e-12)
    assert great_circle_km(10.0, 170.0, 10.0, -170.0) == pytest.approx(great_circle_km(10.0, -10.0, 10.0, 10.0))


def test_nearest_place_tiananmen_is_beijing():
    place, km = nearest_place(39.9042, 116.4074)
    assert place.name == "Beijing"
    # flat-earth check at this short range: dy = 0.1042 deg * 111.195 km, dx = 0.0626 deg * 111.195 km
    # * cos(39.852 deg); sqrt(11.586^2 + 5.344^2) = 12.76 km
    dy = 0.1042 * 2 * math.pi * R_KM / 360.0
    dx = 0.0626 * 2 * math.pi * R_KM / 360.0 * math.cos(math.radians(39.852))
    assert km == pytest.approx(math.hypot(dx, dy), abs=0.02)
    assert km == pytest.approx(12.76, abs=0.02)


@pytest.mark.parametrize("lat, lon, expected", [(20.0, 110.3, "Haikou"), (-33.87, 151.21, "Sydney"),
                                                (40.71, -74.01, "New York"), (50.78, 6.08, "Brussels"),
                                                (1.29, 103.85, "Singapore")])
def test_nearest_place_examples(lat, lon, expected):
    place, km = nearest_place(lat, lon)
    assert place.name == expected
    first = list_places()
    assert km == pytest.approx(np.min(great_circle_km(lat, lon, first["lat"], first["lon"])))


@pytest.mark.parametrize("lat, lon", [(91.0, 0.0), (0.0, 181.0), ("north", 0.0), (None, 1.0)])
def test_nearest_place_bad_coordinates(lat, lon):
    with pytest.raises(InputValueError):
        nearest_place(lat, lon)


def test_place_html_repr():
    html = get_place("Beijing")._repr_html_()
    assert "Beijing" in html and "北京" in html and "<table" in html
