"""Jupyter displays that need the layers above the plain data: the compact summary of a :class:`Building`.

``Building._repr_html_`` looks :func:`building_html` up by name at display time (the model layer imports nothing
above it). Warnings come first, then storeys, areas, element counts and the envelope by orientation; the element
lists themselves are never printed (a large model's would run to megabytes).
"""
from __future__ import annotations

import html
from typing import Any

from ..results import dict_html, format_number, html_table
from ..summary import building_summary

__all__ = ["building_html", "MAX_WARNINGS"]

#: Warnings listed in the display (the rest are counted; all are in ``building_summary(b)["diagnostics"]``).
MAX_WARNINGS = 10


def _warnings(summary: dict[str, Any]) -> str:
    items = [d for d in summary["diagnostics"]["items"] if d.get("level") in ("warning", "error")]
    if not items:
        return ""
    shown = "".join(f"<li>{html.escape(str(d.get('level')))} {html.escape(str(d.get('code')))}: "
                    f"{html.escape(str(d.get('message')))}</li>" for d in items[:MAX_WARNINGS])
    more = f"<li>... {len(items) - MAX_WARNINGS} more: building_summary(b)['diagnostics']</li>" \
        if len(items) > MAX_WARNINGS else ""
    return f"<div class='bldgagent-warnings'><b>Warnings</b><ul>{shown}{more}</ul></div>"


def building_html(building: Any) -> str:
    """HTML of a building at a glance: warnings, areas, storeys, element counts, envelope by orientation."""
    s = building_summary(building)
    env = s["envelope"]
    areas = {"gross_floor_area_m2": s["gross_floor_area_m2"], "net_floor_area_m2": s["net_floor_area_m2"],
             "external_wall_area_m2": env["external_wall_area_m2"], "window_area_m2": s["window_area_m2"],
             "roof_area_m2": env["roof_area_m2"], "ground_floor_area_m2": env["ground_floor_area_m2"],
             "window_to_wall_ratio": env["wwr"], "spaces": len(s["spaces"])}
    storeys = [{"storey": x["name"], "elevation_m": x["elevation_m"], "height_m": x["height_m"],
                "gross_floor_area_m2": x["gross_floor_area_m2"]} for x in s["storeys"]]
    orient = [{"orientation": o, **v} for o, v in env["by_orientation"].items()]
    counts = [{"kind": k, "count": v} for k, v in s["element_counts"].items()]
    site = s.get("site") or {}
    where = (f", site {format_number(site.get('latitude_deg'))}°, {format_number(site.get('longitude_deg'))}°"
             if site.get("latitude_deg") is not None else "")
    head = (f"<b>Building: {html.escape(str(s['name'] or '(unnamed)'))}</b> ({html.escape(str(s['schema']))}"
            f"{html.escape(where)}; {html.escape(str(s['source'] or 'built in code'))})")
    return (f"<div class='bldgagent-result'>{head}{_warnings(s)}"
            f"<div style='display:flex;gap:2em;flex-wrap:wrap'>{dict_html(areas, caption='Areas')}"
            f"{html_table(storeys, caption='Storeys')}{html_table(counts, caption='Elements')}"
            f"{html_table(orient, caption='Envelope by orientation')}</div></div>")
