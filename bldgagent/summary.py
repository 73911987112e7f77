"""A building at a glance: the ``bldgagent inspect`` report, as a JSON-ready dict.

The keys of :func:`building_summary` are a contract the design agent relies on; they are documented in
``docs/inspect-json.md`` and only ever extended, never renamed.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from .completeness import Completeness, completeness
from .errors import InputValueError
from .model import ORIENTATIONS, Building, Opening

SUMMARY_VERSION = 1


def envelope_by_orientation(building: Building) -> dict[str, dict[str, float]]:
    """Gross external wall area, window area and window-to-wall ratio per compass sector (N/E/S/W).

    Gross wall area = net side area of the external walls + the openings hosted in them. Windows in
    roofs are reported under ``roof``.
    """
    out = {o: {"wall_area_m2": 0.0, "window_area_m2": 0.0, "door_area_m2": 0.0} for o in ORIENTATIONS}
    hosted = defaultdict(float)
    for o in building.openings:
        if o.host_id and o.area_m2:
            hosted[o.host_id] += o.area_m2
    for e in building.elements:
        if e.kind in ("wall", "curtain_wall") and e.is_external and not e.is_aggregate and not e.is_ground_contact:
            sector = e.orientation
            if sector in out and e.area_m2:
                out[sector]["wall_area_m2"] += e.area_m2 + hosted.get(e.global_id, 0.0)
    for o in building.openings:
        if not o.is_external or not o.area_m2:
            continue
        sector = o.orientation
        if sector in out:
            out[sector]["window_area_m2" if o.kind == "window" else "door_area_m2"] += o.area_m2
    for values in out.values():
        wall = values["wall_area_m2"]
        values["wwr"] = values["window_area_m2"] / wall if wall > 0 else 0.0
    return out


def building_summary(building: Building, *, max_diagnostics: int = 200, lacks: Completeness | None = None
                     ) -> dict[str, Any]:
    """The inspect report: schema, storeys, areas, counts, envelope, materials, spaces, diagnostics; what the model
    lacks (``lacks``, default :func:`~bldgagent.completeness.completeness` of the building alone) comes first among
    the diagnostics and under ``completeness``."""
    if not isinstance(building, Building):
        raise InputValueError(f"building_summary(building={building!r:.60}): expected a bldgagent.Building, "
                              f"got {type(building).__name__}; read one with bldgagent.load(path)")
    solid = [e for e in building.elements if not isinstance(e, Opening) and not e.is_aggregate]
    envelope = envelope_by_orientation(building)
    roofs = [e for e in building.elements if e.kind == "roof" and not e.is_aggregate and e.is_external]
    ground = [e for e in building.elements if e.kind in ("floor", "slab") and e.is_ground_contact]
    roof_windows = sum(o.area_m2 or 0.0 for o in building.openings if o.is_external and o.orientation == "horizontal")
    materials: dict[str, dict[str, Any]] = {}
    for e in solid:
        for line in e.material_quantities:
            name = line.material.name if line.material else "(no material)"
            m = materials.setdefault(name, {"volume_m3": 0.0, "elements": 0, "unquantified_elements": 0,
                                            "category": line.material.category if line.material else None})
            if line.volume_m3 is None:
                m["unquantified_elements"] += 1
            else:
                m["volume_m3"] += line.volume_m3
            m["elements"] += 1
    storey_names = {s.global_id: s.name for s in building.storeys}
    windows_by_space = defaultdict(float)
    for space in building.spaces:
        for eid in space.bounding_ids:
            try:
                e = building.element(eid)
            except KeyError:
                continue
            if e.kind == "window" and e.area_m2:
                windows_by_space[space.global_id] += e.area_m2
    site = building.site
    lacks = lacks if lacks is not None else completeness(building)
    items = lacks.findings.to_list() + building.diagnostics.to_list()
    counts = dict(Counter(lacks.findings.by_code()) + Counter(building.diagnostics.by_code()))
    return {
        "summary_version": SUMMARY_VERSION,
        "name": building.name,
        "schema": building.schema,
        "source": building.source_path,
        "site": None if site is None else {
            "name": site.name, "latitude_deg": site.latitude_deg, "longitude_deg": site.longitude_deg,
            "elevation_m": site.elevation_m, "true_north_deg": round(site.true_north_deg, 3),
        },
        "storeys": [
            {"id": s.global_id, "name": s.name, "elevation_m": _r(s.elevation_m), "height_m": _r(s.height_m),
             "gross_floor_area_m2": _r(s.gross_floor_area_m2)}
            for s in building.storeys
        ],
        "gross_floor_area_m2": _r(building.gross_floor_area_m2),
        "gross_floor_area_method": building.gross_floor_area_source,
        "net_floor_area_m2": _r(building.net_floor_area_m2),
        "element_counts": dict(sorted(Counter(e.kind for e in building.elements if not e.is_aggregate).items())),
        "window_area_m2": _r(sum(o.area_m2 or 0.0 for o in building.windows)),
        "envelope": {
            "by_orientation": {k: {kk: _r(vv) for kk, vv in v.items()} for k, v in envelope.items()},
            "external_wall_area_m2": _r(sum(v["wall_area_m2"] for v in envelope.values())),
            "roof_area_m2": _r(sum(e.area_m2 or 0.0 for e in roofs)),
            "roof_window_area_m2": _r(roof_windows),
            "ground_floor_area_m2": _r(sum(e.area_m2 or 0.0 for e in ground)),
            "wwr": _r(sum(v["window_area_m2"] for v in envelope.values())
                      / max(1e-9, sum(v["wall_area_m2"] for v in envelope.values()))),
        },
        "materials": [
            {"name": k, **{kk: _r(vv) if isinstance(vv, float) else vv for kk, vv in v.items()}}
            for k, v in sorted(materials.items(), key=lambda kv: -kv[1]["volume_m3"])
        ],
        "spaces": [
            {"id": s.global_id, "name": s.name, "long_name": s.long_name, "usage": s.usage,
             "storey": storey_names.get(s.storey_id), "net_floor_area_m2": _r(s.net_floor_area_m2),
             "volume_m3": _r(s.volume_m3), "height_m": _r(s.height_m),
             "window_area_m2": _r(windows_by_space.get(s.global_id, 0.0))}
            for s in building.spaces
        ],
        "coverage": {**{k: v if isinstance(v, int) else _r(v) for k, v in building.coverage().items()},
                     "absent_element_kinds": list(lacks.absent_element_kinds)},
        "completeness": lacks.to_dict(),
        "diagnostics": {
            "counts": counts,
            "items": items[:max_diagnostics],
            "truncated": max(0, len(items) - max_diagnostics),
        },
    }


def _r(value, digits: int = 3):
    return None if value is None else round(float(value), digits)
