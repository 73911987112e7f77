"""Benchmarks for rating designs, each with its scope, so that a comparison is like-for-like.

Packaged (``benchmarks.csv``): RIBA 2030 Climate Challenge v2 (A1-A5, B1-B5, C1-C4, 60 years, GIA), LETI 2020 upfront
(A1-A5), UK Net Zero Carbon Buildings Standard pilot 2024 upfront limits, Danish BR18 2023 (12 kgCO2e/m2/yr,
A1-A3, B4, B6, C3-C4, 50 years) and BR18 2025 budgets 1 and 2. :func:`compare` sums the result's modules in the
benchmark's scope, converts to its unit, and says what it converted or left out (modules bldgagent does not compute,
study period, area basis, sequestration rule).
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._data import read_csv
from ..errors import InputValueError
from ..results import Result, dict_html

if TYPE_CHECKING:  # pragma: no cover
    from .results import CarbonResult

#: Benchmark module codes -> result module names. B1-B3, B5, B7 are not computed by bldgagent.
_MODULE_MAP = {"A1A3": "A1-A3", "A4": "A4", "A5": "A5", "B4": "B4", "B6": "B6", "C1": "C1", "C2": "C2", "C3": "C3",
               "C4": "C4", "D": "D"}


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    return read_csv("lca/benchmarks.csv", required=("id", "scheme", "limit", "unit", "modules", "source"))


def list_benchmarks(scheme: str | None = None) -> pd.DataFrame:
    """All packaged benchmarks (optionally those whose scheme contains ``scheme``)."""
    t = _table()
    if scheme:
        t = t[t["scheme"].str.contains(scheme, case=False) | t["id"].str.contains(scheme, case=False)]
    return t.reset_index(drop=True)


def get_benchmark(benchmark_id: str) -> dict[str, Any]:
    t = _table()
    hit = t[t["id"] == benchmark_id]
    if hit.empty:
        raise InputValueError(f"unknown benchmark {benchmark_id!r}; see list_benchmarks() (e.g. "
                              f"{', '.join(t['id'].head(5))})")
    return hit.iloc[0].to_dict()


@dataclass
class BenchmarkComparison(Result):
    """A result rated against a benchmark: ``value`` in the benchmark's ``unit`` and scope, ``passes`` (None when
    it cannot be rated), the modules in scope and the ``notes`` on every conversion."""

    benchmark_id: str
    scheme: str
    limit: float
    unit: str
    value: float | None
    passes: bool | None
    modules_included: list[str]
    modules_not_computed: list[str]
    notes: list[str] = field(default_factory=list)
    source: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.limit if self.value is not None and self.limit else None

    def _data(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["ratio"] = self.ratio
        return d

    def _html_title(self) -> str:
        return f"Benchmark {self.benchmark_id}: {self}"

    def _html_body(self) -> str:
        d = self.to_dict()
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        return dict_html(d) + (f"<ul>{notes}</ul>" if notes else "")

    def __str__(self) -> str:
        v = "n/a" if self.value is None else f"{self.value:.1f}"
        verdict = {True: "meets", False: "exceeds", None: "cannot be rated against"}[self.passes]
        return f"{v} {self.unit} {verdict} {self.scheme} {self.benchmark_id} limit {self.limit:g} {self.unit}"


def compare(result: "CarbonResult", benchmark_id: str) -> BenchmarkComparison:
    """Compare a result with a benchmark on the benchmark's scope and unit, listing every conversion."""
    b = get_benchmark(benchmark_id)
    codes = [c for c in str(b["modules"]).split(";") if c]
    included = [c for c in codes if c in _MODULE_MAP]
    missing = [c for c in codes if c not in _MODULE_MAP]
    notes: list[str] = []
    if missing:
        notes.append(f"modules {', '.join(missing)} are in the benchmark scope but not computed by bldgagent "
                     "(counted as 0: the result is optimistic by their amount)")
    value_kg = sum(result.modules[_MODULE_MAP[c]] or 0.0 for c in included)
    if "B6" in included and result.b6 is None:
        notes.append("B6 is in scope but was not assessed (no energy given): counted as 0, so the value is "
                     "optimistic; pass energy_by_carrier_kwh=")
    if "D" not in included and result.modules["D"]:
        notes.append("module D left out as the benchmark excludes it")
    period = b.get("study_period_years")
    if pd.notna(period) and period and int(period) != result.period_years:
        notes.append(f"benchmark study period {int(period)} years, result {result.period_years} years: B4/B6 "
                     f"differ; re-run assess_carbon(period_years={int(period)}) for a strict comparison")
    seq = str(b.get("sequestration", ""))
    if seq == "included":
        notes.append("benchmark includes sequestration: over A1-C4 biogenic uptake and release net to zero, so the "
                     "fossil total is used unchanged (biogenic reported separately)")
    elif seq == "excluded":
        notes.append("benchmark excludes sequestration: biogenic storage not deducted (as in the result)")
    notes.append(f"area basis {b.get('area_basis')}: result uses GFA ({result.gfa_source}); GIA/heated floor area "
                 "not converted (GIA is typically a few per cent below GFA)")
    if not result.gfa_m2:
        return BenchmarkComparison(benchmark_id, str(b["scheme"]), float(b["limit"]), str(b["unit"]), None, None,
                                   included, missing, notes + ["no floor area: cannot compare"], str(b["source"]))
    value = value_kg / result.gfa_m2
    unit = str(b["unit"])
    if unit.endswith("/yr"):
        per = int(period) if pd.notna(period) and period else result.period_years
        value = value / per
        notes.append(f"divided by the benchmark study period {per} years")
    return BenchmarkComparison(benchmark_id, str(b["scheme"]), float(b["limit"]), unit, float(value),
                               bool(value <= float(b["limit"])), included, missing, notes, str(b["source"]))
