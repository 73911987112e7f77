"""A portfolio summary of a batch table: carbon per m2 by method, worst performers, errors and warnings."""
from __future__ import annotations

from typing import Any

from ..results import Result, dict_html, frame_html

#: Figures summarised, with the label a reader sees.
METRICS = {
    "whole_life_en15978_kgco2e_m2": "Whole life, EN 15978 A-C [kgCO2e/m2]",
    "gbt51366_total_kgco2e_m2": "Total, GB/T 51366 [kgCO2e/m2]",
    "upfront_a1_a5_kgco2e_m2": "Upfront A1-A5 [kgCO2e/m2]",
    "final_energy_kwh_m2": "Final energy [kWh/m2 a]",
    "health_overall_score": "Health score [0-100]",
}


class PortfolioSummary(Result):
    """Distribution of the headline figures over the rows that ran, the worst performers, errors and warnings."""

    def __init__(self, table, worst_n: int = 5):
        ok = table[table["error"] == ""]
        self.n_rows, self.n_errors = len(table), int((table["error"] != "").sum())
        self.n_warnings = int(ok["n_warnings"].fillna(0).sum())
        stats = ok[[m for m in METRICS if m in ok]].describe(percentiles=[0.1, 0.5, 0.9]).T
        self.distribution = stats.rename(index=METRICS)
        key = "whole_life_en15978_kgco2e_m2"
        self.worst = ok.nlargest(worst_n, key)[["model", "variant", key, "gbt51366_total_kgco2e_m2",
                                                "health_overall_score", "n_warnings"]].reset_index(drop=True)
        self.errors = table.loc[table["error"] != "", ["model", "variant", "error"]].reset_index(drop=True)

    def _data(self) -> dict[str, Any]:
        return {"n_rows": self.n_rows, "n_errors": self.n_errors, "n_warnings": self.n_warnings,
                "distribution": self.distribution.reset_index(names="figure"), "worst": self.worst,
                "errors": self.errors}

    def to_frame(self):
        return self.distribution

    def _html_title(self) -> str:
        return "bldgagent portfolio"

    def _html_body(self) -> str:
        head = dict_html({"rows": self.n_rows, "errors": self.n_errors, "warnings": self.n_warnings})
        parts = [head, frame_html(self.distribution, caption="Distribution over the models that ran (per m2 of "
                                                           "gross floor area, ISO 9836)", index=True),
                 frame_html(self.worst, caption="Highest whole-life carbon per m2 (EN 15978)")]
        if len(self.errors):
            parts.append(frame_html(self.errors, caption="Rows that failed"))
        return "".join(parts)

    def report(self) -> str:
        """Plain text for the terminal."""
        lines = [f"{self.n_rows} rows, {self.n_errors} failed, {self.n_warnings} warnings in the rows that ran; "
                 "per-m2 figures per m2 of gross floor area (ISO 9836)"]
        for label, r in self.distribution.iterrows():
            if r["count"]:
                lines.append(f"{label}: median {r['50%']:.1f} (p10 {r['10%']:.1f}, p90 {r['90%']:.1f}, "
                             f"n {int(r['count'])})")
        for _, r in self.worst.iterrows():
            tag = f" [{r['variant']}]" if r["variant"] else ""
            lines.append(f"  high: {r['model']}{tag} {r['whole_life_en15978_kgco2e_m2']:.0f} kgCO2e/m2")
        for _, r in self.errors.iterrows():
            lines.append(f"  failed: {r['model']}{' [' + r['variant'] + ']' if r['variant'] else ''}: {r['error']}")
        return "\n".join(lines)


def portfolio_summary(table, worst_n: int = 5) -> PortfolioSummary:
    """The :class:`PortfolioSummary` of a batch table (:func:`bldgagent.sweep.batch.run_batch`)."""
    return PortfolioSummary(table, worst_n)
