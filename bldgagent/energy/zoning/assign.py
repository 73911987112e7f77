"""Assignment of the building's envelope and interior elements to its rooms (which room gets which part of
which wall, window, roof or floor) and the envelope coverage."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from ...model import Building, Diagnostics, Element, Opening, Space
from .defaults import _FLOOR_KINDS, _WALL_KINDS, FACADE_TOLERANCE_DEG


def _angle_diff(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


def _facade_edges(space: Space, true_north_deg: float) -> list[tuple[float, float]]:
    """(compass bearing of the outward normal, length m) of each edge of the room's plan outline."""
    out = []
    for ring in space.footprint or ():
        pts = np.asarray(ring, dtype=float)
        if len(pts) < 3:
            continue
        if np.allclose(pts[0], pts[-1]):
            pts = pts[:-1]
        x, y = pts[:, 0], pts[:, 1]
        signed = 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))
        d = np.roll(pts, -1, axis=0) - pts
        # outward normal: right of the direction of travel for a counter-clockwise ring
        n = np.column_stack([d[:, 1], -d[:, 0]]) if signed > 0 else np.column_stack([-d[:, 1], d[:, 0]])
        length = np.hypot(d[:, 0], d[:, 1])
        bearing = (true_north_deg + 90.0 - np.degrees(np.arctan2(n[:, 1], n[:, 0]))) % 360.0
        out.extend((float(b), float(l)) for b, l in zip(bearing, length) if l > 1e-6)
    return out


def _facing_length(edges: list[tuple[float, float]], azimuth: float) -> float:
    return sum(l for b, l in edges if _angle_diff(b, azimuth) <= FACADE_TOLERANCE_DEG)


@dataclass
class _Part:
    element: Element
    role: str          # wall, roof, ground_floor, exposed_floor, door, window, partition, internal_floor, ceiling
    area_m2: float
    rule: str
    facets: list[tuple[float, float, float]] | None = None  # (area, tilt, azimuth) for roofs


def _usable(e: Element) -> bool:
    return not e.is_aggregate


def _is_window(e: Element) -> bool:
    if e.kind == "window" or e.kind == "curtain_wall":
        return True
    if e.kind == "door" and isinstance(e, Opening) and (e.glazing_fraction or 0.0) >= 0.3:
        return True
    if e.kind == "plate" and e.is_external:
        return any("glass" in f"{m.name} {m.category}".lower() for m in e.materials)
    return False


#: Element kinds that are neither envelope nor room boundary for the thermal model.
_NOT_ENVELOPE = ("column", "beam", "member", "covering", "footing", "pile", "stair", "ramp", "railing", "chimney",
                 "other")


@dataclass
class _Assignment:
    """Working state of :func:`_assign`: the rooms' outlines, which rooms each element bounds (with its boundary
    share), rooms per storey, and the parts and assigned/total areas found so far."""

    edges: dict
    bounds: dict
    by_storey: dict
    top_storey: str | None
    diagnostics: Diagnostics
    parts: dict = field(default_factory=lambda: defaultdict(list))
    totals: dict = field(default_factory=lambda: {k: [0.0, 0.0] for k in ("external_wall", "window", "roof",
                                                                           "ground_floor")})

    def facade_rooms(self, e: Element, candidates: list[Space]) -> list[tuple[Space, float]]:
        """Rooms of ``candidates`` whose outline faces the element's azimuth, weighted by the facing length."""
        w = ([(s, _facing_length(self.edges[s.global_id], e.azimuth_deg)) for s in candidates]
             if e.azimuth_deg is not None else [])
        return [(s, x) for s, x in w if x > 0]

    def split(self, e: Element, items: list[tuple[Space, float | None]]) -> tuple[list[tuple[Space, float]], str]:
        """Weights of the rooms an external wall bounds: outline length facing it, boundary shares or equal."""
        spaces_ = [s for s, _ in items]
        if e.azimuth_deg is not None and all(self.edges[s.global_id] for s in spaces_):
            w = [(s, _facing_length(self.edges[s.global_id], e.azimuth_deg)) for s in spaces_]
            if sum(x for _, x in w) > 0:
                return w, "outline length facing the wall"
        if all(sh is not None for _, sh in items) and sum(sh for _, sh in items) > 0:
            return [(s, float(sh)) for s, sh in items], "boundary shares"
        return [(s, 1.0) for s in spaces_], "equal split"


def _index(building: Building, spaces: list[Space], diagnostics: Diagnostics) -> _Assignment:
    """Outlines of the rooms, the rooms each element (or an aggregate's parts) bounds, rooms per storey."""
    by_id = {e.global_id: e for e in building.elements}
    children = defaultdict(list)
    for e in building.elements:
        if e.parent_id:
            children[e.parent_id].append(e)
    tn = building.site.true_north_deg if building.site is not None else 0.0
    edges = {s.global_id: _facade_edges(s, tn) for s in spaces}
    # element -> [(space, share)]
    bounds: dict[str, list[tuple[Space, float | None]]] = defaultdict(list)
    for s in spaces:
        for eid in s.bounding_ids:
            e = by_id.get(eid)
            if e is None:
                continue
            share = s.boundary_shares.get(eid)
            targets = children.get(eid, []) if e.is_aggregate else [e]
            for t in targets:
                bounds[t.global_id].append((s, share))
    by_storey = defaultdict(list)
    for s in spaces:
        by_storey[s.storey_id].append(s)
    top_storey = building.storeys[-1].global_id if building.storeys else None
    return _Assignment(edges, bounds, by_storey, top_storey, diagnostics)


def _assign_opening(st: _Assignment, e: Element, area, items: list, label: str, window: bool) -> None:
    """An external window or door: to the rooms it bounds, else its host wall's room, else the storey's facade."""
    cat = "window" if window else None
    if area is None or area <= 0:
        st.diagnostics.add("warning", "opening_area_unknown", "external opening without area: not modelled", label)
        if cat:
            st.totals[cat][1] += 0.0
        return
    if cat:
        st.totals[cat][1] += area
    role = "window" if window else "door"
    targets, rule = [(s, 1.0) for s, _ in items], "bounds the room"
    if not targets and e.host_id and e.host_id in st.bounds:
        host = max(st.bounds[e.host_id], key=lambda it: it[1] or 0.0)[0]
        targets, rule = [(host, 1.0)], "room of the host wall"
    if not targets:
        targets, rule = st.facade_rooms(e, st.by_storey.get(e.storey_id, [])), "storey facade (no room bound)"
    if not targets:
        st.diagnostics.add("warning", "opening_unassigned", f"external {e.kind} ({area:.2f} m2) bounds no room "
                           "and no room of its storey faces it: not modelled", label)
        return
    _distribute(st, e, role, area, targets, rule)
    if cat:
        st.totals[cat][0] += area


def _distribute(st: _Assignment, e: Element, role: str, area: float, weights: list, rule: str) -> None:
    """``area`` of ``e`` shared among the rooms of ``weights`` ((space, weight) pairs) in proportion to the weights."""
    tot = sum(w for _, w in weights)
    for s, w in weights:
        st.parts[s.global_id].append(_Part(e, role, area * w / tot, rule))


def _assign_wall(st: _Assignment, e: Element, area: float, items: list, label: str) -> None:
    """A wall: external to the rooms it bounds (or facing it on its storey), weighted; internal as a partition."""
    if not e.is_external:
        for s, sh in items:
            st.parts[s.global_id].append(_Part(e, "partition", area * (sh if sh is not None else 1.0),
                                               "boundary share" if sh is not None else "whole element"))
        return
    st.totals["external_wall"][1] += area
    if items:
        weights, rule = st.split(e, items)
    else:
        weights, rule = st.facade_rooms(e, st.by_storey.get(e.storey_id, [])), "storey facade (no room bound)"
    if not weights:
        st.diagnostics.add("warning", "wall_unassigned", f"external wall ({area:.1f} m2) bounds no room and "
                           "no room of its storey faces it: not modelled", label)
        return
    _distribute(st, e, "wall", area, weights, rule)
    st.totals["external_wall"][0] += area


def _assign_roof(st: _Assignment, e: Element, area: float, items: list, label: str) -> None:
    """An external roof: the whole area (incl. the part over walls) to the rooms under it by their overlaps, with
    its facets (area, tilt, azimuth)."""
    st.totals["roof"][1] += area
    targets = list(items)
    rule = "boundary shares x roof area"
    if not targets:
        cands = st.by_storey.get(e.storey_id or st.top_storey, [])
        targets, rule = [(s, None) for s in cands], "roof of the storey (no room bound): by floor area"
    if not targets:
        st.diagnostics.add("warning", "roof_unassigned", f"roof ({area:.1f} m2) over no room: not modelled", label)
        return
    if any(sh is None for _, sh in targets):
        targets = [(s, s.net_floor_area_m2 or 0.0) for s, _ in targets]
    # the whole roof area (incl. the part over walls and partitions) in proportion to the overlaps
    tot = sum(float(sh) for _, sh in targets) or 1.0
    targets = [(s, float(sh) / tot) for s, sh in targets]
    facets = [(f.area_m2, f.tilt_deg, f.azimuth_deg) for f in e.facets if f.area_m2 > 0]
    if not facets:
        facets = [(area, e.tilt_deg if e.tilt_deg is not None else 0.0,
                   e.azimuth_deg if e.azimuth_deg is not None else 180.0)]
    scale = area / sum(a for a, *_ in facets)
    assigned = 0.0
    for s, sh in targets:
        a = area * min(1.0, float(sh))
        assigned += a
        st.parts[s.global_id].append(_Part(e, "roof", a, rule, [(fa * scale * a / area, t, az)
                                                                for fa, t, az in facets]))
    st.totals["roof"][0] += min(area, assigned)


def _assign_floor(st: _Assignment, e: Element, area: float, items: list, label: str) -> None:
    """A floor or slab: ground or exposed floor (or a flat roof over the room) when on the ground or external,
    else the floor of the room above and the ceiling of the room below (areas set per room later)."""
    if not (e.is_ground_contact or e.is_external):
        for s, sh in items:
            role = "internal_floor" if _under(e, s) else "ceiling"
            st.parts[s.global_id].append(_Part(e, role, -1.0, "room floor area"))
        return
    role = "ground_floor" if e.is_ground_contact else None
    st.totals["ground_floor"][1] += area if e.is_ground_contact else 0.0
    assigned = 0.0
    for s, sh in items:
        under = _under(e, s)
        if role == "ground_floor" or under:
            r = role or "exposed_floor"
            st.parts[s.global_id].append(_Part(e, r, -1.0, "room floor area"))  # area set per room below
            assigned += min(area, (s.net_floor_area_m2 or 0.0))
        else:  # an external slab over the room: a flat roof
            a = area * (sh if sh is not None else 1.0)
            st.parts[s.global_id].append(_Part(e, "roof", a, "external slab over the room", [(a, 0.0, 180.0)]))
    if e.is_ground_contact:
        st.totals["ground_floor"][0] += min(area, assigned)
        if not items:
            st.diagnostics.add("warning", "ground_floor_unassigned",
                               f"ground floor ({area:.1f} m2) under no room: not modelled", label)


def _floor_areas(spaces: list[Space], parts: dict) -> None:
    """Floors and ceilings get the room's own floor area, split among the elements of the same role by their
    overlap; parts without area are dropped."""
    for s in spaces:
        plist = parts.get(s.global_id, [])
        for role in ("ground_floor", "exposed_floor", "internal_floor", "ceiling"):
            same = [p for p in plist if p.role == role and p.area_m2 < 0]
            if not same:
                continue
            weights = [(p.element.area_m2 or 0.0) * (s.boundary_shares.get(p.element.global_id) or 1.0) for p in same]
            tot = sum(weights) or 1.0
            for p, w in zip(same, weights):
                p.area_m2 = (s.net_floor_area_m2 or 0.0) * (w / tot if len(same) > 1 else 1.0)
        parts[s.global_id] = [p for p in plist if p.area_m2 > 0]


def _assign(building: Building, spaces: list[Space], diagnostics: Diagnostics) -> tuple[dict[str, list[_Part]], dict]:
    """Parts of the envelope and interior per space GlobalId, and the assigned/total areas per category."""
    st = _index(building, spaces, diagnostics)
    for e in building.elements:
        if not _usable(e) or e.kind in _NOT_ENVELOPE:
            continue
        area = e.area_m2
        items = st.bounds.get(e.global_id, [])
        label = f"{e.ifc_class} {e.global_id} '{e.name}'"
        window = _is_window(e)
        if window or e.kind == "door":
            if e.is_external:
                _assign_opening(st, e, area, items, label, window)
            continue
        if area is None or area <= 0:
            if e.is_external or e.is_ground_contact:
                diagnostics.add("warning", "element_area_unknown", "envelope element without area: not modelled", label)
            continue
        if e.kind in _WALL_KINDS:
            _assign_wall(st, e, area, items, label)
        elif e.kind == "roof" and e.is_external:
            _assign_roof(st, e, area, items, label)
        elif e.kind == "roof" or e.kind in _FLOOR_KINDS:
            _assign_floor(st, e, area, items, label)
    _floor_areas(spaces, st.parts)
    coverage = {k: {"assigned_m2": round(a, 3), "total_m2": round(t, 3), "share": (min(1.0, a / t) if t > 0 else 1.0)}
                for k, (a, t) in st.totals.items()}
    return st.parts, coverage


def _under(element: Element, space: Space) -> bool:
    """True when a horizontal element lies under the room (its floor), False when over it (its ceiling)."""
    if element.top_elevation_m is not None and space.elevation_m is not None:
        return element.top_elevation_m <= space.elevation_m + 0.3
    if element.is_ground_contact:
        return True
    return element.storey_id == space.storey_id


