"""``assess_carbon``: one take-off, EN 15978 modules and GB/T 51366-2019 phases, B6, coverage and uncertainty.

Example::

    from bldgagent.lca import assess_carbon
    result = assess_carbon(building, options=CarbonOptions(method="both", period_years=50),
                           b6=B6Options(energy_by_carrier_kwh={"electricity": 38_000}, grid="Hainan"))
    result.en15978_table(); result.gbt51366_table(); result.unmatched; result.to_json()
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..completeness import annotate, completeness
from ..errors import InputValueError, ModelContentError
from ..model import Building, Diagnostics
from .coverage import coverage, coverage_diagnostics, unmatched_tables
from .factors import FactorLibrary, construction_defaults, rebar_ratios
from .grid import factor_series, resolve_region
from .matching import STRUCTURAL_CATEGORIES, MaterialMatcher
from .modules import compute_modules, resolve_quantities, transport_settings
from .operational import b6 as compute_b6
from .options import B6Options, CarbonOptions, UncertaintyOptions, split_legacy
from .plausibility import replace_implausible
from .results import CarbonResult
from .sanity import check_result, reference_area
from .takeoff import takeoff
from .uncertainty import monte_carlo


def gross_floor_area(building: Building, gfa_m2: float | None, diags: Diagnostics) -> tuple[float | None, str]:
    """The gross floor area of the per-m2 figures and its source: ``gfa_m2`` if given, else the model's (building,
    storeys, spaces, slabs in that order, each fallback with a warning in ``diags``)."""
    if gfa_m2 is not None:
        if not gfa_m2 > 0:
            raise InputValueError(f"gfa_m2 must be positive, got {gfa_m2}")
        return float(gfa_m2), "given"
    if building.gross_floor_area_m2:
        return float(building.gross_floor_area_m2), building.gross_floor_area_source or "building"
    storeys = [s.gross_floor_area_m2 for s in building.storeys if s.gross_floor_area_m2]
    if storeys:
        return float(sum(storeys)), "sum of storey gross floor areas"
    spaces = [s.gross_floor_area_m2 for s in building.spaces if s.gross_floor_area_m2]
    if spaces:
        diags.add("warning", "gfa_fallback", "gross floor area taken as the sum of space gross areas")
        return float(sum(spaces)), "sum of space gross floor areas"
    if building.net_floor_area_m2 > 0:
        diags.add("warning", "gfa_fallback", "no gross floor area: used the sum of space net floor areas (underestimates "
                  "GFA, so per-m2 values are high); pass gfa_m2=")
        return building.net_floor_area_m2, "sum of space net floor areas (fallback)"
    slabs = [e.area_m2 for e in building.elements if e.kind in ("slab", "floor") and e.area_m2]
    if slabs:
        diags.add("warning", "gfa_fallback", "no floor areas in the model: GFA estimated as the area of slabs and floors "
                  "(roofs excluded); pass gfa_m2=")
        return float(sum(slabs)), "sum of slab/floor element areas (fallback)"
    diags.add("warning", "no_gfa", "no gross floor area could be found: per-m2 values are None; pass gfa_m2=")
    return None, "none"


def _rebar_config(rebar: Any) -> dict[str, float]:
    ratios = dict(rebar_ratios())
    if rebar is None or rebar is True:
        return ratios
    if rebar is False:
        return {}
    if isinstance(rebar, (int, float)):
        if rebar < 0:
            raise InputValueError(f"rebar ratio must be >= 0 kg/m3, got {rebar}")
        return {k: float(rebar) for k in ratios}
    if isinstance(rebar, Mapping):
        for k, v in rebar.items():
            if float(v) < 0:
                raise InputValueError(f"rebar ratio for {k!r} must be >= 0 kg/m3, got {v}")
            ratios[str(k)] = float(v)
        return ratios
    raise InputValueError(f"rebar must be None, False, a ratio in kg/m3 or a dict kind -> kg/m3; got {rebar!r}")


def _match_lines(lines: pd.DataFrame, matcher: MaterialMatcher) -> pd.DataFrame:
    """Match every line (cached per distinct context), then re-match placeholder names with model context."""
    cache: dict[tuple, Any] = {}

    def run(context: dict[str, str] | None, rows: pd.DataFrame) -> list[Any]:
        out = []
        for r in rows.itertuples(index=False):
            thick = None if pd.isna(r.thickness_m) else round(float(r.thickness_m), 4)
            rho = None if pd.isna(r.material_density_kg_m3) else float(r.material_density_kg_m3)
            lam = None if pd.isna(r.material_conductivity_w_mk) else float(r.material_conductivity_w_mk)
            ext = r.is_external if r.kind == "door" else None
            name = r.material if isinstance(r.material, str) else None
            key = (name, r.kind, thick, rho, lam, ext, tuple(sorted(context.items())) if context else None)
            if key not in cache:
                cache[key] = matcher.match(name, r.kind, thick, rho, lam, context=context, is_external=ext)
            out.append(cache[key])
        return out

    matches = run(None, lines)
    # model context: dominant structural category (by volume) per element kind among named materials, used for
    # placeholder names only when the named evidence is at least a quarter of that kind's volume (one small steel
    # column must not turn 4 m3 of unnamed rafters into steel)
    vol = lines["volume_m3"].fillna(0.0).to_numpy()
    tally: dict[str, dict[str, float]] = {}
    kind_total: dict[str, float] = {}
    frame_kinds = ("beam", "column", "member")
    for m, kind, v in zip(matches, lines["kind"], vol):
        kind_total[kind] = kind_total.get(kind, 0.0) + v
        if kind in frame_kinds:
            kind_total["*"] = kind_total.get("*", 0.0) + v
        if m.method in ("keyword", "mapping", "fuzzy") and m.category in STRUCTURAL_CATEGORIES:
            tally.setdefault(kind, {}).setdefault(m.category, 0.0)
            tally[kind][m.category] += v
            if kind in frame_kinds:
                tally.setdefault("*", {}).setdefault(m.category, 0.0)
                tally["*"][m.category] += v
    context = {k: max(d, key=d.get) for k, d in tally.items()
               if d and sum(d.values()) >= 0.25 * max(kind_total.get(k, 0.0), 1e-12)}
    redo = [i for i, m in enumerate(matches) if m.method == "context" and not lines["is_opening"].iloc[i]]
    if redo and context:
        again = run(context, lines.iloc[redo])
        for i, m in zip(redo, again):
            matches[i] = m
    out = lines.copy()
    out["category"] = [m.category for m in matches]
    out["factor_id"] = [m.factor_id for m in matches]
    out["confidence"] = [float(m.confidence) for m in matches]
    out["match_method"] = [m.method for m in matches]
    out["match_reason"] = [m.reason for m in matches]
    out["excluded"] = [bool(m.excluded) for m in matches]
    out["tags"] = [";".join(m.tags) for m in matches]
    out["grade_cube_mpa"] = [m.grade_cube_mpa for m in matches]
    # an unmatched line lists its best candidates (with their confidence) for a user or an agent to confirm
    out["alternatives"] = [" | ".join(f"{c.category}:{c.factor_id}:{c.score:.2f}"
                                      for c in m.candidates[(0 if m.factor_id is None else 1):4]) for m in matches]
    return out


def _add_rebar(lines: pd.DataFrame, matcher: MaterialMatcher, ratios: dict[str, float], diags: Diagnostics
               ) -> pd.DataFrame:
    lines = lines.assign(is_derived=False)
    if not ratios:
        return lines
    if (lines["category"] == "rebar").any():
        diags.add("info", "rebar_modelled", "the model contains reinforcement: default rebar ratios not applied")
        return lines
    # concrete whose name says nothing gets the kind's ratio; concrete named reinforced always gets rebar (the
    # kind's ratio, else the '*' default); plain or lean concrete none
    plain = lines["tags"].str.contains("lean|plain", na=False)
    rc = lines["category"] == "reinforced_concrete"
    ratio = lines["kind"].map(ratios).where(~rc, lines["kind"].map(lambda k: ratios.get(k, ratios.get("*"))))
    conc = lines["category"].isin(("concrete", "reinforced_concrete", "precast_concrete")) & lines["volume_m3"].notna()
    sel = conc & ~plain & ratio.notna() & (ratio.fillna(0.0) > 0)
    if not sel.any():
        return lines
    m = matcher.match("reinforcing steel (default ratio)", None)
    rows = lines[sel].copy()
    ratio = ratio[sel].astype(float)
    rows["mass_kg_model"] = rows["volume_m3"] * ratio
    rows["material"] = [f"rebar, default {r:g} kg/m3 ({k})" for k, r in zip(rows["kind"], ratio)]
    rows["volume_m3"] = np.nan
    rows["area_m2"] = np.nan
    rows["thickness_m"] = np.nan
    rows["material_density_kg_m3"] = 7850.0
    rows["volume_source"] = None
    for col, val in (("category", "rebar"), ("factor_id", m.factor_id), ("confidence", 0.6),
                     ("match_method", "rebar_ratio"), ("excluded", False), ("tags", ""), ("grade_cube_mpa", None),
                     ("alternatives", ""), ("is_derived", True)):
        rows[col] = val
    rows["match_reason"] = ("default rebar ratio (rebar_ratios.csv, estimate) x concrete volume; " + m.reason)
    rows["line"] = np.arange(len(lines), len(lines) + len(rows))
    total = float(rows["mass_kg_model"].sum())
    diags.add("warning", "rebar_default", f"no reinforcement in the model: added {total / 1000:.1f} t of rebar from "
              "default ratios by element kind (rebar_ratios.csv, estimates); pass rebar= to override")
    return pd.concat([lines, rows], ignore_index=True)


def _material_lines(building: Building, matcher: MaterialMatcher, library: FactorLibrary, ratios: dict[str, float],
                    opts: CarbonOptions, period: int, diags: Diagnostics) -> pd.DataFrame:
    """Take-off, matching, implausible finishes, default rebar, quantities and module values per line."""
    lines = _match_lines(takeoff(building), matcher)
    low = lines["factor_id"].notna() & (lines["confidence"] < opts.min_confidence)
    if low.any():
        lines.loc[low, "match_reason"] = ("confidence below min_confidence " + str(opts.min_confidence) + ": "
                                          + lines.loc[low, "match_reason"])
        lines.loc[low, "factor_id"] = None
    lines = replace_implausible(lines, matcher, diags)
    lines = _add_rebar(lines, matcher, ratios, diags)
    lines = resolve_quantities(lines, library)
    lines = compute_modules(lines, library, period, opts.transport, opts.waste, opts.recovery)
    for src, code in (("factor", "density_from_factor"), ("category default", "density_from_category")):
        sel = lines[lines["density_source"].astype(str).str.startswith(src) & lines["material_density_kg_m3"].isna()
                    & lines["volume_m3"].notna()]
        for name, grp in sel.groupby(sel["material"].fillna("(no material)")):
            diags.add("info", code, f"no density in the model for {name!r}: used {grp['density_kg_m3'].iloc[0]:g} "
                      f"kg/m3 from the {grp['density_source'].iloc[0]}", entity=str(name))
    for name, grp in lines[lines["match_method"] == "context"].groupby(lines["material"].fillna("(no material)")):
        if not grp["is_opening"].iloc[0]:
            diags.add("warning", "placeholder_material", f"material {name!r} says nothing about what it is: "
                      f"{grp['match_reason'].iloc[0]} ({len(grp)} lines); confirm with a mapping", entity=str(name))
    total = float(np.nansum(lines["a1a3"].to_numpy(float)))
    assumed = lines[lines["match_method"].isin(["context", "density"]) & ~lines["is_opening"]]
    share = float(np.nansum(assumed["a1a3"].to_numpy(float))) / total if total else 0.0
    if share > 0.2:
        diags.add("warning", "assumed_materials_dominate", f"{100 * share:.0f} % of A1-A3 comes from materials assumed "
                  "from element context or density (placeholder names): confirm them with a mapping")
    return lines


def _building_modules(gfa: float | None, period: int, region: str, opts: CarbonOptions, b6o: B6Options,
                      diags: Diagnostics) -> tuple[dict[str, float], Any, dict[str, Any]]:
    """A5 site energy, C1 demolition and B6 (None when no energy was given), with their assumptions."""
    defaults = construction_defaults()
    bmods: dict[str, float] = {}
    notes: dict[str, Any] = {}
    if opts.site_energy_kwh_by_carrier:
        a5 = 0.0
        for carrier, kwh in opts.site_energy_kwh_by_carrier.items():
            vals, _basis, _src = factor_series(carrier, np.array([b6o.start_year or 2023]), region, "static",
                                               b6o.carrier_factors)
            a5 += float(kwh) * float(vals[0])
        bmods["A5_site"] = a5
        notes["a5_site"] = "metered site energy by carrier x carrier factors (GB/T 51366 construction method)"
    else:
        per = float(defaults["a5_site_kgco2e_per_m2"])
        bmods["A5_site"] = per * gfa if gfa else 0.0
        notes["a5_site"] = f"{per:g} kgCO2e/m2 GFA default (estimate, construction_defaults.csv)"
        diags.add("warning", "a5_site_default", f"A5 site energy from the default {per:g} kgCO2e/m2 (estimate)"
                  + ("" if gfa else ": no credible floor area, so 0") + "; pass site_energy_kwh_by_carrier= with "
                  "metered or planned site energy")
    per_c1 = float(defaults["c1_demolition_kgco2e_per_m2"])
    bmods["C1"] = per_c1 * gfa if gfa else 0.0
    notes["c1"] = f"{per_c1:g} kgCO2e/m2 GIA (RICS WLCA PS 2017 default, [M])" + ("" if gfa else "; no credible "
                                                                                 "floor area, so 0")
    b6res = None
    if b6o.energy_by_carrier_kwh:
        b6res = compute_b6(_imported(b6o.energy_by_carrier_kwh), period, b6o.start_year, region, b6o.trajectory,
                           b6o.carrier_factors)
        notes["b6"] = {"start_year": b6res.start_year, "trajectory": b6res.trajectory, "sources": b6res.sources}
    else:
        notes["b6"] = "not assessed: no energy_by_carrier_kwh given (shown as None, not part of the total)"
        diags.add("info", "no_b6", "no energy_by_carrier_kwh given: B6 not assessed (shown as None, not part of the "
                  "total)")
    return bmods, b6res, notes


def _electricity_key(energy: Mapping[str, float]) -> str | None:
    return next((k for k in energy if k.strip().lower() == "electricity"), None)


def _imported(energy: Mapping[str, float]) -> dict[str, float]:
    """Energy by carrier with electricity as imported (grid) electricity: a negative annual net (net export) is
    imported 0; its export is counted by :func:`_pv_account` (module D in EN 15978, netted in GB/T 51366)."""
    out = dict(energy)
    key = _electricity_key(out)
    if key is not None and out[key] < 0:
        out[key] = 0.0
    return out


def _pv_account(period: int, region: str, b6o: B6Options, diags: Diagnostics) -> dict[str, Any]:
    """The PV part of the account (:mod:`bldgagent.lca.pv`): the array's embodied carbon from ``pv['kwp']`` and the
    credit of exported electricity (kWh x the electricity factor of each year, negative): EN 15978 module D, GB/T
    51366 operation. Without ``pv['exported_kwh']`` a negative annual electricity (a net export) is taken as the
    export, with a warning that annual netting hides the hours the building imports. Empty without PV or export."""
    from .pv import pv_embodied

    pv = dict(b6o.pv or {})
    key = _electricity_key(b6o.energy_by_carrier_kwh or {})
    net = (b6o.energy_by_carrier_kwh or {}).get(key, 0.0) if key else 0.0
    if "exported_kwh" not in pv and net < 0:
        pv["exported_kwh"] = -net
        diags.add("warning", "net_export", f"net annual electricity {net:,.0f} kWh (net export of on-site generation) "
                  f"taken as 0 kWh imported and {-net:,.0f} kWh exported: EN 15978 B6 counts the imported energy "
                  "and reports the export in module D, GB/T 51366 nets it in operation; an annual net hides the hours "
                  "the building imports, so B6 here is low: pass the hourly split as pv={'exported_kwh': ...} with "
                  "the imported electricity")
    if not pv:
        return {}
    out: dict[str, Any] = {"kwp": pv.get("kwp"), "self_consumed_kwh": pv.get("self_consumed_kwh"),
                           "exported_kwh": pv.get("exported_kwh", 0.0), "a1a3_kgco2e": 0.0, "b4_kgco2e": 0.0,
                           "export_credit_kgco2e": 0.0}
    if pv.get("kwp"):
        out.update(pv_embodied(pv["kwp"], period))
    if out["exported_kwh"] > 0:
        credit = compute_b6({"electricity": -out["exported_kwh"]}, period, b6o.start_year, region, b6o.trajectory,
                            b6o.carrier_factors)
        out["export_credit_kgco2e"] = credit.total_kgco2e
        out["export_credit_source"] = credit.sources.get("electricity")
        diags.add("info", "pv_export_in_module_d", f"on-site PV exports {out['exported_kwh']:,.0f} kWh a year: "
                  f"{-credit.total_kgco2e / 1000:,.1f} tCO2e over {period} years at the grid factor, reported in "
                  "EN 15978 module D (outside the A1-C4 total) and netted in the GB/T 51366 operation phase")
    return out


def _totals(lines: pd.DataFrame, bmods: dict[str, float], b6res: Any, pv: Mapping[str, Any] | None = None
            ) -> tuple[dict[str, Any], dict[str, float]]:
    """EN 15978 module totals and GB/T 51366 phases. B6 without energy is 0.0 in this arithmetic store (so sums of
    ``modules`` keep working) and shown as not assessed (None + a note) in every table and output. ``pv`` (from
    :func:`_pv_account`): its A1-A3 in A1-A3 and GB material production, its B4 in B4 (EN only), the export credit
    in D (EN) and in operation (GB)."""
    s = lambda col: float(np.nansum(lines[col].to_numpy(float)))  # noqa: E731
    pv = pv or {}
    pv_a1a3, pv_b4, credit = (float(pv.get(k, 0.0)) for k in ("a1a3_kgco2e", "b4_kgco2e", "export_credit_kgco2e"))
    b6v = b6res.total_kgco2e if b6res is not None else 0.0
    modules = {"A1-A3": s("a1a3") + pv_a1a3, "A4": s("a4"), "A5": s("a5_waste") + bmods["A5_site"],
               "B4": s("b4") + pv_b4, "B6": b6v, "C1": bmods["C1"], "C2": s("c2"), "C3": s("c3"), "C4": s("c4"),
               "D": s("d") + credit}
    gbt = {"material_production": s("a1a3") + s("a5_waste_production") + pv_a1a3,
           "material_transport": s("a4") + s("a5_waste_transport"), "construction": bmods["A5_site"],
           "operation": b6v + credit, "demolition": bmods["C1"],
           "recycling_credit": s("gbt_recycling_credit")}
    gbt["total"] = float(sum(gbt.values()))
    return modules, gbt


def assess_carbon(building: Building, *args: Any, options: CarbonOptions | None = None, b6: B6Options | None = None,
                  uncertainty: UncertaintyOptions | None = None, **kwargs: Any) -> CarbonResult:
    """Whole-life carbon of a building: EN 15978 modules and GB/T 51366 phases from one take-off.

    Options come in three validated groups (:mod:`bldgagent.lca.options`): ``options`` (:class:`CarbonOptions`:
    method "en15978"/"gbt51366"/"both", ``period_years`` (default 50: GB/T 51366 design life, BR18/BNB; pass 60 for
    RICS/RIBA), ``factor_sets`` preset "cn"/"eu"/"uk" or list, ``mapping``, ``transport``, ``rebar`` kg/m3,
    ``gfa_m2``, ``waste``, ``recovery``, ``site_energy_kwh_by_carrier``, ``min_confidence``); ``b6``
    (:class:`B6Options`: ``energy_by_carrier_kwh``, ``grid``, ``trajectory``, ``start_year``, ``carrier_factors``,
    ``pv``: on-site PV's kWp and exported kWh, :mod:`bldgagent.lca.pv`);
    ``uncertainty`` (:class:`UncertaintyOptions`: ``n_draws``, ``seed``). The flat keywords of earlier releases
    (``period_years=60, grid="DK", n_draws=0``) still work; positional options are deprecated.
    """
    opts, b6o, unc = split_legacy(args, kwargs, options, b6, uncertainty)
    result = account_result(material_account(building, opts), b6o, unc)
    return annotate(result, completeness(building), "carbon")   # what the model lacks, first; absent kinds in coverage


@dataclass(frozen=True)
class MaterialAccount:
    """The part of a carbon account that does not depend on the energy: the take-off with its matches and module
    values per line, the reference area and their diagnostics, for one building and one :class:`CarbonOptions`.
    :func:`account_result` completes it; a design loop whose variants change only the energy reuses it."""

    building: Building
    options: CarbonOptions
    period: int
    library: FactorLibrary
    ratios: dict[str, float]
    transport: dict[str, Any]
    lines: pd.DataFrame
    gfa_source: str
    reference: dict[str, Any]
    diagnostics: tuple
    unmatched: pd.DataFrame
    unquantified: pd.DataFrame
    coverage: dict[str, Any]


def material_account(building: Building, opts: CarbonOptions) -> MaterialAccount:
    """Take-off, matching, module values per line and the reference area of ``building`` (see
    :class:`MaterialAccount`)."""
    if not isinstance(building, Building):
        raise InputValueError(f"assess_carbon needs a bldgagent Building, got {type(building).__name__}")
    if not building.elements:
        raise ModelContentError(f"building {building.name or building.source_path!r} has no elements to assess")
    period = opts.period_years or int(construction_defaults()["default_period_years"])
    diags = Diagnostics()
    library = opts.factor_sets if isinstance(opts.factor_sets, FactorLibrary) else FactorLibrary(opts.factor_sets)
    matcher = MaterialMatcher(library, opts.mapping)
    tset = transport_settings(opts.transport)  # validates early
    ratios = _rebar_config(opts.rebar)
    lines = _material_lines(building, matcher, library, ratios, opts, period, diags)
    gfa_found, gfa_src = gross_floor_area(building, opts.gfa_m2, diags)
    ref = reference_area(gfa_found, gfa_src, building, diags)
    unmatched, unquantified = unmatched_tables(lines)
    cov = coverage(lines, opts.min_confidence, unmatched)
    return MaterialAccount(building, opts, period, library, ratios, tset, lines, gfa_src, ref, tuple(diags),
                           unmatched, unquantified, cov)


def _site_region(building: Building, b6o: B6Options, diags: Diagnostics) -> str:
    """The grid of B6 when none is given: the site's country (:func:`bldgagent.lca.grid.grid_for_country`, with its
    fallback warning), as :func:`bldgagent.assess` chooses it; the Chinese national grid when the site has no
    location (with a warning). Without energy the region plays no part."""
    from .grid import country_at, grid_for_country

    site = building.site
    if not b6o.energy_by_carrier_kwh:
        return "CN"
    if site is None or site.latitude_deg is None or site.longitude_deg is None:
        diags.add("warning", "grid_assumed", "no grid given and the site has no location: B6 on the Chinese national "
                  "grid (CN); pass grid= a region of bldgagent.lca.grid")
        return "CN"
    choice = grid_for_country(country_at(site.latitude_deg, site.longitude_deg))
    if choice.warning:
        diags.add("warning", "grid_fallback", choice.warning)
    return choice.region


def account_result(account: MaterialAccount, b6o: B6Options, unc: UncertaintyOptions) -> CarbonResult:
    """The whole-life carbon result of ``account`` with B6 from ``b6o`` (building modules, totals, coverage,
    Monte Carlo)."""
    opts, period, gfa = account.options, account.period, account.reference["value_m2"]
    lines = account.lines.copy()   # the result owns its lines; the account stays as it was
    diags = Diagnostics(account.diagnostics)
    region = resolve_region(b6o.grid) if b6o.grid else _site_region(account.building, b6o, diags)
    bmods, b6res, notes = _building_modules(gfa, period, region, opts, b6o, diags)
    pv = _pv_account(period, region, b6o, diags)
    modules, gbt = _totals(lines, bmods, b6res, pv)
    bases = sorted({f"materials: {b}" for b in lines["basis"].dropna().unique()})
    if b6res is not None:
        bases += [f"B6 {c}: {b}" for c, b in b6res.bases.items()]
    if float(np.nansum(lines["d"].to_numpy(float))) == 0:
        diags.add("info", "no_module_d", "the selected factor sets declare no module D values: D of the materials "
                  "reported as 0; the GB/T 51366 50 % recycling credit is shown separately in the GB view")
    unmatched, unquantified = account.unmatched.copy(), account.unquantified.copy()
    cov = copy.deepcopy(account.coverage)
    coverage_diagnostics(cov, unmatched, unquantified, diags)
    mc = monte_carlo(lines, account.library, bmods, modules["B6"], unc.n_draws, unc.seed, pv=pv) if unc.n_draws else {}
    assumptions = {"transport": {k: {"distance_km": v[0], "mode": v[1], "source": v[2]}
                                 for k, v in account.transport.items()},
                   "rebar_kg_per_m3": account.ratios, "period_years": period, "grid": region, **notes,
                   "defaults": dict(construction_defaults())}
    result = CarbonResult(method=opts.method, period_years=period, gfa_m2=gfa, gfa_source=account.gfa_source,
                          factor_sets=account.library.set_names, lines=lines, modules=modules, gbt=gbt,
                          building_modules=bmods,
                          biogenic_stored_kgco2=float(np.nansum(lines["biogenic_kgco2"].to_numpy(float))),
                          coverage=cov, unmatched=unmatched, unquantified=unquantified, b6=b6res, uncertainty=mc,
                          diagnostics=diags, assumptions=assumptions, bases=bases,
                          building_name=account.building.name, reference_area=dict(account.reference), pv=pv)
    cov["trust"] = check_result(result, account.building)
    return result
