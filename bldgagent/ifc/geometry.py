"""Element geometry through IfcOpenShell's multi-threaded geometry iterator, reduced to a few numbers.

Meshes are in world coordinates (metres, the iterator converts units) with openings subtracted, so
volumes and side areas are net. Each mesh is summarised at once (volume, areas, normals, extents,
footprint) and dropped: nothing holds on to triangle soups.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import ifcopenshell
import ifcopenshell.geom
import numpy as np
import shapely
from shapely.geometry import Polygon

from ..errors import entity_label
from ..model import Diagnostics
from ..progress import Steps


@dataclass
class MeshSummary:
    """What bldgagent keeps of an element's triangulated geometry (world coordinates, m)."""

    volume_m3: float                   # meaningful only when ``closed``
    surface_area_m2: float
    bbox_min: np.ndarray
    bbox_max: np.ndarray
    centroid: np.ndarray
    closed: bool
    # Area-weighted principal horizontal normal axis of the vertical faces (unit 3-vector, z = 0), the
    # area of vertical faces on its positive and negative side, and the extents along/across it.
    wall_axis: np.ndarray | None = None
    side_area_pos_m2: float = 0.0
    side_area_neg_m2: float = 0.0
    thickness_m: float | None = None
    length_m: float | None = None
    up_area_m2: float = 0.0            # faces with normal z > 0.2 (roof planes, slab tops)
    top_area_m2: float = 0.0           # faces with normal z > 0.9 (flat tops)
    down_area_m2: float = 0.0          # faces with normal z < -0.9 (flat bottoms)
    facets: list[tuple[float, np.ndarray]] = field(default_factory=list)  # (area, unit normal) of up faces
    footprint: Polygon | None = None   # plan projection (spaces and slabs only)
    # Extent along the normal of the largest face group (the up facets, else the wall axis): the
    # thickness of a slab, roof or covering measured across its plane (m).
    across_thickness_m: float | None = None


def iterate_geometry(
    model: ifcopenshell.file,
    entities: list,
    diagnostics: Diagnostics,
    footprints_for: set[int] = frozenset(),
    threads: int | None = None,
    facets_for: set[int] | None = None,
    light_for: set[int] = frozenset(),
    scale: float = 1.0,
    progress: bool | None = None,
) -> dict[int, MeshSummary]:
    """Triangulate ``entities`` and summarise each mesh; {step id: MeshSummary}. Plan footprints are made for
    the ids in ``footprints_for``, upward facets for those in ``facets_for`` (all when None); for the ids in
    ``light_for`` only the bounding box and centre are kept. ``scale`` multiplies the iterator's
    coordinates (metres by the file's length unit): not 1 only when that unit was found inconsistent.

    Elements the geometry engine cannot process get an ``error``-level diagnostic naming them. A bar counts the
    elements on long runs (:mod:`bldgagent.progress`; ``progress=False`` hides it).
    """
    if not entities:
        return {}
    settings = ifcopenshell.geom.settings()
    settings.set("use-world-coords", True)
    settings.set("weld-vertices", True)
    threads = threads or max(1, os.cpu_count() or 1)
    iterator = ifcopenshell.geom.iterator(settings, model, threads, include=entities)
    result: dict[int, MeshSummary] = {}
    with Steps(len(entities), "load: geometry", unit="element", progress=progress) as steps:
        ok = iterator.initialize()
        while ok:
            _summarise_shape(iterator.get(), result, footprints_for, facets_for, light_for, scale)
            steps.advance()
            ok = iterator.next()
    for entity in entities:
        if entity.id() not in result:
            diagnostics.add(
                "warning", "geometry_failed",
                "no usable geometry (missing or failed body representation): quantities from quantity sets only",
                entity_label(entity),
            )
    return result


def _summarise_shape(shape, result: dict[int, MeshSummary], footprints_for: set[int], facets_for: set[int] | None,
                     light_for: set[int], scale: float) -> None:
    """Summarise one shape of the geometry iterator into ``result`` (nothing for an empty mesh)."""
    geometry = shape.geometry
    verts = np.frombuffer(geometry.verts_buffer, dtype=np.float64).reshape(-1, 3) if hasattr(
        geometry, "verts_buffer") else np.asarray(geometry.verts, dtype=float).reshape(-1, 3)
    if scale != 1.0:
        verts = verts * scale
    faces = np.asarray(geometry.faces, dtype=np.int64).reshape(-1, 3)
    if len(faces):
        if shape.id in light_for:  # only the position is needed (e.g. the void a window sits in)
            lo, hi = verts.min(axis=0), verts.max(axis=0)
            result[shape.id] = MeshSummary(volume_m3=0.0, surface_area_m2=0.0, bbox_min=lo, bbox_max=hi,
                                           centroid=0.5 * (lo + hi), closed=False)
        else:
            result[shape.id] = summarise_mesh(
                verts, faces, want_footprint=shape.id in footprints_for,
                want_facets=shape.id in facets_for if facets_for is not None else True)


def summarise_mesh(verts: np.ndarray, faces: np.ndarray, want_footprint: bool = False,
                   want_facets: bool = True) -> MeshSummary:
    """Volume, areas, normals and extents of a triangle mesh."""
    v0, v1, v2 = verts[faces[:, 0]], verts[faces[:, 1]], verts[faces[:, 2]]
    cross = _cross(v1 - v0, v2 - v0)
    double_area = np.sqrt(np.einsum("ij,ij->i", cross, cross))
    keep = double_area > 1e-12
    if not keep.all():
        v0, v1, v2, cross, double_area = v0[keep], v1[keep], v2[keep], cross[keep], double_area[keep]
    area = 0.5 * double_area
    normal = cross / double_area[:, None]
    lo, hi = verts.min(axis=0), verts.max(axis=0)
    # divergence theorem about the mesh's own centre (exact for closed meshes, and no round-off blow-up
    # far from the world origin)
    origin = 0.5 * (lo + hi)
    signed_volume = float(np.einsum("ij,ij->", v0 - origin, _cross(v1 - origin, v2 - origin)) / 6.0)
    # A closed, consistently oriented mesh has a zero area-weighted normal sum.
    total = float(area.sum())
    closure = float(np.sqrt(np.sum((0.5 * cross.sum(axis=0)) ** 2))) / max(total, 1e-12)
    summary = MeshSummary(
        volume_m3=abs(signed_volume), surface_area_m2=total, bbox_min=lo, bbox_max=hi, centroid=origin,
        closed=closure < 1e-3,
    )
    nz = normal[:, 2]
    vertical = np.abs(nz) < 0.1
    if vertical.any():
        nx, ny, a = normal[vertical, 0], normal[vertical, 1], area[vertical]
        sxx, sxy, syy = float(a @ (nx * nx)), float(a @ (nx * ny)), float(a @ (ny * ny))
        # principal axis of the 2x2 matrix [[sxx, sxy], [sxy, syy]] (closed form)
        angle = 0.5 * np.arctan2(2.0 * sxy, sxx - syy)
        axis = np.array([np.cos(angle), np.sin(angle), 0.0])
        along = nx * axis[0] + ny * axis[1]
        summary.wall_axis = axis
        summary.side_area_pos_m2 = float(a[along > 0.9].sum())
        summary.side_area_neg_m2 = float(a[along < -0.9].sum())
        proj = verts[:, 0] * axis[0] + verts[:, 1] * axis[1]
        perp = verts[:, 1] * axis[0] - verts[:, 0] * axis[1]
        summary.thickness_m = float(proj.max() - proj.min())
        summary.length_m = float(perp.max() - perp.min())
    up = nz > 0.2
    summary.up_area_m2 = float(area[up].sum())
    summary.top_area_m2 = float(area[nz > 0.9].sum())
    summary.down_area_m2 = float(area[nz < -0.9].sum())
    if want_facets and up.any():
        summary.facets = _cluster_normals(normal[up], area[up])
    if want_footprint:
        summary.footprint = _footprint(v0, v1, v2, nz)
    across = max(summary.facets, key=lambda f: f[0])[1] if summary.facets else summary.wall_axis
    if across is not None:
        extent = verts @ across
        summary.across_thickness_m = float(extent.max() - extent.min())
    return summary


def _cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise cross product of (n, 3) arrays (np.cross carries much overhead for small arrays)."""
    out = np.empty_like(a)
    out[:, 0] = a[:, 1] * b[:, 2] - a[:, 2] * b[:, 1]
    out[:, 1] = a[:, 2] * b[:, 0] - a[:, 0] * b[:, 2]
    out[:, 2] = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
    return out


def _cluster_normals(normals: np.ndarray, areas: np.ndarray, tol_deg: float = 5.0) -> list[tuple[float, np.ndarray]]:
    """Group faces whose normals lie within ``tol_deg`` of each other; (area, mean normal) per group."""
    order = np.argsort(-areas)
    cos_tol = np.cos(np.radians(tol_deg))
    groups: list[list] = []  # [area, weighted normal sum, representative]
    for i in order:
        n, a = normals[i], areas[i]
        for g in groups:
            if float(n @ g[2]) >= cos_tol:
                g[0] += a
                g[1] = g[1] + a * n
                break
        else:
            groups.append([a, a * n, n])
        if len(groups) > 24:  # a curved roof: stop splitting hairs
            break
    out = []
    for a, s, _ in groups:
        norm = np.linalg.norm(s)
        if norm > 0:
            out.append((float(a), s / norm))
    return out


def _footprint(v0, v1, v2, nz) -> Polygon | None:
    """Plan outline: union of the downward-facing triangles projected on the XY plane."""
    down = nz < -0.5
    if not down.any():
        down = np.abs(nz) > 0.5
    if not down.any():
        return None
    tris = np.stack([v0[down, :2], v1[down, :2], v2[down, :2]], axis=1)
    polygons = shapely.polygons(tris)
    polygons = polygons[shapely.area(polygons) > 1e-9]
    if len(polygons) == 0:
        return None
    merged = shapely.union_all(polygons, grid_size=1e-4)
    merged = shapely.make_valid(merged)
    if merged.geom_type == "GeometryCollection":
        merged = shapely.union_all([g for g in merged.geoms if g.area > 0])
    return merged if merged.area > 0 else None


def extrusion_depth_m(entity, length_scale: float) -> float | None:
    """Thickness of a slab-like element across its plane from its body's IfcExtrudedAreaSolid (m): the depth
    times the extrusion direction's component normal to the profile. None when the body is not one
    extrusion (possibly clipped), e.g. a B-rep or several solids."""
    representation = getattr(entity, "Representation", None)
    if representation is None:
        return None
    bodies = [r for r in representation.Representations or () if r.RepresentationIdentifier in ("Body", None)]
    items = [i for r in bodies for i in r.Items or ()]
    if len(items) != 1:
        return None
    solid = items[0]
    while solid.is_a("IfcBooleanResult"):  # clippings keep the extrusion's thickness
        solid = solid.FirstOperand
    if not solid.is_a("IfcExtrudedAreaSolid") or not solid.Depth:
        return None
    d = np.asarray(solid.ExtrudedDirection.DirectionRatios, dtype=float)
    norm = float(np.linalg.norm(d))
    return float(solid.Depth) * length_scale * abs(d[2]) / norm if norm > 0 and len(d) == 3 else None

