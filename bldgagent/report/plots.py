"""Charts of results (matplotlib, the ``plot`` extra): every function returns a :class:`matplotlib.figure.Figure`.

Figures are made with ``Figure()``, never with pyplot, so nothing is shown, nothing global is kept and no display is
needed; in Jupyter run ``%matplotlib inline`` once and a figure as a cell's last value is drawn. The numbers come
from the result objects (computation stays in the engines); labels are in English or Chinese
(:mod:`bldgagent.report.i18n`).

Result objects reach these through ``result.plot(kind)`` (:meth:`bldgagent.results.Result.plot`) or
``bldgagent.plot(result, kind)``; both call :func:`plot`.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import BldgAgentError, InputValueError
from ..lca.methods import EN_MODULES
from .i18n import check_lang, module_label, term

__all__ = ["plot", "kinds_for", "plot_carbon_modules", "plot_hotspots", "plot_monthly_energy",
           "plot_temperature_carpet", "plot_health_heatmap", "plot_daylight", "plot_overheating", "plot_tradeoff",
           "plot_abatement", "plot_comparison", "TRADEOFF_COLUMNS", "ABATEMENT_COLUMNS"]

#: Columns :func:`plot_tradeoff` needs: whole-life carbon (kgCO2e/m2), health score (0-100), a label, baseline flag.
TRADEOFF_COLUMNS = ("whole_life_kgco2e_m2", "health_score", "label", "is_baseline")
#: Columns :func:`plot_abatement` needs: measure name, carbon saved (kgCO2e/m2, positive = less), health change.
ABATEMENT_COLUMNS = ("measure", "saved_kgco2e_m2", "health_delta")
#: Fonts tried in order; the CJK ones draw the Chinese labels where installed (SVG output names them all).
FONT_FAMILY = ["DejaVu Sans", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", "SimHei",
               "sans-serif"]


class PlotDependencyError(BldgAgentError):
    """matplotlib (the ``plot`` extra) is not installed."""


def _figure(width_in: float = 8.0, height_in: float = 4.0, ncols: int = 1):
    """A new Figure (no pyplot) with ``ncols`` axes side by side."""
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:  # the plot extra is missing
        raise PlotDependencyError("charts need matplotlib: pip install 'bldgagent[plot]'") from exc
    fig = Figure(figsize=(width_in, height_in), layout="constrained")
    axes = fig.subplots(1, ncols) if ncols > 1 else fig.subplots()
    return fig, axes


def _cjk_fonts(fig, lang: str):
    """Chinese labels: draw every text of ``fig`` with the first installed CJK font of :data:`FONT_FAMILY` (glyph
    fallback to DejaVu Sans); without one matplotlib draws empty boxes (the HTML report's SVG text is drawn by the
    browser, which finds a system font itself)."""
    if lang != "zh":
        return fig
    from matplotlib import font_manager
    from matplotlib.text import Text

    installed = {f.name for f in font_manager.fontManager.ttflist}
    cjk = [name for name in FONT_FAMILY[1:-1] if name in installed]
    if cjk:
        for ax in fig.axes:
            ax.get_xticklabels(), ax.get_yticklabels()   # make the tick labels now, so they are found below
        for text in fig.findobj(Text):
            text.set_fontfamily(cjk + ["DejaVu Sans"])
    return fig


def _require(obj: Any, attrs: tuple[str, ...], what: str, func: str) -> None:
    missing = [a for a in attrs if not hasattr(obj, a)]
    if missing:
        raise InputValueError(f"{func}: expected {what}, got {type(obj).__name__} (no {', '.join(missing)}); "
                              f"pass the result of the matching bldgagent engine or assess(...)")


def _part(result: Any, name: str) -> Any:
    """The carbon/energy/health part of an Assessment, or ``result`` itself."""
    part = getattr(result, name, None)
    return part if part is not None and name in ("carbon", "energy", "health") and hasattr(result, "headline") \
        else result


# --- carbon ----------------------------------------------------------------------------------------------
def plot_carbon_modules(carbon: Any, lang: str = "en"):
    """EN 15978 modules (A1-A3 ... D, one bar each) beside the GB/T 51366 phases (one bar each), kgCO2e/m2 of the
    reference area (tCO2e when the model has no credible floor area)."""
    carbon = _part(carbon, "carbon")
    _require(carbon, ("en15978_table", "gbt51366_table"), "a CarbonResult", "plot_carbon_modules")
    lang = check_lang(lang)
    en, gb = carbon.en15978_table(), carbon.gbt51366_table()
    en = en[en["module"].isin(EN_MODULES)]
    gb = gb[gb["phase"] != "合计"]
    per_m2 = bool(getattr(carbon, "gfa_m2", None))
    col, unit = ("kgco2e_per_m2", term("axis_kgco2e_m2", lang)) if per_m2 else ("kgco2e", term("axis_tco2e", lang))
    scale = 1.0 if per_m2 else 1e-3
    fig, (ax1, ax2) = _figure(11, 4.2, 2)
    ax1.bar(list(en["module"]), en[col].fillna(0.0) * scale, color="#4c78a8")
    ax1.set_title(term("en15978", lang))
    gb_labels = list(gb["phase"] if lang == "zh" else gb["phase_en"].str.split(" \\(").str[0])
    ax2.bar(gb_labels, gb[col].fillna(0.0) * scale, color="#f58518")
    ax2.set_title(term("gbt51366", lang))
    ax2.tick_params(axis="x", rotation=30)
    for ax in (ax1, ax2):
        ax.set_ylabel(unit)
        ax.axhline(0.0, color="black", linewidth=0.6)
    fig.suptitle(term("chart_carbon_modules", lang))
    return _cjk_fonts(fig, lang)


def plot_hotspots(carbon: Any, top: int = 10, lang: str = "en"):
    """Embodied carbon (A1-A5, B4, C1-C4) of the ``top`` materials and of every element kind, tCO2e, largest first."""
    carbon = _part(carbon, "carbon")
    _require(carbon, ("by_material", "by_kind"), "a CarbonResult", "plot_hotspots")
    lang = check_lang(lang)
    if not isinstance(top, int) or top < 1:
        raise InputValueError(f"plot_hotspots(top={top!r}): give a whole number of materials >= 1")
    mat = carbon.by_material()["embodied_kgco2e"].head(top)
    kind = carbon.by_kind()["embodied_kgco2e"]
    fig, (ax1, ax2) = _figure(11, 0.6 + 0.35 * max(len(mat), len(kind), 4), 2)
    ax1.barh([str(i[0])[:40] for i in mat.index][::-1], mat.to_numpy()[::-1] / 1000, color="#54a24b")
    ax1.set_title(term("chart_by_material", lang))
    ax2.barh([_kind(str(k), lang) for k in kind.index][::-1], kind.to_numpy()[::-1] / 1000, color="#e45756")
    ax2.set_title(term("chart_by_kind", lang))
    for ax in (ax1, ax2):
        ax.set_xlabel(term("axis_tco2e", lang))
    fig.suptitle(term("chart_hotspots", lang))
    return _cjk_fonts(fig, lang)


def _kind(kind: str, lang: str) -> str:
    text = term(f"kind_{kind}", lang)
    return kind if text == f"kind_{kind}" else text


# --- energy ----------------------------------------------------------------------------------------------
def plot_monthly_energy(energy: Any, lang: str = "en"):
    """Monthly useful demand by end use (stacked bars, kWh, one bar per month and end use); PV generation, when
    simulated, as negative bars."""
    energy = _part(energy, "energy")
    _require(energy, ("monthly",), "an EnergyResult", "plot_monthly_energy")
    lang = check_lang(lang)
    monthly = energy.monthly
    uses = [c for c in monthly.columns if not str(c).startswith("final:") and c != "pv_ac"]
    fig, ax = _figure(9, 4)
    months = np.arange(1, 13)
    bottom = np.zeros(12)
    for use in uses:
        values = monthly[use].reindex(months, fill_value=0.0).to_numpy(dtype=float)
        ax.bar(months, values, bottom=bottom, label=term(f"end_use_{use}", lang))
        bottom += values
    if "pv_ac" in monthly:
        ax.bar(months, -monthly["pv_ac"].reindex(months, fill_value=0.0).to_numpy(dtype=float),
               label=term("end_use_pv_ac", lang), color="#eeca3b")
    ax.set_xticks(months)
    ax.set_xlabel(term("axis_month", lang))
    ax.set_ylabel(term("axis_kwh", lang))
    ax.legend(fontsize=8, ncols=2)
    ax.set_title(term("chart_monthly", lang))
    return _cjk_fonts(fig, lang)


def _room_temperatures(energy: Any, room: str | None) -> tuple[str, np.ndarray]:
    """(label, 8760 hourly operative temperatures) of a zone name, space name or space GlobalId (default: the
    zone with the most hours above 26 C)."""
    zones = energy.zone_operative_c
    if room is None:
        name = str((zones > 26.0).sum().idxmax())
        return name, zones[name].to_numpy(dtype=float)
    if room in zones.columns:
        return str(room), zones[room].to_numpy(dtype=float)
    for rec in energy.zoning.records:
        if room in rec.space_ids or room in rec.space_names:
            return f"{room} ({rec.name})", zones[rec.name].to_numpy(dtype=float)
    raise InputValueError(f"plot_temperature_carpet(room={room!r}): no zone or room of that name or GlobalId; zones: "
                          f"{', '.join(map(str, list(zones.columns)[:12]))}")


def plot_temperature_carpet(energy: Any, room: str | None = None, lang: str = "en"):
    """Carpet of the hourly operative temperature of one room's zone: days (x, 365) by hour of day (y, 24), deg C."""
    energy = _part(energy, "energy")
    _require(energy, ("zone_operative_c", "zoning"), "an EnergyResult", "plot_temperature_carpet")
    lang = check_lang(lang)
    label, temps = _room_temperatures(energy, room)
    days = len(temps) // 24
    grid = temps[: days * 24].reshape(days, 24).T
    fig, ax = _figure(10, 3.6)
    image = ax.imshow(grid, aspect="auto", origin="lower", cmap="RdYlBu_r", extent=(0.5, days + 0.5, -0.5, 23.5),
                      interpolation="nearest")
    fig.colorbar(image, ax=ax, label=term("axis_temp_c", lang))
    ax.set_xlabel(term("axis_day", lang))
    ax.set_ylabel(term("axis_hour", lang))
    ax.set_yticks([0, 6, 12, 18, 23])
    ax.set_title(f"{term('chart_carpet', lang)}: {label}")
    return _cjk_fonts(fig, lang)


# --- health ----------------------------------------------------------------------------------------------
def _health(health: Any, func: str):
    health = _part(health, "health")
    if health is None:
        raise InputValueError(f"{func}: the assessment has no health result; run assess(..., health=True)")
    _require(health, ("scores", "overheating", "to_frame"), "a HealthAssessment", func)
    return health


def plot_health_heatmap(health: Any, lang: str = "en"):
    """Scores 0-100, one cell per room (rows) and concept (columns) with its value written in; grey = not assessed."""
    from ..health.scores import CONCEPTS

    health = _health(health, "plot_health_heatmap")
    lang = check_lang(lang)
    frame = health.to_frame()
    values = frame[list(CONCEPTS)].to_numpy(dtype=float)
    fig, ax = _figure(7.5, 1.2 + 0.32 * len(frame))
    cmap = _cmap("RdYlGn")
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=100, aspect="auto")
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, "–" if np.isnan(v) else f"{v:.0f}", ha="center", va="center", fontsize=7)
    ax.set_xticks(range(len(CONCEPTS)), [term(f"concept_{c}", lang) for c in CONCEPTS])
    ax.set_yticks(range(len(frame)), [str(r)[:32] for r in frame["room"]], fontsize=7)
    fig.colorbar(image, ax=ax, label=term("axis_score", lang))
    ax.set_title(term("chart_heatmap", lang))
    return _cjk_fonts(fig, lang)


def _cmap(name: str):
    from matplotlib import colormaps

    return colormaps[name].with_extremes(bad="#d9d9d9")


def plot_daylight(health: Any, lang: str = "en"):
    """Average daylight factor per room (one bar per assessed room, %) with the EN 17037 minimum, medium and high
    target levels of the site as horizontal lines (EN 17037:2018 Table A.1, via the site's median diffuse
    illuminance)."""
    health = _health(health, "plot_daylight")
    lang = check_lang(lang)
    rooms = [r for r in health.scores.rooms if getattr(r.daylight, "assessed", False)]
    fig, ax = _figure(9, 4)
    names = [str(r.name)[:28] for r in rooms]
    ax.bar(names, [r.daylight.average_df_pct for r in rooms], color="#72b7b2")
    targets = rooms[0].daylight.en17037_targets_pct if rooms else {}
    for (level, value), style in zip(targets.items(), ("--", "-.", ":")):
        ax.axhline(value, color="black", linestyle=style, linewidth=1, label=f"{term('level_' + level, lang)} "
                                                                             f"{value:.1f} %")
    ax.set_ylabel(term("axis_df_pct", lang))
    ax.tick_params(axis="x", rotation=60, labelsize=7)
    if targets:
        ax.legend(fontsize=8)
    ax.set_title(term("chart_daylight", lang))
    return _cjk_fonts(fig, lang)


def plot_overheating(health: Any, lang: str = "en"):
    """Occupied free-running hours above 26 and 28 C per room (two bars per room; CIBSE TM52/TM59 risk)."""
    health = _health(health, "plot_overheating")
    lang = check_lang(lang)
    risk = health.overheating
    fig, ax = _figure(9, 4)
    x = np.arange(len(risk))
    for offset, col, key, color in ((-0.2, "occupied_hours_above_26c", "hours_26", "#f58518"),
                                    (0.2, "occupied_hours_above_28c", "hours_28", "#e45756")):
        values = pd.to_numeric(risk[col], errors="coerce").fillna(0.0) if col in risk else np.zeros(len(risk))
        ax.bar(x + offset, values, width=0.4, label=term(key, lang), color=color)
    ax.set_xticks(x, [str(r)[:28] for r in risk["room"]] if "room" in risk else x, rotation=60, fontsize=7)
    ax.set_ylabel(term("axis_hours", lang))
    ax.legend(fontsize=8)
    ax.set_title(term("chart_overheating", lang))
    return _cjk_fonts(fig, lang)


# --- proposals (plain frames, so any search can feed them) ------------------------------------------------
def _frame(data: Any, columns: tuple[str, ...], func: str) -> pd.DataFrame:
    frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputValueError(f"{func}: the frame lacks column(s) {', '.join(missing)}; give one row per design with "
                              f"the columns {', '.join(columns)}")
    if frame.empty:
        raise InputValueError(f"{func}: the frame has no rows; give at least one design")
    return frame


def plot_tradeoff(proposals: Any, lang: str = "en"):
    """Whole-life carbon (x, kgCO2e/m2) against health score (y, 0-100), one point per design, the baseline marked
    with a black star. ``proposals``: a frame (or records) with :data:`TRADEOFF_COLUMNS`."""
    lang = check_lang(lang)
    frame = _frame(proposals, TRADEOFF_COLUMNS, "plot_tradeoff")
    base = frame["is_baseline"].astype(bool)
    fig, ax = _figure(7, 5)
    ax.scatter(frame.loc[~base, "whole_life_kgco2e_m2"], frame.loc[~base, "health_score"], color="#4c78a8")
    ax.scatter(frame.loc[base, "whole_life_kgco2e_m2"], frame.loc[base, "health_score"], marker="*", s=220,
               color="black", label=term("baseline", lang), zorder=3)
    for row in frame.itertuples():
        ax.annotate(str(row.label)[:30], (row.whole_life_kgco2e_m2, row.health_score), fontsize=7,
                    xytext=(4, 4), textcoords="offset points")
    ax.set_xlabel(term("axis_whole_life", lang))
    ax.set_ylabel(term("axis_health", lang))
    ax.legend(fontsize=8)
    ax.set_title(term("chart_tradeoff", lang))
    return _cjk_fonts(fig, lang)


def plot_abatement(measures: Any, lang: str = "en"):
    """Carbon saved by each single measure (one horizontal bar per measure, kgCO2e/m2, largest on top), bars
    coloured by the health change (green better, red worse). ``measures``: a frame with :data:`ABATEMENT_COLUMNS`."""
    lang = check_lang(lang)
    frame = _frame(measures, ABATEMENT_COLUMNS, "plot_abatement").sort_values("saved_kgco2e_m2")
    delta = pd.to_numeric(frame["health_delta"], errors="coerce").fillna(0.0)
    colors = ["#54a24b" if d > 0 else "#e45756" if d < 0 else "#9d9d9d" for d in delta]
    fig, ax = _figure(8, 0.8 + 0.35 * len(frame))
    ax.barh([str(m)[:40] for m in frame["measure"]], frame["saved_kgco2e_m2"], color=colors)
    ax.axvline(0.0, color="black", linewidth=0.6)
    ax.set_xlabel(term("axis_saved", lang))
    ax.set_title(term("chart_abatement", lang))
    return _cjk_fonts(fig, lang)


# --- comparison ------------------------------------------------------------------------------------------
def plot_comparison(comparison: Any, metrics: list[str] | None = None, lang: str = "en"):
    """Side-by-side bars of design ``a`` and ``b`` for the per-m2 carbon metrics of a Comparison (or ``metrics``)."""
    _require(comparison, ("metrics", "a_label", "b_label"), "a Comparison", "plot_comparison")
    lang = check_lang(lang)
    rows = comparison.metrics
    wanted = metrics or [m for m in rows["metric"] if str(m).endswith("_kgco2e_m2")][:8]
    rows = rows[rows["metric"].isin(wanted)]
    if rows.empty:
        raise InputValueError(f"plot_comparison(metrics={metrics!r}): none of these metrics is in the comparison")
    fig, ax = _figure(9, 4)
    x = np.arange(len(rows))
    a = pd.to_numeric(rows["a"], errors="coerce").fillna(0.0)
    b = pd.to_numeric(rows["b"], errors="coerce").fillna(0.0)
    ax.bar(x - 0.2, a, width=0.4, label=str(comparison.a_label))
    ax.bar(x + 0.2, b, width=0.4, label=str(comparison.b_label))
    ax.set_xticks(x, [term(str(m), lang) for m in rows["metric"]], rotation=30, fontsize=7, ha="right")
    ax.legend(fontsize=8)
    return _cjk_fonts(fig, lang)


# --- dispatch --------------------------------------------------------------------------------------------
#: kind -> (function, part of an Assessment it draws).
KINDS = {
    "carbon_modules": (plot_carbon_modules, "carbon"), "hotspots": (plot_hotspots, "carbon"),
    "monthly_energy": (plot_monthly_energy, "energy"), "temperature_carpet": (plot_temperature_carpet, "energy"),
    "health_heatmap": (plot_health_heatmap, "health"), "daylight": (plot_daylight, "health"),
    "overheating": (plot_overheating, "health"), "comparison": (plot_comparison, "comparison"),
    "tradeoff": (lambda r, **kw: plot_tradeoff(r.tradeoff_frame(), **kw), "proposals"),
    "abatement": (lambda r, **kw: plot_abatement(r.measures_frame(), **kw), "proposals"),
}


def kinds_for(result: Any) -> list[str]:
    """The chart kinds that apply to ``result`` (the first is the default of :func:`plot`)."""
    if hasattr(result, "tradeoff_frame") and hasattr(result, "measures_frame"):  # Proposals
        return ["tradeoff", "abatement"]
    if hasattr(result, "headline"):  # an Assessment: every engine's charts
        return [k for k, (_, part) in KINDS.items() if part not in ("comparison", "proposals")
                and (part != "health" or getattr(result, "health", None) is not None)]
    if hasattr(result, "a_label") and hasattr(result, "metrics"):
        return ["comparison"]
    if hasattr(result, "en15978_table"):
        return ["carbon_modules", "hotspots"]
    if hasattr(result, "zone_operative_c"):
        return ["monthly_energy", "temperature_carpet"]
    if hasattr(result, "scores") and hasattr(result, "overheating"):
        return ["health_heatmap", "daylight", "overheating"]
    return []


def plot(result: Any, kind: str | None = None, **kwargs: Any):
    """A chart of ``result`` (Assessment, CarbonResult, EnergyResult, HealthAssessment, Comparison): ``kind`` one of
    :func:`kinds_for` ``(result)`` (default its first); keyword arguments go to the chart function."""
    kinds = kinds_for(result)
    if not kinds:
        raise InputValueError(f"plot: {type(result).__name__} has no charts; plot an Assessment, CarbonResult, "
                              "EnergyResult, HealthAssessment or Comparison")
    kind = kind or kinds[0]
    if kind not in kinds:
        raise InputValueError(f"plot(kind={kind!r}) does not apply to {type(result).__name__}; choose one of "
                              f"{', '.join(kinds)}")
    return KINDS[kind][0](result, **kwargs)
