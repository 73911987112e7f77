"""Building services: from energy demand by end use to final (delivered) energy by carrier.

End uses (:data:`END_USES`): heating, cooling, dhw (useful heat/cold from the thermal model or the
usage profiles) and lighting, equipment (plug loads), fans, pumps (electricity). A :class:`SystemSpec`
turns one end use's demand into final energy of one carrier with a seasonal efficiency; the packaged
table ``data/energy/systems.csv`` holds the generators with their source (EU ecodesign regulations
813/2013 and 206/2012 minimum seasonal values, GB 55015-2021 / GB 21455-2019 values, and marked
estimates). :class:`Systems` bundles the generators of a building with the fan and pump assumptions,
and :func:`final_energy` does the conversion, vectorised over hours.

Conventions
- Fuels are counted on their net calorific value (NCV, ISO 52000-1 default; Chinese boiler
  efficiencies are also quoted on NCV). A condensing boiler can then exceed 1: the ceiling is the
  fuel's GCV/NCV ratio, 1.109 for natural gas, so efficiencies above 1.11 on NCV (or above 1.0 on
  GCV) are rejected as non-physical.
- Heat pumps and chillers: seasonal COP/EER (SCOP, SEER, APF) between 0 and 10. With ``temp_air_c``
  given, temperature-dependent ones follow a Carnot-shaped curve scaled to the seasonal value at a
  reference outdoor temperature: ``COP(T) = COP_seasonal * C(T) / C(T_ref)`` with
  ``C = T_sink[K] / max(T_sink - T, 5 K)`` for heating and ``T_sink[K] / max(T - T_sink, 5 K)`` for
  cooling, clipped to [1, 10] -- a simple model (cf. EN 15316-4-2 bin methods), not a product curve.
- Fans: specific fan power (SFP, W per m3/s; EN 13779 / EN 16798-3 classes in
  ``data/energy/systems_sfp.csv``) times the air flow. Pumps of hydronic systems: a fixed share of the
  heat/cold delivered (``pump_kwh_per_kwh``, estimate 0.02).

Example
-------
>>> sys = Systems.default(region="eu", usage="residential")
>>> res = final_energy({"heating": 5000.0, "lighting": 400.0}, sys)
>>> round(res.annual_by_carrier["electricity"])  # 5000 / SCOP 4.0 + 400 + pumps 0.02 x 5000
1750
"""
from __future__ import annotations

import dataclasses
import html
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .._data import read_csv
from ..errors import DataFileError, InputValueError
from ..results import Result, dict_html, html_table

__all__ = [
    "END_USES", "CARRIERS", "SYSTEM_KINDS", "SystemSpec", "Systems", "FinalEnergy", "system", "available_systems",
    "sfp_class", "fan_energy_kwh", "hourly_efficiency", "final_energy", "GCV_NCV_RATIO",
]

END_USES = ("heating", "cooling", "dhw", "lighting", "equipment", "fans", "pumps")
CARRIERS = ("electricity", "natural_gas", "oil", "lpg", "district_heat", "district_cold", "biomass", "coal",
            "solar_thermal")
SYSTEM_KINDS = ("combustion", "heat_pump", "chiller", "electric_resistance", "district")
_THERMAL = ("heating", "cooling", "dhw")
_ELECTRIC = ("lighting", "equipment", "fans", "pumps")

#: Gross / net calorific value ratios: the ceiling of a fuel-fired efficiency counted on NCV.
#: Natural gas 1.109, LPG 1.085, heating oil 1.06, wood pellets 1.08 (typical values, e.g. the
#: GCV/NCV conversion factors of EU Regulation 813/2013 Annex I and EN ISO 52000-1 Annex; estimates
#: for fuels of average composition).
GCV_NCV_RATIO = {"natural_gas": 1.109, "lpg": 1.085, "oil": 1.06, "biomass": 1.08, "coal": 1.05}

_COP_MAX = 10.0
_DT_MIN_K = 5.0


# ---------------------------------------------------------------------------------------------------
# one generator
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SystemSpec(Result):
    """One generator serving one end use.

    ``efficiency`` is useful energy out per final energy in (seasonal): e.g. 0.97 for a condensing gas
    boiler on NCV, 4.0 for a heat pump's SCOP. ``fuel_basis`` is ``"ncv"`` or ``"gcv"`` for fuels.
    ``sink_temp_c``/``ref_temp_c`` feed the temperature-dependent COP of heat pumps (see module doc).
    ``hydronic`` systems add pump electricity.
    """

    system_id: str
    end_use: str
    carrier: str
    kind: str
    efficiency: float
    metric: str = ""
    fuel_basis: str | None = None
    region: str = "any"
    hydronic: bool = False
    temperature_dependent: bool = False
    sink_temp_c: float = math.nan
    ref_temp_c: float = math.nan
    source: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        label = f"system {self.system_id!r} ({self.end_use})"
        if self.end_use not in _THERMAL:
            raise InputValueError(f"{label}: end_use must be one of {', '.join(_THERMAL)} (electric end uses need no generator)")
        if self.carrier not in CARRIERS:
            raise InputValueError(f"{label}: carrier {self.carrier!r} unknown; use one of {', '.join(CARRIERS)}")
        if self.kind not in SYSTEM_KINDS:
            raise InputValueError(f"{label}: kind {self.kind!r} unknown; use one of {', '.join(SYSTEM_KINDS)}")
        try:
            eff = float(self.efficiency)
        except (TypeError, ValueError):
            raise InputValueError(f"{label}: efficiency must be a number, got {self.efficiency!r}") from None
        object.__setattr__(self, "efficiency", eff)
        if not math.isfinite(eff) or eff <= 0:
            raise InputValueError(f"{label}: efficiency {eff!r} must be a positive number")
        basis = self.fuel_basis if self.fuel_basis else None
        object.__setattr__(self, "fuel_basis", basis)
        if self.kind == "combustion":
            if basis not in ("ncv", "gcv"):
                raise InputValueError(f"{label}: combustion systems need fuel_basis 'ncv' or 'gcv'")
            ceiling = GCV_NCV_RATIO.get(self.carrier, 1.11) if basis == "ncv" else 1.0
            if eff > ceiling + 1e-9:
                raise InputValueError(
                    f"{label}: efficiency {eff:g} on {basis.upper()} is non-physical; a boiler cannot deliver "
                    f"more than the fuel's gross calorific value, i.e. {ceiling:g} on {basis.upper()} "
                    f"(GCV/NCV of {self.carrier}); a 'boiler efficiency > 1' is only possible on NCV"
                )
        elif self.kind in ("electric_resistance", "district"):
            if eff > 1.0 + 1e-9:
                raise InputValueError(f"{label}: a {self.kind} generator cannot exceed efficiency 1 (got {eff:g})")
        elif eff > _COP_MAX:
            raise InputValueError(
                f"{label}: seasonal COP/EER {eff:g} above {_COP_MAX:g} is non-physical for building heat pumps "
                f"and chillers; check the metric (W/W, not Btu/Wh)"
            )
        for name in ("sink_temp_c", "ref_temp_c"):
            value = float(getattr(self, name)) if getattr(self, name) is not None else math.nan
            object.__setattr__(self, name, value)
            if math.isfinite(value) and not -40.0 <= value <= 90.0:
                raise InputValueError(f"{label}: {name}={value:g} C out of range [-40, 90]")
        if self.temperature_dependent and not (math.isfinite(self.sink_temp_c) and math.isfinite(self.ref_temp_c)):
            raise InputValueError(f"{label}: temperature_dependent needs sink_temp_c and ref_temp_c")

    def replace(self, **changes: Any) -> "SystemSpec":
        """A copy with fields replaced (validated again)."""
        return dataclasses.replace(self, **changes)

    # to_dict(): every field, NaN temperatures as None (bldgagent.results.Result)


@lru_cache(maxsize=1)
def _system_rows() -> tuple[dict[str, Any], ...]:
    frame = read_csv("energy/systems.csv", required=(
        "system_id", "end_use", "carrier", "kind", "efficiency", "metric", "fuel_basis", "region", "hydronic",
        "temperature_dependent", "sink_temp_c", "ref_temp_c", "source", "note"))
    rows = []
    for i, rec in enumerate(frame.to_dict("records"), start=2):
        rec = {k: (None if isinstance(v, float) and math.isnan(v) and k in ("fuel_basis", "note") else v)
               for k, v in rec.items()}
        if not isinstance(rec["source"], str) or not rec["source"].strip():
            raise DataFileError(f"energy/systems.csv line {i}: empty source")
        rec["line"] = i
        rows.append(rec)
    return tuple(rows)


def available_systems() -> pd.DataFrame:
    """The packaged generator table (one row per system and end use) with sources and notes."""
    return pd.DataFrame([{k: v for k, v in r.items() if k != "line"} for r in _system_rows()])


def system(system_id: str, end_use: str, **overrides: Any) -> SystemSpec:
    """A packaged generator by id and end use, e.g. ``system("gas_condensing_boiler_eu", "heating")``.

    ``overrides`` replace fields (``efficiency=0.95``...) and are validated.
    """
    rows = [r for r in _system_rows() if r["system_id"] == system_id and r["end_use"] == end_use]
    if not rows:
        ids = sorted({r["system_id"] for r in _system_rows() if r["end_use"] == end_use})
        raise InputValueError(f"no packaged system {system_id!r} for {end_use!r}; choose one of {', '.join(ids)}")
    r = rows[0]
    fields = dict(
        system_id=r["system_id"], end_use=r["end_use"], carrier=r["carrier"], kind=r["kind"],
        efficiency=float(r["efficiency"]), metric=str(r["metric"]), fuel_basis=r["fuel_basis"],
        region=str(r["region"]), hydronic=_bool(r["hydronic"]), temperature_dependent=_bool(r["temperature_dependent"]),
        sink_temp_c=_num(r["sink_temp_c"]), ref_temp_c=_num(r["ref_temp_c"]), source=str(r["source"]),
        note=str(r["note"] or ""),
    )
    try:
        base = SystemSpec(**fields)
    except InputValueError as exc:
        raise DataFileError(f"energy/systems.csv line {r['line']}: {exc}") from exc
    return base.replace(**overrides) if overrides else base


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def _num(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


# ---------------------------------------------------------------------------------------------------
# fans
# ---------------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _sfp_table() -> dict[str, tuple[float, float]]:
    frame = read_csv("energy/systems_sfp.csv", required=("sfp_class", "sfp_min_w_per_m3_s", "sfp_max_w_per_m3_s", "source"))
    return {r.sfp_class: (float(r.sfp_min_w_per_m3_s), float(r.sfp_max_w_per_m3_s)) for r in frame.itertuples()}


def sfp_class(name: str) -> float:
    """Upper limit of an SFP class in W/(m3/s), e.g. ``sfp_class("SFP3") == 1250`` (EN 13779 Table 9).

    SFP7 has no upper limit: its lower bound 4500 is returned.
    """
    table = _sfp_table()
    key = str(name).strip().upper().replace(" ", "")
    if key not in table:
        raise InputValueError(f"unknown SFP class {name!r}; use one of {', '.join(table)}")
    lo, hi = table[key]
    return lo if math.isnan(hi) else hi


def fan_energy_kwh(ventilation_m3_h: Any, sfp_w_per_m3_s: float) -> np.ndarray:
    """Fan electricity per hour, kWh: SFP [W/(m3/s)] x flow [m3/h] / 3600 / 1000 (vectorised)."""
    flow = np.asarray(ventilation_m3_h, dtype=float)
    if np.any(~np.isfinite(flow)) or np.any(flow < 0):
        raise InputValueError("ventilation_m3_h must be finite and >= 0 (air flow in m3/h)")
    if not 0 < sfp_w_per_m3_s <= 10000:
        raise InputValueError(f"sfp_w_per_m3_s={sfp_w_per_m3_s!r} outside (0, 10000] W/(m3/s)")
    return sfp_w_per_m3_s * flow / 3600.0 / 1000.0


# ---------------------------------------------------------------------------------------------------
# the building's systems
# ---------------------------------------------------------------------------------------------------
#: Default generators by (region, residential?). Design assumptions of bldgagent, not requirements.
_DEFAULTS = {
    ("cn", True): {"heating": ("split_ac_cn", "heating"), "cooling": ("split_ac_cn", "cooling"),
                   "dhw": ("electric_water_heater", "dhw")},
    ("cn", False): {"heating": ("gas_boiler_cn", "heating"), "cooling": ("chiller_water_cooled_cn", "cooling"),
                    "dhw": ("gas_water_heater_cn", "dhw")},
    ("eu", True): {"heating": ("air_water_hp", "heating"), "cooling": ("split_ac_eu", "cooling"),
                   "dhw": ("air_water_hp", "dhw")},
    ("eu", False): {"heating": ("air_water_hp", "heating"), "cooling": ("chiller_air_cooled", "cooling"),
                    "dhw": ("electric_water_heater", "dhw")},
}


@dataclass(frozen=True)
class Systems(Result):
    """The generators of a building and its fan/pump assumptions.

    ``heating``/``cooling``/``dhw`` may be None when the building has no such service (a demand for it
    is then an error). ``sfp_w_per_m3_s``: specific fan power of the ventilation (default 1250, the
    upper limit of class SFP3). ``pump_kwh_per_kwh``: pump electricity per kWh of heat/cold delivered
    by hydronic systems (estimate 0.02). ``dhw_solar_fraction``: share of the DHW heat from solar
    thermal collectors (reported as carrier ``solar_thermal``, on-site).
    """

    heating: SystemSpec | None = None
    cooling: SystemSpec | None = None
    dhw: SystemSpec | None = None
    sfp_w_per_m3_s: float = 1250.0
    pump_kwh_per_kwh: float = 0.02
    dhw_solar_fraction: float = 0.0
    label: str = ""

    def __post_init__(self) -> None:
        for end_use in _THERMAL:
            spec = getattr(self, end_use)
            if spec is not None and (not isinstance(spec, SystemSpec) or spec.end_use != end_use):
                raise InputValueError(f"Systems.{end_use} must be a SystemSpec for end use {end_use!r}, got {spec!r}")
        if not 0 < float(self.sfp_w_per_m3_s) <= 10000:
            raise InputValueError(f"sfp_w_per_m3_s={self.sfp_w_per_m3_s!r} outside (0, 10000] W/(m3/s)")
        if not 0 <= float(self.pump_kwh_per_kwh) <= 0.2:
            raise InputValueError(f"pump_kwh_per_kwh={self.pump_kwh_per_kwh!r} outside [0, 0.2]")
        if not 0 <= float(self.dhw_solar_fraction) <= 1:
            raise InputValueError(f"dhw_solar_fraction={self.dhw_solar_fraction!r} outside [0, 1]")

    @classmethod
    def default(cls, region: str = "cn", usage: str = "residential", **changes: Any) -> "Systems":
        """bldgagent's default systems for a region (``"cn"`` or ``"eu"``) and a usage category.

        China, dwellings: split heat-pump air conditioners (GB 21455-2019 grade 2) and an electric water
        heater; China, other: gas boiler, water-cooled chiller, gas water heater; Europe, dwellings:
        air-to-water heat pump for heating and DHW, split AC; Europe, other: air-to-water heat pump,
        air-cooled chiller, electric water heater. ``changes`` replace fields.
        """
        reg = str(region).strip().lower()
        reg = {"china": "cn", "chn": "cn", "europe": "eu", "eur": "eu"}.get(reg, reg)
        if reg not in ("cn", "eu"):
            raise InputValueError(f"region must be 'cn' or 'eu', got {region!r}")
        residential = str(usage).startswith("residential")
        specs = {k: system(*v) for k, v in _DEFAULTS[(reg, residential)].items()}
        return cls(**specs, label=f"default {reg} {'residential' if residential else 'non-residential'}").replace(**changes)

    def replace(self, **changes: Any) -> "Systems":
        """A copy with fields replaced; a string for heating/cooling/dhw names a packaged system."""
        for end_use in _THERMAL:
            if isinstance(changes.get(end_use), str):
                changes[end_use] = system(changes[end_use], end_use)
        return dataclasses.replace(self, **changes) if changes else self

    def _data(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in ("sfp_w_per_m3_s", "pump_kwh_per_kwh", "dhw_solar_fraction", "label")}
        for end_use in _THERMAL:
            out[end_use] = getattr(self, end_use)
        return out

    def _html_title(self) -> str:
        return f"Systems: {self.label or 'custom'}"

    def _html_body(self) -> str:
        rows = [{"end_use": e, **({"system_id": None} if getattr(self, e) is None else {
            k: getattr(getattr(self, e), k) for k in ("system_id", "carrier", "kind", "efficiency", "metric", "source")})}
            for e in _THERMAL]
        fans = {k: getattr(self, k) for k in ("sfp_w_per_m3_s", "pump_kwh_per_kwh", "dhw_solar_fraction")}
        return html_table(rows, ["end_use", "system_id", "carrier", "kind", "efficiency", "metric", "source"],
                          caption="Generators (seasonal efficiency or COP)") + dict_html(fans)


# ---------------------------------------------------------------------------------------------------
# conversion
# ---------------------------------------------------------------------------------------------------
def hourly_efficiency(spec: SystemSpec, temp_air_c: Any = None) -> np.ndarray | float:
    """Efficiency (COP) per hour of a generator at outdoor temperatures ``temp_air_c`` (deg C).

    Constant seasonal value unless the system is temperature dependent and temperatures are given;
    then the Carnot-shaped curve of the module doc, clipped to [1, 10].
    """
    if temp_air_c is None or not spec.temperature_dependent:
        return spec.efficiency
    t = np.asarray(temp_air_c, dtype=float)
    if np.any(~np.isfinite(t)) or np.any(t < -60) or np.any(t > 60):
        raise InputValueError("temp_air_c must be finite outdoor temperatures in deg C within [-60, 60]")
    sink_k = spec.sink_temp_c + 273.15
    if spec.end_use == "cooling":
        lift, lift_ref = t - spec.sink_temp_c, spec.ref_temp_c - spec.sink_temp_c
    else:
        lift, lift_ref = spec.sink_temp_c - t, spec.sink_temp_c - spec.ref_temp_c
    carnot = sink_k / np.maximum(lift, _DT_MIN_K)
    carnot_ref = sink_k / max(lift_ref, _DT_MIN_K)
    return np.clip(spec.efficiency * carnot / carnot_ref, 1.0, _COP_MAX)


@dataclass
class FinalEnergy(Result):
    """Final energy by end use and by carrier.

    ``by_end_use`` and ``by_carrier`` are hourly frames (kWh per hour) when hourly demands were given,
    one-row frames (kWh per year) otherwise. ``end_use_carrier`` maps end use -> carrier. The
    ``solar_thermal`` carrier is on-site solar heat, not purchased.
    """

    by_end_use: pd.DataFrame
    by_carrier: pd.DataFrame
    end_use_carrier: dict[str, str]
    demand_kwh: dict[str, float]
    efficiency: dict[str, float]
    systems: Systems
    hourly: bool
    notes: list[str] = field(default_factory=list)

    @property
    def annual_by_end_use(self) -> dict[str, float]:
        """kWh/year of final energy per end use."""
        return {k: float(v) for k, v in self.by_end_use.sum().items()}

    @property
    def annual_by_carrier(self) -> dict[str, float]:
        """kWh/year per carrier."""
        return {k: float(v) for k, v in self.by_carrier.sum().items()}

    @property
    def monthly_by_carrier(self) -> pd.DataFrame | None:
        """kWh per calendar month and carrier (hourly results with a DatetimeIndex only)."""
        if not self.hourly or not isinstance(self.by_carrier.index, pd.DatetimeIndex):
            return None
        month = (self.by_carrier.index - pd.Timedelta(minutes=30)).month
        return self.by_carrier.groupby(month).sum().rename_axis("month")

    @property
    def monthly_by_end_use(self) -> pd.DataFrame | None:
        """kWh per calendar month and end use (hourly results with a DatetimeIndex only)."""
        if not self.hourly or not isinstance(self.by_end_use.index, pd.DatetimeIndex):
            return None
        month = (self.by_end_use.index - pd.Timedelta(minutes=30)).month
        return self.by_end_use.groupby(month).sum().rename_axis("month")

    @property
    def electricity_kwh(self) -> np.ndarray:
        """The electricity carrier as an array (hourly or a single annual value)."""
        if "electricity" not in self.by_carrier:
            return np.zeros(len(self.by_carrier))
        return self.by_carrier["electricity"].to_numpy()

    def _data(self) -> dict[str, Any]:
        monthly = self.monthly_by_carrier
        return {
            "annual_by_end_use_kwh": self.annual_by_end_use,
            "annual_by_carrier_kwh": self.annual_by_carrier,
            "monthly_by_carrier_kwh": None if monthly is None else {c: monthly[c].to_numpy(float) for c in monthly},
            "end_use_carrier": dict(self.end_use_carrier),
            "demand_kwh": dict(self.demand_kwh),
            "mean_efficiency": dict(self.efficiency),
            "systems": self.systems,
            "hourly": self.hourly,
            "notes": list(self.notes),
        }

    def to_frame(self) -> pd.DataFrame:
        """Final energy by end use (columns ``end_use:carrier``), hourly or annual."""
        return self.by_end_use.rename(columns={k: f"{k}:{self.end_use_carrier[k]}" for k in self.by_end_use})

    def _html_title(self) -> str:
        return "Final energy"

    def _html_body(self) -> str:
        rows = [{"end_use": k, "carrier": self.end_use_carrier[k], "demand_kwh": self.demand_kwh.get(k),
                 "final_kwh": v} for k, v in self.annual_by_end_use.items()]
        carriers = [{"carrier": k, "final_kwh": v} for k, v in self.annual_by_carrier.items()]
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        return (html_table(rows, caption="Final energy by end use (per year)")
                + html_table(carriers, caption="By carrier (per year)") + (f"<ul>{notes}</ul>" if notes else ""))


def _as_demand(name: str, value: Any) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if arr.ndim > 1:
        raise InputValueError(f"demand {name!r} must be a number (kWh/year) or a 1-D array of hourly kWh")
    if np.any(~np.isfinite(arr)):
        raise InputValueError(f"demand {name!r} has NaN or infinite values; fill them before converting")
    if np.any(arr < 0):
        raise InputValueError(f"demand {name!r} has negative values; give heat and cold demand as positive kWh")
    return np.atleast_1d(arr)


def final_energy(
    demand_by_end_use_kwh: Mapping[str, Any],
    systems: Systems,
    temp_air_c: Any = None,
    *,
    ventilation_m3_h: Any = None,
    index: pd.DatetimeIndex | None = None,
) -> FinalEnergy:
    """Final energy by end use and carrier from demands by end use.

    ``demand_by_end_use_kwh`` maps end uses (:data:`END_USES`) to useful demand: all numbers (kWh per
    year; efficiencies are seasonal) or all 1-D arrays of the same length (kWh per hour, e.g. 8760).
    heating/cooling/dhw are useful heat/cold and pass through their generator (``demand / efficiency``;
    DHW minus the solar fraction first); lighting/equipment/fans/pumps are electricity already.
    ``ventilation_m3_h`` (outdoor-air flow of mechanical ventilation, m3/h, same shape) gives fan
    electricity via ``systems.sfp_w_per_m3_s`` when no ``fans`` demand is given. Pump electricity is
    added for hydronic generators unless a ``pumps`` demand is given. ``temp_air_c`` (hourly, deg C)
    switches on the temperature-dependent COP of heat pumps. ``index`` labels hourly rows (default:
    hour-ending 2023 timestamps when there are 8760 rows) and enables monthly totals.
    """
    if not isinstance(systems, Systems):
        raise InputValueError("systems must be a Systems instance, e.g. Systems.default(region='cn')")
    unknown = [k for k in demand_by_end_use_kwh if k not in END_USES]
    if unknown:
        raise InputValueError(f"unknown end use(s) {', '.join(map(repr, unknown))}; end uses are {', '.join(END_USES)}")
    demands = {k: _as_demand(k, v) for k, v in demand_by_end_use_kwh.items()}
    scalar_input = {k: np.ndim(v) == 0 for k, v in demand_by_end_use_kwh.items()}
    if ventilation_m3_h is not None:
        if "fans" in demands:
            raise InputValueError("give either a 'fans' demand or ventilation_m3_h, not both (fan energy would be counted twice)")
        demands["fans"] = fan_energy_kwh(np.atleast_1d(np.asarray(ventilation_m3_h, dtype=float)), float(systems.sfp_w_per_m3_s))
        scalar_input["fans"] = np.ndim(ventilation_m3_h) == 0
    if not demands:
        raise InputValueError("no demand given; pass e.g. {'heating': hourly_kwh, 'lighting': hourly_kwh}")
    hourly = not all(scalar_input.values())
    if hourly and any(scalar_input.values()):
        raise InputValueError(
            "mix of annual numbers and hourly arrays in the demand; give all end uses hourly (arrays of equal length) "
            "or all as annual kWh"
        )
    n = len(next(iter(demands.values())))
    if any(len(v) != n for v in demands.values()):
        raise InputValueError(f"hourly demands differ in length: { {k: len(v) for k, v in demands.items()} }")
    notes: list[str] = []
    temps = None
    if temp_air_c is not None:
        temps = np.atleast_1d(np.asarray(temp_air_c, dtype=float))
        if not hourly:
            notes.append("annual demands: temp_air_c ignored, seasonal efficiencies used")
            temps = None
        elif len(temps) != n:
            raise InputValueError(f"temp_air_c has {len(temps)} values but the demand has {n}")

    final: dict[str, np.ndarray] = {}
    carrier_of: dict[str, str] = {}
    extra: dict[str, np.ndarray] = {}
    efficiency: dict[str, float] = {}
    delivered_hydronic = np.zeros(n)
    for end_use in _THERMAL:
        if end_use not in demands:
            continue
        spec = getattr(systems, end_use)
        demand = demands[end_use]
        if spec is None:
            if np.any(demand > 0):
                raise InputValueError(f"there is a {end_use} demand but systems.{end_use} is None; choose a generator")
            continue
        if end_use == "dhw" and systems.dhw_solar_fraction > 0:
            extra["solar_thermal"] = demand * systems.dhw_solar_fraction
            demand = demand * (1.0 - systems.dhw_solar_fraction)
        eff = hourly_efficiency(spec, temps)
        final[end_use] = demand / eff
        carrier_of[end_use] = spec.carrier
        total_final = float(final[end_use].sum())
        efficiency[end_use] = float(demand.sum() / total_final) if total_final > 0 else float(np.mean(eff))
        if spec.hydronic:
            delivered_hydronic = delivered_hydronic + demands[end_use]
    for end_use in _ELECTRIC:
        if end_use in demands:
            final[end_use] = demands[end_use]
            carrier_of[end_use] = "electricity"
    if "pumps" not in demands and np.any(delivered_hydronic > 0) and systems.pump_kwh_per_kwh > 0:
        final["pumps"] = delivered_hydronic * systems.pump_kwh_per_kwh
        carrier_of["pumps"] = "electricity"
        notes.append(f"pump electricity = {systems.pump_kwh_per_kwh:g} x heat/cold delivered by hydronic generators (estimate)")

    if hourly:
        if index is None and n == 8760:
            from .profiles import hourly_index
            index = hourly_index(2023)
        if index is not None and len(index) != n:
            raise InputValueError(f"index has {len(index)} entries but the demand has {n}")
        rows_index = index if index is not None else pd.RangeIndex(n, name="hour")
    else:
        rows_index = pd.Index(["annual"])
    by_end_use = pd.DataFrame({k: final[k] for k in END_USES if k in final}, index=rows_index)
    by_carrier_dict: dict[str, np.ndarray] = {}
    for end_use, values in final.items():
        c = carrier_of[end_use]
        by_carrier_dict[c] = by_carrier_dict.get(c, 0.0) + values
    for c, values in extra.items():
        by_carrier_dict[c] = by_carrier_dict.get(c, 0.0) + values
    by_carrier = pd.DataFrame({c: by_carrier_dict[c] for c in CARRIERS if c in by_carrier_dict}, index=rows_index)
    demand_totals = {k: float(v.sum()) for k, v in demands.items()}
    return FinalEnergy(by_end_use=by_end_use, by_carrier=by_carrier, end_use_carrier=carrier_of,
                       demand_kwh=demand_totals, efficiency=efficiency, systems=systems, hourly=hourly, notes=notes)
