"""Envelope resolution: which elements are external, which way they face, which rooms they bound.

Runs after quantities and geometry are read. Methods, in order of trust:
- ``Pset_*Common.IsExternal`` from the file;
- IfcRelSpaceBoundary (an EXTERNAL boundary makes its element external);
- a side test: points just beyond each face of a wall, sampled along its length, are tested against
  the rooms' plan outlines at the wall's height; a wall with rooms on one side only is external and
  faces the other side; rooms on both sides make it internal;
- for walls the side test cannot settle, the side facing away from the building's plan centroid.
Azimuths use the model's TrueNorth. Every inferred value records its source.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.strtree import STRtree

from ..errors import entity_label
from ..model import Building, Element, Opening, Space
from .materials import layer_set_direction
from .outline import facade_walls
from .placement import bearing_deg

#: Classes read as glazing (an Opening of kind window) when glazed, see ``reader.glazed_panel``.
PANEL_CLASSES = ("IfcPlate", "IfcPlateStandardCase", "IfcMember", "IfcMemberStandardCase")

#: How far beyond a wall face the side test probes (m).
PROBE_M = 0.25
#: Samples along a wall for the side test.
SAMPLES = np.linspace(-0.42, 0.42, 7)
#: An element whose top is at most this far above the project datum (+-0.00) is in ground contact (m).
GROUND_TOL_M = 0.3


@dataclass
class _WallFrame:
    element: Element
    centre: np.ndarray      # plan point at mid-thickness, mid-length (m)
    normal: np.ndarray      # unit plan vector across the wall
    thickness: float
    length: float
    zmin: float
    zmax: float


@dataclass
class _RoomIndex:
    spaces: list[Space]
    polygons: list
    zmin: np.ndarray
    zmax: np.ndarray

    @property
    def empty(self) -> bool:
        return not self.spaces


def resolve(building: Building, reader) -> None:
    """Fill is_external, azimuth/tilt, ground contact, hosts, room bounds and layer order in place."""
    storey_elev = {s.global_id: s.elevation_m for s in building.storeys}
    storey_height = {s.global_id: s.height_m for s in building.storeys}
    rooms = _room_index(building, reader, storey_elev, storey_height)
    by_id = {e.global_id: e for e in building.elements}
    _space_boundaries(building, reader, by_id)
    plan_centre = _plan_centre(building, reader, rooms)

    frames = []
    for element in building.elements:
        panel = isinstance(element, Opening) and element.ifc_class in PANEL_CLASSES  # glazed plate/member
        if (element.kind in ("wall", "curtain_wall", "plate") or panel) and not element.is_aggregate:
            frame = _wall_frame(element, reader, storey_elev, storey_height)
            if frame is not None:
                frames.append(frame)
            elif element.kind == "wall":
                reader.diagnostics.add("warning", "wall_orientation_unknown",
                                       "no geometry or axis: orientation and external side unknown",
                                       f"{element.ifc_class} {element.global_id} '{element.name}'")
    _side_test(frames, rooms, plan_centre, reader)
    facade_walls(frames, _slab_footprints(building, reader), reader.north, reader.diagnostics)
    _horizontal(building, reader, rooms)
    _aggregates(building)
    _openings(building, reader, rooms, by_id, plan_centre, storey_elev)
    _layer_order(building, reader)
    unknown = [e for e in building.elements if e.kind == "wall" and e.is_external is None]
    if unknown:
        reader.diagnostics.add("warning", "external_unknown",
                               f"{len(unknown)} walls: could not tell whether external (no IsExternal, no rooms "
                               "either side); treated as internal by the engines")


def _slab_footprints(building: Building, reader) -> dict:
    """Storey id -> plan footprints of its floor slabs (those the reader triangulated)."""
    out: dict = defaultdict(list)
    for e in building.elements:
        mesh = reader.meshes.get(e.ifc_id) if e.kind in ("slab", "floor") and not e.is_aggregate else None
        if mesh is not None and mesh.footprint is not None:
            out[e.storey_id].append(mesh.footprint)
    return out


# --- rooms -------------------------------------------------------------------------------------------
def _room_index(building, reader, storey_elev, storey_height) -> _RoomIndex:
    spaces, polys, zmin, zmax = [], [], [], []
    for space in building.spaces:
        mesh = reader.meshes.get(space.ifc_id)
        if mesh is None or mesh.footprint is None:
            continue
        low = float(mesh.bbox_min[2])
        high = float(mesh.bbox_max[2])
        spaces.append(space)
        polys.append(mesh.footprint)
        zmin.append(low)
        zmax.append(high)
    if building.spaces and len(spaces) < len(building.spaces):
        reader.diagnostics.add("warning", "space_geometry_missing",
                               f"{len(building.spaces) - len(spaces)} spaces have no usable geometry: "
                               "they cannot be related to walls and windows")
    for p in polys:
        shapely.prepare(p)
    return _RoomIndex(spaces, polys, np.array(zmin), np.array(zmax))


def _plan_centre(building, reader, rooms: _RoomIndex) -> np.ndarray | None:
    if not rooms.empty:
        union = shapely.union_all(rooms.polygons)
        c = union.centroid
        return np.array([c.x, c.y])
    points = [m.centroid[:2] for m in reader.meshes.values()]
    return np.mean(points, axis=0) if points else None


def _hits(rooms: _RoomIndex, points: np.ndarray, zlow: np.ndarray, zhigh: np.ndarray) -> list[list[int]]:
    """Indices of rooms containing each plan point whose height range overlaps the point's range."""
    out: list[list[int]] = [[] for _ in range(len(points))]
    if rooms.empty or len(points) == 0:
        return out
    for k, poly in enumerate(rooms.polygons):
        overlap = np.minimum(zhigh, rooms.zmax[k]) - np.maximum(zlow, rooms.zmin[k])
        need = np.minimum(1.0, 0.5 * (zhigh - zlow))
        candidates = np.nonzero(overlap >= need)[0]
        if len(candidates) == 0:
            continue
        inside = shapely.contains_xy(poly, points[candidates, 0], points[candidates, 1])
        for i in candidates[inside]:
            out[i].append(k)
    return out


# --- IfcRelSpaceBoundary -----------------------------------------------------------------------------
def _space_boundaries(building, reader, by_id) -> None:
    spaces = {s.global_id: s for s in building.spaces}
    votes: dict[str, list[int]] = {}
    try:
        relations = reader.model.by_type("IfcRelSpaceBoundary")
    except RuntimeError:
        relations = []
    for rel in relations:
        space_entity, element_entity = rel.RelatingSpace, rel.RelatedBuildingElement
        if space_entity is None or element_entity is None or not space_entity.is_a("IfcSpace"):
            continue
        space = spaces.get(space_entity.GlobalId)
        element = by_id.get(element_entity.GlobalId)
        if space is None or element is None:
            continue
        if element.global_id not in space.bounding_ids:
            space.bounding_ids.append(element.global_id)
        space.bounding_source = "IfcRelSpaceBoundary"
        kind = (rel.InternalOrExternalBoundary or "").upper()
        tally = votes.setdefault(element.global_id, [0, 0])
        tally[0 if kind.startswith("EXTERNAL") else 1] += 1
        if kind == "EXTERNAL_EARTH":
            element.is_ground_contact = True
    # An element is external when most of its boundaries are EXTERNAL: an intermediate floor with one
    # exposed edge strip stays internal.
    for gid, (external, internal) in votes.items():
        element = by_id[gid]
        if element.is_external is None:
            element.is_external = external >= internal and external > 0
            element.is_external_source = "space boundaries"


# --- walls -------------------------------------------------------------------------------------------
def _wall_frame(element: Element, reader, storey_elev, storey_height) -> _WallFrame | None:
    mesh = reader.meshes.get(element.ifc_id)
    q = element.quantities
    if mesh is not None and mesh.wall_axis is not None and mesh.thickness_m:
        return _WallFrame(element, mesh.centroid[:2].copy(), mesh.wall_axis[:2].copy(), mesh.thickness_m,
                          mesh.length_m or 0.0, float(mesh.bbox_min[2]), float(mesh.bbox_max[2]))
    entity = reader.entities[element.global_id]
    if entity.ObjectPlacement is None:
        return None
    scale = reader.scales.length
    matrix = reader.index.placement(entity.ObjectPlacement)
    matrix[:3, 3] *= scale
    axis = axis_endpoints(entity, scale)
    thickness = q.thickness_m or q.width_m or (element.construction.thickness_m if element.construction else None)
    if axis is None or not thickness:
        return None
    p0, p1 = axis
    length = float(np.hypot(*(p1 - p0)))
    direction, sense, offset = layer_set_direction(entity)
    sign = -1.0 if sense == "NEGATIVE" else 1.0
    y_mid = offset * scale + sign * thickness / 2.0 if direction else 0.0
    local = np.array([(p0[0] + p1[0]) / 2.0, (p0[1] + p1[1]) / 2.0 + y_mid, 0.0, 1.0])
    centre = (matrix @ local)[:3]
    # Direction across the wall: the local Y axis when the axis runs along local X.
    along = matrix[:3, :3] @ np.array([p1[0] - p0[0], p1[1] - p0[1], 0.0])
    normal = np.array([-along[1], along[0]])
    norm = np.linalg.norm(normal)
    if norm == 0:
        return None
    height = q.height_m or (storey_height.get(element.storey_id) or 3.0)
    zmin = float(centre[2])
    element.elevation_m = element.elevation_m if element.elevation_m is not None else zmin
    element.top_elevation_m = element.top_elevation_m if element.top_elevation_m is not None else zmin + height
    return _WallFrame(element, centre[:2], normal / norm, float(thickness), length, zmin, zmin + height)


def axis_endpoints(entity, scale: float):
    """Plan end points (local coordinates, m) of a wall's Axis representation, or None."""
    rep = entity.Representation
    if rep is None:
        return None
    for r in rep.Representations:
        if r.RepresentationIdentifier != "Axis":
            continue
        for item in r.Items:
            if item.is_a("IfcPolyline") and len(item.Points) >= 2:
                a, b = item.Points[0].Coordinates, item.Points[-1].Coordinates
                return np.array(a[:2], float) * scale, np.array(b[:2], float) * scale
            if item.is_a("IfcIndexedPolyCurve") and len(item.Points.CoordList) >= 2:
                a, b = item.Points.CoordList[0], item.Points.CoordList[-1]
                return np.array(a[:2], float) * scale, np.array(b[:2], float) * scale
            if item.is_a("IfcTrimmedCurve") and item.BasisCurve.is_a("IfcLine"):
                t1 = [t for t in item.Trim1 if t.is_a("IfcCartesianPoint")]
                t2 = [t for t in item.Trim2 if t.is_a("IfcCartesianPoint")]
                if t1 and t2:
                    return np.array(t1[0].Coordinates[:2], float) * scale, np.array(t2[0].Coordinates[:2], float) * scale
    return None


def _placement_side(f: _WallFrame, reader) -> np.ndarray:
    """``f.normal`` or its opposite, whichever the wall's local placement Y axis points to (``f.normal`` when the
    wall has no placement or its Y axis runs along the wall): a side that depends on the placement only."""
    entity = reader.entities.get(f.element.global_id)
    if entity is None or entity.ObjectPlacement is None:
        return f.normal
    y = reader.index.placement(entity.ObjectPlacement)[:2, 1]
    dot = float(y @ f.normal)
    return -f.normal if dot < -1e-6 else f.normal


def _side_test(frames: list[_WallFrame], rooms: _RoomIndex, plan_centre, reader) -> None:
    if not frames:
        return
    n_s = len(SAMPLES)
    pts, zl, zh = [], [], []
    for f in frames:
        perp = np.array([-f.normal[1], f.normal[0]])
        offset = f.thickness / 2.0 + PROBE_M
        for side in (1.0, -1.0):
            for s in SAMPLES:
                pts.append(f.centre + perp * s * f.length + side * offset * f.normal)
                zl.append(f.zmin)
                zh.append(f.zmax)
    hits = _hits(rooms, np.array(pts), np.array(zl), np.array(zh))
    for i, f in enumerate(frames):
        base = i * 2 * n_s
        pos, neg = hits[base:base + n_s], hits[base + n_s:base + 2 * n_s]
        pos_n = sum(1 for h in pos if h)
        neg_n = sum(1 for h in neg if h)
        element = f.element
        # rooms bounded, with the share of the wall each sees (per side)
        for side_hits in (pos, neg):
            counts = defaultdict(int)
            for h in side_hits:
                for k in set(h):
                    counts[k] += 1
            for k, c in counts.items():
                space = rooms.spaces[k]
                if element.global_id not in space.bounding_ids:
                    space.bounding_ids.append(element.global_id)
                    space.bounding_source = space.bounding_source or "geometry"
                space.boundary_shares[element.global_id] = c / n_s
        if element.is_external is None:
            if (pos_n >= 2) != (neg_n >= 2):
                element.is_external, element.is_external_source = True, "geometry: rooms on one side only"
            elif pos_n >= 2 and neg_n >= 2:
                element.is_external, element.is_external_source = False, "geometry: rooms on both sides"
        outward = None
        source = None
        if pos_n >= 2 and neg_n < 2:
            outward, source = -f.normal, "geometry: side without rooms"
        elif neg_n >= 2 and pos_n < 2:
            outward, source = f.normal, "geometry: side without rooms"
        elif plan_centre is not None:
            along = float((f.centre - plan_centre) @ f.normal)
            if abs(along) <= f.thickness / 2.0:
                # the plan centre lies within the wall (a party wall on a symmetric plan's axis: the Duplex's
                # demising wall, 2e-15 m off): "away" is undefined, and the sign of a rounding error, or of a
                # thickening that shifts the wall's centre, would turn it round; take the side of the wall's
                # placement Y axis instead, which no change of the body turns (a mesh axis's sign is arbitrary)
                outward, source = _placement_side(f, reader), "geometry: the wall's placement (plan centre within it)"
            else:
                outward = f.normal if along >= 0 else -f.normal
                source = "geometry: away from the plan centre"
        if outward is not None:
            element.azimuth_deg = float(bearing_deg(outward, reader.north))
            element.tilt_deg = 90.0
            element.orientation_source = source
            element.__dict__["_outward"] = outward
        if element.is_external and element.top_elevation_m is not None and element.top_elevation_m <= GROUND_TOL_M:
            element.is_ground_contact = True


# --- slabs, roofs ------------------------------------------------------------------------------------
def _horizontal(building: Building, reader, rooms: _RoomIndex) -> None:
    space_floor = [s.elevation_m for s in building.spaces if s.elevation_m is not None]
    if not space_floor:
        space_floor = [s.elevation_m for s in building.storeys if s.elevation_m is not None and s.elevation_m > -0.5]
    lowest = min(space_floor) if space_floor else 0.0
    tree = STRtree(rooms.polygons) if not rooms.empty else None
    for element in building.elements:
        if element.kind not in ("slab", "floor", "roof", "covering") or element.is_aggregate:
            continue
        mesh = reader.meshes.get(element.ifc_id)
        if element.kind == "roof":
            if element.is_external is None:
                element.is_external, element.is_external_source = True, "kind: roof"
            if element.facets:
                main = max(element.facets, key=lambda f: f.area_m2)
                element.azimuth_deg, element.tilt_deg = main.azimuth_deg, main.tilt_deg
                element.orientation_source = "geometry: largest upward face"
        elif element.kind in ("slab", "floor"):
            top = element.top_elevation_m
            if element.predefined_type == "BASESLAB" or (top is not None and top <= lowest + GROUND_TOL_M):
                element.is_ground_contact = True
                element.tilt_deg = 180.0
                element.orientation_source = "ground floor"
                if element.is_external is None:
                    element.is_external, element.is_external_source = True, "ground contact"
            elif element.is_external is None:
                element.is_external, element.is_external_source = False, "default: intermediate floor"
        if mesh is None or mesh.footprint is None or tree is None:
            continue
        # rooms above (floors), below (ceilings, roofs)
        foot = mesh.footprint
        zlo, zhi = float(mesh.bbox_min[2]), float(mesh.bbox_max[2])
        for k in tree.query(foot):
            space = rooms.spaces[k]
            szlo, szhi = rooms.zmin[k], rooms.zmax[k]
            below_floor = abs(zhi - szlo) < 0.5 or (zlo - 0.1 <= szlo <= zhi + 0.1)
            above_ceiling = abs(zlo - szhi) < 0.6
            roof_over = element.kind == "roof" and zlo < szhi + 0.6 and zhi > szlo + 0.5
            if not (below_floor or above_ceiling or roof_over):
                continue
            overlap = foot.intersection(rooms.polygons[k]).area
            if overlap < 0.25:
                continue
            if element.global_id not in space.bounding_ids:
                space.bounding_ids.append(element.global_id)
                space.bounding_source = space.bounding_source or "geometry"
            space.boundary_shares[element.global_id] = min(1.0, overlap / max(foot.area, 1e-9))


# --- windows and doors -------------------------------------------------------------------------------
def _openings(building, reader, rooms: _RoomIndex, by_id, plan_centre, storey_elev) -> None:
    """Host, size fallback, orientation and rooms of windows and doors (room probes tested in one batch)."""
    probes, zlo, zhi, owners = [], [], [], []   # owners[i] = (opening, entity, side test wanted, across)
    for opening in building.openings:
        entity = reader.entities[opening.global_id]
        void = None
        for rel in getattr(entity, "FillsVoids", None) or ():
            void = rel.RelatingOpeningElement
        host = None
        if void is not None:
            for rel in getattr(void, "VoidsElements", None) or ():
                host = rel.RelatingBuildingElement
        host_el = by_id.get(host.GlobalId) if host is not None else by_id.get(opening.host_id)
        if host_el is not None:
            opening.host_id = host_el.global_id
        vmesh = reader.meshes.get(void.id()) if void is not None else None
        if vmesh is not None:
            opening.elevation_m = float(vmesh.bbox_min[2])
            opening.top_elevation_m = float(vmesh.bbox_max[2])
            level = storey_elev.get(opening.storey_id)
            if level is not None:
                opening.sill_height_m = opening.elevation_m - level
        if opening.area_m2 is None and vmesh is not None:
            side = max(vmesh.side_area_pos_m2, vmesh.side_area_neg_m2)
            if side > 0:
                opening.quantities.set("gross_area_m2", side, "geometry: opening element")
        if opening.area_m2 is None:
            reader.diagnostics.add("warning", "opening_area_unknown",
                                   "no width/height, area quantity or opening geometry: area unknown",
                                   entity_label(entity))
        if opening.is_external is None and host_el is not None and host_el.is_external is not None:
            opening.is_external, opening.is_external_source = host_el.is_external, "host"
        # orientation
        if host_el is not None and host_el.kind in ("wall", "curtain_wall") and host_el.azimuth_deg is not None:
            opening.azimuth_deg, opening.tilt_deg = host_el.azimuth_deg, 90.0
            opening.orientation_source = "host wall"
        elif host_el is not None and host_el.kind in ("roof", "slab", "floor") and host_el.facets:
            facet = max(host_el.facets, key=lambda f: f.area_m2)
            opening.azimuth_deg, opening.tilt_deg = facet.azimuth_deg, facet.tilt_deg
            opening.orientation_source = "host roof"
        # probes for the room(s) served: below a rooflight, or either side of a window in a wall
        centre = vmesh.centroid if vmesh is not None else _placement_origin(entity, reader)
        if centre is None:
            continue
        outward = host_el.__dict__.get("_outward") if host_el is not None else None
        if host_el is not None and host_el.kind in ("roof", "slab", "floor"):
            probes.append(centre[:2])
            zlo.append(centre[2] - 3.0)
            zhi.append(centre[2])
            owners.append((opening, entity, False, None))
            continue
        across = outward if outward is not None else _placement_axis(entity, reader)
        if across is None:
            continue
        depth = (host_el.quantities.thickness_m if host_el is not None else None) or 0.3
        reach = depth / 2 + PROBE_M
        side_test = opening.azimuth_deg is None and outward is None
        for sign in (-1.0, 1.0):
            probes.append(centre[:2] + sign * across * reach)
            zlo.append(centre[2] - 0.5)
            zhi.append(centre[2] + 0.5)
            owners.append((opening, entity, side_test, sign * across))
    hits = _hits(rooms, np.array(probes), np.array(zlo), np.array(zhi)) if probes else []
    rooms_seen: dict[str, list] = {}
    for (opening, entity, side_test, across), hit in zip(owners, hits):
        rooms_seen.setdefault(opening.global_id, []).append((side_test, across, hit))
        for k in hit:
            space = rooms.spaces[k]
            if opening.global_id not in space.bounding_ids:
                space.bounding_ids.append(opening.global_id)
                space.bounding_source = space.bounding_source or "geometry"
            space.boundary_shares[opening.global_id] = 1.0
    for opening in building.openings:
        sides = rooms_seen.get(opening.global_id, [])
        if len(sides) == 2 and sides[0][0] and bool(sides[0][2]) != bool(sides[1][2]):
            # no host orientation: the window faces the side without rooms
            direction = sides[0][1] if not sides[0][2] else sides[1][1]
            opening.azimuth_deg, opening.tilt_deg = float(bearing_deg(direction, reader.north)), 90.0
            opening.orientation_source = "geometry: side without rooms"
        if opening.is_external and opening.azimuth_deg is None:
            reader.diagnostics.add("warning", "opening_orientation_unknown",
                                   "external opening without a host wall orientation: azimuth unknown",
                                   entity_label(reader.entities[opening.global_id]))


def _placement_origin(entity, reader):
    if entity.ObjectPlacement is None:
        return None
    m = reader.index.placement(entity.ObjectPlacement)
    return m[:3, 3] * reader.scales.length


def _placement_axis(entity, reader):
    if entity.ObjectPlacement is None:
        return None
    m = reader.index.placement(entity.ObjectPlacement)
    v = m[:2, 1]
    n = np.linalg.norm(v)
    return v / n if n > 0 else None


# --- aggregates and layer order ----------------------------------------------------------------------
def _aggregates(building: Building) -> None:
    parts = defaultdict(list)
    for e in building.elements:
        if e.parent_id:
            parts[e.parent_id].append(e)
    for e in building.elements:
        if not e.is_aggregate:
            continue
        children = parts.get(e.global_id, [])
        if e.is_external is None:
            flags = [c.is_external for c in children if c.is_external is not None]
            if flags:
                e.is_external, e.is_external_source = any(flags), "parts"
        e.facets = [f for c in children for f in c.facets]
        if e.facets:
            main = max(e.facets, key=lambda f: f.area_m2)
            e.azimuth_deg, e.tilt_deg, e.orientation_source = main.azimuth_deg, main.tilt_deg, "parts"
        elif children and children[0].azimuth_deg is not None:
            e.azimuth_deg, e.tilt_deg, e.orientation_source = children[0].azimuth_deg, children[0].tilt_deg, "parts"


def _layer_order(building: Building, reader) -> None:
    """Set ``Construction.outside_first`` from the layer set usage and the element's outward side."""
    for element in building.elements:
        c = element.construction
        if c is None or c.kind != "layers" or len(c.layers) < 2:
            continue
        if not (element.is_external or element.is_ground_contact):
            continue
        entity = reader.entities[element.global_id]
        direction, sense, _ = layer_set_direction(entity)
        if direction is None or entity.ObjectPlacement is None:
            continue
        matrix = reader.index.placement(entity.ObjectPlacement)
        sign = -1.0 if sense == "NEGATIVE" else 1.0
        if direction == "AXIS2":
            outward = element.__dict__.get("_outward")
            if outward is None:
                continue
            stack = sign * matrix[:2, 1]
            c.outside_first = bool(float(stack @ outward) < 0)
        elif direction == "AXIS3":
            stack_up = sign * matrix[2, 2] > 0
            faces_up = element.kind == "roof" or not element.is_ground_contact
            # layers are stacked upwards: the last one is on top
            c.outside_first = (not faces_up) if stack_up else faces_up
