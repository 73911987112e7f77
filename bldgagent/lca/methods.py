"""The two accounting views of one take-off: EN 15978 modules and GB/T 51366-2019 phases, and how they map.

Both are aggregations of the same line-level module values, so they reconcile by construction:

=================  =====================  ==================================================================
GB/T 51366 phase   EN 15978 module(s)     notes
=================  =====================  ==================================================================
建材生产            A1-A3 (+ A5 waste       GB counts procured quantities including site losses, so the
                   production share)      production of wasted material sits here
建材运输            A4 (+ A5 waste           transport of wasted material likewise
                   transport share)
建造                A5 (site energy)        construction machinery and site energy only
运行                B6 (+ exported energy   GB nets all on-site renewable generation (exported PV too) and green
                   of D)                  carbon sinks; EN B6 counts imported energy, the export is in D
拆除                C1                      demolition energy only
(not covered)      B1-B5 (incl. B4), B7,   GB/T 51366 has no replacement, C2-C4 or B7 phases
                   C2-C4
回收 (netted)       D (reported apart)      GB deducts 50 % of the displaced primary material of recyclable
                                          construction/demolition waste from its total; EN keeps D apart
=================  =====================  ==================================================================
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from .results import CarbonResult

#: EN 15978 modules bldgagent reports, in order.
EN_MODULES = ("A1-A3", "A4", "A5", "B4", "B6", "C1", "C2", "C3", "C4", "D")
#: GB/T 51366 phases: (key, Chinese name, English name).
GB_PHASES = (
    ("material_production", "建材生产", "building-material production"),
    ("material_transport", "建材运输", "building-material transport"),
    ("construction", "建造", "construction"),
    ("operation", "运行", "operation"),
    ("demolition", "拆除", "demolition"),
    ("recycling_credit", "回收抵扣", "recycling credit (50 % rule, netted)"),
)
METHODS = ("en15978", "gbt51366", "both")


def method_mapping() -> pd.DataFrame:
    """How GB/T 51366-2019 phases map to EN 15978 modules (lca-research.md section 2.3)."""
    rows = [
        ("建材生产", "material production", "A1-A3 (+ A5 waste production share)",
         "GB quantities include site losses; A5 waste production is counted here"),
        ("建材运输", "material transport", "A4 (+ A5 waste transport share)", "same distances and Table E.0.1 factors"),
        ("建造", "construction", "A5 (site energy only)", "machinery and site energy"),
        ("运行", "operation", "B6 (+ the exported-energy part of D)",
         "GB nets on-site renewables (exported PV too) and green carbon sinks; EN B6 counts imported energy only and "
         "reports exported energy in D; CO2-only grid factors"),
        ("拆除", "demolition", "C1", "demolition energy only"),
        ("回收抵扣", "recycling credit", "D (EN reports it separately)",
         "GB deducts 50 % of the displaced primary material of recyclable waste from the total"),
        ("(not covered)", "not covered", "B1-B5 (incl. B4 replacement), B7, C2-C4, A5 waste end-of-life",
         "EN 15978 reports these; GB/T 51366 has no phase for them"),
    ]
    return pd.DataFrame(rows, columns=["gbt51366_phase", "gbt51366_phase_en", "en15978_modules", "note"])


def en15978_table(result: "CarbonResult") -> pd.DataFrame:
    """Module table: kgCO2e, per m2 GFA, per m2 GFA and year, share of the A-C total; D and biogenic apart. D holds
    the materials' D and the export of on-site PV (``result.totals["d_exported_energy_kgco2e"]``, :mod:`.pv`).

    Per-m2 columns divide by ``result.reference_area`` (gross floor area, ISO 9836) and are None without one."""
    m = result.modules
    gfa, period = result.gfa_m2, result.period_years
    total = sum(m[k] or 0.0 for k in EN_MODULES if k != "D")
    rows = []
    for k in EN_MODULES:
        v = None if k == "B6" and result.b6 is None else m[k]  # B6 without energy: not assessed, not in total
        rows.append(dict(module=k if v is not None else f"{k} (not assessed)", kgco2e=v,
                         kgco2e_per_m2=v / gfa if gfa and v is not None else None,
                         kgco2e_per_m2_yr=v / gfa / period if gfa and v is not None else None,
                         share=v / total if total and k != "D" and v is not None else None,
                         in_total=k != "D" and v is not None))
    rows.append(dict(module="total A1-C4" + (" incl. B6" if result.b6 is not None else ""), kgco2e=total,
                     kgco2e_per_m2=total / gfa if gfa else None,
                     kgco2e_per_m2_yr=total / gfa / period if gfa else None, share=1.0 if total else None, in_total=True))
    rows.append(dict(module="biogenic CO2 stored (separate, not netted)", kgco2e=-result.biogenic_stored_kgco2,
                     kgco2e_per_m2=-result.biogenic_stored_kgco2 / gfa if gfa else None, kgco2e_per_m2_yr=None,
                     share=None, in_total=False))
    return pd.DataFrame(rows)


def gbt51366_table(result: "CarbonResult") -> pd.DataFrame:
    """GB/T 51366 phase table with per-m2 values; the recycling credit is netted into the total."""
    g = result.gbt
    gfa = result.gfa_m2
    rows = []
    for key, zh, en in GB_PHASES:
        v = g[key]
        if key == "operation" and result.b6 is None:
            en = f"{en} (not assessed: no energy given, 0)"
        rows.append(dict(phase=zh, phase_en=en, kgco2e=v, kgco2e_per_m2=v / gfa if gfa else None,
                         kgco2e_per_m2_yr=v / gfa / result.period_years if gfa else None))
    total = g["total"]
    rows.append(dict(phase="合计", phase_en="total (credit netted)", kgco2e=total,
                     kgco2e_per_m2=total / gfa if gfa else None,
                     kgco2e_per_m2_yr=total / gfa / result.period_years if gfa else None))
    return pd.DataFrame(rows)
