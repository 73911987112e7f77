"""Partitions and floors shared by two zones of a real model: which zones an element couples and over what area.

The rooms an element bounds come from the space boundaries (``Space.bounding_ids``: IfcRelSpaceBoundary, or
inferred from geometry) - the same relation that makes two rooms ``adjacent`` in
:func:`bldgagent.graph.building_graph`. Each zone's area on the element is the sum of its rooms' parts (a wall:
boundary share x element area; a floor or ceiling: the room's floor area). The space boundaries do not say on
which side of the element a room lies, so the pairs are formed where the sides are clear:

- with ``split_floors`` (:func:`~bldgagent.energy.zoning.zones_from_building`; on by default), a floor or
  ceiling (its sides are known: the zones whose floor it is lie above, those whose ceiling it is below)
  with zones on both sides: every zone above paired with every zone below, the area both sides share
  (``min(sum above, sum below)``) split among the pairs in proportion to the product of their areas on the
  element (:func:`_floor_pairs`; two rooms over one room: each room above over its own area, one over one: the
  smaller area). Where every zone on the slab has a plan outline (``Space.footprint``), the pairs are the zones
  whose outlines overlap, each over the overlap's area (scaled down where a zone's overlaps exceed its area on
  the slab), so a room is coupled with the rooms right under it and not with those across the storey; without
  outlines the split assumes a room's area spreads evenly over the other side (exact when one side is one room);
- otherwise (walls; floors without ``split_floors``) two zones on the element: one pair over the smaller of
  their two areas;
- more zones, one of which covers the others (its area at least 90 % of the sum of theirs, e.g. a
  corridor wall with a row of rooms): that zone paired with each other zone over that zone's area (scaled down if
  they together exceed the covering zone's area);
- otherwise no pair (each zone keeps its half of the element with an adiabatic mid-plane, as before).

A pair is written once, in its *owner*: for a floor the zone above (layers bottom -> top), for a wall the zone
whose name sorts first. What an element's area on a zone exceeds its pairs stays the zone's adiabatic half.
"""
from __future__ import annotations

from collections import defaultdict

#: Roles of the interior elements that two zones can share.
SHARED_ROLES = ("partition", "internal_floor", "ceiling")
#: A zone "covers" the others on an element when its area is at least this share of theirs together (a side of the
#: element against the other side; a judgement, stated in the module docstring).
COVER_SHARE = 0.9


def _pairs(areas: dict[str, float]) -> list[tuple[str, str, float]]:
    """Pairs ``(zone, zone, m2)`` on one element from each zone's area on it (rules in the module docstring)."""
    zones = sorted(areas)
    if len(zones) == 2:
        a, b = zones
        return [(a, b, min(areas[a], areas[b]))]
    big = max(zones, key=lambda z: areas[z])
    rest = [z for z in zones if z != big]
    total = sum(areas[z] for z in rest)
    if total <= 0 or areas[big] < COVER_SHARE * total:
        return []
    scale = min(1.0, areas[big] / total)
    return [(big, z, areas[z] * scale) for z in rest]


def _floor_pairs(above: dict[str, float], below: dict[str, float],
                 outlines: dict | None = None) -> list[tuple[str, str, float]]:
    """Pairs ``(zone above, zone below, m2)`` on one floor slab from each zone's area on it. With a plan outline
    (shapely geometry, m) for every zone: the overlaps of the outlines, scaled down where a zone's overlaps add up
    to more than its area on the slab. Otherwise the area both sides share, ``S = min(sum above, sum below)``, split
    in proportion to ``a_above x a_below``, so each zone's pairs add up to ``S`` times its share of its side (never
    more than its own area). A zone on both sides (a room through the slab) is left out."""
    both = set(above) & set(below)
    up = {z: a for z, a in above.items() if z not in both and a > 0}
    down = {z: a for z, a in below.items() if z not in both and a > 0}
    if not up or not down:
        return []
    if outlines and all(z in outlines for z in list(up) + list(down)):
        return _overlap_pairs(up, down, outlines)
    s_up, s_down = sum(up.values()), sum(down.values())
    share = min(s_up, s_down) / (s_up * s_down)
    return [(u, d, share * up[u] * down[d]) for u in sorted(up) for d in sorted(down)]


def _overlap_pairs(up: dict[str, float], down: dict[str, float], outlines: dict) -> list[tuple[str, str, float]]:
    """Pairs over the plan overlaps of the zones' outlines (m2), each scaled by ``min(1, area / sum of its
    overlaps)`` of both zones."""
    import shapely

    lap = {(u, d): float(shapely.intersection(outlines[u], outlines[d]).area) for u in sorted(up) for d in sorted(down)}
    tot_u = {u: sum(v for (a, _), v in lap.items() if a == u) for u in up}
    tot_d = {d: sum(v for (_, b), v in lap.items() if b == d) for d in down}
    return [(u, d, v * min(1.0, up[u] / tot_u[u], down[d] / tot_d[d])) for (u, d), v in lap.items() if v > 1e-6]


def zone_outlines(rooms_by_zone: dict[str, list]) -> dict:
    """Plan outline of each zone whose rooms all have one (``Space.footprint`` rings, m): the union of its rooms'
    polygons (shapely)."""
    import shapely

    out = {}
    for zone, rooms in rooms_by_zone.items():
        polys = []
        for space in rooms:
            rings = [r for r in (space.footprint or ()) if len(r) >= 3]
            if not rings:
                break
            polys += [shapely.Polygon(r).buffer(0) for r in rings]
        else:
            if polys:
                out[zone] = shapely.union_all(polys)
    return out


def shared_elements(parts_by_zone: dict[str, list], outlines: dict | None = None,
                    split_floors: bool = True) -> dict[tuple[str, str], list[tuple[str, float, bool]]]:
    """Per ``(element GlobalId, zone name)``: the zones it couples with on that element as ``(other zone, m2,
    owned)`` (``owned``: the pair's surface is written in this zone). ``parts_by_zone`` maps zone names to their
    parts (``_Part``: element, role, area); ``split_floors``: floors with zones on both sides by
    :func:`_floor_pairs` (``outlines``: the zones' plan outlines, :func:`zone_outlines`), else as walls."""
    areas: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    by_role: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    floor_of: dict[str, set[str]] = defaultdict(set)       # zones whose floor the element is
    for zone, plist in parts_by_zone.items():
        for p in plist:
            if p.role in SHARED_ROLES and p.area_m2 > 0:
                areas[p.element.global_id][zone] += p.area_m2
                by_role[(p.element.global_id, p.role)][zone] += p.area_m2
                if p.role == "internal_floor":
                    floor_of[p.element.global_id].add(zone)
    out: dict[tuple[str, str], list] = defaultdict(list)
    for eid, by_zone in areas.items():
        if len(by_zone) < 2:
            continue
        above, below = by_role.get((eid, "internal_floor")), by_role.get((eid, "ceiling"))
        pairs = (_floor_pairs(dict(above), dict(below), outlines) if split_floors and above and below
                 else _pairs(dict(by_zone)))
        for a, b, m2 in pairs:
            if m2 <= 1e-6:
                continue
            owner = a if (a in floor_of[eid] or (b not in floor_of[eid] and a < b)) else b
            other = b if owner == a else a
            out[(eid, owner)].append((other, m2, True))
            out[(eid, other)].append((owner, m2, False))
    return dict(out)
