"""The result of a carbon assessment: totals, per m2, module and phase tables, breakdowns, coverage, uncertainty."""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..model import Diagnostics
from ..results import Result, format_number, html_table, jsonable
from .methods import EN_MODULES, en15978_table, gbt51366_table, method_mapping
from .operational import B6Result
from .uncertainty import UncertaintyResult

_TOTAL = object()  # default of per_m2: the A1-C4 total

#: Line-level module columns that make up each EN 15978 module.
_LINE_MODULES = {"A1-A3": ("a1a3",), "A4": ("a4",), "A5": ("a5_waste",), "B4": ("b4",), "C2": ("c2",),
                 "C3": ("c3",), "C4": ("c4",), "D": ("d",)}


@dataclass
class CarbonResult(Result):
    """Whole-life carbon of one building from one take-off, in both accounting views.

    ``lines``: one row per material line with its match, quantities and module values (kgCO2e).
    ``modules``: EN 15978 module totals (kgCO2e); ``gbt``: GB/T 51366 phases; ``b6``: operational detail.
    ``coverage``: share of mass and volume matched, unknown mass counted, top unmatched materials and ``trust``
    (whole-building sanity); ``unmatched``: materials with no factor, with quantities. ``reference_area``: the area
    every per-m2 figure is divided by (gross floor area, ISO 9836), None with ``why_no_intensity`` when not credible.
    Without energy B6 is not assessed: 0.0 in ``modules`` (so sums work) but None with a note in every output.
    Values are kgCO2e; a factor with a CO2-only basis (GB/T Appendix A fuels, MEE grid factors) is flagged in
    ``bases``.
    """

    method: str
    period_years: int
    gfa_m2: float | None
    gfa_source: str
    factor_sets: list[str]
    lines: pd.DataFrame
    modules: dict[str, float]
    gbt: dict[str, float]
    building_modules: dict[str, float]
    biogenic_stored_kgco2: float
    coverage: dict[str, Any]
    unmatched: pd.DataFrame
    unquantified: pd.DataFrame
    b6: B6Result | None = None
    uncertainty: dict[str, Any] = field(default_factory=dict)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    assumptions: dict[str, Any] = field(default_factory=dict)
    bases: list[str] = field(default_factory=list)
    building_name: str | None = None
    reference_area: dict[str, Any] = field(default_factory=dict)
    pv: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.uncertainty, UncertaintyResult):  # a plain dict (or {} when not run)
            self.uncertainty = UncertaintyResult(self.uncertainty or {})

    # --- totals ----------------------------------------------------------------------------------------------
    @property
    def total_kgco2e(self) -> float:
        """EN 15978 A1-C4 (B6 included when energy was given), D excluded, biogenic not netted."""
        return float(sum(self.modules[k] or 0.0 for k in EN_MODULES if k != "D"))

    @property
    def upfront_kgco2e(self) -> float:
        """A1-A5."""
        return float(self.modules["A1-A3"] + self.modules["A4"] + self.modules["A5"])

    @property
    def embodied_kgco2e(self) -> float:
        """A1-A5 + B4 + C1-C4 (everything but B6 and D)."""
        return self.total_kgco2e - (self.modules["B6"] or 0.0)

    @property
    def gbt_total_kgco2e(self) -> float:
        return float(self.gbt["total"])

    def per_m2(self, value: Any = _TOTAL) -> float | None:
        """kgCO2e per m2 of the reference area (gross floor area; the total by default); None without a credible
        floor area or for a value that was not assessed (None)."""
        v = self.total_kgco2e if value is _TOTAL else value
        return v / self.gfa_m2 if self.gfa_m2 and v is not None else None

    def per_m2_yr(self, value: Any = _TOTAL) -> float | None:
        p = self.per_m2(value)
        return p / self.period_years if p is not None else None

    @property
    def totals(self) -> dict[str, Any]:
        t = {"total_a1_c4_kgco2e": self.total_kgco2e, "upfront_a1_a5_kgco2e": self.upfront_kgco2e,
             "embodied_kgco2e": self.embodied_kgco2e,
             "b6_kgco2e": self.modules["B6"] if self.b6 is not None else None, "d_kgco2e": self.modules["D"],
             "d_exported_energy_kgco2e": float(self.pv.get("export_credit_kgco2e", 0.0)),
             "pv_embodied_kgco2e": float(self.pv.get("a1a3_kgco2e", 0.0) + self.pv.get("b4_kgco2e", 0.0)),
             "gbt51366_total_kgco2e": self.gbt_total_kgco2e, "biogenic_stored_kgco2": self.biogenic_stored_kgco2}
        for k in list(t):
            if k.endswith("kgco2e") or k.endswith("kgco2"):
                base = k.rsplit("_kg", 1)[0]
                t[base + "_kgco2e_per_m2"] = self.per_m2(t[k])
                t[base + "_kgco2e_per_m2_yr"] = self.per_m2_yr(t[k])
        t["reference_area"] = self.reference_area.get("name")
        t["reference_area_m2"] = self.gfa_m2
        t["why_no_intensity"] = self.reference_area.get("why_no_intensity")
        t["b6_assessed"] = self.b6 is not None
        return t

    def pv_summary(self) -> dict[str, Any] | None:
        """On-site PV in this account (None without PV): array kWp, annual self-consumed and exported kWh, the
        array's A1-A3 and B4 (kgCO2e) and the export credit (kgCO2e, negative; EN 15978 module D, GB/T 51366
        operation), with the factors' sources. See :mod:`bldgagent.lca.pv`."""
        if not self.pv:
            return None
        keys = ("kwp", "self_consumed_kwh", "exported_kwh", "a1a3_kgco2e", "b4_kgco2e", "b4_array_kgco2e",
                "b4_inverter_kgco2e", "array_replacement_years", "inverter_replacement_years",
                "system_kgco2e_per_kwp", "inverter_kgco2e_per_kwp", "export_credit_kgco2e", "export_credit_source",
                "sources")
        out = {k: self.pv[k] for k in keys if k in self.pv}
        out["export_credit_module"] = {"en15978": "D (outside the A1-C4 total)", "gbt51366": "operation (netted)"}
        return out

    # --- breakdowns ------------------------------------------------------------------------------------------
    def _group(self, by: str | list[str]) -> pd.DataFrame:
        cols = ["a1a3", "a4", "a5_waste", "b4", "c2", "c3", "c4", "d", "biogenic_kgco2"]
        ok = self.lines[self.lines["a1a3"].notna()]
        g = ok.groupby(by, dropna=False)[cols + ["mass_kg", "volume_m3_used"]].sum(min_count=1)
        g["embodied_kgco2e"] = g[["a1a3", "a4", "a5_waste", "b4", "c2", "c3", "c4"]].sum(axis=1)
        return g.sort_values("embodied_kgco2e", ascending=False)

    def by_module(self) -> pd.DataFrame:
        return en15978_table(self)

    def by_element(self) -> pd.DataFrame:
        return self._group(["element_id", "kind"])

    def by_material(self) -> pd.DataFrame:
        return self._group(["material", "category", "factor_id"])

    def by_category(self) -> pd.DataFrame:
        return self._group("category")

    def by_storey(self) -> pd.DataFrame:
        return self._group("storey_id")

    def by_kind(self) -> pd.DataFrame:
        return self._group("kind")

    def en15978_table(self) -> pd.DataFrame:
        return en15978_table(self)

    def gbt51366_table(self) -> pd.DataFrame:
        return gbt51366_table(self)

    @staticmethod
    def method_mapping() -> pd.DataFrame:
        return method_mapping()

    def compare(self, benchmark: str) -> Any:
        """Like-for-like comparison with a benchmark id (see :func:`bldgagent.lca.benchmarks.list_benchmarks`)."""
        from .benchmarks import compare
        return compare(self, benchmark)

    # --- export ----------------------------------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """The material lines with their matches, quantities and module values."""
        return self.lines.copy()

    def to_dict(self, lines: bool = False) -> dict[str, Any]:
        """JSON-ready summary (plain floats/str/lists/dicts); ``lines=True`` adds every material line."""
        return jsonable(self._data(lines))

    def _data(self, lines: bool = False) -> dict[str, Any]:
        unmatched_cols = ["material", "category", "n_lines", "volume_m3", "mass_kg", "reason"]
        out = {
            "building": self.building_name, "method": self.method, "period_years": self.period_years,
            "gross_floor_area_m2": self.gfa_m2, "gross_floor_area_source": self.gfa_source,
            "reference_area": self.reference_area,
            "factor_sets": list(self.factor_sets), "bases": list(self.bases), "totals": self.totals,
            "en15978": self.en15978_table(), "gbt51366": self.gbt51366_table(),
            "gbt51366_coverage_check": self.coverage.get("gbt_mass_check"),
            "method_mapping": method_mapping(),
            "building_modules_kgco2e": dict(self.building_modules),
            "pv": self.pv_summary(),
            "b6": self.b6, "coverage": self.coverage,
            "unmatched": self.unmatched[[c for c in unmatched_cols if c in self.unmatched]],
            "unquantified": self.unquantified,
            "by_category": self.by_category().reset_index(),
            "by_kind": self.by_kind().reset_index(),
            "uncertainty": self.uncertainty, "assumptions": self.assumptions,
            "diagnostics": self.diagnostics,
        }
        if lines:
            out["lines"] = self.lines
        return out

    def to_json(self, lines: bool = False, indent: int | None = 2, **kwargs: Any) -> str:
        """``to_dict(lines)`` as strict JSON text (no NaN/Infinity), indented by 2 by default."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(lines=lines), indent=indent, allow_nan=False, **kwargs)

    def _html_title(self) -> str:
        return (f"Whole-life carbon: {self.building_name or 'building'} ({self.period_years} years, "
                f"GFA {format_number(self.gfa_m2, 'm²')})")

    def _html_body(self) -> str:
        cov = self.coverage
        head = (f"<p>Factor sets: {html.escape(', '.join(self.factor_sets))}. Coverage: "
                f"{format_number(100 * cov.get('mass_share_matched', 0), '%')} of mass, "
                f"{format_number(100 * cov.get('volume_share_matched', 0), '%')} of volume matched "
                f"(mean confidence {format_number(cov.get('mean_confidence_by_volume', 0), digits=2)}); "
                f"{len(self.unmatched)} unmatched material(s).</p>")
        en = [{"EN 15978 module": r.module, "tco2e": r.kgco2e / 1000, "kgco2e_per_m2": r.kgco2e_per_m2}
              for r in self.en15978_table().itertuples()]
        gb = [{"GB/T 51366 phase": f"{r.phase} ({r.phase_en})", "tco2e": r.kgco2e / 1000,
               "kgco2e_per_m2": r.kgco2e_per_m2} for r in self.gbt51366_table().itertuples()]
        tables = html_table(en) + html_table(gb)
        unc = self.uncertainty.get("total_a1_c4")
        tail = (f"<p>Monte Carlo ({self.uncertainty['n_draws']} draws): A1-C4 P5 {format_number(unc['p5'] / 1000)} / "
                f"P50 {format_number(unc['p50'] / 1000)} / P95 {format_number(unc['p95'] / 1000)} tCO2e</p>"
                ) if unc else ""
        return head + "<div style='display:flex;gap:2em'>" + tables + "</div>" + tail + self._pv_html()

    def _pv_html(self) -> str:
        p = self.pv_summary()
        if not p:
            return ""
        return (f"<p>On-site PV {format_number(p.get('kwp'), 'kWp')}: exports "
                f"{format_number(p['exported_kwh'], 'kWh/a')}, credited {format_number(p['export_credit_kgco2e'] / 1000, 'tCO2e')} "
                f"in EN 15978 module D (apart from A1-C4) and netted in the GB/T 51366 operation phase; array embodied "
                f"A1-A3 {format_number(p['a1a3_kgco2e'] / 1000, 'tCO2e')}, B4 {format_number(p['b4_kgco2e'] / 1000, 'tCO2e')}"
                "</p>")

    def __repr__(self) -> str:
        gfa = f"{self.gfa_m2:.0f} m2 GFA" if self.gfa_m2 else "no credible GFA: totals only"
        return (f"CarbonResult({self.building_name!r}, {self.period_years} yr, {gfa}, A1-C4 "
                f"{self.total_kgco2e / 1000:.1f} tCO2e, GB/T {self.gbt_total_kgco2e / 1000:.1f} tCO2e, "
                f"{'B6 not assessed, ' if self.b6 is None else ''}volume matched "
                f"{100 * self.coverage.get('volume_share_matched', 0):.0f} %, mass matched "
                f"{100 * self.coverage.get('mass_share_matched', 0):.0f} %"
                f"{'' if self.coverage.get('trust', {}).get('as_is', True) else ', NOT TO BE TRUSTED AS IS'})")
