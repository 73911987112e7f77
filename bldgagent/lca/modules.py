"""Embodied-carbon modules (EN 15978) over matched material lines, vectorised with numpy.

Per line (units kgCO2e unless a factor's basis is CO2):

- A1-A3 = quantity in the factor's declared unit x factor.
- A4 = mass [t] x distance [km] x transport factor [kgCO2e/(t km)] (GB/T 51366-2019 Table E.0.1); defaults 40 km for
  concrete, 500 km otherwise (GB/T 51366 clause 4.3), heavy diesel truck 30 t; overridable per category.
- A5 (waste) = WF x (A1-A3 + A4 + C2-C4) of the material, WF = WR / (1 - WR), WR the site waste rate by category.
- B4 = N x (A1-A3 + A4 + C2 + C3 + C4), N = ceil(period / RSL) - 1 replacements (RSL by element kind and category).
- C2 = mass [t] x 50 km x transport factor; C3/C4 from the factor when the set gives them, else the category default
  (KBOB disposal values); D from the factor where declared (never netted).
- Biogenic CO2 stored: the factor's biogenic content, else EN 16449 for bio-based categories; reported separately.
- GB/T 51366 recycling credit = 50 % x recovery rate x A1-A3 (reported separately and netted only in the GB total).
"""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..errors import InputValueError
from .factors import (FactorLibrary, categories, construction_defaults, en16449_biogenic_co2_kg,
                      reference_service_life, replacements, transport_factor, transport_modes)

MODULE_COLUMNS = ("a1a3", "a4", "a5_waste", "b4", "c2", "c3", "c4", "d")


def transport_settings(transport: Mapping[str, Any] | None) -> dict[str, tuple[float, str, str]]:
    """Distance (km), mode and source per category ('*' = default) from a ``transport`` override.

    Accepted values per key (a category or ``"*"``): km, ``(km, mode)`` or ``{"distance_km": .., "mode": ..}``;
    the key ``"mode"`` sets the default mode for all categories.
    """
    d = construction_defaults()
    default_mode = str(d["a4_mode"])
    out: dict[str, tuple[float, str, str]] = {
        "*": (float(d["a4_distance_other_km"]), default_mode, "GB/T 51366-2019 default 500 km"),
        "concrete": (float(d["a4_distance_concrete_km"]), default_mode, "GB/T 51366-2019 default 40 km for concrete"),
        "precast_concrete": (float(d["a4_distance_other_km"]), default_mode, "GB/T 51366-2019 default 500 km"),
    }
    out["reinforced_concrete"] = out["concrete"]
    if not transport:
        return out
    transport = dict(transport)
    if "mode" in transport:
        default_mode = str(transport.pop("mode"))
        transport_factor(default_mode)
        out = {k: (km, default_mode, src) for k, (km, _m, src) in out.items()}
    cats = set(categories().index)
    for key, value in transport.items():
        if key != "*" and key not in cats:
            raise InputValueError(f"transport override for unknown category {key!r}; use '*' or one of "
                                  f"{', '.join(sorted(cats))}")
        mode = out.get(key, out["*"])[1]
        if isinstance(value, Mapping):
            km, mode = value.get("distance_km", out.get(key, out["*"])[0]), value.get("mode", mode)
        elif isinstance(value, (tuple, list)):
            km, mode = value[0], value[1]
        else:
            km = value
        try:
            km = float(km)
        except (TypeError, ValueError):
            raise InputValueError(f"transport distance for {key!r} is not a number: {km!r}") from None
        if not np.isfinite(km) or km < 0:
            raise InputValueError(f"transport distance for {key!r} must be >= 0 km, got {km}")
        transport_factor(str(mode))
        out[key] = (km, str(mode), "user override")
    if "concrete" in transport and "reinforced_concrete" not in transport:
        out["reinforced_concrete"] = out["concrete"]  # a concrete override covers the concrete of reinforced concrete
    return out


def resolve_quantities(lines: pd.DataFrame, library: FactorLibrary) -> pd.DataFrame:
    """Density, mass, area and quantity in the factor's declared unit for matched lines (adds columns).

    Density: the model's, else the factor's, else the category default (``density_source`` says which). Mass: the
    model's, else volume x density; categories measured per m2 (stud layers, floor finishes, windows, doors) use
    area x the category's kg per m2 when the model gives no density.
    """
    cat = categories()
    fac = lines["factor_id"].map(lambda f: library.factors.get(f) if isinstance(f, str) else None)
    cats = lines["category"].where(lines["category"].isin(cat.index))
    rho_model = lines["material_density_kg_m3"]
    rho_factor = fac.map(lambda f: f.density_kg_m3 if f is not None else None).astype(float)
    rho_cat = pd.to_numeric(cats.map(cat["density_kg_m3"]), errors="coerce").astype(float)
    mpm2 = pd.to_numeric(cats.map(cat["mass_kg_per_m2"]), errors="coerce").astype(float)
    density = rho_model.fillna(rho_factor).fillna(rho_cat)
    source = np.select([rho_model.notna(), rho_factor.notna(), rho_cat.notna()],
                       ["model", "factor " + fac.map(lambda f: f.id if f is not None else "").astype(str),
                        "category default (categories.csv)"], default="")
    area_based = mpm2.notna() & rho_model.isna() & lines["area_m2"].notna()
    mass = lines["mass_kg_model"].copy()
    mass = mass.where(mass.notna(), np.where(area_based, lines["area_m2"] * mpm2, lines["volume_m3"] * density))
    source = np.where(area_based & lines["mass_kg_model"].isna(), "category kg per m2 (categories.csv)", source)
    out = lines.copy()
    out["density_kg_m3"] = np.where(area_based, np.nan, density)
    out["density_source"] = np.where(lines["mass_kg_model"].notna(), "model mass", source)
    out["mass_kg"] = mass.astype(float)
    volume = lines["volume_m3"].where(lines["volume_m3"].notna(), mass / density)
    out["volume_m3_used"] = volume
    unit = fac.map(lambda f: f.declared_unit if f is not None else None)
    mpu = fac.map(lambda f: f.mass_kg_per_unit if f is not None else None).astype(float)
    area = lines["area_m2"].where(lines["area_m2"].notna(), mass / mpu)
    q = np.select([unit == "kg", unit == "t", unit == "m3", unit == "m2", unit == "piece"],
                  [mass, mass / 1000.0, volume, area, np.ones(len(lines))], default=np.nan)
    out["declared_unit"] = unit
    out["quantity"] = q.astype(float)
    return out


def compute_modules(lines: pd.DataFrame, library: FactorLibrary, period_years: float,
                    transport: Mapping[str, Any] | None = None, waste: bool | Mapping[str, float] = True,
                    recovery: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Module columns (kgCO2e) for every line with a factor and a quantity; other lines get NaN."""
    cat = categories()
    defaults = construction_defaults()
    fac = lines["factor_id"].map(lambda f: library.factors.get(f) if isinstance(f, str) else None)
    has = fac.notna() & lines["quantity"].notna()
    q = lines["quantity"].to_numpy(float)
    mass_t = lines["mass_kg"].to_numpy(float) / 1000.0
    category = lines["category"].astype(object)

    def fattr(name: str) -> np.ndarray:
        return fac.map(lambda f: getattr(f, name) if f is not None else None).astype(float).to_numpy()

    out = lines.copy()
    a1a3 = q * fattr("a1a3")
    # A4 -----------------------------------------------------------------------------------------------------
    tset = transport_settings(transport)
    km = category.map(lambda c: tset.get(c, tset["*"])[0]).astype(float).to_numpy()
    mode = category.map(lambda c: tset.get(c, tset["*"])[1])
    tf = mode.map({m: transport_factor(m) for m in mode.unique()}).astype(float).to_numpy()   # per mode, not line
    a4 = np.nan_to_num(mass_t) * km * tf
    out["transport_km"], out["transport_mode"] = km, mode
    # C2, C3, C4 ---------------------------------------------------------------------------------------------
    c2_tf = transport_factor(str(defaults["c2_mode"]))
    c2 = np.nan_to_num(mass_t) * float(defaults["c2_distance_km"]) * c2_tf
    cats_known = category.where(category.isin(cat.index))
    c3_cat = pd.to_numeric(cats_known.map(cat["c3_kgco2e_per_kg"]), errors="coerce").to_numpy(float)
    c4_cat = pd.to_numeric(cats_known.map(cat["c4_kgco2e_per_kg"]), errors="coerce").to_numpy(float)
    c4_cat_m2 = pd.to_numeric(cats_known.map(cat["c4_kgco2e_per_m2"]), errors="coerce").to_numpy(float)
    f_c3, f_c4 = fattr("c3"), fattr("c4")
    from_factor = ~np.isnan(f_c3) | ~np.isnan(f_c4)
    area = lines["area_m2"].to_numpy(float)
    c4_default = np.where(~np.isnan(c4_cat_m2), c4_cat_m2 * area, c4_cat * lines["mass_kg"].to_numpy(float))
    c3 = np.where(from_factor, q * np.nan_to_num(f_c3), np.nan_to_num(c3_cat) * np.nan_to_num(mass_t * 1000.0))
    c4 = np.where(from_factor, q * np.nan_to_num(f_c4), c4_default)
    out["eol_source"] = np.where(from_factor, "factor", np.where(np.isnan(c4_default), "none",
                                                                 "category default (KBOB disposal)"))
    c4 = np.nan_to_num(c4)
    # A5 waste -----------------------------------------------------------------------------------------------
    if waste is False:
        wr = np.zeros(len(lines))
    else:
        wr = pd.to_numeric(cats_known.map(cat["waste_rate"]), errors="coerce").fillna(0.0).to_numpy(float)
        if isinstance(waste, Mapping):
            for k, v in waste.items():
                if not (0 <= float(v) < 1):
                    raise InputValueError(f"waste rate for {k!r} must be in [0, 1), got {v}")
                wr = np.where(category.to_numpy() == k, float(v), wr)
    wf = wr / (1.0 - wr)
    out["waste_rate"] = wr
    out["a5_waste_production"] = wf * a1a3
    out["a5_waste_transport"] = wf * a4
    out["a5_waste_eol"] = wf * (c2 + c3 + c4)
    # B4 -----------------------------------------------------------------------------------------------------
    rsl, rsl_src, n_rep = [], [], []
    cache: dict[tuple, tuple] = {}
    for kind, c, f in zip(lines["kind"], category, fac):
        key = (kind, c, f.id if f is not None else None)
        if key not in cache:
            life, src = reference_service_life(str(kind), str(c), f)
            cache[key] = (life, src, replacements(period_years, life))
        life, src, n = cache[key]
        rsl.append(np.nan if life is None else life)
        rsl_src.append(src)
        n_rep.append(n)
    n_rep = np.asarray(n_rep, dtype=float)
    out["rsl_years"], out["rsl_source"], out["replacements"] = rsl, rsl_src, n_rep
    b4 = n_rep * (a1a3 + a4 + c2 + c3 + c4)
    # D, biogenic, GB recycling credit ------------------------------------------------------------------------
    d = q * np.nan_to_num(fattr("d"))
    bio_f = fattr("biogenic_kgco2")
    biobased = pd.to_numeric(cats_known.map(cat["biobased"]), errors="coerce").fillna(0).to_numpy(bool)
    bio = np.where(~np.isnan(bio_f), q * bio_f,
                   np.where(biobased, en16449_biogenic_co2_kg(np.nan_to_num(lines["mass_kg"].to_numpy(float))), 0.0))
    out["biogenic_source"] = np.where(~np.isnan(bio_f), "factor", np.where(biobased, "EN 16449 (cf 0.5, 12 % moisture)", ""))
    rec = pd.to_numeric(cats_known.map(cat["gbt_recovery_rate"]), errors="coerce").fillna(0.0).to_numpy(float)
    if recovery:
        for k, v in recovery.items():
            if not (0 <= float(v) <= 1):
                raise InputValueError(f"recovery rate for {k!r} must be in [0, 1], got {v}")
            rec = np.where(category.to_numpy() == k, float(v), rec)
    share = float(defaults["gbt_recycling_credit_share"])
    credit = -share * rec * a1a3
    mask = has.to_numpy()
    for name, arr in (("a1a3", a1a3), ("a4", a4), ("b4", b4), ("c2", c2), ("c3", c3), ("c4", c4), ("d", d),
                      ("biogenic_kgco2", bio), ("gbt_recycling_credit", credit)):
        out[name] = np.where(mask, arr, np.nan)
    for name in ("a5_waste_production", "a5_waste_transport", "a5_waste_eol"):
        out[name] = np.where(mask, out[name], np.nan)
    out["a5_waste"] = out["a5_waste_production"] + out["a5_waste_transport"] + out["a5_waste_eol"]
    out["gbt_recovery_rate"] = rec
    out["basis"] = fac.map(lambda f: f.basis if f is not None else None)
    return out


def transport_mode_names() -> list[str]:
    return list(transport_modes().index)
