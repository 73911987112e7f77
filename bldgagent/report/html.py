"""The design-review report: one self-contained HTML file of an :class:`~bldgagent.assess.Assessment`.

Building, carbon in both methods (EN 15978 modules, GB/T 51366 phases), energy, health per room, the warnings that
matter and, when given, proposals; in English or Chinese (:mod:`bldgagent.report.i18n`). Charts are inline SVG
(matplotlib's XML prolog, DOCTYPE and metadata removed, so the only ``http`` text left is the SVG/XLink namespace
declarations); no scripts, fonts or images are fetched. A print stylesheet lays it out for A4 (print to PDF from
the browser).
"""
from __future__ import annotations

import html
import io
import re
import warnings
from typing import Any

import pandas as pd

from ..results import column_label, format_number
from ..summary import building_summary
from . import plots
from .i18n import check_lang, module_label, term

__all__ = ["render_report", "figure_svg", "CHART_KINDS"]

#: Charts of the report, in order (kinds of :func:`bldgagent.report.plots.plot`).
CHART_KINDS = ("carbon_modules", "hotspots", "monthly_energy", "temperature_carpet", "health_heatmap", "daylight",
               "overheating")
#: Most warnings listed under "Diagnostics that matter" (the rest are counted).
MAX_WARNINGS = 25

_CSS = """
body{font-family:system-ui,"Segoe UI","Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;
max-width:1100px;color:#222;line-height:1.4}
h1{font-size:1.6em}h2{border-bottom:2px solid #4c78a8;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.5em 1em .5em 0;font-size:.9em}th,td{border:1px solid #ccc;padding:.2em .5em}
th{background:#f0f4f8;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
.row{display:flex;flex-wrap:wrap;gap:1em}figure{margin:1em 0}figure svg{max-width:100%;height:auto}
.warn{background:#fff4e5;border-left:4px solid #f58518;padding:.3em 1em}
@page{size:A4;margin:14mm}
@media print{body{margin:0;max-width:none;font-size:9pt}h2{break-after:avoid}figure,table{break-inside:avoid}
.row{display:block}a{color:inherit;text-decoration:none}}
"""


def figure_svg(fig) -> str:
    """``fig`` as inline SVG text: text kept as text (the browser picks a font with the glyphs), no XML prolog,
    DOCTYPE or RDF metadata (they carry the only non-namespace ``http`` URLs matplotlib writes)."""
    from matplotlib import rc_context

    buf = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "bldgagent"}), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    text = re.sub(r"<\?xml[^>]*\?>", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>", "", text, flags=re.S)
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    return text.strip()


def _table(rows: list[dict[str, Any]], lang: str) -> str:
    """A table of row dicts, numbers right-aligned in readable format; headers translated where a term exists."""
    if not rows:
        return ""
    cols = list(rows[0])
    head = "".join(f"<th>{html.escape(_header(c, lang))}</th>" for c in cols)
    body = "".join("<tr>" + "".join(_cell(r.get(c)) for c in cols) + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _header(name: str, lang: str) -> str:
    text = term(name, lang)
    return column_label(name) if text == name else text


def _cell(value: Any) -> str:
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    return f"<td class='n'>{html.escape(format_number(value))}</td>" if numeric else \
        f"<td>{html.escape(format_number(value))}</td>"


def _chart(assessment: Any, kind: str, lang: str) -> str:
    fig = plots.plot(assessment, kind, lang=lang)
    return f"<figure class='chart' data-kind='{kind}'>{figure_svg(fig)}</figure>"


def _headline(assessment: Any, lang: str) -> str:
    h = assessment.headline()
    keys = ("gross_floor_area_m2", "period_years", "whole_life_en15978_kgco2e_m2", "gbt51366_total_kgco2e_m2",
            "upfront_a1_a5_kgco2e_m2", "embodied_kgco2e_m2", "b6_kgco2e_m2", "final_energy_kwh_m2",
            "health_overall_score")
    units = {"gross_floor_area_m2": "m²", "period_years": "a", "final_energy_kwh_m2": "kWh/(m²·a)",
             "health_overall_score": "/100"}
    rows = [{"metric": term(k, lang), "value": h.get(k), "unit": units.get(k, "kgCO2e/m²")} for k in keys if k in h]
    return _table(rows, lang) + f"<p>{term('per_m2_reference', lang)}</p>"


def _building(assessment: Any, lang: str) -> str:
    s = building_summary(assessment.building, lacks=assessment.completeness, max_diagnostics=0)
    storeys = [{"storeys": x["name"], "elevation_m": x["elevation_m"], "gross_floor_area_m2": x["gross_floor_area_m2"]}
               for x in s["storeys"]]
    envelope = [{"orientation": o, "wall_area_m2": v["wall_area_m2"], "window_area_m2": v["window_area_m2"],
                 "wwr": v["wwr"]} for o, v in s["envelope"]["by_orientation"].items()]
    counts = [{"element_counts": plots._kind(k, lang), "value": v} for k, v in s["element_counts"].items()]
    return (f"<p>{html.escape(str(s['name'] or ''))} · {html.escape(str(s['schema']))} · "
            f"{term('gross_floor_area_m2', lang)} {format_number(s['gross_floor_area_m2'], 'm²')} · "
            f"{term('net_floor_area_m2', lang)} {format_number(s['net_floor_area_m2'], 'm²')}</p>"
            f"<div class='row'>{_table(storeys, lang)}{_table(envelope, lang)}{_table(counts, lang)}</div>")


def _carbon(assessment: Any, lang: str) -> str:
    c = assessment.carbon
    en = [{"module": module_label(r.module, lang), "kgco2e_per_m2": r.kgco2e_per_m2, "tco2e": r.kgco2e / 1000}
          for r in c.en15978_table().itertuples() if r.module in plots.EN_MODULES]
    gb = [{"phase": r.phase if lang == "zh" else f"{r.phase_en} ({r.phase})", "kgco2e_per_m2": r.kgco2e_per_m2,
           "tco2e": r.kgco2e / 1000} for r in c.gbt51366_table().itertuples()]
    return (f"<div class='row'><div><h3>{term('en15978', lang)}</h3>{_table(en, lang)}</div>"
            f"<div><h3>{term('gbt51366', lang)}</h3>{_table(gb, lang)}</div></div>"
            + _chart(assessment, "carbon_modules", lang) + _chart(assessment, "hotspots", lang))


def _energy(assessment: Any, lang: str) -> str:
    rows = [{"end_use": term(f"end_use_{k}", lang), "demand_kwh": v["demand_kwh"], "final_kwh": v["final_kwh"],
             "carrier": v["carrier"]} for k, v in assessment.energy.by_end_use.items()]
    return _table(rows, lang) + _chart(assessment, "monthly_energy", lang) + _chart(assessment, "temperature_carpet",
                                                                                   lang)


def _health(assessment: Any, lang: str) -> str:
    if assessment.health is None:
        return f"<p>{term('not_assessed', lang)}</p>"
    frame = assessment.health.to_frame()
    concepts = ("thermal", "air", "light", "acoustic", "materials")
    rows = [{term("room", lang): r["room"], "floor_area_m2": _num(r["floor_area_m2"]),
             **{term(f"concept_{c}", lang): _num(r[c]) for c in concepts}, "overall": _num(r["overall"])}
            for r in frame.to_dict("records")]
    return (_chart(assessment, "health_heatmap", lang) + _table(rows, lang) + _chart(assessment, "daylight", lang)
            + _chart(assessment, "overheating", lang))


def _num(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _diagnostics(assessment: Any, lang: str) -> str:
    items = assessment._warnings()
    if not items:
        return f"<p>{term('warnings_none', lang)}</p>"
    shown = "".join(f"<li>{html.escape(w)}</li>" for w in items[:MAX_WARNINGS])
    more = f"<li>… +{len(items) - MAX_WARNINGS}</li>" if len(items) > MAX_WARNINGS else ""
    return f"<div class='warn'><ul>{shown}{more}</ul></div>"


def _proposals(proposals: dict[str, pd.DataFrame], lang: str) -> str:
    """The proposals section from plain frames: ``tradeoff`` (:data:`plots.TRADEOFF_COLUMNS`) and ``abatement``
    (:data:`plots.ABATEMENT_COLUMNS`), either may be absent."""
    out = []
    if proposals.get("tradeoff") is not None:
        out.append(f"<figure class='chart' data-kind='tradeoff'>"
                   f"{figure_svg(plots.plot_tradeoff(proposals['tradeoff'], lang=lang))}</figure>")
    if proposals.get("abatement") is not None:
        frame = proposals["abatement"]
        out.append(f"<figure class='chart' data-kind='abatement'>"
                   f"{figure_svg(plots.plot_abatement(frame, lang=lang))}</figure>")
        out.append(_table(frame[list(plots.ABATEMENT_COLUMNS)].to_dict("records"), lang))
    return "".join(out)


def render_report(assessment: Any, lang: str = "en", proposals: dict[str, pd.DataFrame] | None = None) -> str:
    """The HTML text of the design-review report of ``assessment`` in ``lang`` (``"en"`` or ``"zh"``)."""
    lang = check_lang(lang)
    name = html.escape(str(assessment.building.name or "building"))
    sections = [("section_building", _building), ("section_carbon", _carbon), ("section_energy", _energy),
                ("section_health", _health), ("section_diagnostics", _diagnostics)]
    parts = [f"<section id='headline'><h2>{term('headline', lang)}</h2>{_headline(assessment, lang)}</section>"]
    parts += [f"<section id='{key}'><h2>{term(key, lang)}</h2>{func(assessment, lang)}</section>"
              for key, func in sections]
    if proposals is not None:
        parts.append(f"<section id='section_proposals'><h2>{term('section_proposals', lang)}</h2>"
                     f"{_proposals(proposals, lang)}</section>")
    climate = html.escape(str(assessment.energy.weather.name))
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (f"<!DOCTYPE html>\n<html lang='{html_lang}'><head><meta charset='utf-8'>"
            f"<title>{term('title', lang)}: {name}</title><style>{_CSS}</style></head><body>"
            f"<h1>{term('title', lang)}</h1><p><b>{name}</b> · {term('climate', lang)}: {climate}</p>"
            + "".join(parts) + f"<footer><p>{term('generated_by', lang)}</p></footer></body></html>\n")
