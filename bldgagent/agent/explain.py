"""``explain``: where a figure of an assessment comes from - its value, the method, the inputs beside it and the
sources of its factors, all read from what the result already carries (``source``/``sources`` columns,
assumptions, settings), never restated here.

A figure is named by its path in the full result (``assess`` with ``detail="full"``): dot-separated keys, list rows
by index or by their ``module``/``category``/``phase``/``name``/``room``/``concept`` value, e.g.
``carbon.totals.b6_kgco2e``, ``carbon.en15978.A1-A3.kgco2e``, ``headline.b6_kgco2e_m2``,
``health.concepts.thermal.score``.
"""
from __future__ import annotations

from typing import Any

from .digest import rounded
from .safety import ToolArgumentError

#: Row keys a list segment of a figure path may match.
ROW_KEYS = ("module", "category", "phase", "name", "room", "concept", "space_id", "metric", "item_id", "kind")
#: Keys whose values are sources (standards, datasets, citations) wherever they appear in a result.
SOURCE_KEYS = ("source", "sources", "reference", "standard", "citation", "provenance", "metric")
MAX_SOURCES, MAX_INPUTS = 25, 30

#: Method of each family of figures, by the first path segments; the longest matching prefix wins. Wording only:
#: every number an explanation shows comes from the result.
METHODS = {
    "headline": "headline figures are the engines' results divided by the gross floor area where the name ends "
                "in _m2; each is explained under its own section (energy, carbon, health)",
    "energy": "hourly heat balance per zone over one year of weather (bldgagent.energy; docs/energy-method.md): "
              "demand per end use, divided by the system efficiency of its carrier to give final energy (kWh)",
    "energy.per_m2": "energy of each end use (kWh a year) / energy.reference_area.value_m2, the gross floor area "
                     "(ISO 9836) the carbon engine divides by too; the simulated zones' net floor area only when the "
                     "model has no credible gross floor area (energy.reference_area names which)",
    "carbon": "EN 15978:2011 life-cycle modules (A1-A3 product, A4 transport, A5 construction, B4 replacement, "
              "B6 operational energy, C1-C4 end of life, D beyond the boundary) and GB/T 51366-2019 phases from one "
              "material take-off: quantity (m3 from the IFC) x density = mass (kg), mass x emission factor "
              "(kgCO2e/kg) per module",
    "carbon.b6": "B6 = sum over carriers of annual final energy (kWh, simulated) x carrier emission factor "
                 "(kgCO2e/kWh, by grid region and year) over the study period",
    "carbon.uncertainty": "Monte Carlo: every emission factor drawn from triangular(low, 1, high) around its value, "
                          "the take-off recomputed per draw; percentiles of the totals",
    "health": "room-by-room scoring of thermal comfort, air, light, acoustics and materials against the thresholds "
              "of each item (WELL v2 concepts, T/ASC 02 categories), area-weighted to the building",
    "health.overheating_free_running": "free-running simulation (no cooling, windows open), occupied hours above "
                                       "the CIBSE TM52 / TM59 criteria per room",
}
#: Sections whose content is an input of every figure below the given prefix.
INPUT_SECTIONS = {
    "carbon": ("carbon.period_years", "carbon.method", "carbon.factor_sets", "carbon.gross_floor_area_m2",
               "carbon.gross_floor_area_source", "settings"),
    "carbon.b6": ("carbon.b6.region", "carbon.b6.trajectory", "carbon.b6.start_year", "energy.by_carrier"),
    "energy": ("energy.weather", "energy.floor_area_m2", "energy.reference_area", "settings.climate",
               "settings.scenario"),
    "health": ("health.settings.climate", "health.settings.operation", "health.settings.noise_day_db"),
    "headline": ("headline.gross_floor_area_m2", "headline.climate", "headline.period_years", "headline.grid"),
}


def _step(node: Any, segment: str, walked: str) -> Any:
    if isinstance(node, dict):
        if segment in node:
            return node[segment]
        keys = ", ".join(list(node)[:30])
        raise ToolArgumentError(f"explain: {walked or 'the result'} has no {segment!r}", f"keys there: {keys}")
    if isinstance(node, list):
        if segment.isdigit() and int(segment) < len(node):
            return node[int(segment)]
        for row in node:
            if isinstance(row, dict) and any(str(row.get(k)) == segment for k in ROW_KEYS if k in row):
                return row
        raise ToolArgumentError(f"explain: {walked} has no row {segment!r}",
                                f"give a row index 0-{len(node) - 1} or a row's module/category/name")
    raise ToolArgumentError(f"explain: {walked} is a value, not a section", f"stop the path at {walked}")


def lookup(data: dict[str, Any], figure: str) -> tuple[Any, list[Any]]:
    """The value at ``figure`` and the nodes walked through (root first)."""
    parts = [p for p in figure.strip().split(".") if p]
    if not parts:
        raise ToolArgumentError("explain: figure is empty", "e.g. carbon.totals.b6_kgco2e or headline.b6_kgco2e_m2")
    nodes, node = [data], data
    for i, segment in enumerate(parts):
        node = _step(node, segment, ".".join(parts[:i]))
        nodes.append(node)
    return node, nodes


def _sources(node: Any, out: dict[str, str], prefix: str, depth: int = 0) -> None:
    """Collect string values under source-like keys in ``node`` (a few levels deep)."""
    if len(out) >= MAX_SOURCES or depth > 4:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if key in SOURCE_KEYS and isinstance(value, str):
                out.setdefault(path, value)
            elif key in SOURCE_KEYS and isinstance(value, dict):
                for k, v in value.items():
                    if isinstance(v, str):
                        out.setdefault(f"{path}.{k}", v)
            elif isinstance(value, (dict, list)):
                _sources(value, out, path, depth + 1)
    elif isinstance(node, list):
        for i, row in enumerate(node[:50]):
            _sources(row, out, f"{prefix}.{i}", depth + 1)


def _prefixed(table: dict[str, Any], figure: str) -> list[str]:
    """Keys of ``table`` that are prefixes of ``figure`` (on segment boundaries), longest last."""
    hits = [k for k in table if figure == k or figure.startswith(k + ".")]
    return sorted(hits, key=len)


def _value_at(data: dict[str, Any], path: str) -> Any:
    try:
        return lookup(data, path)[0]
    except ToolArgumentError:
        return None


#: The section figure each headline figure is made from (per m2 of gross floor area where the name ends in _m2).
HEADLINE_BASIS = {
    "b6_kgco2e_m2": "carbon.b6.total_kgco2e", "embodied_kgco2e_m2": "carbon.totals.embodied_kgco2e",
    "upfront_a1_a5_kgco2e_m2": "carbon.totals.upfront_a1_a5_kgco2e",
    "whole_life_en15978_kgco2e_m2": "carbon.totals.total_a1_c4_kgco2e",
    "gbt51366_total_kgco2e_m2": "carbon.totals.gbt51366_total_kgco2e", "heating_kwh": "energy.heating_kwh",
    "cooling_kwh": "energy.cooling_kwh", "final_energy_kwh_m2": "energy.by_carrier", "final_energy_kwh": "energy.by_carrier",
    "health_overall_score": "health.overall",
}


def _explain_headline(data: dict[str, Any], figure: str, value: Any) -> dict[str, Any] | None:
    """A headline figure explained through the section figure it is made from, or None if it has no basis."""
    name = figure.split(".", 1)[1]
    basis = HEADLINE_BASIS.get(name)
    if basis is None or _value_at(data, basis) is None:
        return None
    inner = explain_figure(data, basis)
    per_m2 = name.endswith("_m2")
    method = (f"{basis} / headline.gross_floor_area_m2" if per_m2 else f"taken from {basis}") + "; " + inner["method"]
    inputs = {basis: _value_at(data, basis), **({"headline.gross_floor_area_m2": data["headline"].get(
        "gross_floor_area_m2")} if per_m2 else {}), **inner["inputs"]}
    return rounded({"figure": figure, "value": value, "unit": _unit(figure), "method": method,
                    "inputs": dict(list(inputs.items())[:MAX_INPUTS]), "sources": inner["sources"], "parts": None})


def explain_figure(data: dict[str, Any], figure: str) -> dict[str, Any]:
    """Value, unit, method, inputs and sources of ``figure`` in a full result ``data`` (an assessment's to_dict)."""
    value, nodes = lookup(data, figure)
    if figure.startswith("headline.") and (via := _explain_headline(data, figure, value)) is not None:
        return via
    parent = nodes[-2] if len(nodes) > 1 else {}
    methods = _prefixed(METHODS, figure)
    inputs: dict[str, Any] = {}
    for prefix in _prefixed(INPUT_SECTIONS, figure):
        for path in INPUT_SECTIONS[prefix]:
            if path != figure and (v := _value_at(data, path)) is not None:
                inputs[path] = v
    if isinstance(parent, dict):
        base = figure.rsplit(".", 1)[0]
        for key, v in parent.items():
            if len(inputs) < MAX_INPUTS and f"{base}.{key}" != figure and isinstance(v, (int, float, str, bool)):
                inputs[f"{base}.{key}"] = v
    sources: dict[str, str] = {}
    for node, depth in ((value, 0), (parent, 0)):
        _sources(node, sources, "", depth)
    section = figure.split(".")[0]
    if section == "carbon" and isinstance(data.get("carbon"), dict):
        _sources(data["carbon"].get("assumptions"), sources, "carbon.assumptions")
        if figure.startswith("carbon.b6") or "b6" in figure:
            _sources(data["carbon"].get("b6"), sources, "carbon.b6")
    if section == "health" and isinstance(data.get("health"), dict):
        _sources(data["health"].get("settings"), sources, "health.settings")
    return rounded({
        "figure": figure, "value": value if not isinstance(value, (dict, list)) else None,
        "unit": _unit(figure),
        "method": METHODS[methods[-1]] if methods else "a figure reported by the engine; see its section's docs",
        "inputs": inputs, "sources": sources,
        "parts": list(value)[:MAX_INPUTS] if isinstance(value, dict) else None,
    })


#: Unit of a figure from the ending of its name (the project's naming convention: unit in the name).
UNIT_SUFFIXES = (("_kgco2e_m2_yr", "kgCO2e/(m2 a)"), ("_kgco2e_m2", "kgCO2e/m2"), ("_kgco2e_per_m2", "kgCO2e/m2"),
                 ("_kgco2e", "kgCO2e"), ("kgco2e", "kgCO2e"), ("_kgco2_m2", "kgCO2/m2"), ("_kwh_m2", "kWh/(m2 a)"),
                 ("_kwh", "kWh"), ("_kw", "kW"), ("_m2", "m2"), ("_m3", "m3"), ("_kg", "kg"), ("_years", "years"),
                 ("_c", "degC"), ("score", "points of 100"), ("share", "fraction 0-1"))


def _unit(figure: str) -> str | None:
    name = figure.rsplit(".", 1)[-1].lower()
    for suffix, unit in UNIT_SUFFIXES:
        if name.endswith(suffix):
            return unit
    return None
