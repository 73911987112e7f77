"""Electricity grid and fuel emission factors by region and year, and their trajectories over a study period.

Packaged data (``bldgagent/data/lca``), every row with year, basis (CO2 or CO2e) and source:

- ``grid_factors.csv``: China national 2021-2023 (MEE/NBS, CO2, location-based), the seven regional grids 2022-2023,
  30 provinces 2023 incl. Hainan (0.3648), the 2023 life-cycle carbon-footprint factor (0.6205 CO2e); EU-27 (EEA);
  Denmark (BR18); UK (DESNZ); Germany (UBA); France (RTE); US (EIA); the world average (Ember 2023), the
  fallback of :func:`grid_for_country` outside Europe.
- ``country_boxes.csv``: country bounding boxes (Natural Earth 1:110m) for :func:`country_at`.
- ``fuel_factors.csv``: natural gas, oil/diesel, LPG, coal, district heat (GB/T 51366 Appendix A; IPCC 2006; DESNZ).
- ``trajectories.csv``: the Danish BR18 Annex 2 series 2023-2040 (electricity, district heat).

Trajectories: ``"static"`` (the latest factor at or before each year), ``linear(target_year, target)`` (straight line
from the base year's factor, held after the target year), a user series ``{year: factor}`` (linear interpolation,
held flat outside), or a named series (``"DK-BR18"``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .._data import read_csv
from ..errors import InputValueError

#: Friendly names for regions.
REGION_ALIASES = {
    "china": "CN", "cn": "CN", "hainan": "CN-HI", "海南": "CN-HI", "baoting": "CN-HI", "guangdong": "CN-GD",
    "beijing": "CN-BJ", "shanghai": "CN-SH", "south": "CN-South", "china south": "CN-South", "eu": "EU27",
    "eu27": "EU27", "eu-27": "EU27", "europe": "EU27", "denmark": "DK", "dk": "DK", "uk": "UK", "gb": "UK",
    "united kingdom": "UK", "germany": "DE", "de": "DE", "france": "FR", "fr": "FR", "us": "US", "usa": "US",
    "united states": "US", "world": "WORLD",
}
CARRIERS = ("electricity", "natural_gas", "oil", "diesel", "petrol", "lpg", "fuel_oil", "coal", "district_heat")
CARRIER_ALIASES = {"gas": "natural_gas", "heating_oil": "oil", "heat": "district_heat", "elec": "electricity",
                   "power": "electricity", "天然气": "natural_gas", "电": "electricity", "电力": "electricity"}


@lru_cache(maxsize=1)
def grid_table() -> pd.DataFrame:
    return read_csv("lca/grid_factors.csv", required=("region", "year", "kg_per_kwh", "basis", "source"))


@lru_cache(maxsize=1)
def fuel_table() -> pd.DataFrame:
    return read_csv("lca/fuel_factors.csv", required=("carrier", "region", "kg_per_kwh", "basis", "source"))


@lru_cache(maxsize=1)
def trajectory_table() -> pd.DataFrame:
    return read_csv("lca/trajectories.csv", required=("trajectory", "carrier", "year", "kg_per_kwh", "source"))


def resolve_region(region: str) -> str:
    """Region id (``"CN-HI"``, ``"EU27"``...) from an id or a friendly name; InputValueError if unknown."""
    table = grid_table()
    if region in set(table["region"]):
        return region
    key = REGION_ALIASES.get(str(region).strip().lower())
    if key:
        return key
    raise InputValueError(f"unknown grid region {region!r}; use one of {', '.join(sorted(set(table['region'])))} "
                          f"or a name such as {', '.join(sorted(REGION_ALIASES)[:8])}...")


def resolve_carrier(carrier: str) -> str:
    c = CARRIER_ALIASES.get(str(carrier).strip().lower(), str(carrier).strip().lower())
    if c not in CARRIERS:
        raise InputValueError(f"unknown energy carrier {carrier!r}; use one of {', '.join(CARRIERS)}")
    return c


@dataclass(frozen=True)
class GridFactor:
    region: str
    year: int
    kg_per_kwh: float
    basis: str
    source: str


def grid_factor(region: str = "CN", year: int | None = None) -> GridFactor:
    """Electricity factor (kg per kWh) of a region for ``year``: that year's value, else the latest earlier one,
    else the earliest one. ``year=None`` gives the latest published value."""
    rid = resolve_region(region)
    t = grid_table()
    rows = t[t["region"] == rid].sort_values("year")
    if year is None:
        r = rows.iloc[-1]
    else:
        earlier = rows[rows["year"] <= year]
        r = earlier.iloc[-1] if len(earlier) else rows.iloc[0]
    return GridFactor(rid, int(r["year"]), float(r["kg_per_kwh"]), str(r["basis"]), str(r["source"]))


def _fuel_region(rid: str) -> list[str]:
    if rid.startswith("CN"):
        return ["CN"]
    if rid == "UK":
        return ["UK", "EU"]
    if rid == "DK":
        return ["DK", "EU"]
    return ["EU"]


def fuel_factor(carrier: str, region: str = "CN") -> GridFactor:
    """Factor of a non-electric carrier (kg per kWh of final energy) for a region (China -> GB/T 51366 App. A)."""
    c = resolve_carrier(carrier)
    if c == "electricity":
        return grid_factor(region)
    rid = resolve_region(region)
    t = fuel_table()
    for fr in _fuel_region(rid):
        hit = t[(t["carrier"] == c) & (t["region"] == fr)]
        if len(hit):
            r = hit.iloc[0]
            return GridFactor(fr, 0, float(r["kg_per_kwh"]), str(r["basis"]), str(r["source"]))
    if c == "diesel":
        return fuel_factor("oil", region)
    raise InputValueError(f"no factor for carrier {carrier!r} in region {region!r}; pass carrier_factors={{...}}")


@dataclass
class Trajectory:
    """How a factor develops over the years: ``kind`` is static, linear, series or named."""

    kind: str = "static"
    target_year: int | None = None
    target_kg_per_kwh: float | None = None
    series: dict[int, float] = field(default_factory=dict)
    name: str | None = None

    def describe(self) -> str:
        if self.kind == "linear":
            return f"linear to {self.target_kg_per_kwh} kg/kWh in {self.target_year}"
        if self.kind == "series":
            return f"user series {min(self.series)}-{max(self.series)}"
        if self.kind == "named":
            return f"named series {self.name}"
        return "static"


def static() -> Trajectory:
    return Trajectory("static")


def linear(target_year: int, target_kg_per_kwh: float) -> Trajectory:
    """Straight line from the base factor to ``target_kg_per_kwh`` in ``target_year`` (held afterwards)."""
    if target_kg_per_kwh < 0:
        raise InputValueError(f"target factor {target_kg_per_kwh} kg/kWh is negative")
    return Trajectory("linear", int(target_year), float(target_kg_per_kwh))


def series(values: Mapping[int, float]) -> Trajectory:
    """A user series {year: kg per kWh}, interpolated linearly, held flat outside its years."""
    if not values:
        raise InputValueError("a trajectory series needs at least one (year, factor) pair")
    clean = {int(y): float(v) for y, v in values.items()}
    if any(v < 0 for v in clean.values()):
        raise InputValueError("trajectory factors must be non-negative")
    return Trajectory("series", series=clean)


def named(name: str) -> Trajectory:
    t = trajectory_table()
    if name not in set(t["trajectory"]):
        raise InputValueError(f"unknown trajectory {name!r}; packaged: {', '.join(sorted(set(t['trajectory'])))}")
    return Trajectory("named", name=name)


def as_trajectory(spec: Any) -> Trajectory:
    """Trajectory from ``"static"``, a named series, a dict {year: factor}, a tuple ("linear", year, factor)."""
    if spec is None or spec == "static":
        return static()
    if isinstance(spec, Trajectory):
        return spec
    if isinstance(spec, str):
        return named(spec)
    if isinstance(spec, Mapping):
        return series(spec)
    if isinstance(spec, (tuple, list)) and len(spec) == 3 and spec[0] == "linear":
        return linear(int(spec[1]), float(spec[2]))
    raise InputValueError(f"cannot read trajectory {spec!r}: use 'static', a named series, {{year: factor}} or "
                          "('linear', target_year, target_factor)")


def factor_series(carrier: str, years: np.ndarray, region: str = "CN", trajectory: Any = "static",
                  carrier_factors: Mapping[str, float] | None = None) -> tuple[np.ndarray, str, str]:
    """Factors (kg/kWh) of a carrier for each year, with basis and a description of where they come from."""
    c = resolve_carrier(carrier)
    years = np.asarray(years, dtype=int)
    if carrier_factors and c in carrier_factors:
        v = float(carrier_factors[c])
        if v < 0:
            raise InputValueError(f"carrier factor for {c} is negative ({v})")
        return np.full(len(years), v), "as given", "user-supplied factor"
    traj = as_trajectory(trajectory)
    if traj.kind == "named":
        t = trajectory_table()
        rows = t[(t["trajectory"] == traj.name) & (t["carrier"] == c)].sort_values("year")
        if len(rows):
            vals = np.interp(years, rows["year"].to_numpy(float), rows["kg_per_kwh"].to_numpy(float))
            return vals, str(rows["basis"].iloc[0]), f"{traj.name}: {rows['source'].iloc[0]}"
        traj = static()
    if c == "electricity":
        rid = resolve_region(region)
        t = grid_table()
        rows = t[t["region"] == rid].sort_values("year")
        basis = str(rows["basis"].iloc[-1])
        if traj.kind == "series":
            ys = np.array(sorted(traj.series))
            return np.interp(years, ys, [traj.series[y] for y in ys]), "as given", "user series"
        data_years = rows["year"].to_numpy(int)
        data_vals = rows["kg_per_kwh"].to_numpy(float)
        idx = np.clip(np.searchsorted(data_years, years, side="right") - 1, 0, len(data_years) - 1)
        vals = data_vals[idx]
        src = f"{rid} {rows['source'].iloc[-1]}"
        if traj.kind == "linear":
            base_year = int(data_years[-1]) if years.min() > data_years[-1] else int(years.min())
            base = float(data_vals[min(np.searchsorted(data_years, base_year, side="right") - 1, len(data_vals) - 1)])
            span = max(traj.target_year - base_year, 1)
            frac = np.clip((years - base_year) / span, 0.0, 1.0)
            vals = np.where(years <= base_year, vals, base + (traj.target_kg_per_kwh - base) * frac)
            src += f"; {traj.describe()} from {base:g} in {base_year}"
        return vals, basis, src
    f = fuel_factor(c, region)  # linear/series trajectories describe the grid; fuels stay static
    return np.full(len(years), f.kg_per_kwh), f.basis, f.source


# --------------------------------------------------------------------------------------------------------
# the grid of a site's country
# --------------------------------------------------------------------------------------------------------
#: ISO 3166 alpha-3 country -> packaged grid region (``grid_factors.csv``).
COUNTRY_GRID = {"CHN": "CN", "DEU": "DE", "FRA": "FR", "GBR": "UK", "DNK": "DK", "USA": "US"}
#: EU-27 members (ISO 3166 alpha-3), whose sites use the EEA EU-27 factor when they have no national one.
EU27_COUNTRIES = frozenset({
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL", "ITA", "LVA",
    "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE"})
#: European countries outside the EU-27 (ISO 3166 alpha-3): no packaged national factor, the EU-27 average is the
#: documented fallback (interconnected with the EU grid through ENTSO-E).
OTHER_EUROPE = frozenset({"CHE", "NOR", "ISL", "LIE", "SRB", "BIH", "MNE", "MKD", "ALB", "MDA", "UKR", "BLR", "AND",
                          "MCO", "SMR", "XKX"})


@dataclass(frozen=True)
class GridChoice:
    """The default grid region of a site: ``region`` of :func:`grid_factor`, ``country`` it was chosen for, and
    ``warning`` (None when the country has a packaged factor, else why a fallback was used and how to override)."""

    region: str
    country: str | None
    warning: str | None = None


@lru_cache(maxsize=1)
def country_boxes() -> pd.DataFrame:
    """Packaged country bounding boxes (``lca/country_boxes.csv``, Natural Earth 1:110m admin-0, public domain)."""
    return read_csv("lca/country_boxes.csv", required=("country", "lon_min", "lat_min", "lon_max", "lat_max", "source"))


def country_at(latitude_deg: float, longitude_deg: float) -> str | None:
    """ISO 3166 alpha-3 country at a point from the packaged bounding boxes: of the boxes holding the point, the
    smallest (a small country inside a large one's box wins); None outside every box. Coarse near borders: pass the
    grid (``grid=``, ``--grid``) or ``country=`` to be sure."""
    t = country_boxes()
    inside = t[(t["lat_min"] <= latitude_deg) & (latitude_deg <= t["lat_max"])
               & (t["lon_min"] <= longitude_deg) & (longitude_deg <= t["lon_max"])]
    if inside.empty:
        return None
    area = (inside["lat_max"] - inside["lat_min"]) * (inside["lon_max"] - inside["lon_min"])
    return str(inside.loc[area.idxmin(), "country"])


def grid_for_country(country: str | None) -> GridChoice:
    """Default B6 grid region of a country (ISO 3166 alpha-3): its national factor, else the EU-27 average (EEA) for
    an EU member or another European country, else the world average (Ember 2023), with a warning naming the country
    and how to override. Chinese provinces are chosen by the caller (:func:`bldgagent.energy.default_grid`)."""
    code = (country or "").upper() or None
    if code in COUNTRY_GRID:
        return GridChoice(COUNTRY_GRID[code], code)
    how = "to choose, pass --grid REGION on the CLI or grid='REGION' in Python (e.g. EU27, DE, FR, UK, DK, US, CN)"
    if code in EU27_COUNTRIES:
        return GridChoice("EU27", code, f"no national grid factor packaged for country {code!r}: the EU-27 average "
                                        f"(EEA) is used; {how}")
    if code in OTHER_EUROPE:
        return GridChoice("EU27", code, f"no grid factor packaged for country {code!r}: the EU-27 average (EEA) is "
                                        f"used as the European default; {how}")
    where = f"country {code!r}" if code else "an unknown country"
    return GridChoice("WORLD", code, f"no grid factor packaged for {where}: the world average (Ember, Global "
                                     f"Electricity Review 2023: 0.436 kgCO2e/kWh, 2022) is used; {how}")
