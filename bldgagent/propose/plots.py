"""Figures of :class:`~bldgagent.propose.result.Proposals` (matplotlib, the ``plot`` extra; imported when called).

``plot_tradeoff(frame, baseline)``: whole-life carbon (EN 15978, kgCO2e/m2) against the health score of the
baseline and every proposal (the columns of ``Proposals.to_frame()``); ``plot_abatement(frame)``: the whole-life
carbon each single measure saves, largest first (the columns of ``Proposals.abatement_frame()``).
"""
from __future__ import annotations

from typing import Any


def _axes(ax):
    import matplotlib
    if ax is not None:
        return ax.figure, ax
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(6, 4))


def plot_tradeoff(frame, baseline: dict[str, Any] | None = None, ax=None):
    """Carbon vs health scatter; the baseline as a black cross. Returns the matplotlib Figure."""
    fig, ax = _axes(ax)
    ax.scatter(frame["whole_life_en15978_kgco2e_m2"], frame["health_score"], label="proposals")
    for _, r in frame.iterrows():
        ax.annotate(f"#{r['rank']}", (r["whole_life_en15978_kgco2e_m2"], r["health_score"]))
    if baseline:
        ax.scatter([baseline["whole_life_kgco2e_m2"]["en15978"]], [baseline["health_score"]], marker="x",
                   color="black", label="baseline")
    ax.set_xlabel("whole-life carbon EN 15978 [kgCO2e/m2]")
    ax.set_ylabel("health score [0-100]")
    ax.legend()
    return fig


def plot_abatement(frame, ax=None):
    """Horizontal bars of the carbon saved per single measure. Returns the matplotlib Figure."""
    fig, ax = _axes(ax)
    ax.barh(list(frame["option"])[::-1], list(frame["saved_en15978_kgco2e_m2"])[::-1])
    ax.set_xlabel("whole-life carbon saved on its own [kgCO2e/m2] (surrogate estimate)")
    return fig
