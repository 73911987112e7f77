"""Compare two designs (two assessments or two carbon results), or a carbon result with a benchmark.

    import bldgagent
    c = bldgagent.compare(base, variant)     # two Assessments (or two CarbonResults)
    c.delta("embodied_kgco2e_m2")            # variant minus base
    c.to_dict()["deltas"]                    # every metric: a, b, delta, relative_change
    bldgagent.compare(base, "leti_residential_2030")   # the old form: a benchmark id

Deltas are ``b - a`` and the relative change ``(b - a) / |a|`` (None when ``a`` is 0 or a value is missing;
the diagnostics list those metrics). Metric names carry their unit. Differences in study period, grid,
climate, method or factor sets make a comparison not like-for-like: each one is listed in ``notes``.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .assess import Assessment
from .errors import InputValueError
from .lca.benchmarks import BenchmarkComparison
from .lca.benchmarks import compare as compare_benchmark
from .lca.methods import EN_MODULES
from .lca.results import CarbonResult
from .model import Diagnostics
from .results import Result, column_label, html_table

__all__ = ["Comparison", "compare", "compare_carbon", "compare_assessments"]

_COLUMNS = ["metric", "a", "b", "delta", "relative_change"]


@dataclass
class Comparison(Result):
    """Two results side by side: one row per metric with ``a``, ``b``, ``delta = b - a`` and
    ``relative_change = (b - a) / |a|`` (None when undefined). ``kind`` is ``"assessment"`` or ``"carbon"``."""

    kind: str
    a_label: str
    b_label: str
    metrics: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    def delta(self, metric: str) -> float | None:
        """``b - a`` of one metric (None when either value is missing)."""
        row = self.metrics[self.metrics["metric"] == metric]
        if row.empty:
            raise InputValueError(f"comparison has no metric {metric!r}; available: "
                                  f"{', '.join(self.metrics['metric'].head(12))}...")
        v = row["delta"].iloc[0]
        return None if v is None or pd.isna(v) else float(v)

    def to_frame(self) -> pd.DataFrame:
        """One row per metric: a, b, delta, relative_change."""
        return self.metrics.copy()

    def _data(self) -> dict[str, Any]:
        deltas = {r["metric"]: {k: r[k] for k in _COLUMNS[1:]} for r in self.metrics.to_dict("records")}
        return {"kind": self.kind, "a": self.a_label, "b": self.b_label, "deltas": deltas, "notes": self.notes,
                "diagnostics": self.diagnostics}

    def _html_title(self) -> str:
        return f"Comparison ({self.kind}): b = {self.b_label} against a = {self.a_label}"

    def _html_body(self) -> str:
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        return (f"<ul>{notes}</ul>" if notes else "") + html_table(self._side_by_side(), caption="b - a per metric")

    def _side_by_side(self) -> list[dict[str, Any]]:
        """Display rows: the metric with its unit, the two designs under their labels, delta, change in %."""
        a, b = f"a: {self.a_label}", f"b: {self.b_label}"   # distinct even when the labels are the same
        return [{"metric": column_label(r["metric"]), a: r["a"], b: r["b"], "delta": r["delta"],
                 "change_pct": None if r["relative_change"] is None or pd.isna(r["relative_change"])
                 else 100 * r["relative_change"]} for r in self.metrics.to_dict("records")]

    def __repr__(self) -> str:
        return f"Comparison({self.kind}, {self.a_label!r} -> {self.b_label!r}, {len(self.metrics)} metrics)"


def _number(v: Any) -> float | None:
    """A finite float, or None (missing, text, NaN)."""
    if isinstance(v, bool) or v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _rows(a: dict[str, Any], b: dict[str, Any], diags: Diagnostics) -> pd.DataFrame:
    """The metric table of two flat metric dicts (union of keys, in a's order then b's)."""
    rows, undefined = [], []
    for k in dict.fromkeys([*a, *b]):
        va, vb = _number(a.get(k)), _number(b.get(k))
        delta = vb - va if va is not None and vb is not None else None
        rel = delta / abs(va) if delta is not None and va else None
        if rel is None:
            undefined.append(k)
        rows.append({"metric": k, "a": va, "b": vb, "delta": delta, "relative_change": rel})
    if undefined:
        diags.add("info", "relative_change_undefined",
                  f"relative change left empty where a is 0 or a value is missing: {', '.join(undefined[:20])}"
                  + (f" and {len(undefined) - 20} more" if len(undefined) > 20 else ""))
    return pd.DataFrame(rows, columns=_COLUMNS)


def _carbon_metrics(c: CarbonResult) -> dict[str, Any]:
    out: dict[str, Any] = {"gross_floor_area_m2": c.gfa_m2}
    out.update(c.totals)
    out.update({f"module_{m}_kgco2e": c.modules.get(m) for m in EN_MODULES})
    out.update({f"gbt51366_{k}_kgco2e": v for k, v in c.gbt.items()})
    out["mass_share_matched"] = c.coverage.get("mass_share_matched")
    return out


def _like_for_like(pairs: list[tuple[str, Any, Any]]) -> list[str]:
    return [f"{name} differs (a: {va}, b: {vb}): not a like-for-like comparison" for name, va, vb in pairs
            if va != vb]


def compare_carbon(a: CarbonResult, b: CarbonResult) -> Comparison:
    """Deltas of two carbon results: totals (kgCO2e and per m2), EN 15978 modules, GB/T 51366 phases, coverage."""
    diags = Diagnostics()
    rows = _rows(_carbon_metrics(a), _carbon_metrics(b), diags)
    notes = _like_for_like([("study period (years)", a.period_years, b.period_years), ("method", a.method, b.method),
                            ("factor sets", list(a.factor_sets), list(b.factor_sets)),
                            ("floor area source", a.gfa_source, b.gfa_source),
                            ("B6 grid", None if a.b6 is None else a.b6.region, None if b.b6 is None else b.b6.region)])
    return Comparison("carbon", a.building_name or "a", b.building_name or "b", rows, notes, diags)


def _assessment_metrics(x: Assessment) -> dict[str, Any]:
    h = x.headline()
    out = {k: v for k, v in h.items() if _number(v) is not None}
    out.update({f"final_{k}_kwh": v for k, v in x.energy.by_carrier.items()})
    out.update(x.energy.per_m2())
    out.update({f"peak_{k}": v for k, v in x.energy.peaks_kw.items()})
    if x.health is not None:
        out.update({f"health_{c}_score": s.score for c, s in x.health.scores.concepts.items()})
    out.update({f"carbon_{k}": v for k, v in _carbon_metrics(x.carbon).items()})
    return out


def compare_assessments(a: Assessment, b: Assessment) -> Comparison:
    """Deltas of two assessments: headline figures, energy by carrier and per m2, peaks, health concept scores,
    and every carbon metric of :func:`compare_carbon` (prefixed ``carbon_``)."""
    diags = Diagnostics()
    rows = _rows(_assessment_metrics(a), _assessment_metrics(b), diags)
    notes = _like_for_like([("climate", a.energy.weather.source, b.energy.weather.source),
                            ("grid", a.settings.get("grid"), b.settings.get("grid")),
                            ("study period (years)", a.carbon.period_years, b.carbon.period_years),
                            ("method", a.carbon.method, b.carbon.method),
                            ("health assessed", a.health is not None, b.health is not None)])
    return Comparison("assessment", a.building.name or "a", b.building.name or "b", rows, notes, diags)


def compare(a: Any, b: Any = None, *, benchmark_id: str | None = None) -> Comparison | BenchmarkComparison:
    """``compare(a, b)``: deltas ``b - a`` of two :class:`Assessment` or two :class:`CarbonResult` (an assessment
    and a carbon result compare their carbon); ``compare(result, "benchmark_id")``: the result (or an assessment's
    carbon) rated against a packaged benchmark (:func:`bldgagent.lca.benchmarks.compare`)."""
    if b is None and benchmark_id is not None:
        b = benchmark_id
    if isinstance(b, str):
        carbon = a.carbon if isinstance(a, Assessment) else a
        if not isinstance(carbon, CarbonResult):
            raise InputValueError(f"compare(result, {b!r}): result must be a CarbonResult or an Assessment, "
                                  f"got {type(a).__name__}")
        return compare_benchmark(carbon, b)
    if isinstance(a, Assessment) and isinstance(b, Assessment):
        return compare_assessments(a, b)
    ca = a.carbon if isinstance(a, Assessment) else a
    cb = b.carbon if isinstance(b, Assessment) else b
    if isinstance(ca, CarbonResult) and isinstance(cb, CarbonResult):
        return compare_carbon(ca, cb)
    raise InputValueError(
        f"compare(a, b) got {type(a).__name__} and {type(b).__name__}: give two Assessments, two CarbonResults, or "
        "a result and a benchmark id (see bldgagent.lca.list_benchmarks())")
