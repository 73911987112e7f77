"""Packaged monthly climate normals of 70 places, and place lookup by name or coordinates.

Data: ``bldgagent/data/climate/normals.csv`` (one row per place and month; built by
``scripts/build_climate_normals.py`` from the project reference ``climate-normals.csv``): monthly
statistics computed from typical-year weather files (CSWD, IWEC, TMYx, TMY3...), each row with the file it
came from in ``source``. ``climate_zone`` is the GB 50176-2016 thermal zone for Chinese places
(``severe_cold``, ``cold``, ``hscw`` hot summer / cold winter, ``hsww`` hot summer / warm winter,
``temperate``) and empty elsewhere. Monthly Linke turbidity per place (Remund et al. 2003, via pvlib) is in
``linke_turbidity.csv``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from typing import Any

import numpy as np
import pandas as pd

from .._data import read_csv
from ..errors import DataFileError, InputValueError, UnknownPlaceError
from .stats import NORMAL_COLUMNS, monthly_normals
from .weather import Weather

#: Mean Earth radius (IUGG), km, for great-circle distances.
EARTH_RADIUS_KM = 6371.0088

_PLACE_COLUMNS = ("place", "name_zh", "country", "wmo", "lat", "lon", "elevation_m", "tz", "dataset", "climate_zone",
                  "month", *NORMAL_COLUMNS, "source")


@dataclass
class Place:
    """A place with monthly climate normals.

    ``monthly`` has 12 rows (index ``month`` 1-12) and the columns ``t_mean_c``, ``t_max_mean_c``,
    ``t_min_mean_c`` (degC; max/min are means of daily extremes), ``rh_mean_pct``, ``ghi_kwh_m2``,
    ``dhi_kwh_m2`` (monthly sums), ``wind_mean_m_s``, ``dewpoint_mean_c``. ``linke_turbidity`` holds 12
    monthly values or None (then looked up or defaulted when a synthetic year is made).
    """

    name: str
    latitude_deg: float
    longitude_deg: float
    elevation_m: float
    tz_hours: float
    monthly: pd.DataFrame
    name_zh: str | None = None
    country: str | None = None
    wmo: str | None = None
    dataset: str | None = None
    climate_zone: str | None = None
    source: str | None = None
    linke_turbidity: tuple[float, ...] | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_weather(cls, weather: Weather, name: str | None = None) -> "Place":
        """The place of a weather year with its monthly statistics as normals (e.g. to make a synthetic twin)."""
        return cls(
            name=name or weather.name, latitude_deg=float(weather.latitude_deg),
            longitude_deg=float(weather.longitude_deg), elevation_m=float(weather.elevation_m),
            tz_hours=float(weather.tz_hours), monthly=monthly_normals(weather),
            wmo=str(weather.metadata.get("wmo")) if weather.metadata.get("wmo") else None,
            dataset=weather.metadata.get("data_type"), source=f"monthly statistics of {weather.source}",
        )

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k not in ("monthly", "metadata", "linke_turbidity")}
        out["monthly"] = {c: [float(x) for x in self.monthly[c].to_numpy()] for c in self.monthly.columns}
        if self.linke_turbidity is not None:
            out["linke_turbidity"] = [float(x) for x in self.linke_turbidity]
        return out

    def to_frame(self) -> pd.DataFrame:
        return self.monthly.copy()

    def _repr_html_(self) -> str:
        zh = f" {escape(self.name_zh)}" if self.name_zh else ""
        head = (f"<b>{escape(self.name)}{zh}</b> ({self.latitude_deg:.2f}, {self.longitude_deg:.2f}, "
                f"{self.elevation_m:.0f} m, UTC{self.tz_hours:+g}) {escape(self.dataset or '')} "
                f"{escape(self.climate_zone or '')}")
        return head + self.monthly.round(2).to_html()

    def __repr__(self) -> str:
        return (f"Place({self.name!r}, lat={self.latitude_deg:.2f}, lon={self.longitude_deg:.2f}, "
                f"mean {self.monthly['t_mean_c'].mean():.1f} C, {self.dataset})")


def _key(text: str) -> str:
    """Matching key: NFKD, accents dropped, case-folded, only letters, digits and CJK characters kept."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[\W_]+", "", text)


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    frame = read_csv("climate/normals.csv", required=_PLACE_COLUMNS)
    counts = frame.groupby("place").size()
    if (counts != 12).any():
        raise DataFileError(f"packaged normals.csv: places without 12 months: {list(counts[counts != 12].index)}")
    return frame


@lru_cache(maxsize=1)
def _linke() -> dict[str, tuple[float, ...]]:
    frame = read_csv("climate/linke_turbidity.csv", required=("place", "month", "linke_turbidity", "source"))
    return {p: tuple(float(x) for x in g.sort_values("month")["linke_turbidity"]) for p, g in frame.groupby("place")}


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Matching key -> place name (English name, name without parenthesis, Chinese name with/without 市, WMO)."""
    out: dict[str, str] = {}
    for row in _table().drop_duplicates("place").itertuples():
        names = [row.place, re.sub(r"\s*\(.*\)", "", row.place), str(row.wmo)]
        if isinstance(row.name_zh, str):
            names += [row.name_zh, row.name_zh + "市"]
        for n in names:
            out.setdefault(_key(n), row.place)
    return out


def list_places() -> pd.DataFrame:
    """One row per packaged place: place, name_zh, country, wmo, lat, lon, elevation_m, tz, dataset,
    climate_zone, annual mean temperature (t_mean_c), annual GHI (ghi_kwh_m2) and source."""
    t = _table()
    first = t.drop_duplicates("place").set_index("place")
    g = t.groupby("place", sort=False)
    out = first[["name_zh", "country", "wmo", "lat", "lon", "elevation_m", "tz", "dataset", "climate_zone"]].copy()
    days = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=float)
    out["t_mean_c"] = g.apply(lambda x: float(np.average(x.sort_values("month")["t_mean_c"], weights=days)))
    out["ghi_kwh_m2"] = g["ghi_kwh_m2"].sum()
    out["source"] = first["source"]
    return out.reset_index()


def _place_from_rows(rows: pd.DataFrame) -> Place:
    rows = rows.sort_values("month")
    r = rows.iloc[0]
    monthly = rows[list(NORMAL_COLUMNS)].astype(float).set_index(pd.Index(np.arange(1, 13), name="month"))
    zone = r["climate_zone"] if isinstance(r["climate_zone"], str) else None
    zh = r["name_zh"] if isinstance(r["name_zh"], str) else None
    return Place(
        name=str(r["place"]), latitude_deg=float(r["lat"]), longitude_deg=float(r["lon"]),
        elevation_m=float(r["elevation_m"]), tz_hours=float(r["tz"]), monthly=monthly, name_zh=zh,
        country=str(r["country"]), wmo=str(r["wmo"]), dataset=str(r["dataset"]), climate_zone=zone,
        source=str(r["source"]), linke_turbidity=_linke().get(str(r["place"])),
    )


def get_place(name: str) -> Place:
    """Packaged place by name: English (case and accents ignored, e.g. ``"haikou"``, ``"xian"``), Chinese
    (``"海口"``, ``"海口市"``) or WMO station number. Raises :class:`UnknownPlaceError` with the three closest
    names otherwise."""
    from rapidfuzz import fuzz, process

    if not isinstance(name, str) or not name.strip():
        raise UnknownPlaceError(f"place name must be a non-empty string, got {name!r}; see list_places()")
    aliases = _aliases()
    key = _key(name)
    if key in aliases:
        t = _table()
        return _place_from_rows(t[t["place"] == aliases[key]])
    cjk = any("\u3400" <= ch <= "\u9fff" for ch in key)
    choices = {k: v for k, v in aliases.items()
               if not k.isdigit() and cjk == any("\u3400" <= ch <= "\u9fff" for ch in k)}
    found = process.extract(key, list(choices), scorer=fuzz.WRatio, limit=12)
    suggestions: list[str] = []
    for k, _score, _ in found:
        label = choices[k]
        if label not in suggestions:
            suggestions.append(label)
        if len(suggestions) == 3:
            break
    raise UnknownPlaceError(
        f"unknown place {name!r}: not among the {len(_table()) // 12} places with packaged climate normals. "
        f"Closest names: {', '.join(suggestions)}. See list_places(), or give an EPW file path or a site with "
        "latitude/longitude (the nearest place is then used)."
    )


def _check_lat_lon(latitude_deg, longitude_deg) -> tuple[float, float]:
    try:
        lat, lon = float(latitude_deg), float(longitude_deg)
    except (TypeError, ValueError):
        raise InputValueError(f"latitude/longitude must be numbers in degrees, got {latitude_deg!r}, "
                              f"{longitude_deg!r}") from None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise InputValueError(f"latitude {lat} / longitude {lon} out of range (-90..90 / -180..180 degrees)")
    return lat, lon


def great_circle_km(lat1_deg, lon1_deg, lat2_deg, lon2_deg):
    """Great-circle distance in km (haversine, mean Earth radius 6371.0088 km); vectorised."""
    p1, p2 = np.radians(lat1_deg), np.radians(lat2_deg)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2_deg) - np.asarray(lon1_deg))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def nearest_place(latitude_deg: float, longitude_deg: float) -> tuple[Place, float]:
    """The packaged place nearest to a point, and its great-circle distance in km."""
    lat, lon = _check_lat_lon(latitude_deg, longitude_deg)
    first = _table().drop_duplicates("place")
    dist = great_circle_km(lat, lon, first["lat"].to_numpy(), first["lon"].to_numpy())
    i = int(np.argmin(dist))
    t = _table()
    return _place_from_rows(t[t["place"] == first["place"].iloc[i]]), float(dist[i])
