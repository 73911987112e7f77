"""Facade walls from the plan outline, for walls neither the file nor the rooms say are external.

A model without IsExternal and without rooms on either side of a wall (a shell export, rooms missing or not
reaching the wall) left every wall "unknown", so the energy engine treated the facade as internal. Here each
storey's plan outline is the union of its walls' plan rectangles and its floor slabs' footprints, closed by
:data:`CLOSE_GAP_M` and with its holes filled (a courtyard counts as inside: its walls stay unknown, never wrongly
external). A wall whose probe points beyond one face fall outside the outline and beyond the other face inside is
on the facade: external, facing the outside side (``is_external_source = "geometry: on the plan outline"``).
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.ops import unary_union

from .placement import bearing_deg

#: Gaps in the plan outline up to twice this (m) are closed (wall joints written with small offsets).
CLOSE_GAP_M = 0.05
#: How far beyond a wall face the outline is probed (m): beyond a render or cladding layer, inside one room.
PROBE_M = 0.25
#: Share of the probe points along a wall (7 samples) that must agree for a side to be outside / inside.
MIN_SHARE = 5 / 7
_SAMPLES = np.linspace(-0.42, 0.42, 7)


def facade_walls(frames: list, slab_footprints: dict, north, diagnostics) -> int:
    """Mark the walls of ``frames`` (envelope wall frames) whose ``is_external`` is None and that lie on their storey's
    plan outline as external; ``slab_footprints``: storey id -> plan polygons of its floor slabs. Returns the
    number of walls marked."""
    by_storey: dict = defaultdict(list)
    for f in frames:
        by_storey[f.element.storey_id].append(f)
    marked = 0
    for storey_id, storey_frames in by_storey.items():
        unknown = [f for f in storey_frames if f.element.is_external is None and f.element.kind == "wall"]
        if not unknown:
            continue
        outline = _outline(storey_frames, slab_footprints.get(storey_id, ()))
        if outline is None:
            continue
        for f in unknown:
            outward = _outside_side(f, outline)
            if outward is None:
                continue
            e = f.element
            e.is_external, e.is_external_source = True, "geometry: on the plan outline"
            e.azimuth_deg, e.tilt_deg = float(bearing_deg(outward, north)), 90.0
            e.orientation_source = "geometry: outside of the plan outline"
            e.__dict__["_outward"] = outward
            marked += 1
    if marked:
        diagnostics.add("info", "external_from_outline",
                        f"{marked} walls with no IsExternal and no room on either side lie on their storey's plan "
                        "outline: read as external facade walls")
    return marked


def _rectangle(f) -> Polygon:
    along = np.array([-f.normal[1], f.normal[0]])
    half_l, half_t = 0.5 * f.length * along, 0.5 * f.thickness * f.normal
    c = f.centre
    return Polygon([c - half_l - half_t, c + half_l - half_t, c + half_l + half_t, c - half_l + half_t])


def _outline(frames: list, slabs) -> Polygon | None:
    """The storey's filled plan outline (holes filled), or None when its walls and slabs give no area."""
    shapes = [_rectangle(f) for f in frames if f.length > 0 and f.thickness > 0]
    shapes += [s for s in slabs if s is not None and not s.is_empty]
    if not shapes:
        return None
    union = unary_union([s.buffer(CLOSE_GAP_M, join_style="mitre") for s in shapes])
    parts = getattr(union, "geoms", [union])
    filled = unary_union([Polygon(p.exterior) for p in parts if isinstance(p, Polygon) and not p.is_empty])
    if filled.is_empty or filled.area <= 0:
        return None
    shapely.prepare(filled)
    return filled


def _outside_side(f, outline) -> np.ndarray | None:
    """The plan normal pointing to the outside when one face of the wall is on the outline, else None."""
    along = np.array([-f.normal[1], f.normal[0]])
    offset = 0.5 * f.thickness + CLOSE_GAP_M + PROBE_M
    inside = {}
    for side in (1.0, -1.0):
        pts = np.array([f.centre + along * s * f.length + side * offset * f.normal for s in _SAMPLES])
        inside[side] = float(np.mean(shapely.contains_xy(outline, pts[:, 0], pts[:, 1])))
    for side, other in ((1.0, -1.0), (-1.0, 1.0)):
        if inside[side] <= 1.0 - MIN_SHARE and inside[other] >= MIN_SHARE:
            return side * np.asarray(f.normal, dtype=float)
    return None
