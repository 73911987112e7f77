"""The whole assessment of a building: energy, whole-life carbon with B6, and health, in one call.

    import bldgagent
    a = bldgagent.assess(bldgagent.load("model.ifc"), climate="haikou")
    a.headline()          # the numbers a client asks for first
    a.to_dict()           # JSON-ready: building, energy, carbon, health
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .checks import require_building, require_number
from .completeness import Completeness, annotate, completeness
from .errors import NoZonesError
from .model import Building, Diagnostics
from .progress import Stages
from .results import Result, dict_html
from .summary import building_summary


@dataclass
class Assessment(Result):
    """Energy (:class:`~bldgagent.energy.EnergyResult`), carbon (:class:`~bldgagent.lca.CarbonResult`, B6 from
    the energy result) and health (:class:`~bldgagent.health.building.HealthAssessment`) of one building."""

    building: Building
    energy: Any
    carbon: Any
    health: Any | None
    settings: dict[str, Any] = field(default_factory=dict)
    completeness: Completeness | None = None
    #: What the assessment itself left out (e.g. ``health_not_assessed`` when the model has no occupied room).
    notes: Diagnostics = field(default_factory=Diagnostics)

    def __post_init__(self) -> None:
        """What the model lacks (:func:`bldgagent.completeness.completeness`, with the energy result's zoning), put
        at the top of the energy, carbon and health diagnostics."""
        if self.completeness is None:
            self.completeness = completeness(self.building, getattr(self.energy, "zoning", None))
        for name in ("energy", "carbon", "health"):
            annotate(getattr(self, name), self.completeness, name)

    def headline(self) -> dict[str, Any]:
        """Key figures: floor area, energy use intensity, embodied and whole-life carbon per m2, health score."""
        e, c = self.energy, self.carbon
        gfa = c.gfa_m2
        out = {
            "building": self.building.name,
            "climate": e.weather.name if e is not None else None,
            "gross_floor_area_m2": gfa,
            "per_m2_reference_area": (c.reference_area or {}).get("name"),   # every *_m2 figure below is per it
            **_energy_figures(e, gfa),
            "period_years": c.period_years,
            "grid": self.settings.get("grid"),
            "upfront_a1_a5_kgco2e_m2": c.per_m2(c.upfront_kgco2e),
            "embodied_kgco2e_m2": c.per_m2(c.embodied_kgco2e),
            "b6_kgco2e_m2": c.per_m2(c.modules["B6"]),
            "whole_life_en15978_kgco2e_m2": c.per_m2(c.total_kgco2e),
            "whole_life_en15978_kgco2e_m2_yr": c.per_m2_yr(c.total_kgco2e),
            "gbt51366_total_kgco2e_m2": c.per_m2(c.gbt_total_kgco2e),
            "module_d_en15978_kgco2e_m2": c.per_m2(c.modules["D"]),   # reported apart, not in the A1-C4 total
            "biogenic_stored_kgco2_m2": c.per_m2(c.biogenic_stored_kgco2),
            "carbon_mass_matched_share": c.coverage.get("mass_share_matched"),
        }
        out["energy_status"] = "assessed" if e is not None else "not assessed"
        if e is None:       # no B6 without energy: not assessed, not zero
            out["b6_kgco2e_m2"] = None
        out["health_overall_score"] = None
        out["health_status"] = "assessed" if self.health is not None else "not assessed"
        if self.health is not None:
            out["health_overall_score"] = self.health.overall
            risk = self.health.overheating
            if len(risk) and "tm52_overheating" in risk:
                flags = risk["tm52_overheating"].dropna()
                out["rooms_overheating_free_running"] = int(flags.sum())
                out["rooms_scored"] = int(len(risk))
        return out

    def _not_assessed(self, engine: str, default_reason: str | None = None) -> dict[str, Any]:
        """Why ``engine`` has no result: ``{"status": "not assessed", "reason", "diagnostics"}`` from its
        ``{engine}_not_assessed`` notes (``default_reason`` when there is none)."""
        notes = [d for d in self.notes if d.code == f"{engine}_not_assessed"]
        return {"status": "not assessed", "reason": notes[0].message if notes else default_reason,
                "diagnostics": [d.to_dict() for d in notes]}

    def _data(self) -> dict[str, Any]:
        return {
            "headline": self.headline(),
            "building": building_summary(self.building, lacks=self.completeness),
            "energy": self.energy,
            "carbon": self.carbon,
            "health": self.health,
            "settings": self.settings,
        } | ({} if self.health is not None else {"health": self.health_not_assessed()}) \
          | ({} if self.energy is not None else {"energy": self._not_assessed("energy")})

    def health_not_assessed(self) -> dict[str, Any]:
        """Why there is no health result: ``{"status": "not assessed", "reason": ..., "diagnostics": [...]}``."""
        return self._not_assessed("health", "skipped on request (health=False, --no-health)")

    def report(self) -> str:
        """A plain-text summary for the terminal or a client e-mail."""
        h = self.headline()
        lines = [f"Warning: {d.message}" for d in (*self.completeness.findings, *self.notes)
                 if d.level == "warning"] + [
            f"{h['building'] or 'Building'}: {h['gross_floor_area_m2'] or 0:.0f} m2 gross floor area (the reference "
            f"area of every per-m2 figure), climate {h['climate'] or '-'}",
            _energy_line(h),
            f"Carbon over {h['period_years']} years (grid {h['grid'] or '-'}): "
            f"upfront A1-A5 {_n(h['upfront_a1_a5_kgco2e_m2'])}, "
            f"embodied {_n(h['embodied_kgco2e_m2'])}, B6 {_n(h['b6_kgco2e_m2'])}, whole life (EN 15978 A-C) "
            f"{_n(h['whole_life_en15978_kgco2e_m2'])} kgCO2e/m2 ({_n(h['whole_life_en15978_kgco2e_m2_yr'], 1)} per "
            f"year), module D {_n(h['module_d_en15978_kgco2e_m2'] or 0)} apart; "
            f"GB/T 51366 total {_n(h['gbt51366_total_kgco2e_m2'])} kgCO2e/m2; biogenic carbon stored "
            f"{_n(-(h['biogenic_stored_kgco2_m2'] or 0))} kgCO2/m2 (reported apart)",
        ]
        if not h["gross_floor_area_m2"]:    # no credible floor area: the totals, and why there is no intensity
            c = self.carbon
            lines.append(f"Carbon totals (no per-m2 figures: {(c.reference_area or {}).get('why_no_intensity')}): "
                         f"upfront A1-A5 {c.upfront_kgco2e / 1000:,.1f} t, embodied {c.embodied_kgco2e / 1000:,.1f} t, "
                         f"whole life (EN 15978 A-C) {c.total_kgco2e / 1000:,.1f} t CO2e")
        if self.health is not None:
            lines.append(
                f"Health: overall {h['health_overall_score']:.0f}/100 over {h.get('rooms_scored', 0)} rooms; "
                f"{h.get('rooms_overheating_free_running', 0)} rooms overheat without cooling (CIBSE TM52, windows open)")
        elif self.notes:
            lines.append("Health: not assessed (see the warning above)")
        return "\n".join(lines)

    def _warnings(self) -> list[str]:
        """What the model lacks first, then the warnings of the energy, carbon and health results, each prefixed with
        its engine (the model's findings, which they repeat, left out)."""
        parts = (("energy", self.energy), ("carbon", self.carbon), ("health", self.health))
        model = [f"model: warning {d.code}: {d.message}" for d in self.completeness.findings]
        model += [f"assess: {d.level} {d.code}: {d.message}" for d in self.notes]
        repeated = tuple(f"warning {code}:" for code in self.completeness.engines)
        return model + [f"{name}: {w}" for name, r in parts if isinstance(r, Result) for w in r._warnings()
                        if not w.startswith(repeated)]

    def _html_title(self) -> str:
        return f"bldgagent assessment: {self.building.name or 'building'}"

    def _html_body(self) -> str:
        h = self.headline()
        return dict_html(h) + dict_html(h["by_carrier_kwh"], caption="Final energy by carrier [kWh/a]")

    def __repr__(self) -> str:
        return f"Assessment({self.building.name!r})"


def _energy_figures(e, gfa: float | None) -> dict[str, Any]:
    """The headline's energy figures (None each when energy was not assessed)."""
    if e is None:
        return dict.fromkeys(("heating_kwh", "cooling_kwh", "final_energy_kwh", "final_energy_kwh_m2"), None) \
            | {"by_carrier_kwh": {}}
    final = sum(v for k, v in e.by_carrier.items() if k != "solar_thermal")
    return {"heating_kwh": e.heating_kwh, "cooling_kwh": e.cooling_kwh, "final_energy_kwh": final,
            "final_energy_kwh_m2": final / gfa if gfa else None, "by_carrier_kwh": dict(e.by_carrier)}


def _n(value: float | None, digits: int = 0) -> str:
    """A number for the text report; "-" for None (no credible floor area, or not assessed)."""
    return "-" if value is None else f"{value:.{digits}f}"


def _energy_line(h: dict[str, Any]) -> str:
    if h["energy_status"] != "assessed":
        return "Energy: not assessed (see the warning above); B6 is not in the totals"
    return (f"Energy: heating {h['heating_kwh']:,.0f} kWh, cooling {h['cooling_kwh']:,.0f} kWh, final energy "
            f"{h['final_energy_kwh']:,.0f} kWh ({(h['final_energy_kwh_m2'] or 0):.0f} kWh/m2 a) "
            + ", ".join(f"{k} {v:,.0f}" for k, v in h["by_carrier_kwh"].items()))


def assess(building: Building, climate=None, *, method: str = "both", period_years: int | None = None,
           start_year: int | None = None, grid: str | None = None, trajectory: Any = "static",
           factor_sets: Any = None, mapping: Any = None, health: bool = True, n_draws: int = 1000, seed: int = 0,
           operation: str = "auto", energy_options: Any = None, health_options: Any = None,
           progress: bool | None = None, allow_partial: bool = False) -> Assessment:
    """Energy, whole-life carbon (B6 from the simulated energy by carrier) and health of ``building``, all of one
    scenario (:mod:`bldgagent.energy.scenario`).

    The scenario is decided once (``operation``: ``"auto"`` = mixed mode for dwellings, conditioned otherwise); the
    zones are built once; the operated building is simulated once and that one energy result feeds B6 and the
    health engine; the free-running building (health's overheating risk) is simulated at most once, and not at all
    in mixed mode, whose window passes compute it on their way.

    ``climate``: packaged place, EPW path, Weather or None (the site's nearest packaged place). ``grid`` defaults
    to the site's region (Haikou -> Hainan province). ``energy_options``: an
    :class:`~bldgagent.energy.options.EnergyOptions` or dict; ``health_options``: a
    :class:`~bldgagent.health.options.HealthOptions` or dict. ``progress``: a bar naming the running stage on long
    runs (:mod:`bldgagent.progress`; False hides it). Other arguments as in :func:`bldgagent.lca.assess_carbon`.
    ``allow_partial``: when the energy engine can form no zone (:class:`~bldgagent.errors.NoZonesError`: a structure
    model, floors only), give the carbon account without B6, with energy and health "not assessed" and an
    ``energy_not_assessed`` warning, instead of raising (the command line's ``assess`` does).
    """
    from .energy import assess_energy
    from .energy.scenario import decide_scenario

    carbon_options = {"method": method, "period_years": period_years, "factor_sets": factor_sets or "cn",
                      "mapping": mapping, "grid": grid, "trajectory": trajectory, "start_year": start_year,
                      "n_draws": n_draws, "seed": seed}
    energy_options = check_arguments("assess", building, carbon_options, energy_options)
    scenario = decide_scenario(building, operation, free_running=bool(health))
    names = ["energy", "carbon"] + (["health"] if health else [])
    with Stages(names, desc="assess", progress=progress) as stages:
        stages.start("energy")
        try:
            energy = assess_energy(building, climate, options=energy_options, seed=seed,
                                   natural_ventilation=scenario.operation == "mixed",
                                   with_free_running=scenario.free_running)
        except NoZonesError as exc:
            if not allow_partial:
                raise
            return carbon_only(building, carbon_options, exc, health, scenario)
        stages.start("carbon")
        carbon = carbon_with_b6(building, energy, carbon_options)
        notes = Diagnostics()
        health_result = None
        if health:
            stages.start("health")
            health_result = health_or_note(building, energy, health_options, seed, notes)
    return Assessment(building, energy, carbon, health_result, _settings(energy, carbon_options, scenario),
                      notes=notes)


def carbon_only(building: Building, carbon_options: dict[str, Any], exc: Exception, health: bool, scenario
                ) -> Assessment:
    """The partial assessment of a model the energy engine cannot zone: the carbon account without B6 (not assessed,
    not zero), energy and health None, and why in ``notes`` (``energy_not_assessed``, ``health_not_assessed``)."""
    from .lca.assess import account_result, material_account
    from .lca.options import split_legacy

    opts, b6o, unc = split_legacy((), dict(carbon_options), None, None, None)
    carbon = account_result(material_account(building, opts), b6o, unc)
    notes = Diagnostics()
    notes.add("warning", "energy_not_assessed",
              f"energy not assessed: {exc}; the carbon account is given without B6 (operational energy), and health "
              "needs the energy's zones", building.source_path or building.name)
    if health:
        notes.add("warning", "health_not_assessed", "health not assessed: no thermal zone to score rooms in",
                  building.source_path or building.name)
    settings = {"climate": None, "grid": carbon_options.get("grid"), "trajectory": str(carbon_options["trajectory"]),
                "method": carbon_options["method"], "scenario": scenario.to_dict()}
    return Assessment(building, None, carbon, None, settings, notes=notes)


def health_or_note(building: Building, energy, health_options: Any, seed: int, notes: Diagnostics):
    """The health assessment of ``building`` from ``energy``, or None with a ``health_not_assessed`` warning in
    ``notes`` when the model has no occupied room to score (no IfcSpace, or none with an occupied usage): energy and
    carbon stand without rooms, so the assessment is partial rather than refused."""
    from .errors import NoRoomsError
    from .health.building import assess_health

    try:
        return assess_health(building, energy=energy, options=health_options, seed=seed)
    except NoRoomsError as exc:
        notes.add("warning", "health_not_assessed",
                  f"health not assessed: {exc}; energy and carbon are given without it (add IfcSpaces with a usage "
                  "to score the rooms)", building.source_path or building.name)
        return None


def check_arguments(where: str, building: Any, carbon_options: dict[str, Any], energy_options: Any) -> Any:
    """Refuse a wrong building, carbon option or energy option before anything is simulated (InputValueError
    naming the parameter); returns the energy options as an :class:`~bldgagent.energy.options.EnergyOptions`."""
    from .energy.options import EnergyOptions
    from .lca.options import split_legacy

    require_building(building, where)
    require_number(carbon_options.get("seed"), where, "seed", low=0, integer=True, optional=False)
    require_number(carbon_options.get("start_year"), where, "start_year", low=1900, high=2200, integer=True)
    split_legacy((), {k: v for k, v in carbon_options.items() if k != "grid"}, None, None, None)
    return EnergyOptions.coerce(energy_options)


def carbon_with_b6(building: Building, energy, options: dict[str, Any], account=None):
    """Whole-life carbon of ``building`` with B6 from ``energy`` (final energy by carrier; on-site solar heat
    carries no factor). ``options``: :func:`bldgagent.lca.assess_carbon` keywords, ``grid`` None for the site's
    region. ``account``: the building's :class:`~bldgagent.lca.assess.MaterialAccount` under the same options, if
    already made (variants that change only the energy reuse it); the result is the same as without it."""
    from .energy.assess import default_grid
    from .lca.assess import account_result, material_account
    from .lca.options import split_legacy

    kwargs = dict(options)
    kwargs["grid"] = kwargs.get("grid") or default_grid(energy.zoning.location)
    kwargs["energy_by_carrier_kwh"] = _simulated_carriers(building, energy)
    pv = pv_account_of(energy)
    if pv is not None:   # B6 gets the hourly imports (load - self-consumed PV); the export goes to lca.pv
        kwargs["pv"] = pv
        kwargs["energy_by_carrier_kwh"]["electricity"] = float(energy.pv_balance.imported_kwh.sum())
    opts, b6o, unc = split_legacy((), kwargs, None, None, None)
    if account is None or account.building is not building or account.options != opts:
        account = material_account(building, opts)
    return account_result(account, b6o, unc)


def pv_account_of(energy) -> dict[str, float] | None:
    """The carbon engine's ``pv`` option from an energy result with on-site PV (None without): the array's kWp and
    the annual sums of its hourly split, self-consumed and exported kWh (:mod:`bldgagent.lca.pv`: the export is in
    EN 15978 module D and netted in GB/T 51366 operation)."""
    balance, pv = getattr(energy, "pv_balance", None), getattr(energy, "pv", None)
    if balance is None or pv is None:
        return None
    return {"kwp": float(pv.kwp), "self_consumed_kwh": float(balance.self_consumed_kwh.sum()),
            "exported_kwh": float(balance.exported_kwh.sum())}


#: Annual final energy beyond which a simulated building is not a building (kWh/a; the largest buildings on Earth
#: use about 1e9 kWh a year, e.g. the Pentagon ~0.3e9 kWh): a unit or quantity fault in the model, not a result.
MAX_PLAUSIBLE_ANNUAL_KWH = 1e12


def _simulated_carriers(building: Building, energy) -> dict[str, float]:
    """The simulated final energy by carrier for B6 (on-site solar heat carries no factor), refused with a
    :class:`ModelContentError` naming the model when it is not finite or beyond any building's."""
    from .errors import ModelContentError

    carriers = {k: v for k, v in energy.by_carrier.items() if k != "solar_thermal"}
    wild = {k: v for k, v in carriers.items() if not (abs(v) <= MAX_PLAUSIBLE_ANNUAL_KWH)}
    if wild:
        raise ModelContentError(
            f"{building.source_path or building.name}: the simulated annual energy {wild} kWh is beyond any building's "
            f"(> {MAX_PLAUSIBLE_ANNUAL_KWH:.0e} kWh): the model's units or quantities are most likely wrong; see the "
            "warnings of `bldgagent inspect` (unit_scale_inconsistent, quantity_implausible)")
    return carriers


def material_account_of(building: Building, options: dict[str, Any]):
    """The :class:`~bldgagent.lca.assess.MaterialAccount` of ``building`` under the carbon ``options`` of
    :func:`carbon_with_b6` (the B6 options among them play no part)."""
    from .lca.assess import material_account
    from .lca.options import split_legacy

    return material_account(building, split_legacy((), options, None, None, None)[0])   # the CarbonOptions group


def _settings(energy, carbon_options: dict[str, Any], scenario) -> dict[str, Any]:
    from .energy.assess import default_grid

    return {"climate": energy.weather.source, "grid": carbon_options.get("grid") or default_grid(energy.zoning.location),
            "trajectory": str(carbon_options["trajectory"]), "method": carbon_options["method"],
            "scenario": scenario.to_dict()}
