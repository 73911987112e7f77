"""Implausible material assignments: a metal, glass or membrane over a thickness no real product has.

Exporters often name a whole element after its finish: an ArchiCAD roof 0.4 m thick assigned "Aluminium" would be
0.4 m of solid aluminium (about 8,000 kgCO2e per m2 of roof). A line whose material category has a thickness limit
(``finish_thickness_limits.csv``: the thickest product of that kind used as a building layer, with its source) and
whose layer, or whole planar element, is thicker than that limit is replaced by a documented generic build-up for its
element kind (``generic_buildups.csv``): the named material as a finish at its typical thickness, then insulation,
concrete or air for the rest. The replacement lines carry confidence 0.3 and a warning names every element, so the
total stays sane and the user sees what to map.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from .._data import read_csv
from ..model import Diagnostics
from .matching import MaterialMatcher

#: Confidence of a line accounted with a generic build-up (above the default min_confidence 0.25, below any keyword).
BUILDUP_CONFIDENCE = 0.3


@lru_cache(maxsize=1)
def finish_thickness_limits() -> pd.DataFrame:
    """Thickness limits (m) per material category with their typical product thickness and source."""
    frame = read_csv("lca/finish_thickness_limits.csv",
                     required=("category", "group", "max_thickness_m", "typical_thickness_m", "source"))
    return frame.set_index("category")


@lru_cache(maxsize=1)
def generic_buildups() -> pd.DataFrame:
    """Generic build-ups by element kind ('*' = any) and finish group, layer by layer."""
    return read_csv("lca/generic_buildups.csv",
                    required=("element_kind", "group", "order", "category", "thickness_m", "source"))


def buildup_layers(kind: str, group: str, thickness_m: float, finish_m: float) -> list[tuple[str, float, str]]:
    """(category or 'finish', thickness m, source) of the generic build-up of ``kind`` for a ``thickness_m`` element.

    Fixed thicknesses are capped by what is left; ``rest`` takes the remainder; layers of zero thickness are dropped.
    """
    table = generic_buildups()
    rows = table[(table["element_kind"] == kind) & (table["group"] == group)]
    if rows.empty:
        rows = table[(table["element_kind"] == "*") & (table["group"] == group)]
    left = float(thickness_m)
    out = []
    for r in rows.sort_values("order").itertuples(index=False):
        want = finish_m if r.thickness_m == "typical" else left if r.thickness_m == "rest" else float(r.thickness_m)
        t = min(want, left)
        if t > 0:
            out.append((str(r.category), t, str(r.source)))
            left -= t
    return out


def implausible_lines(lines: pd.DataFrame) -> pd.Series:
    """Boolean mask: matched lines whose category is over its thickness limit (layer or planar element)."""
    limits = finish_thickness_limits()
    thick = lines["thickness_m"].where(lines["thickness_m"].notna(), lines["element_thickness_m"])
    limit = lines["category"].map(limits["max_thickness_m"]).astype(float)
    exempt = [str(k) in str(e).split(";") for k, e in
              zip(lines["kind"], lines["category"].map(limits["exempt_kinds"].fillna("")).fillna(""))]
    return (lines["volume_m3"].notna() & ~lines["is_opening"] & limit.notna() & thick.notna()
            & (thick > limit) & (lines["match_method"] != "mapping") & ~pd.Series(exempt, index=lines.index))


def replace_implausible(lines: pd.DataFrame, matcher: MaterialMatcher, diags: Diagnostics) -> pd.DataFrame:
    """Replace implausible finish lines by their generic build-up (same volume), with a warning per element."""
    bad = implausible_lines(lines)
    if not bad.any():
        return lines
    limits = finish_thickness_limits()
    new_rows = []
    for _, row in lines[bad].iterrows():
        thick = row["thickness_m"] if pd.notna(row["thickness_m"]) else row["element_thickness_m"]
        lim = limits.loc[row["category"]]
        area = row["volume_m3"] / thick
        layers = buildup_layers(str(row["kind"]), str(lim["group"]), thick, float(lim["typical_thickness_m"]))
        for cat, t, src in layers:
            new_rows.append(_buildup_row(row, cat, t, area, src, matcher))
        shown = ", ".join(f"{'the ' + str(row['category']) if c == 'finish' else c} {1000 * t:.0f} mm"
                          for c, t, _ in layers)
        diags.add("warning", "implausible_material",
                  f"{row['kind']} {row['element_name'] or row['element_id']!r}: {row['material']!r} "
                  f"({row['category']}) over {1000 * thick:.0f} mm, but no {row['category']} product is thicker than "
                  f"{1000 * float(lim['max_thickness_m']):.0f} mm ({lim['source']}): most likely a finish naming the "
                  f"whole element; accounted as a generic build-up ({shown}) at low confidence - map the element's "
                  "real build-up", entity=str(row["element_id"]))
    out = pd.concat([lines[~bad], pd.DataFrame(new_rows)], ignore_index=True)
    out["line"] = np.arange(len(out))
    return out


def _buildup_row(row: pd.Series, cat: str, t: float, area: float, src: str, matcher: MaterialMatcher) -> dict:
    r = row.to_dict()
    r.update(volume_m3=area * t, thickness_m=t, area_m2=area, area_source="volume / thickness of the element",
             mass_kg_model=np.nan, volume_source="generic build-up (generic_buildups.csv)",
             confidence=BUILDUP_CONFIDENCE, match_method="generic_buildup", alternatives="")
    if cat == "finish":
        r["material"] = f"{row['material']} (as a {1000 * t:g} mm finish)"
        r["match_reason"] = f"generic build-up: {src}; {row['match_reason']}"
        return r
    m = matcher.match(cat, None)
    r.update(material=f"{cat} behind {row['material']!r} (generic build-up, assumed)", category=m.category,
             factor_id=m.factor_id, excluded=bool(m.excluded), tags=";".join(m.tags), grade_cube_mpa=None,
             material_density_kg_m3=np.nan, material_conductivity_w_mk=np.nan,
             match_reason=f"generic build-up: {src}; {m.reason}")
    return r
