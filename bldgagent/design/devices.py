"""The shading devices of the design options: one geometry for the variant in memory and for the written file.

An overhang option (all windows, or one orientation) puts a slab :data:`OVERHANG_THICKNESS_M` thick on the top edge of
each external window concerned, as wide as the window and projecting ``depth`` from its outer face; a fin option puts
two blades :data:`FIN_THICKNESS_M` thick just beyond the window's two edges, as high as the window. The window's extent
is measured from its geometry (else from the opening it fills; else, as a guess, from its placement point and its
width and height) in the facade frame: ``t`` along ``(oy, -ox)``, ``n`` along the outward normal ``(ox, oy)``.

:func:`device_boxes` gives these boxes; :func:`bldgagent.design.apply` adds them to the changed building as
:class:`~bldgagent.model.ShadingDevice` placed on their windows by the reader's own rule
(:func:`bldgagent.ifc.shading.place_device`), and :func:`bldgagent.design.write_ifc` writes the same boxes as
IfcShadingDevice elements. So a variant in memory and its written file read back give every window the same overhang
and fin fields (before, ``apply`` modelled an overhang of unlimited width while the file held one as wide as the
window: sample, London, 0.6 m overhangs: final energy -0.25 % read back).
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from .._cache import LRUCache
from ..model import Building, ShadingDevice

#: Thickness of a written overhang slab, m (a design assumption: only its depth and position matter to the engine).
OVERHANG_THICKNESS_M = 0.1
#: Thickness of a written fin blade, m (a steel or aluminium blade; only its depth matters to the energy engine).
FIN_THICKNESS_M = 0.05

#: Option ids that add devices (overhangs, fins).
DEVICE_KINDS = ("shading_overhang_depth_m", *(f"{p}_{o}" for p in ("shading_overhang_depth_m", "shading_fin_depth_m")
                                              for o in "NESW"))
_GEOMETRY = LRUCache("design_window_geometry", 4)


@dataclass(frozen=True)
class WindowGeometry:
    """A window as measured in its file: ``verts`` (n x 3, m, model coordinates) of its body, else of the opening it
    fills (None when neither has buildable geometry); ``placement`` its placement point (m) or None."""

    verts: np.ndarray | None
    placement: tuple[float, float, float] | None

    @property
    def box(self) -> tuple[np.ndarray, np.ndarray] | None:
        """World bounding box (min, max), m: what the reader measures (:mod:`bldgagent.ifc.shading`)."""
        return None if self.verts is None else (self.verts.min(axis=0), self.verts.max(axis=0))


@dataclass(frozen=True)
class DeviceBox:
    """One device: a box from ``origin`` (m, model coordinates) spanning ``size`` = (along, outward, up) m along the
    plan unit vectors ``along`` and ``outward`` and the vertical; ``kind`` ``"overhang"`` or ``"fin"``."""

    window_id: str
    storey_id: str | None
    kind: str
    depth_m: float
    origin: tuple[float, float, float]
    along: tuple[float, float]
    outward: tuple[float, float]
    size: tuple[float, float, float]

    @property
    def name(self) -> str:
        return "Overhang (bldgagent)" if self.kind == "overhang" else "Fin (bldgagent)"

    def corners(self) -> np.ndarray:
        """The 8 corners, m (8 x 3)."""
        a = np.array([*self.along, 0.0])
        o = np.array([*self.outward, 0.0])
        u = np.array([0.0, 0.0, 1.0])
        base = np.asarray(self.origin, dtype=float)
        return np.array([base + i * self.size[0] * a + j * self.size[1] * o + k * self.size[2] * u
                         for i in (0, 1) for j in (0, 1) for k in (0, 1)])

    def matrix(self) -> np.ndarray:
        """The placement matrix (4 x 4, m): x along the facade, y outward, z up."""
        m = np.eye(4)
        m[:3, 0], m[:3, 1] = [self.along[0], self.along[1], 0.0], [self.outward[0], self.outward[1], 0.0]
        m[:3, 3] = self.origin
        return m


# --- measuring the windows -------------------------------------------------------------------------------------
def measure_windows(model, global_ids) -> tuple[dict[str, WindowGeometry], np.ndarray]:
    """``({GlobalId: WindowGeometry}, true-north plan vector)`` of the windows of an open IFC model."""
    import ifcopenshell.util.placement as up

    from ..ifc.placement import true_north_vector
    from ..ifc.units import project_unit_scales

    s = project_unit_scales(model).length
    out = {}
    for gid in global_ids:
        try:
            entity = model.by_guid(gid)
        except RuntimeError:
            continue
        verts = _world_verts(entity)
        for rel in () if verts is not None else (getattr(entity, "FillsVoids", None) or ()):
            verts = _world_verts(rel.RelatingOpeningElement)
            if verts is not None:
                break
        placement = None
        if getattr(entity, "ObjectPlacement", None) is not None:
            m = up.get_local_placement(entity.ObjectPlacement)
            placement = (float(m[0, 3] * s), float(m[1, 3] * s), float(m[2, 3] * s))
        out[gid] = WindowGeometry(verts, placement)
    return out, true_north_vector(model)[0]


def window_geometry(path: str | Path | None, global_ids) -> tuple[dict[str, WindowGeometry], np.ndarray] | None:
    """:func:`measure_windows` of the file at ``path`` (cached by path, size and modification time), None when the
    file is not there."""
    if not path or not os.path.isfile(path):
        return None
    st = os.stat(path)
    ids = tuple(sorted(global_ids))
    key = (str(Path(path).resolve()), st.st_size, st.st_mtime_ns, ids)

    def compute():
        import ifcopenshell

        return measure_windows(ifcopenshell.open(str(path)), ids)

    return _GEOMETRY.get_or_compute(key, compute)


def _world_verts(entity):
    """The entity's triangulated vertices in model coordinates, m (n x 3), None without buildable geometry."""
    import ifcopenshell.geom

    if getattr(entity, "Representation", None) is None:
        return None
    settings = ifcopenshell.geom.settings()
    settings.set("use-world-coords", True)
    try:
        verts = np.asarray(ifcopenshell.geom.create_shape(settings, entity).geometry.verts, dtype=float).reshape(-1, 3)
    except Exception:  # noqa: BLE001 - a representation the kernel cannot build: the caller's fallback instead
        return None
    return verts if verts.size else None


# --- the devices -----------------------------------------------------------------------------------------------
def outward_vector(azimuth_deg: float, true_north_deg: float) -> tuple[float, float]:
    """Model-plane unit vector of a compass bearing (the model's +Y axis points at ``true_north_deg``)."""
    a = math.radians(azimuth_deg - true_north_deg)
    return math.sin(a), math.cos(a)


def window_frame(geometry: WindowGeometry, outward_xy, width_m: float | None, height_m: float | None):
    """``(t0, t1, n1, z0, z1)``, m: the window's extent along the facade, its outer face and its bottom and top, from
    its geometry; else from its placement point taken as the centre of its bottom edge, its width and height (a guess);
    None when neither is known."""
    ox, oy = outward_xy
    if geometry.verts is not None:
        v = geometry.verts
        t, n = v[:, :2] @ np.array([oy, -ox]), v[:, :2] @ np.array([ox, oy])
        return float(t.min()), float(t.max()), float(n.max()), float(v[:, 2].min()), float(v[:, 2].max())
    if geometry.placement is None or not width_m or not height_m:
        return None
    x, y, z = geometry.placement
    t, n = x * oy - y * ox, x * ox + y * oy
    return t - width_m / 2, t + width_m / 2, n, z, z + height_m


def _facade_point(outward_xy, t: float, n: float, z: float) -> tuple[float, float, float]:
    ox, oy = outward_xy
    return t * oy + n * ox, -t * ox + n * oy, z


def device_boxes(building: Building, changes: Mapping[str, Any],
                 geometry: Mapping[str, WindowGeometry]) -> list[DeviceBox]:
    """The overhangs (the orientation's depth, else the all-window depth) and fins of ``changes`` on the external
    windows of ``building`` (the changed building: a window resized by a window-to-wall ratio keeps its measured
    extent where it has geometry)."""
    north = building.site.true_north_deg if building.site is not None else 0.0
    out = []
    for w in building.windows:
        if w.is_external is False or w.azimuth_deg is None or not w.width_m or w.global_id not in geometry:
            continue
        o = w.orientation
        depth = changes.get(f"shading_overhang_depth_m_{o}", changes.get("shading_overhang_depth_m"))
        fin = changes.get(f"shading_fin_depth_m_{o}")
        if not (depth or fin):
            continue
        outward = outward_vector(w.azimuth_deg, north)
        along = (outward[1], -outward[0])
        frame = window_frame(geometry[w.global_id], outward, w.width_m, w.height_m)
        if frame is None:
            continue
        t0, t1, n1, z0, z1 = frame
        if depth:
            out.append(DeviceBox(w.global_id, w.storey_id, "overhang", float(depth),
                                 _facade_point(outward, t0, n1, z1), along, outward,
                                 (t1 - t0, float(depth), OVERHANG_THICKNESS_M)))
        if fin and w.height_m:
            for t in (t1, t0 - FIN_THICKNESS_M):
                out.append(DeviceBox(w.global_id, w.storey_id, "fin", float(fin), _facade_point(outward, t, n1, z0),
                                     along, outward, (FIN_THICKNESS_M, float(fin), z1 - z0)))
    return out


def add_devices(building: Building, changes: Mapping[str, Any]) -> list[DeviceBox] | None:
    """Add the devices of ``changes`` to ``building`` (a changed copy) as :class:`ShadingDevice`, each placed on the
    windows it shades by the reader's rule; returns the boxes (for :func:`bldgagent.design.write_ifc`), or None when
    the windows cannot be measured (no source file)."""
    from ..ifc.shading import place_device, shading_windows

    windows = shading_windows(building)
    ids = {w.global_id for w in windows} | {w.global_id for w in building.windows if w.azimuth_deg is not None}
    measured = window_geometry(building.source_path, ids)
    if measured is None:
        return None
    geometry, north = measured
    boxes = device_boxes(building, changes, geometry)
    targets = [(w.global_id, w.azimuth_deg, *geometry[w.global_id].box) for w in windows
               if w.global_id in geometry and geometry[w.global_id].box is not None]
    devices = []
    for i, box in enumerate(boxes):
        c = box.corners()
        dev = ShadingDevice(global_id=f"bldgagent-{box.kind}-{i}", name=box.name, kind=box.kind,
                            predefined_type="AWNING" if box.kind == "overhang" else "USERDEFINED",
                            depth_m=box.depth_m, bbox_min=tuple(map(float, c.min(axis=0))),
                            bbox_max=tuple(map(float, c.max(axis=0))))
        place_device(dev, targets, north)
        devices.append(dev)
    building.shading_devices = list(building.shading_devices) + devices
    return boxes
