"""``assess_carbon``: one take-off, EN 15978 modules and GB/T 51366-2019 phases, B6, coverage and uncertainty.

Example::

    from bldgagent.lca import assess_carbon
    result = assess_carbon(building, method="both", period_years=50,
                           energy_by_carrier_kwh={"electricity": 38_000}, grid="Hainan")
    result.en15978_table(); result.gbt51366_table(); result.unmatched; result.to_json()
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import InputValueError, ModelContentError
from ..model import Building, Diagnostics
from .factors import FactorLibrary, construction_defaults, rebar_ratios
from .grid import factor_series, resolve_region
from .matching import STRUCTURAL_CATEGORIES, MaterialMatcher
from .methods import METHODS
from .modules import compute_modules, resolve_quantities, transport_settings
from .operational import b6 as compute_b6
from .plausibility import replace_implausible
from .results import CarbonResult
from .takeoff import takeoff
from .uncertainty import monte_carlo


def _gross_floor_area(building: Building, gfa_m2: float | None, diags: Diagnostics) -> tuple[float | None, str]:
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
    out["alternatives"] = [" | ".join(f"{c.category}:{c.factor_id}:{c.score:.2f}" for c in m.candidates[1:4])
                           for m in matches]
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


def _coverage(lines: pd.DataFrame, min_conf: float) -> dict[str, Any]:
    solid = lines[~lines["is_opening"] & ~lines["excluded"] & ~lines["is_derived"]]
    ok = solid["a1a3"].notna()
    vol = solid["volume_m3"].fillna(0.0)
    mass = solid["mass_kg"]
    tot_v = float(vol.sum())
    tot_m = float(mass.fillna(0.0).sum())
    m_ok = float(mass[ok].fillna(0.0).sum())
    conf = solid["confidence"].where(ok, 0.0)
    cov = {
        "lines": int(len(solid)), "lines_matched": int(ok.sum()),
        "volume_m3": tot_v, "volume_matched_m3": float(vol[ok].sum()),
        "volume_share_matched": float(vol[ok].sum() / tot_v) if tot_v else 0.0,
        "mass_kg": tot_m, "mass_matched_kg": m_ok, "mass_share_matched": m_ok / tot_m if tot_m else 0.0,
        "mass_unknown_volume_m3": float(vol[mass.isna()].sum()),
        "mean_confidence_by_volume": float((conf * vol).sum() / tot_v) if tot_v else 0.0,
        "volume_share_low_confidence": float(vol[ok & (solid["confidence"] < 0.5)].sum() / tot_v) if tot_v else 0.0,
        "min_confidence": min_conf,
        "openings": int(lines["is_opening"].sum()),
        "openings_matched": int((lines["is_opening"] & lines["a1a3"].notna()).sum()),
        "lines_without_volume": int(solid["volume_m3"].isna().sum()),
    }
    need = float(construction_defaults()["gbt_mass_coverage_min"])
    cov["gbt_mass_check"] = {
        "required_share": need, "share": cov["mass_share_matched"],
        "passed": (False if cov["mass_share_matched"] < need else
                   None if cov["mass_unknown_volume_m3"] > 0 else True),
        "rule": "GB/T 51366-2019: included materials >= 95 % of total material mass (materials < 0.1 % may be "
                "omitted); mass of unmatched lines without a density is unknown and not in the denominator"}
    return cov


def _unmatched(lines: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    bad = lines[~lines["excluded"] & lines["factor_id"].isna()].copy()
    bad["material"] = bad["material"].fillna("(no material)")
    cols = ["material", "category", "n_lines", "n_elements", "kinds", "volume_m3", "mass_kg", "area_m2", "reason"]
    if bad.empty:
        um = pd.DataFrame(columns=cols)
    else:
        um = bad.groupby("material", dropna=False).agg(
            category=("category", "first"), n_lines=("line", "size"), n_elements=("element_id", "nunique"),
            kinds=("kind", lambda s: ", ".join(sorted(set(map(str, s))))),
            volume_m3=("volume_m3", lambda s: float(s.sum(min_count=1)) if s.notna().any() else None),
            mass_kg=("mass_kg", lambda s: float(s.sum(min_count=1)) if s.notna().any() else None),
            area_m2=("area_m2", lambda s: float(s.sum(min_count=1)) if s.notna().any() else None),
            reason=("match_reason", "first")).reset_index()
        um = um.sort_values("volume_m3", ascending=False, na_position="last").reset_index(drop=True)
    nq = lines[lines["factor_id"].notna() & lines["quantity"].isna()].copy()
    if nq.empty:
        uq = pd.DataFrame(columns=["material", "category", "n_lines", "n_elements", "kinds", "reason"])
    else:
        nq["material"] = nq["material"].fillna("(no material)")
        uq = nq.groupby(["material", "category"], dropna=False).agg(
            n_lines=("line", "size"), n_elements=("element_id", "nunique"),
            kinds=("kind", lambda s: ", ".join(sorted(set(map(str, s)))))).reset_index()
        uq["reason"] = "matched but no volume/area/mass in the model: not counted (listed here, never zero)"
    return um, uq


def assess_carbon(building: Building, method: str = "both", period_years: int | None = None,
                  factor_sets: str | Sequence[Any] | FactorLibrary | None = None, mapping: Any = None,
                  transport: Mapping[str, Any] | None = None, rebar: Any = None,
                  energy_by_carrier_kwh: Mapping[str, float] | None = None, grid: str = "CN",
                  trajectory: Any = "static", start_year: int | None = None, seed: int = 0, n_draws: int = 1000,
                  gfa_m2: float | None = None, waste: bool | Mapping[str, float] = True,
                  recovery: Mapping[str, float] | None = None,
                  site_energy_kwh_by_carrier: Mapping[str, float] | None = None,
                  carrier_factors: Mapping[str, float] | None = None, min_confidence: float = 0.25) -> CarbonResult:
    """Whole-life carbon of a building: EN 15978 modules and GB/T 51366 phases from one take-off.

    Parameters (units in the names): ``method`` "en15978", "gbt51366" or "both" (all views are computed; the method
    sets the headline); ``period_years`` reference study period, default 50 for every method (GB/T 51366 default
    design life, also BR18/BNB; EN 15978 leaves it to the client, pass 60 for RICS/RIBA comparisons);
    ``factor_sets`` preset ("cn" = GB/T 51366 -> ICE v3 -> KBOB, "eu", "uk"), list of sets/paths or a
    FactorLibrary; ``mapping`` project mapping (file, dict or MaterialMapping); ``transport`` per-category km/mode
    overrides; ``rebar`` kg/m3 (number or dict by element kind, False for none); ``energy_by_carrier_kwh`` annual
    final energy for B6 with ``grid``/``trajectory``/``start_year``; ``site_energy_kwh_by_carrier`` metered site
    energy for A5 (else a per-m2 default); ``waste``/``recovery`` rate overrides by category; ``n_draws``/``seed``
    Monte Carlo; ``min_confidence`` matches below it are treated as unmatched.
    """
    if method not in METHODS:
        raise InputValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if not isinstance(building, Building):
        raise InputValueError(f"assess_carbon needs a bldgagent Building, got {type(building).__name__}")
    defaults = construction_defaults()
    period = int(period_years if period_years is not None else defaults["default_period_years"])
    if period <= 0:
        raise InputValueError(f"period_years must be positive, got {period_years}")
    if not 0 <= min_confidence < 1:
        raise InputValueError(f"min_confidence must be in [0, 1), got {min_confidence}")
    diags = Diagnostics()
    library = factor_sets if isinstance(factor_sets, FactorLibrary) else FactorLibrary(factor_sets)
    matcher = MaterialMatcher(library, mapping)
    tset = transport_settings(transport)  # validates early
    ratios = _rebar_config(rebar)
    if grid is not None:
        resolve_region(grid)
    if not building.elements:
        raise ModelContentError(f"building {building.name or building.source_path!r} has no elements to assess")

    lines = takeoff(building)
    lines = _match_lines(lines, matcher)
    low = lines["factor_id"].notna() & (lines["confidence"] < min_confidence)
    if low.any():
        lines.loc[low, "match_reason"] = ("confidence below min_confidence " + str(min_confidence) + ": "
                                          + lines.loc[low, "match_reason"])
        lines.loc[low, "factor_id"] = None
    lines = replace_implausible(lines, matcher, diags)
    lines = _add_rebar(lines, matcher, ratios, diags)
    lines = resolve_quantities(lines, library)
    lines = compute_modules(lines, library, period, transport, waste, recovery)

    # diagnostics on the line level
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

    total_a1a3 = float(np.nansum(lines["a1a3"].to_numpy(float)))
    assumed = lines[lines["match_method"].isin(["context", "density"]) & ~lines["is_opening"]]
    share = float(np.nansum(assumed["a1a3"].to_numpy(float))) / total_a1a3 if total_a1a3 else 0.0
    if share > 0.2:
        diags.add("warning", "assumed_materials_dominate", f"{100 * share:.0f} % of A1-A3 comes from materials assumed "
                  "from element context or density (placeholder names): confirm them with a mapping")
    gfa, gfa_src = _gross_floor_area(building, gfa_m2, diags)
    # building-level modules -----------------------------------------------------------------------------------
    region = resolve_region(grid) if grid else "CN"
    bmods: dict[str, float] = {}
    assumptions: dict[str, Any] = {"transport": {k: {"distance_km": v[0], "mode": v[1], "source": v[2]}
                                                 for k, v in tset.items()},
                                   "rebar_kg_per_m3": ratios, "period_years": period, "grid": region}
    year0 = start_year
    if site_energy_kwh_by_carrier:
        a5 = 0.0
        for carrier, kwh in site_energy_kwh_by_carrier.items():
            vals, basis, src = factor_series(carrier, np.array([year0 or 2023]), region, "static", carrier_factors)
            a5 += float(kwh) * float(vals[0])
        bmods["A5_site"] = a5
        assumptions["a5_site"] = "metered site energy by carrier x carrier factors (GB/T 51366 construction method)"
    else:
        per = float(defaults["a5_site_kgco2e_per_m2"])
        bmods["A5_site"] = per * gfa if gfa else 0.0
        assumptions["a5_site"] = f"{per:g} kgCO2e/m2 GFA default (estimate, construction_defaults.csv)"
        diags.add("warning", "a5_site_default", f"A5 site energy from the default {per:g} kgCO2e/m2 (estimate); pass "
                  "site_energy_kwh_by_carrier= with metered or planned site energy")
    per_c1 = float(defaults["c1_demolition_kgco2e_per_m2"])
    bmods["C1"] = per_c1 * gfa if gfa else 0.0
    assumptions["c1"] = f"{per_c1:g} kgCO2e/m2 GIA (RICS WLCA PS 2017 default, [M])"
    b6res = None
    if energy_by_carrier_kwh:
        b6res = compute_b6(energy_by_carrier_kwh, period, start_year, region, trajectory, carrier_factors)
        assumptions["b6"] = {"start_year": b6res.start_year, "trajectory": b6res.trajectory, "sources": b6res.sources}
    else:
        diags.add("info", "no_b6", "no energy_by_carrier_kwh given: B6 not assessed (0)")

    s = lambda col: float(np.nansum(lines[col].to_numpy(float)))  # noqa: E731
    modules = {"A1-A3": s("a1a3"), "A4": s("a4"), "A5": s("a5_waste") + bmods["A5_site"], "B4": s("b4"),
               "B6": b6res.total_kgco2e if b6res else 0.0, "C1": bmods["C1"], "C2": s("c2"), "C3": s("c3"),
               "C4": s("c4"), "D": s("d")}
    gbt = {"material_production": s("a1a3") + s("a5_waste_production"),
           "material_transport": s("a4") + s("a5_waste_transport"), "construction": bmods["A5_site"],
           "operation": modules["B6"], "demolition": bmods["C1"], "recycling_credit": s("gbt_recycling_credit")}
    gbt["total"] = float(sum(gbt.values()))
    biogenic = s("biogenic_kgco2")
    bases = sorted({f"materials: {b}" for b in lines["basis"].dropna().unique()})
    if b6res is not None:
        bases += [f"B6 {c}: {b}" for c, b in b6res.bases.items()]
    if modules["D"] == 0:
        diags.add("info", "no_module_d", "the selected factor sets declare no module D values: D reported as 0; the "
                  "GB/T 51366 50 % recycling credit is shown separately in the GB view")

    cov = _coverage(lines, min_confidence)
    if cov["gbt_mass_check"]["passed"] is False:
        diags.add("warning", "gbt_mass_coverage", f"matched materials are {100 * cov['mass_share_matched']:.1f} % of "
                  "the material mass; GB/T 51366 requires >= 95 %: confirm the unmatched materials")
    elif cov["gbt_mass_check"]["passed"] is None:
        diags.add("warning", "gbt_mass_coverage", f"{cov['mass_unknown_volume_m3']:.3g} m3 of unmatched material has "
                  "no density, so its mass is unknown: the GB/T 51366 95 % mass coverage cannot be verified")
    unmatched, unquantified = _unmatched(lines)
    for r in unmatched.itertuples():
        qty = f"{r.volume_m3:.3g} m3" if r.volume_m3 is not None and not pd.isna(r.volume_m3) else "no volume"
        diags.add("warning", "unmatched_material", f"material {r.material!r} ({r.n_elements} elements, {qty}) has no "
                  f"factor: {r.reason}", entity=str(r.material))
    for r in unquantified.itertuples():
        diags.add("warning", "no_quantity", f"{r.material!r} ({r.category}, {r.n_elements} elements) has no quantity "
                  "in the model", entity=str(r.material))
    unc = monte_carlo(lines, library, bmods, modules["B6"], n_draws, seed) if n_draws else {}
    assumptions["defaults"] = {k: v for k, v in defaults.items()}
    return CarbonResult(method=method, period_years=period, gfa_m2=gfa, gfa_source=gfa_src,
                        factor_sets=library.set_names, lines=lines, modules=modules, gbt=gbt, building_modules=bmods,
                        biogenic_stored_kgco2=biogenic, coverage=cov, unmatched=unmatched, unquantified=unquantified,
                        b6=b6res, uncertainty=unc, diagnostics=diags, assumptions=assumptions, bases=bases,
                        building_name=building.name)
