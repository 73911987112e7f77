"""Coverage of a carbon take-off: what share of the building's material is accounted for, and what is missing.

By volume: every solid line counts, matched or not. By mass: lines without a mass (unmatched lines whose material
has no density) count too, at the volume-weighted mean density of the lines whose mass is known, so that 161 m3 of
an unmatched "Default" material can no longer hide behind "mass matched 100 %". The unmatched materials are listed
by volume, largest first.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from ..model import Diagnostics
from .factors import construction_defaults

#: Density (kg/m3) assumed for material of unknown mass when no line has a known mass: about that of water, between
#: insulation (tens) and concrete (2400); it only weights the coverage share, never a carbon value.
FALLBACK_DENSITY_KG_M3 = 1000.0
#: Number of unmatched materials listed in ``coverage["top_unmatched"]``.
TOP_UNMATCHED = 10


def coverage(lines: pd.DataFrame, min_conf: float, unmatched: pd.DataFrame) -> dict[str, Any]:
    """Coverage by lines, volume and mass (unknown mass estimated, never left out), with the top unmatched."""
    solid = lines[~lines["is_opening"] & ~lines["excluded"] & ~lines["is_derived"]]
    ok = solid["a1a3"].notna()
    vol = solid["volume_m3"].fillna(0.0)
    mass = solid["mass_kg"]
    known = mass.notna() & (vol > 0)
    rho_ref = float(mass[known].sum() / vol[known].sum()) if known.any() and vol[known].sum() > 0 \
        else FALLBACK_DENSITY_KG_M3
    unknown_vol = float(vol[mass.isna()].sum())
    est_unknown = unknown_vol * rho_ref
    tot_v = float(vol.sum())
    m_ok = float(mass[ok].fillna(0.0).sum())
    tot_m = float(mass.fillna(0.0).sum()) + est_unknown
    conf = solid["confidence"].where(ok, 0.0)
    cov = {
        "lines": int(len(solid)), "lines_matched": int(ok.sum()),
        "volume_m3": tot_v, "volume_matched_m3": float(vol[ok].sum()), "volume_unmatched_m3": float(vol[~ok].sum()),
        "volume_share_matched": float(vol[ok].sum() / tot_v) if tot_v else 0.0,
        "mass_kg": tot_m, "mass_matched_kg": m_ok, "mass_share_matched": m_ok / tot_m if tot_m else 0.0,
        "mass_unknown_volume_m3": unknown_vol, "mass_unknown_estimate_kg": est_unknown,
        "mass_unknown_density_kg_m3": rho_ref,
        "mass_rule": "lines without a mass count at the volume-weighted mean density of the lines with one "
                     f"({rho_ref:.0f} kg/m3)",
        "mean_confidence_by_volume": float((conf * vol).sum() / tot_v) if tot_v else 0.0,
        "volume_share_low_confidence": float(vol[ok & (solid["confidence"] < 0.5)].sum() / tot_v) if tot_v else 0.0,
        "min_confidence": min_conf,
        "openings": int(lines["is_opening"].sum()),
        "openings_matched": int((lines["is_opening"] & lines["a1a3"].notna()).sum()),
        "lines_without_volume": int(solid["volume_m3"].isna().sum()),
        "top_unmatched": [{"material": r.material, "volume_m3": _num(r.volume_m3), "mass_kg": _num(r.mass_kg),
                           "n_elements": int(r.n_elements), "kinds": r.kinds, "candidates": r.candidates or None}
                          for r in unmatched.head(TOP_UNMATCHED).itertuples()],
    }
    need = float(construction_defaults()["gbt_mass_coverage_min"])
    share = cov["mass_share_matched"]
    cov["gbt_mass_check"] = {
        "required_share": need, "share": share,
        "passed": False if share < need else None if unknown_vol > 0 else True,
        "rule": "GB/T 51366-2019: included materials >= 95 % of total material mass (materials < 0.1 % may be "
                "omitted); material of unknown mass is counted at the mean density of the rest, so the check is "
                "only passed outright when every line has a mass"}
    return cov


def _num(v: Any) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


def unmatched_tables(lines: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(unmatched materials by volume, matched lines without any quantity)."""
    bad = lines[~lines["excluded"] & lines["factor_id"].isna()].copy()
    bad["material"] = bad["material"].fillna("(no material)")
    cols = ["material", "category", "n_lines", "n_elements", "kinds", "volume_m3", "mass_kg", "area_m2", "reason",
            "candidates"]
    if bad.empty:
        um = pd.DataFrame(columns=cols)
    else:
        um = bad.groupby("material", dropna=False).agg(
            category=("category", "first"), n_lines=("line", "size"), n_elements=("element_id", "nunique"),
            kinds=("kind", lambda s: ", ".join(sorted(set(map(str, s))))),
            volume_m3=("volume_m3", lambda s: float(s.sum(min_count=1)) if s.notna().any() else None),
            mass_kg=("mass_kg", lambda s: float(s.sum(min_count=1)) if s.notna().any() else None),
            area_m2=("area_m2", lambda s: float(s.sum(min_count=1)) if s.notna().any() else None),
            reason=("match_reason", "first"), candidates=("alternatives", "first")).reset_index()
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


def coverage_diagnostics(cov: dict[str, Any], unmatched: pd.DataFrame, unquantified: pd.DataFrame,
                         diags: Diagnostics) -> None:
    """Warnings for the GB/T mass rule, each unmatched material and each matched line without a quantity."""
    if cov["gbt_mass_check"]["passed"] is False:
        diags.add("warning", "gbt_mass_coverage", f"matched materials are {100 * cov['mass_share_matched']:.1f} % of "
                  f"the material mass ({cov['mass_rule']}); GB/T 51366 requires >= 95 %: confirm the unmatched "
                  "materials")
    elif cov["gbt_mass_check"]["passed"] is None:
        diags.add("warning", "gbt_mass_coverage", f"{cov['mass_unknown_volume_m3']:.3g} m3 of unmatched material has "
                  "no density, so its mass is estimated: the GB/T 51366 95 % mass coverage cannot be verified")
    for r in unmatched.itertuples():
        qty = f"{r.volume_m3:.3g} m3" if r.volume_m3 is not None and not pd.isna(r.volume_m3) else "no volume"
        diags.add("warning", "unmatched_material", f"material {r.material!r} ({r.n_elements} elements, {qty}) has no "
                  f"factor: {r.reason}", entity=str(r.material))
    for r in unquantified.itertuples():
        diags.add("warning", "no_quantity", f"{r.material!r} ({r.category}, {r.n_elements} elements) has no quantity "
                  "in the model", entity=str(r.material))
