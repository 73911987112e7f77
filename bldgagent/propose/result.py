"""``Proposals``: the result of :func:`bldgagent.propose` (JSON contract: docs/propose-json.md)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..results import Result, dict_html, frame_html

#: Columns of :meth:`Proposals.to_frame` (one row per proposal, best first) - the trade-off frame.
FRAME_COLUMNS = ("rank", "changes", "verified", "within_interval", "whole_life_en15978_kgco2e_m2",
                 "whole_life_gbt51366_kgco2e_m2", "upfront_a1_a5_kgco2e_m2", "energy_kwh_m2", "health_score",
                 "delta_whole_life_en15978_kgco2e_m2", "delta_health_score", "surrogate_whole_life_en15978_kgco2e_m2")
#: Columns of :meth:`Proposals.abatement_frame` (one row per single measure, largest saving first).
ABATEMENT_COLUMNS = ("option", "value", "measure", "saved_en15978_kgco2e_m2", "saved_gbt51366_kgco2e_m2",
                     "upfront_change_kgco2e_m2", "comfort_share_change")


@dataclass
class Proposals(Result):
    """Lower-carbon design changes of one building in one climate, verified by physics, best first.

    ``baseline`` and each proposal's ``physics``/``surrogate`` blocks hold whole-life carbon per m2 keyed by method
    (``en15978``, ``gbt51366``), the health score and the energy use intensity; ``abatement`` ranks the top
    proposal's measures one at a time (surrogate estimates); ``rejected`` lists physics-checked change sets that
    broke a health constraint or saved no carbon."""

    building: str
    climate: str
    objectives: list[str]
    margin: float
    baseline: dict[str, Any]
    proposals: list[dict[str, Any]]
    abatement: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    search: dict[str, Any] = field(default_factory=dict)
    #: Warnings of the baseline assessment about what it left out (``health_not_assessed``: no room to score, so
    #: the proposals are checked on carbon and energy only and carry no health score).
    diagnostics: list[dict[str, Any]] = field(default_factory=list)

    def _data(self) -> dict[str, Any]:
        return {"building": self.building, "climate": self.climate, "objectives": list(self.objectives),
                "margin_points": self.margin, "reference_area": self.baseline.get("reference_area"),
                "baseline": self.baseline, "proposals": self.proposals, "abatement": self.abatement,
                "rejected": self.rejected, "search": self.search, "diagnostics": self.diagnostics}

    def _warnings(self) -> list[str]:
        return [f"{d['level']} {d['code']}: {d['message']}" for d in self.diagnostics if d.get("level") == "warning"]

    def to_frame(self) -> pd.DataFrame:
        """One row per proposal (:data:`FRAME_COLUMNS`), best first."""
        rows = []
        for p in self.proposals:
            ph, su = p["physics"], p["surrogate"]
            rows.append({"rank": p["rank"], "changes": ", ".join(f"{k}={v}" for k, v in p["changes"].items()),
                         "verified": p["verified"], "within_interval": p["within_interval"],
                         "whole_life_en15978_kgco2e_m2": ph["whole_life_kgco2e_m2"]["en15978"],
                         "whole_life_gbt51366_kgco2e_m2": ph["whole_life_kgco2e_m2"]["gbt51366"],
                         "upfront_a1_a5_kgco2e_m2": ph["upfront_a1_a5_kgco2e_m2"],
                         "energy_kwh_m2": ph["energy_kwh_m2"], "health_score": ph["health_score"],
                         "delta_whole_life_en15978_kgco2e_m2": p["deltas"]["whole_life_kgco2e_m2"]["en15978"],
                         "delta_health_score": p["deltas"]["health_score"],
                         "surrogate_whole_life_en15978_kgco2e_m2": su["whole_life_kgco2e_m2"]["en15978"]})
        return pd.DataFrame(rows, columns=list(FRAME_COLUMNS))

    def abatement_frame(self) -> pd.DataFrame:
        """The single measures (:data:`ABATEMENT_COLUMNS`), largest whole-life saving first."""
        return pd.DataFrame([{k: a.get(k) for k in ABATEMENT_COLUMNS} for a in self.abatement],
                            columns=list(ABATEMENT_COLUMNS))

    def best(self) -> dict[str, Any] | None:
        """The top proposal (None when none passed)."""
        return self.proposals[0] if self.proposals else None

    def report(self) -> str:
        """The proposals in plain text."""
        b = self.baseline
        lines = [f"Warning: {d['message']}" for d in self.diagnostics if d.get("level") == "warning"]
        lines += [f"{self.building} in {self.climate}: baseline whole-life carbon "
                  f"{b['whole_life_kgco2e_m2']['en15978']:.0f} kgCO2e/m2 (EN 15978), "
                  f"{b['whole_life_kgco2e_m2']['gbt51366']:.0f} (GB/T 51366), health {_score(b['health_score'])}, "
                 f"{b['energy_kwh_m2']:.1f} kWh/m2 per year ({b['reference_area']['name']} "
                 f"{b['reference_area']['value_m2']:.0f} m2)"]
        if not self.proposals:
            lines.append("No proposal kept every room's health within the margin and cut carbon; see `rejected`.")
        for p in self.proposals:
            ph, d = p["physics"], p["deltas"]
            lines.append(f"\n#{p['rank']}: whole-life {ph['whole_life_kgco2e_m2']['en15978']:.0f} kgCO2e/m2 "
                         f"({d['whole_life_kgco2e_m2']['en15978']:+.0f}; GB/T 51366 "
                         f"{d['whole_life_kgco2e_m2']['gbt51366']:+.0f}), "
                         f"health {_score(ph['health_score'], d['health_score'])}, {ph['energy_kwh_m2']:.1f} kWh/m2"
                         + ("" if p["within_interval"] else "  [physics outside the surrogate interval]"))
            lines += [f"   - {w}" for w in p["changes_in_words"]]
            if p.get("largest_contribution"):
                lc = p["largest_contribution"]
                lines.append(f"   why: {lc['measure']} saves most on its own "
                             f"({lc['saved_en15978_kgco2e_m2']:.0f} kgCO2e/m2, surrogate estimate)")
        return "\n".join(lines)

    def tradeoff_frame(self) -> pd.DataFrame:
        """The baseline and every proposal, physics figures: ``whole_life_kgco2e_m2`` (EN 15978), ``health_score``,
        ``label``, ``is_baseline`` - the frame of the report's trade-off chart (``plot("tradeoff")``)."""
        rows = [{"whole_life_kgco2e_m2": self.baseline["whole_life_kgco2e_m2"]["en15978"],
                 "health_score": self.baseline["health_score"], "label": "baseline", "is_baseline": True}]
        rows += [{"whole_life_kgco2e_m2": p["physics"]["whole_life_kgco2e_m2"]["en15978"],
                  "health_score": p["physics"]["health_score"], "label": f"#{i}", "is_baseline": False}
                 for i, p in enumerate(self.proposals, start=1)]
        return pd.DataFrame(rows, columns=["whole_life_kgco2e_m2", "health_score", "label", "is_baseline"])

    def measures_frame(self) -> pd.DataFrame:
        """The single measures as the report's abatement chart reads them (``plot("abatement")``): ``measure``,
        ``saved_kgco2e_m2`` (EN 15978, surrogate estimate) and ``health_delta`` (the change of the comfort share
        in percentage points: the surrogate's health figure)."""
        frame = self.abatement_frame()
        change = pd.to_numeric(frame["comfort_share_change"], errors="coerce")
        return pd.DataFrame({"measure": frame["measure"], "saved_kgco2e_m2": frame["saved_en15978_kgco2e_m2"],
                             "health_delta": (100.0 * change).fillna(0.0)})

    def report_frames(self) -> dict[str, pd.DataFrame]:
        """The frames of the report's proposals section (:mod:`bldgagent.report.html`)."""
        return {"tradeoff": self.tradeoff_frame(), "abatement": self.measures_frame()}

    def _html_title(self) -> str:
        return f"Proposals: {self.building} in {self.climate}"

    def _html_body(self) -> str:
        b = self.baseline
        head = dict_html({"whole_life_en15978_kgco2e_m2": b["whole_life_kgco2e_m2"]["en15978"],
                          "whole_life_gbt51366_kgco2e_m2": b["whole_life_kgco2e_m2"]["gbt51366"],
                          "health_score": b["health_score"], "energy_kwh_m2": b["energy_kwh_m2"]}, caption="Baseline")
        return head + frame_html(self.to_frame(), caption="Proposals (physics-verified, best first)") + frame_html(
            self.abatement_frame(), caption="Single measures of the top proposal (surrogate estimates)")

    def __repr__(self) -> str:
        return f"Proposals({self.building!r}, {self.climate!r}, {len(self.proposals)} proposals)"


def _score(score: float | None, delta: float | None = None) -> str:
    """A health score of 100 for the text report ("not assessed" when the model has no room to score)."""
    if score is None:
        return "not assessed"
    return f"{score:.1f}/100" if delta is None else f"{score:.1f} ({delta:+.1f})"
