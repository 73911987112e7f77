"""The portfolio section of a batch (``bldgagent batch --report OUT.html``): the distribution of kgCO2e/m2 under
EN 15978 and GB/T 51366 over the models that ran, the worst performers, the rows that failed; one self-contained
HTML page (inline SVG), in English or Chinese like the design-review report."""
from __future__ import annotations

import html
from typing import Any

from .html import _CSS, _table, figure_svg
from .i18n import check_lang, term

def plot_portfolio(table: Any, lang: str = "en"):
    """Box plots of whole-life carbon per m2, EN 15978 (A-C) and GB/T 51366 (total), over the rows that ran; one
    point per model on top. Returns a matplotlib Figure."""
    from .plots import _cjk_fonts, _figure

    ok = table[table["error"] == ""]
    cols = ["whole_life_en15978_kgco2e_m2", "gbt51366_total_kgco2e_m2"]
    data = [ok[c].dropna().to_numpy() for c in cols]
    fig, ax = _figure(7, 4)
    ax.boxplot(data, tick_labels=["EN 15978 A-C", "GB/T 51366"], showfliers=False)
    for i, values in enumerate(data, start=1):
        ax.scatter([i] * len(values), values, s=12, color="#4c78a8", zorder=3)
    ax.set_ylabel("kgCO2e/m2")
    ax.set_title(term("portfolio_chart", lang))
    return _cjk_fonts(fig, lang)


def render_portfolio(table: Any, lang: str = "en") -> str:
    """The HTML page of a batch table (:func:`bldgagent.sweep.batch.run_batch`) in ``lang`` (``"en"``/``"zh"``)."""
    from ..sweep.portfolio import portfolio_summary

    lang = check_lang(lang)
    s = portfolio_summary(table)
    head = _table([{term("portfolio_rows", lang): s.n_rows, term("portfolio_failed", lang): s.n_errors}], lang)
    dist = s.distribution.reset_index(names="figure").round(2).to_dict("records")
    parts = [head, f"<h2>{term('portfolio_distribution', lang)}</h2>{_table(dist, lang)}"]
    if s.n_rows > s.n_errors:
        parts.append(f"<figure>{figure_svg(plot_portfolio(table, lang))}</figure>")
    parts.append(f"<h2>{term('portfolio_worst', lang)}</h2>{_table(s.worst.to_dict('records'), lang)}")
    if len(s.errors):
        parts.append(f"<h2>{term('portfolio_errors', lang)}</h2>{_table(s.errors.to_dict('records'), lang)}")
    title = html.escape(term("portfolio_title", lang))
    return (f"<!DOCTYPE html>\n<html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head><meta charset='utf-8'>"
            f"<title>{title}</title><style>{_CSS}</style></head><body><h1>{title}</h1>" + "".join(parts)
            + f"<footer><p>{term('generated_by', lang)}</p></footer></body></html>\n")
