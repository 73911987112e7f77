"""Plain-text renderings of results for a terminal or an e-mail: inspect summary, carbon, energy, health.

Each function takes a result (or its ``to_dict``) and returns a string; numbers go through :func:`num` only.
"""
from __future__ import annotations

from typing import Any


def num(value: Any, digits: int = 0, *, sep: bool = False, width: int = 0, missing: str = "-") -> str:
    """``value`` with ``digits`` decimals (thousands separators with ``sep``), right-aligned to ``width``;
    ``missing`` for None and NaN. ``-0`` prints as ``0``."""
    if value is None or value != value:  # NaN is the only value unequal to itself
        text = missing
    else:
        text = f"{float(value) + 0.0:{',' if sep else ''}.{digits}f}"
        if text.lstrip("-").strip("0.,") == "":
            text = text.lstrip("-")
    return text.rjust(width)


def _diagnostic_lines(items: list[dict]) -> list[str]:
    """One line per warning/error code (the first of each), info left out."""
    lines, shown = [], set()
    for d in items:
        if d["level"] == "info" or d["code"] in shown:
            continue
        shown.add(d["code"])
        lines.append(f"  [{d['level']}] {d['code']}: {d['message']}" + (f" ({d['entity']})" if d.get("entity") else ""))
    return lines


# --- inspect -----------------------------------------------------------------------------------------------
def format_summary(s: dict) -> str:
    """Plain-text rendering of :func:`bldgagent.summary.building_summary`."""
    lines = [f"{s['name'] or 'Building'} ({s['schema']})  {s['source'] or ''}", _site_line(s.get("site") or {})]
    lines += [f"Warning: {d['message']}" for d in (s.get("completeness") or {}).get("findings", ())]
    lines.append("Storeys: " + ", ".join(
        f"{st['name']} ({num(st['elevation_m'], 2, missing='?')} m, "
        f"{num(st['gross_floor_area_m2'] or 0, 1)} m2)" for st in s["storeys"]))
    lines.append(f"Gross floor area {num(s['gross_floor_area_m2'] or 0, 1)} m2 ({s['gross_floor_area_method']}); "
                 f"net {num(s['net_floor_area_m2'], 1)} m2 in {len(s['spaces'])} spaces")
    lines.append("Elements: " + ", ".join(f"{k} {v}" for k, v in s["element_counts"].items()))
    lines += _envelope_lines(s["envelope"])
    lines.append("Materials (m3):")
    for m in s["materials"][:15]:
        extra = f", {m['unquantified_elements']} without volume" if m["unquantified_elements"] else ""
        lines.append(f"  {num(m['volume_m3'], 2, width=9)}  {m['name']} ({m['elements']} elements{extra})")
    lines += _more(s["materials"], 15)
    lines.append("Spaces:")
    for sp in s["spaces"][:25]:
        lines.append(f"  {(sp['name'] or '')[:10]:10} {(sp['long_name'] or '')[:22]:22} {sp['usage']:22} "
                     f"{num(sp['net_floor_area_m2'] or 0, 1, width=7)} m2  windows {num(sp['window_area_m2'], 1)} m2")
    lines += _more(s["spaces"], 25)
    cov = s["coverage"]
    lines.append(f"Coverage: {num(cov['with_volume'] * 100)} % of {cov['elements']} elements with a volume, "
                 f"{num(cov['with_material'] * 100)} % with a material")
    counts = s["diagnostics"]["counts"]
    if counts:
        lines.append("Diagnostics: " + ", ".join(f"{k} x{v}" for k, v in counts.items()))
        lines += _diagnostic_lines(s["diagnostics"]["items"])
    return "\n".join(lines)


def _site_line(site: dict) -> str:
    if site.get("latitude_deg") is None:
        return "Site: location unknown"
    return (f"Site: {site.get('name') or ''} {num(site['latitude_deg'], 4)}, {num(site['longitude_deg'], 4)}, "
            f"elevation {num(site.get('elevation_m') or 0)} m; model +Y bears {num(site['true_north_deg'])} deg")


def _envelope_lines(env: dict) -> list[str]:
    lines = ["Envelope          N        E        S        W"]
    for key, label in (("wall_area_m2", "wall m2  "), ("window_area_m2", "window m2"), ("wwr", "WWR      ")):
        lines.append(f"  {label}" + "".join(num(env["by_orientation"][o][key], 2, width=9) for o in "NESW"))
    lines.append(f"  roof {num(env['roof_area_m2'], 1)} m2 (windows {num(env['roof_window_area_m2'], 1)}), "
                 f"ground floor {num(env['ground_floor_area_m2'], 1)} m2, overall WWR {num(env['wwr'], 2)}")
    return lines


def _more(items: list, shown: int) -> list[str]:
    return [f"  ... {len(items) - shown} more"] if len(items) > shown else []


# --- carbon ----------------------------------------------------------------------------------------------
def model_warnings(diagnostics) -> list[str]:
    """``Warning: ...`` lines of the diagnostics saying what the model lacks (:mod:`bldgagent.completeness`)."""
    from ..completeness import CODES

    out = []
    for d in diagnostics:
        code, message = (d.get("code"), d.get("message")) if isinstance(d, dict) else (d.code, d.message)
        if code in CODES and f"Warning: {message}" not in out:
            out.append(f"Warning: {message}")
    return out


def format_carbon(result, method: str = "both") -> str:
    """Plain-text rendering of a :class:`~bldgagent.lca.CarbonResult`: headline, the EN 15978 module table
    (GB/T 51366 phase table for ``method="gbt51366"``, both side by side for ``"both"``), unmatched materials.
    Shares in %."""
    if method == "both":
        table = carbon_side_by_side(result)
    else:
        table = result.gbt51366_table() if method == "gbt51366" else result.en15978_table()
    if "share" in table:
        table = table.assign(share=100 * table["share"])
    fmt = {c: (lambda x: num(x, 1, sep=True) if isinstance(x, float) else str(x)) for c in table.columns}
    lines = model_warnings(result.diagnostics) + [repr(result), table.to_string(index=False, formatters=fmt, na_rep="-")]
    if len(result.unmatched):
        lines += ["", "unmatched materials:",
                  result.unmatched[["material", "n_elements", "volume_m3"]].to_string(
                      index=False, float_format=lambda x: num(x, 2))]
    return "\n".join(lines)


#: GB/T 51366-2019 phase -> the EN 15978 modules it corresponds to (``CarbonResult.method_mapping()``; the GB/T
#: phases also carry the A5 waste shares in production and transport, so rows agree in scope, not to the digit).
_PHASE_MODULES = (("建材生产", "material production", ("A1-A3",)), ("建材运输", "material transport", ("A4",)),
                  ("建造", "construction", ("A5",)), ("运行", "operation", ("B6", "B7")),
                  ("拆除", "demolition", ("C1",)), ("回收抵扣", "recycling credit", ("D",)))


def carbon_side_by_side(result):
    """One table of both methods: a row per GB/T 51366 phase with the EN 15978 modules it maps to and both
    values (kgCO2e and per m2 of the reference area), then the EN modules GB/T has no phase for, then the totals
    (EN A1-C4 incl. B6 without D; GB/T with its 50 % recycling credit netted). Missing values are NaN ("-")."""
    import pandas as pd

    en = result.en15978_table().set_index("module")
    gb = result.gbt51366_table().set_index("phase")
    rows, used = [], set()
    for phase, phase_en, modules in _PHASE_MODULES:
        present = [m for m in en.index if str(m).split(" ")[0] in modules]
        used.update(present)
        unassessed = "B6" in modules and result.b6 is None     # no energy given: '-' on both sides, not 0.0
        rows.append(_pair_row(f"{phase} {phase_en}", "+".join(present) or "-", en.loc[present] if present else None,
                              gb.loc[phase] if phase in gb.index and not unassessed else None))
    total_en = next((m for m in en.index if str(m).startswith("total")), None)
    other = [m for m in en.index if m not in used and m != total_en and not str(m).startswith("biogenic")]
    if other:
        rows.append(_pair_row("(no GB/T 51366 phase)", "+".join(other), en.loc[other], None))
    rows.append(_pair_row("total", str(total_en or "-"), en.loc[[total_en]] if total_en else None,
                          gb.loc["合计"] if "合计" in gb.index else None))
    return pd.DataFrame(rows)


def _pair_row(label: str, modules: str, en_rows, gb_row) -> dict:
    nan = float("nan")
    out = {"gbt51366_phase": label, "en15978_modules": modules}
    out["en15978_kgco2e"] = float(en_rows["kgco2e"].sum(min_count=1)) if en_rows is not None else nan
    out["gbt51366_kgco2e"] = float(gb_row["kgco2e"]) if gb_row is not None else nan
    out["en15978_kgco2e_per_m2"] = float(en_rows["kgco2e_per_m2"].sum(min_count=1)) if en_rows is not None else nan
    out["gbt51366_kgco2e_per_m2"] = float(gb_row["kgco2e_per_m2"]) if gb_row is not None else nan
    return out


# --- energy ----------------------------------------------------------------------------------------------
def format_energy(d: dict) -> str:
    """Plain-text rendering of :meth:`EnergyResult.to_dict`."""
    ref = d.get("reference_area") or {"name": "net floor area of the thermal zones", "value_m2": d["floor_area_m2"]}
    a = ref["value_m2"]
    loc = d["location"]
    lines = model_warnings(d.get("diagnostics") or ()) + [
             f"{d['building'] or 'Building'}: {len(d['zones'])} zones, {num(d['floor_area_m2'], 1)} m2 net floor area; "
             f"kWh/m2 per {ref['name']} {num(a, 1)} m2 (zones: per their own floor area)",
             f"Weather: {d['weather']['source']}",
             f"Location: {loc.get('place')} ({loc.get('country')}, climate zone {loc.get('climate_zone') or '-'}); "
             f"zoning {d['settings']['zoning']}",
             "End use          demand kWh   final kWh  carrier       kWh/m2"]
    for k, v in d["by_end_use"].items():
        lines.append(f"  {k:<12}{num(v['demand_kwh'], sep=True, width=13)}{num(v['final_kwh'], sep=True, width=12)}"
                     f"  {str(v['carrier'] or '-'):<12}{num((v['demand_kwh'] or v['final_kwh']) / a, 1, width=8)}")
    lines.append("By carrier (PV netted): " + ", ".join(f"{k} {num(v, sep=True)} kWh"
                                                      for k, v in d["by_carrier"].items()))
    p = d["peaks_kw"]
    lines.append(f"Peaks: heating {num(p['heating_kw'], 1)} kW, cooling {num(p['cooling_kw'], 1)} kW, "
                 f"electricity {num(p['electricity_kw'], 1)} kW")
    if d.get("pv"):
        pv = d["pv"]
        lines.append(f"PV {num(pv['kwp'], 1)} kWp: {num(pv['annual_ac_kwh'], sep=True)} kWh "
                     f"({num(pv['specific_yield_kwh_kwp'])} kWh/kWp), self-consumed "
                     f"{num(pv['self_consumed_kwh'], sep=True)}, exported {num(pv['exported_kwh'], sep=True)}")
    lines.append("Envelope assigned to zones: " + ", ".join(f"{k.replace('_', ' ')} {num(v['share'] * 100)} % of "
                                                         f"{num(v['total_m2'])} m2" for k, v in d["coverage"].items()))
    lines.append("Zones                        m2   heat kWh   cool kWh   Top min/max C")
    lines += [_zone_line(z) for z in d["zones"][:30]] + _more(d["zones"], 30)
    lines += _diagnostic_lines(d["diagnostics"])
    return "\n".join(lines)


def _zone_line(z: dict) -> str:
    return (f"  {z['zone'][:24]:<24}{num(z['floor_area_m2'], 1, width=7)}{num(z['heating_kwh'], sep=True, width=11)}"
            f"{num(z['cooling_kwh'], sep=True, width=11)}   {num(z['min_operative_c'], 1, width=5)} / "
            f"{num(z['max_operative_c'], 1, width=4)}")


def format_b6(carbon) -> str:
    """One line for an :class:`~bldgagent.lca.operational.OperationalCarbon` (B6), in tonnes."""
    return (f"B6 over {carbon.period_years} years from {carbon.start_year} (grid {carbon.region}, "
            f"{carbon.trajectory}): {num(carbon.total_kgco2e / 1000, 1, sep=True)} t ({carbon.basis})")


# --- health ----------------------------------------------------------------------------------------------
def format_health(result) -> str:
    """Plain-text rendering of a :class:`~bldgagent.health.building.HealthAssessment`: one row per room."""
    frame = result.to_frame()
    cols = ["room", "usage", "thermal", "air", "light", "acoustic", "materials", "overall",
            "free_running_occupied_hours_above_28c", "free_running_tm52_overheating"]
    table = frame[[c for c in cols if c in frame]].rename(columns={
        "free_running_occupied_hours_above_28c": "h>28C (no AC)", "free_running_tm52_overheating": "TM52 overheats"})
    overall = "n/a" if result.overall is None else f"{num(result.overall)}/100"
    head = (f"Health of {len(frame)} rooms, overall {overall} (operation: {result.settings.get('operation')}; "
            f"climate {result.settings.get('climate')})")
    notes = [f"  [{d.level}] {d.code}: {d.message}" for d in result.diagnostics][:10]
    return "\n".join([head, table.to_string(index=False, float_format=num, na_rep="-")] + notes)
