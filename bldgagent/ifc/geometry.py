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


def iterate_geometry(
    model: ifcopenshell.file,
    entities: list,
    diagnostics: Diagnostics,
    footprints_for: set[int] = frozenset(),
    threads: int | None = None,
) -> dict[int, MeshSummary]:
    """Triangulate ``entities`` and summarise each mesh; {step id: MeshSummary}.

    Elements the geometry engine cannot process get an ``error``-level diagnostic naming them.
    """
    if not entities:
        return {}
    settings = ifcopenshell.geom.settings()
    settings.set("use-world-coords", True)
    settings.set("weld-vertices", True)
    threads = threads or max(1, os.cpu_count() or 1)
    iterator = ifcopenshell.geom.iterator(settings, model, threads, include=entities)
    result: dict[int, MeshSummary] = {}
    ok = iterator.initialize()
    while ok:
        shape = iterator.get()
        geometry = shape.geometry
        verts = np.frombuffer(geometry.verts_buffer, dtype=np.float64).reshape(-1, 3) if hasattr(
            geometry, "verts_buffer") else np.asarray(geometry.verts, dtype=float).reshape(-1, 3)
        faces = np.asarray(geometry.faces, dtype=np.int64).reshape(-1, 3)
        if len(faces):
            result[shape.id] = summarise_mesh(verts, faces, want_footprint=shape.id in footprints_for)
        ok = iterator.next()
    for entity in entities:
        if entity.id() not in result:
            diagnostics.add(
                "warning", "geometry_failed",
                "no usable geometry (missing or failed body representation): quantities from quantity sets only",
                entity_label(entity),
            )
    return result


def summarise_mesh(verts: np.ndarray, faces: np.ndarray, want_footprint: bool = False) -> MeshSummary:
    """Volume, areas, normals and extents of a triangle mesh."""
    v0, v1, v2 = verts[faces[:, 0]], verts[faces[:, 1]], verts[faces[:, 2]]
    cross = np.cross(v1 - v0, v2 - v0)
    double_area = np.linalg.norm(cross, axis=1)
    keep = double_area > 1e-12
    v0, v1, v2, cross, double_area = v0[keep], v1[keep], v2[keep], cross[keep], double_area[keep]
    area = 0.5 * double_area
    normal = cross / double_area[:, None]
    # divergence theorem about the mesh's own centre (exact for closed meshes, and no round-off blow-up
    # far from the world origin)
    origin = verts.mean(axis=0)
    a, b, c = v0 - origin, v1 - origin, v2 - origin
    signed_volume = float(np.einsum("ij,ij->i", a, np.cross(b, c)).sum() / 6.0)
    # A closed, consistently oriented mesh has a zero area-weighted normal sum.
    closure = np.linalg.norm((normal * area[:, None]).sum(axis=0)) / max(area.sum(), 1e-12)
    summary = MeshSummary(
        volume_m3=abs(signed_volume),
        surface_area_m2=float(area.sum()),
        bbox_min=verts.min(axis=0),
        bbox_max=verts.max(axis=0),
        centroid=(verts.min(axis=0) + verts.max(axis=0)) / 2.0,
        closed=bool(closure < 1e-3),
    )
    nz = normal[:, 2]
    vertical = np.abs(nz) < 0.1
    if vertical.any():
        nx, ny, a = normal[vertical, 0], normal[vertical, 1], area[vertical]
        m = np.array([[np.sum(a * nx * nx), np.sum(a * nx * ny)], [np.sum(a * nx * ny), np.sum(a * ny * ny)]])
        w, vec = np.linalg.eigh(m)
        axis = np.array([vec[0, 1], vec[1, 1], 0.0])
        along = normal[vertical] @ axis
        summary.wall_axis = axis
        summary.side_area_pos_m2 = float(a[along > 0.9].sum())
        summary.side_area_neg_m2 = float(a[along < -0.9].sum())
        proj = verts @ axis
        perp = verts @ np.array([-axis[1], axis[0], 0.0])
        summary.thickness_m = float(proj.max() - proj.min())
        summary.length_m = float(perp.max() - perp.min())
    up = nz > 0.2
    summary.up_area_m2 = float(area[up].sum())
    summary.top_area_m2 = float(area[nz > 0.9].sum())
    summary.down_area_m2 = float(area[nz < -0.9].sum())
    if up.any():
        summary.facets = _cluster_normals(normal[up], area[up])
    if want_footprint:
        summary.footprint = _footprint(v0, v1, v2, nz)
    return summary


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
