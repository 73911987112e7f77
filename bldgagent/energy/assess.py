"""Operational energy of a building model: :func:`assess_energy` (zones -> hourly thermal simulation -> end uses
-> systems -> carriers -> PV) and :func:`operational_carbon` (EN 15978 module B6 / GB/T 51366 operation phase).

>>> from bldgagent import load
>>> from bldgagent.energy import assess_energy, operational_carbon
>>> result = assess_energy(load("house.ifc"), "haikou")            # doctest: +SKIP
>>> result.to_dict()["by_carrier"]                                    # doctest: +SKIP
>>> operational_carbon(result, period_years=50).total_kgco2e          # doctest: +SKIP

End uses (kWh): ``heating`` and ``cooling`` are the ideal sensible loads of the zones (useful energy, set-point
held by an ideal convective system); ``cooling_latent`` the latent load of dehumidifying to 60 % RH in the hours
the cooling runs (zone moisture balance, :mod:`bldgagent.energy.moisture`; same generator as cooling);
``dhw`` the heat to warm the hot water of the usage profiles; ``lighting``
and ``equipment`` the profiles' electricity; ``fans`` the specific fan power times the mechanical outdoor air;
``pumps`` (final energy only) those of hydronic generators. Final energy by carrier follows
:func:`bldgagent.energy.systems.final_energy` (temperature-dependent COP of air-source units); on-site PV is netted
against electricity hour by hour (:func:`bldgagent.energy.pv.pv_self_consumption`).
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..checks import require_building
from ..completeness import annotate, completeness
from ..errors import InputValueError
from ..model import Building, Diagnostics
from ..results import Result, format_number, frame_html, html_table, jsonable
from .profiles import hourly_index
from .options import EnergyOptions
from .systems import END_USES, FinalEnergy, Systems, final_energy
from .thermal import OperativeResult, ThermalResult, simulate
from .zoning import Zoning, zones_from_building

__all__ = ["EnergyResult", "assess_energy", "with_systems", "operational_carbon", "weather_for", "DEMAND_END_USES"]

#: End uses with a useful demand computed here (pumps appear in final energy only).
DEMAND_END_USES = ("heating", "cooling", "cooling_latent", "dhw", "lighting", "equipment", "fans")
_PROVINCE_GRID = {  # nearest packaged place -> provincial grid of bldgagent.lca.grid
    "Haikou": "CN-HI", "Qionghai": "CN-HI", "Dongfang": "CN-HI", "Guangzhou": "CN-GD", "Shantou": "CN-GD",
    "Beijing": "CN-BJ", "Shanghai": "CN-SH", "Tianjin": "CN-TJ", "Chongqing": "CN-CQ", "Harbin": "CN-HL",
    "Changchun": "CN-JL", "Shenyang": "CN-LN", "Urumqi": "CN-XJ", "Hohhot": "CN-NM", "Xining": "CN-QH",
    "Jinan": "CN-SD", "Xi'an": "CN-SN", "Taiyuan": "CN-SX", "Lanzhou": "CN-GS", "Yinchuan": "CN-NX",
    "Zhengzhou": "CN-HA", "Nanjing": "CN-JS", "Hangzhou": "CN-ZJ", "Wuhan": "CN-HB", "Changsha": "CN-HN",
    "Chengdu": "CN-SC", "Hefei": "CN-AH", "Nanchang": "CN-JX", "Fuzhou": "CN-FJ", "Xiamen": "CN-FJ",
    "Nanning": "CN-GX", "Kunming": "CN-YN", "Guiyang": "CN-GZ", "Lijiang": "CN-YN",
}


def weather_for(building: Building | None, climate=None, *, seed: int = 0):
    """The weather of an assessment: ``climate`` as :func:`bldgagent.climate.load_weather` understands it, or,
    when None, the synthetic year of the packaged place nearest to the building's site (the weather's
    ``nearest_place`` diagnostic names it)."""
    from ..climate import load_weather

    if climate is not None:
        return load_weather(climate, seed=seed)
    site = building.site if building is not None else None
    if site is None or site.latitude_deg is None or site.longitude_deg is None:
        raise InputValueError(
            f"{(building.source_path or building.name) if building is not None else 'building'}: no climate given and "
            "the site has no latitude/longitude; pass climate= (on the command line: --climate) a packaged place "
            "('haikou', see bldgagent.climate.list_places()), an EPW path or a Weather, or set "
            "IfcSite RefLatitude/RefLongitude")
    return load_weather(site, seed=seed)


@dataclass
class EnergyResult(Result):
    """Operational energy of a building over a weather year (see the module docstring for the end uses).

    ``demand`` hourly kWh per end use (:data:`DEMAND_END_USES`), ``final`` the :class:`FinalEnergy` by end use and
    carrier (before PV), ``thermal`` the hourly zone results, ``zoning`` the zones and their records,
    ``free_running_thermal`` the free-running building's hourly operative temperatures when asked for, ``pv`` /
    ``pv_balance`` the PV yield and its hourly netting. Annual and monthly figures, peaks, per-m2 values and the
    zones' operative temperatures are derived properties.
    """

    building_name: str | None
    weather: Any
    zoning: Zoning
    thermal: ThermalResult
    demand: pd.DataFrame
    final: FinalEnergy
    systems: Systems
    pv: Any = None
    pv_balance: Any = None
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    settings: dict[str, Any] = field(default_factory=dict)
    free_running_thermal: OperativeResult | None = field(default=None, repr=False)   # its operative temperatures
    moisture: Any = field(default=None, repr=False)   # MoistureResult of the zones, None when switched off
    #: The area every building-level per-m2 figure is divided by (:func:`energy_reference_area`): the carbon engine's
    #: gross floor area, so "kWh/m2" means the same in `energy`, `assess` and `carbon`; empty: the zones' net area.
    reference_area: dict[str, Any] = field(default_factory=dict, repr=False)

    # --- totals ------------------------------------------------------------------------------------
    @property
    def floor_area_m2(self) -> float:
        """Net floor area of the zoned rooms (m2), the reference area of the per-m2 values."""
        return self.zoning.floor_area_m2

    @property
    def reference_area_m2(self) -> float:
        """The area of the per-m2 figures (m2): :attr:`reference_area`'s value, else :attr:`floor_area_m2`."""
        return self.reference_area.get("value_m2") or self.floor_area_m2

    def _reference_area(self) -> dict[str, Any]:
        if self.reference_area:
            return dict(self.reference_area)
        return {"name": NET_REFERENCE_AREA, "value_m2": self.floor_area_m2, "source": "thermal zones"}

    @property
    def annual_demand_kwh(self) -> dict[str, float]:
        return {k: float(self.demand[k].sum()) for k in DEMAND_END_USES}

    @property
    def heating_kwh(self) -> float:
        return float(self.demand["heating"].sum())

    @property
    def cooling_kwh(self) -> float:
        return float(self.demand["cooling"].sum())

    @property
    def by_end_use(self) -> dict[str, dict[str, Any]]:
        """Per end use: useful ``demand_kwh``, ``final_kwh`` and ``carrier``."""
        fin = self.final.annual_by_end_use
        out: dict[str, dict[str, Any]] = {}
        for k in (*END_USES[:2], "cooling_latent", *END_USES[2:]):
            if k not in fin and k not in DEMAND_END_USES:
                continue
            out[k] = {"demand_kwh": float(self.demand[k].sum()) if k in self.demand else None,
                      "final_kwh": float(fin.get(k, 0.0)), "carrier": self.final.end_use_carrier.get(k)}
        return out

    @property
    def by_carrier(self) -> dict[str, float]:
        """Annual final energy per carrier (kWh), electricity net of on-site PV (negative = net export)."""
        out = dict(self.final.annual_by_carrier)
        if self.pv_balance is not None:
            b = self.pv_balance
            out["electricity"] = float(np.sum(b.imported_kwh) - np.sum(b.exported_kwh))
        return out

    @property
    def peaks_kw(self) -> dict[str, float]:
        """Peak hourly building loads, kW: heating, cooling (sum over zones, coincident) and electricity (final)."""
        return {"heating_kw": float(self.demand["heating"].max()), "cooling_kw": float(self.demand["cooling"].max()),
                "electricity_kw": float(np.max(self.final.electricity_kwh)) if len(self.final.electricity_kwh) else 0.0}

    @property
    def monthly(self) -> pd.DataFrame:
        """kWh per calendar month (1-12): demand per end use and final energy per carrier (``final:<carrier>``)."""
        month = (self.demand.index - pd.Timedelta(minutes=30)).month
        dem = self.demand.groupby(month).sum()
        fin = self.final.by_carrier.groupby(month).sum().add_prefix("final:")
        out = pd.concat([dem, fin], axis=1).rename_axis("month")
        if self.pv is not None:
            out["pv_ac"] = pd.Series(self.pv.ac_kwh, index=self.demand.index).groupby(month).sum()
        return out

    def per_m2(self) -> dict[str, float]:
        """Annual kWh per m2 of :attr:`reference_area_m2` (the gross floor area, as the carbon engine's per-m2 figures;
        :attr:`reference_area` names it): demand per end use and final energy per carrier."""
        a = self.reference_area_m2
        out = {f"{k}_kwh_m2": v / a for k, v in self.annual_demand_kwh.items()}
        out.update({f"final_{k}_kwh_m2": v / a for k, v in self.by_carrier.items()})
        return out

    # --- zones -------------------------------------------------------------------------------------
    @property
    def zone_spaces(self) -> dict[str, list[str]]:
        """Zone name -> GlobalIds of its spaces (the health engine's room <-> zone mapping)."""
        return self.zoning.zone_spaces

    @property
    def zone_operative_c(self) -> pd.DataFrame:
        """Hourly operative temperature (deg C), 8760 rows x one column per zone."""
        return pd.DataFrame(self.thermal.operative_temp_c.T, index=self.thermal.index, columns=self.thermal.zone_names)

    @property
    def zone_air_c(self) -> pd.DataFrame:
        """Hourly air temperature (deg C) per zone."""
        return pd.DataFrame(self.thermal.air_temp_c.T, index=self.thermal.index, columns=self.thermal.zone_names)

    @property
    def space_operative_c(self) -> pd.DataFrame:
        """Hourly operative temperature per space GlobalId (each space gets its zone's temperature)."""
        op = self.zone_operative_c
        cols = {sid: op[z].to_numpy() for z, sids in self.zone_spaces.items() for sid in sids}
        return pd.DataFrame(cols, index=op.index)

    def zones_frame(self) -> pd.DataFrame:
        """Annual figures per zone: area, heating/cooling kWh and kWh/m2, peaks kW, operative min/max, hours of
        operative temperature above 26 and 28 C."""
        t = self.thermal
        op = t.operative_temp_c
        rows = []
        for i, r in enumerate(self.zoning.records):
            rows.append({
                "zone": r.name, "spaces": ", ".join(r.space_names), "usage": r.usage, "floor_area_m2": r.floor_area_m2,
                "heating_kwh": float(t.heating_w[i].sum() / 1000), "cooling_kwh": float(t.cooling_w[i].sum() / 1000),
                "heating_kwh_m2": float(t.heating_w[i].sum() / 1000 / r.floor_area_m2),
                "cooling_kwh_m2": float(t.cooling_w[i].sum() / 1000 / r.floor_area_m2),
                "peak_heating_kw": float(t.heating_w[i].max() / 1000), "peak_cooling_kw": float(t.cooling_w[i].max() / 1000),
                "min_operative_c": float(op[i].min()), "max_operative_c": float(op[i].max()),
                "hours_operative_above_26c": int((op[i] > 26.0).sum()), "hours_operative_above_28c": int((op[i] > 28.0).sum()),
            })
        return pd.DataFrame(rows)

    # --- output ------------------------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """Hourly kWh: demand per end use, final energy per carrier (``final:<carrier>``), PV (``pv_ac``)."""
        out = pd.concat([self.demand, self.final.by_carrier.add_prefix("final:")], axis=1)
        if self.pv is not None:
            out["pv_ac"] = self.pv.ac_kwh
        return out

    def to_dict(self, hourly: bool = False) -> dict[str, Any]:
        """JSON-ready results: annual/monthly kWh by end use and carrier, per m2, peaks, PV, zones, diagnostics.

        ``hourly=True`` adds the hourly demand per end use and the zones' operative temperatures (lists).
        """
        return jsonable(self._data(hourly))

    def _data(self, hourly: bool = False) -> dict[str, Any]:
        monthly = self.monthly
        zones = self.zones_frame().to_dict(orient="records")
        for z, r in zip(zones, self.zoning.records):
            z["space_ids"] = list(r.space_ids)
        out = {
            "building": self.building_name,
            "heating_kwh": self.heating_kwh, "cooling_kwh": self.cooling_kwh,
            "floor_area_m2": self.floor_area_m2,
            "by_end_use": self.by_end_use,
            "by_carrier": self.by_carrier,
            "per_m2": self.per_m2(),
            "reference_area": self._reference_area(),
            "peaks_kw": self.peaks_kw,
            "monthly": {c: monthly[c].to_numpy(dtype=float) for c in monthly.columns},
            "pv": None if self.pv is None else {
                "kwp": self.pv.kwp, "annual_ac_kwh": self.pv.annual_ac_kwh,
                "specific_yield_kwh_kwp": self.pv.specific_yield_kwh_kwp, **self.pv_balance.to_dict(),
                "settings": self.settings.get("pv", {})},
            "zones": zones,
            "coverage": self.zoning.coverage,
            "location": self.zoning.location.to_dict(),
            "weather": {"name": self.weather.name, "source": self.weather.source,
                        "latitude_deg": float(self.weather.latitude_deg),
                        "longitude_deg": float(self.weather.longitude_deg),
                        "elevation_m": float(self.weather.elevation_m)},
            "systems": self.systems,
            "settings": {k: v for k, v in self.settings.items() if k != "pv"},
            "cooling_latent_kwh": float(self.demand["cooling_latent"].sum()),
            "moisture": None if self.moisture is None else self.moisture.to_dict(),
            "latent_gains_kwh": float(self.zoning.loads["latent_w"].sum() / 1000) if "latent_w" in self.zoning.loads else 0.0,
            "diagnostics": self.diagnostics,
        }
        if hourly:
            out["hourly"] = {k: self.demand[k].to_numpy(dtype=float) for k in self.demand.columns}
            out["zone_operative_c"] = {z: np.round(np.asarray(col, dtype=float), 3) for z, col in
                                       zip(self.thermal.zone_names, self.thermal.operative_temp_c)}
        return out

    def _html_title(self) -> str:
        return "EnergyResult"

    def _html_body(self) -> str:
        a = self.reference_area_m2
        peaks = self.peaks_kw
        ref = self._reference_area()
        head = (f"<p>{html.escape(str(self.building_name))}: {len(self.zoning)} zones, "
                f"{format_number(self.floor_area_m2, 'm²')} net floor area; per m² of the "
                f"{html.escape(ref['name'])} {format_number(a, 'm²')}, "
                f"weather {html.escape(self.weather.source)}<br>heating {format_number(self.heating_kwh, 'kWh')} "
                f"({format_number(self.heating_kwh / a if a else None, 'kWh/m²')}), cooling "
                f"{format_number(self.cooling_kwh, 'kWh')} "
                f"({format_number(self.cooling_kwh / a if a else None, 'kWh/m²')}), latent cooling "
                f"{format_number(float(self.demand['cooling_latent'].sum()), 'kWh')}; peaks heating "
                f"{format_number(peaks['heating_kw'], 'kW')}, cooling {format_number(peaks['cooling_kw'], 'kW')}</p>")
        uses = [{"end_use": k, "demand_kwh": v["demand_kwh"], "final_kwh": v["final_kwh"], "carrier": v["carrier"]}
                for k, v in self.by_end_use.items()]
        carriers = [{"carrier": k, "final_kwh": v} for k, v in self.by_carrier.items()]
        return (head + html_table(uses, caption="By end use (per year)")
                + html_table(carriers, caption="By carrier (per year, PV netted; negative = net export)")
                + frame_html(self.zones_frame(), caption="Zones"))

    def __repr__(self) -> str:
        return (f"EnergyResult({self.building_name!r}, {len(self.zoning)} zones, {self.floor_area_m2:.0f} m2, heating "
                f"{self.heating_kwh:,.0f} kWh, cooling {self.cooling_kwh:,.0f} kWh)")


def _systems(systems, location, usage: str) -> Systems:
    if isinstance(systems, Systems):
        return systems
    base = Systems.default(region=location.region, usage=usage)
    if systems is None:
        return base
    if isinstance(systems, str):
        return Systems.default(region=systems, usage=usage)
    if isinstance(systems, Mapping):
        return base.replace(**dict(systems))
    raise InputValueError("systems must be a Systems, a region ('cn'/'eu'), a dict of replacements such as "
                          "{'heating': 'air_water_hp'}, or None")


def _pv(pv, weather, zoning: Zoning, demand_index) -> tuple[Any, dict]:
    from ..climate.solar import surface_irradiance
    from .pv import pv_generation

    spec = dict(pv)
    lat = float(weather.latitude_deg)
    tilt = float(spec.pop("tilt_deg", min(abs(lat), 30.0)))
    azimuth = float(spec.pop("azimuth_deg", 180.0 if lat >= 0 else 0.0))
    albedo = float(spec.pop("albedo", 0.2))
    if "roof_fraction" in spec:
        frac = float(spec.pop("roof_fraction"))
        if not 0 < frac <= 1:
            raise InputValueError(f"pv roof_fraction={frac!r} must lie in (0, 1]")
        roof = zoning.coverage.get("roof", {}).get("assigned_m2", 0.0)
        if roof <= 0:
            raise InputValueError("pv roof_fraction given but the zones have no roof area; give kwp or area_m2")
        spec["area_m2"] = frac * roof
    si = surface_irradiance(weather, tilt, azimuth, albedo=albedo)
    poa = (si.direct + si.sky_diffuse + si.ground)[0]
    wind = weather.data["wind_speed_m_s"].to_numpy(dtype=float) if "wind_speed_m_s" in weather.data else 1.0
    try:
        res = pv_generation(poa, weather.data["temp_air_c"].to_numpy(dtype=float), np.nan_to_num(wind, nan=1.0),
                            index=demand_index, **spec)
    except TypeError as exc:
        raise InputValueError(f"pv: {exc}; keys: kwp or area_m2 or roof_fraction, tilt_deg, azimuth_deg, albedo, "
                              "module_efficiency, system_losses, inverter_efficiency, dc_ac_ratio, gamma_pdc, "
                              "mounting, temperature_model") from None
    return res, {"tilt_deg": tilt, "azimuth_deg": azimuth, "albedo": albedo, **{k: v for k, v in spec.items()}}


def assess_energy(
    building: Building,
    climate=None,
    *,
    options: EnergyOptions | Mapping[str, Any] | None = None,
    free_running: bool = False,
    natural_ventilation: bool | Mapping[str, Any] = False,
    with_free_running: bool = False,
    seed: int = 0,
    systems=None,
    pv: Mapping[str, Any] | None = None,
    zoning: str | None = None,
    year: int | None = None,
    standard: str | None = None,
    country: str | None = None,
    climate_zone: str | None = None,
    usage: str | None = None,
    overrides: Mapping[str, Any] | None = None,
    zone_overrides: Mapping[str, Mapping[str, Any]] | None = None,
    surfaces: Mapping[str, Mapping[str, Any]] | None = None,
    windows: Mapping[str, Any] | None = None,
    window_defaults: Mapping[str, Any] | None = None,
    profile_overrides: Mapping[str, Any] | None = None,
    simulate_options: Mapping[str, Any] | None = None,
    zones: Zoning | None = None,
) -> EnergyResult:
    """Hourly operational energy of ``building`` over a weather year.

    Parameters
    ----------
    climate : None (synthetic year of the packaged place nearest to the site), a place name (``"haikou"``), an
        ``.epw`` path or a :class:`~bldgagent.climate.Weather`.
    options : an :class:`~bldgagent.energy.options.EnergyOptions` (or a dict of its fields): zoning, profiles,
        overrides, systems, PV. The same fields may be given one by one (they take precedence):
    systems : None (``Systems.default`` for the region and the main usage), a :class:`Systems`, a region
        (``"cn"``/``"eu"``) or replacements (``{"heating": "air_water_hp"}``).
    pv : None, or ``{"kwp": 10}`` / ``{"area_m2": 50}`` / ``{"roof_fraction": 0.5}`` plus optional ``tilt_deg``
        (default min(|latitude|, 30)), ``azimuth_deg`` (equator-facing), ``albedo`` and
        :func:`bldgagent.energy.pv.pv_generation` parameters.
    zoning, standard, country, climate_zone, usage, overrides, zone_overrides, surfaces, windows, window_defaults,
    profile_overrides : see :func:`bldgagent.energy.zoning.zones_from_building`.
    year : calendar year of the usage schedules (weekdays, default the weather's year).
    simulate_options : keyword arguments of :func:`bldgagent.energy.thermal.simulate` (``substeps``, ``terrain``...).
    free_running : no heating or cooling: temperatures only (e.g. for overheating checks).
    natural_ventilation : open windows by the CIBSE TM59 rule (see :mod:`bldgagent.energy.ventilation`); with
        ``free_running`` the building has no heating or cooling, otherwise it runs in mixed mode (windows first,
        heating/cooling only in the hours they do not suffice). A dict passes ``openable_fraction``,
        ``open_above_c`` or ``passes``.
    with_free_running : also give the free-running building (no heating or cooling, windows by the TM59 rule) of
        the same zones as :attr:`EnergyResult.free_running_thermal`; free of charge in mixed mode, one window
        simulation otherwise. The health engine's overheating risk reads it.
    seed : seed of synthetic weather years.
    zones : the :class:`~bldgagent.energy.zoning.Zoning` of ``building`` under these options and ``free_running``,
        already made (a variant loop makes it from a kept :class:`~bldgagent.energy.zoning.ZonePlan`); None: zoned
        here. Its zones become the operated ones (the object is not reused). Refused (InputValueError) when its hours
        are not the weather's.
    """
    require_building(building, "assess_energy")
    opts = EnergyOptions.coerce(
        options, systems=systems, pv=pv, zoning=zoning, year=year, standard=standard, country=country,
        climate_zone=climate_zone, usage=usage, overrides=overrides, zone_overrides=zone_overrides, surfaces=surfaces,
        windows=windows, window_defaults=window_defaults, profile_overrides=profile_overrides,
        simulate_options=simulate_options).under(building.energy_options)
    weather = weather_for(building, climate, seed=seed)
    diagnostics = Diagnostics()
    diagnostics.extend(weather.diagnostics)
    index = weather.data.index
    prof_index = index if opts.year is None else hourly_index(int(opts.year), tz=weather.tz_hours)
    if len(prof_index) != len(index):
        raise InputValueError(f"weather {weather.name!r} has {len(index)} hours; the schedules need {len(prof_index)}")
    if zones is None:
        zones = zones_from_building(building, index=prof_index, weather=weather, free_running=free_running,
                                    **opts.zoning_kwargs())
    elif not isinstance(zones, Zoning) or len(zones.index) != len(index):
        raise InputValueError(f"assess_energy(zones=...): expected the Zoning of the building over the weather's "
                              f"{len(index)} hours, got {type(zones).__name__}; pass zones=None to zone it here")
    diagnostics.extend(zones.diagnostics)
    thermal, free_thermal, ventilation_info = _simulate_operation(
        zones, weather, opts, free_running, natural_ventilation, with_free_running, diagnostics)
    moisture = None if opts.moisture is False else _moisture(zones, thermal, weather, opts.moisture)
    demand, final, sysd, main_usage = _end_uses(zones, thermal, weather, opts.systems, moisture)
    pv_res = balance = None
    settings: dict[str, Any] = {"zoning": zones.zoning, "free_running": bool(free_running),
                                "climate": weather.source, "standard": opts.standard, "seed": int(seed),
                                "year": int(opts.year) if opts.year is not None else int(index[0].year),
                                "main_usage": main_usage, "simulate": dict(opts.simulate_options or {}),
                                "natural_ventilation": ventilation_info}
    if opts.pv:
        from .pv import pv_self_consumption

        pv_res, pv_settings = _pv(opts.pv, weather, zones, index)
        balance = pv_self_consumption(final.electricity_kwh, pv_res.ac_kwh, index=index)
        settings["pv"] = pv_settings
    for note in final.notes:
        diagnostics.add("info", "systems_note", note)
    result = EnergyResult(building.name, weather, zones, thermal, demand, final, sysd, pv_res, balance, diagnostics,
                          settings, free_running_thermal=free_thermal, moisture=moisture,
                          reference_area=energy_reference_area(building, zones.floor_area_m2))
    return annotate(result, completeness(building, zones), "energy")   # what the model lacks, first


def with_systems(result: EnergyResult, *, systems=None, pv: Mapping[str, Any] | None = None) -> EnergyResult:
    """``result`` with other systems and/or PV: the zones and their simulation are reused, since the zones' ideal
    loads and temperatures do not depend on the plant that meets them. Equal to a fresh :func:`assess_energy` with
    these ``systems``/``pv`` and the original zones and scenario."""
    zones, weather, index = result.zoning, result.weather, result.weather.data.index
    demand, final, sysd, _ = _end_uses(zones, result.thermal, weather, systems, result.moisture)
    diagnostics = Diagnostics(d for d in result.diagnostics if d.code != "systems_note")
    settings = {k: v for k, v in result.settings.items() if k != "pv"}
    pv_res = balance = None
    if pv:
        from .pv import pv_self_consumption

        pv_res, settings["pv"] = _pv(pv, weather, zones, index)
        balance = pv_self_consumption(final.electricity_kwh, pv_res.ac_kwh, index=index)
    for note in final.notes:
        diagnostics.add("info", "systems_note", note)
    return EnergyResult(result.building_name, weather, zones, result.thermal, demand, final, sysd, pv_res, balance,
                        diagnostics, settings, free_running_thermal=result.free_running_thermal,
                        moisture=result.moisture, reference_area=dict(result.reference_area))


#: Name of the fallback reference area of energy per-m2 figures (no credible gross floor area in the model).
NET_REFERENCE_AREA = "net floor area of the thermal zones (no credible gross floor area)"


def energy_reference_area(building: Building, zones_floor_area_m2: float) -> dict[str, Any]:
    """The reference area of the energy per-m2 figures, ``{"name", "value_m2", "source", "why_not_gross"}``: the
    gross floor area the carbon engine divides by (:func:`bldgagent.lca.sanity.reference_area`, ISO 9836), so one
    quantity has one reference in every output (issue 11, item 10); the zones' net floor area, named as such, when
    the model has no credible gross floor area."""
    from ..lca.assess import gross_floor_area
    from ..lca.sanity import reference_area

    scratch = Diagnostics()
    gfa, source = gross_floor_area(building, None, scratch)
    ref = reference_area(gfa, source, building, scratch)
    if ref["value_m2"]:
        return {"name": ref["name"], "value_m2": float(ref["value_m2"]), "source": source, "why_not_gross": None}
    return {"name": NET_REFERENCE_AREA, "value_m2": float(zones_floor_area_m2), "source": "thermal zones",
            "why_not_gross": ref["why_no_intensity"]}


def _simulate_operation(zones: Zoning, weather, opts: EnergyOptions, free_running: bool, natural_ventilation,
                        with_free_running: bool, diagnostics: Diagnostics):
    """The operated simulation of ``zones`` and, when asked, the free-running one:
    ``(thermal, free_running_thermal or None, ventilation info or None)``. ``zones.zones`` become the operated
    zones (window air flows included)."""
    from .ventilation import simulate_with_windows

    sim_kw = dict(opts.simulate_options or {})
    if opts.horizon:
        sim_kw.setdefault("horizon", opts.horizon)
    # the model's/options' window parameters (openable share, night ventilation), the argument's on top
    window_options = {**(opts.natural_ventilation if isinstance(opts.natural_ventilation, Mapping) else {}),
                      **(natural_ventilation if isinstance(natural_ventilation, Mapping) else {})}
    if not natural_ventilation:
        # the free-running run first, kept as its operative temperatures, so that one run's hourly rows at a time
        # are held (the two runs are independent)
        free = OperativeResult.from_thermal(simulate_with_windows(zones, weather, simulate_options=sim_kw,
                                                                    **window_options)[0]) \
            if with_free_running else None
        thermal = simulate(zones.zones, weather, **sim_kw)
        diagnostics.extend(thermal.diagnostics)
        return thermal, free, None
    thermal, zones.zones, info, free = simulate_with_windows(
        zones, weather, mixed_mode=not free_running, simulate_options=sim_kw, keep_free_running="operative",
        **window_options)
    diagnostics.extend(thermal.diagnostics)
    for record, low in zip(zones.records, info["open_area_below_gb50096"]):
        if low and record.usage.startswith("residential"):
            diagnostics.add("info", "openable_area_small",
                            "openable window area below 1/20 of the floor area (GB 50096-2011 cl. 7.2.4)", record.name)
    return thermal, (free if with_free_running else None), info


def _moisture(zones: Zoning, thermal: ThermalResult, weather, options):
    """The zones' moisture balance (:func:`bldgagent.energy.moisture.zone_moisture`)."""
    from .moisture import zone_moisture

    return zone_moisture(zones, thermal, weather, options)


def _end_uses(zones: Zoning, thermal: ThermalResult, weather, systems,
              moisture=None) -> tuple[pd.DataFrame, FinalEnergy, Systems, str]:
    """Hourly demand per end use (kWh), final energy by the systems (the latent cooling of ``moisture`` through
    the cooling generator), the systems and the main usage."""
    index = weather.data.index
    loads = zones.loads
    demand = pd.DataFrame({
        "heating": thermal.heating_w.sum(axis=0) / 1000.0,
        "cooling": thermal.cooling_w.sum(axis=0) / 1000.0,
        "cooling_latent": moisture.latent_kwh if moisture is not None else np.zeros(len(index)),
        "dhw": loads["dhw_w"].sum(axis=0) / 1000.0,
        "lighting": loads["lighting_w"].sum(axis=0) / 1000.0,
        "equipment": loads["equipment_w"].sum(axis=0) / 1000.0,
    }, index=index)
    mech = loads["mechanical_ventilation_m3_h"].sum(axis=0)
    areas: dict[str, float] = {}
    for r in zones.records:
        areas[r.usage] = areas.get(r.usage, 0.0) + r.floor_area_m2
    main_usage = max(areas, key=areas.get)
    sysd = _systems(systems, zones.location, main_usage if main_usage != "mixed" else "office")
    need = {k: demand[k].to_numpy() for k in ("heating", "cooling", "dhw", "lighting", "equipment")}
    for k in ("heating", "cooling", "dhw"):
        if getattr(sysd, k) is None and not np.any(need[k] > 0):
            need.pop(k)
    final = final_energy(need, sysd, weather.data["temp_air_c"].to_numpy(dtype=float), ventilation_m3_h=mech,
                         index=index)
    if moisture is not None:
        from .moisture import latent_final

        final = latent_final(final, demand["cooling_latent"].to_numpy(), sysd,
                             weather.data["temp_air_c"].to_numpy(dtype=float), index)
    demand["fans"] = final.by_end_use["fans"].to_numpy() if "fans" in final.by_end_use else 0.0
    return demand, final, sysd, main_usage


def default_grid(location) -> str:
    """Grid region of :mod:`bldgagent.lca.grid` for the SITE of a location (``site_country``, not the weather file's
    place): the province of the packaged Chinese place nearest the site, else
    :func:`bldgagent.lca.grid.grid_for_country` (national factor, EU-27 for European countries without one, else
    the world average; :func:`grid_choice` gives the warning that goes with a fallback)."""
    return grid_choice(location).region


def grid_choice(location):
    """:class:`bldgagent.lca.grid.GridChoice` of a location's site (see :func:`default_grid`)."""
    from ..lca.grid import GridChoice, grid_for_country

    country = getattr(location, "site_country", None) or location.country
    if country == "CHN":
        place = getattr(location, "site_place", None) or location.place
        return GridChoice(_PROVINCE_GRID.get(place or "", "CN"), country)
    return grid_for_country(country)


def operational_carbon(energy_result: EnergyResult, period_years: int = 50, start_year: int | None = None, *,
                       grid: str | None = None, trajectory: Any = "static",
                       carrier_factors: Mapping[str, float] | None = None):
    """B6 (EN 15978) / operation phase (GB/T 51366) of an :class:`EnergyResult`: annual final energy by carrier
    (electricity net of PV over the year: the GB/T 51366 reading, which deducts exports; for the EN 15978 split
    into imports in B6 and exports in module D use :func:`bldgagent.assess`) x the factor of each year, summed over
    the study period, through :func:`bldgagent.lca.operational.b6`. ``grid`` defaults to the site's region
    (:func:`default_grid`); ``solar_thermal`` (on-site heat) carries no factor and is left out."""
    from ..lca.operational import b6

    carriers = {k: v for k, v in energy_result.by_carrier.items() if k != "solar_thermal"}
    region = grid or default_grid(energy_result.zoning.location)
    return b6(carriers, period_years=period_years, start_year=start_year, grid=region, trajectory=trajectory,
              carrier_factors=carrier_factors)
