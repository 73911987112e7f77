"""External shading devices (IfcShadingDevice) and the windows they shade, as plain data on the Building.

Each device's extent comes from its geometry (model coordinates, m); its kind and depth from
``Pset_BldgAgentShading`` (``Kind``: overhang or fin, ``DepthM``) where given, else from its shape (a device wider
than tall is an overhang). A device shades a vertical window of the same facade when it stands off that facade's
plane by less than :data:`MAX_STANDOFF_M`:

- an overhang: its underside at or above the window top, at most :data:`MAX_GAP_M` above it, overlapping the
  window along the facade; it gives the window ``overhang_depth_m`` (from the facade plane), ``overhang_gap_m``
  and how far it reaches beyond the window's left and right edges (seen from outside). Several windows under one
  device each get their own; a window under several devices takes the lowest.
- a fin: beside the window (at most :data:`MAX_FIN_OFFSET_M` from its edge) over its height; it gives
  ``fin_left_depth_m`` or ``fin_right_depth_m``, ``fin_offset_m`` and ``fin_above_m``.
"""
from __future__ import annotations

import math

import numpy as np

from ..model import Building, Opening, ShadingDevice

__all__ = ["MAX_GAP_M", "MAX_STANDOFF_M", "MAX_FIN_OFFSET_M", "place_device", "read_shading_devices", "shading_windows"]

#: Largest distance between a window's top and an overhang's underside for the overhang to count as the window's,
#: m (a storey-height; an estimate: higher devices belong to the storey above).
MAX_GAP_M = 2.0
#: Largest gap between a device's inner face and the facade's outer plane, m (an estimate: brackets and cladding).
MAX_STANDOFF_M = 0.5
#: Largest distance between a fin and the window's edge, m (an estimate: farther fins belong to the next window).
MAX_FIN_OFFSET_M = 1.0
_TOL = 0.02  # m: placement round-off
#: ObjectType of the IfcBuildingElementProxy that stands for a shading device in IFC2X3 (which has no
#: IfcShadingDevice): written by bldgagent.ifc.write, read back here.
IFC2X3_SHADING_OBJECT_TYPE = "SHADING"


def _shape_bbox(reader, entity) -> tuple[np.ndarray, np.ndarray] | None:
    """World bounding box of an entity, m: from the reader's meshes, else triangulated here."""
    mesh = getattr(reader, "meshes", {}).get(entity.id())
    if mesh is not None:
        return np.asarray(mesh.bbox_min, dtype=float), np.asarray(mesh.bbox_max, dtype=float)
    if entity.Representation is None:
        return None
    import ifcopenshell.geom

    settings = ifcopenshell.geom.settings()
    settings.set("use-world-coords", True)
    try:
        shape = ifcopenshell.geom.create_shape(settings, entity)
    except Exception:  # noqa: BLE001 - a representation the kernel cannot build: the device is reported, unused
        return None
    v = np.asarray(shape.geometry.verts, dtype=float).reshape(-1, 3) * float(getattr(reader, "geometry_scale", 1.0))
    if v.size == 0:
        return None
    return v.min(axis=0), v.max(axis=0)


def _window_bbox(reader, entity):
    """The window's extent: its own geometry's, else its void's (the wall's opening)."""
    box = _shape_bbox(reader, entity)
    if box is not None:
        return box
    for rel in getattr(entity, "FillsVoids", None) or ():
        box = _shape_bbox(reader, rel.RelatingOpeningElement)
        if box is not None:
            return box
    return None


def _frame(north: np.ndarray, azimuth_deg: float) -> tuple[np.ndarray, np.ndarray]:
    """Outward normal and right-hand direction (seen from outside) of a facade, unit plan vectors in model
    coordinates: the normal is ``north`` turned clockwise by the azimuth."""
    a = math.radians(azimuth_deg)
    nx, ny = north[0] / np.hypot(*north[:2]), north[1] / np.hypot(*north[:2])
    n = np.array([nx * math.cos(a) + ny * math.sin(a), -nx * math.sin(a) + ny * math.cos(a)])
    return n, np.array([-n[1], n[0]])


def _extent(lo: np.ndarray, hi: np.ndarray, axis: np.ndarray) -> tuple[float, float]:
    corners = [np.array([x, y]) for x in (lo[0], hi[0]) for y in (lo[1], hi[1])]
    p = [float(c @ axis) for c in corners]
    return min(p), max(p)


def _device_kind(pset: dict, lo, hi) -> str:
    kind = str(pset.get("Kind") or "").strip().lower()
    if kind in ("overhang", "fin"):
        return kind
    plan = max(hi[0] - lo[0], hi[1] - lo[1])
    return "overhang" if plan >= hi[2] - lo[2] else "fin"


def _shade(kind: str, dev: tuple, win: tuple, depth_m: float | None) -> dict[str, float] | None:
    """The window's shading fields from one device (both in the window's facade frame), or None if it does not
    shade this window."""
    (dt0, dt1), (dn0, dn1), (dz0, dz1) = dev
    (wt0, wt1), outer, (wz0, wz1) = win
    size = {"width_m": wt1 - wt0, "height_m": wz1 - wz0}
    if dn1 <= outer + _TOL or dn0 > outer + MAX_STANDOFF_M:
        return None                       # behind the facade plane or standing off it
    depth = depth_m if depth_m is not None else dn1 - outer
    if kind == "overhang":
        if dz0 < wz1 - _TOL or dz0 - wz1 > MAX_GAP_M or min(dt1, wt1) - max(dt0, wt0) <= _TOL:
            return None
        return {"overhang_depth_m": depth, "overhang_gap_m": max(dz0 - wz1, 0.0), **size,
                "overhang_left_m": max(wt0 - dt0, 0.0), "overhang_right_m": max(dt1 - wt1, 0.0)}
    if min(dz1, wz1) - max(dz0, wz0) <= _TOL:
        return None
    above = max(dz1 - wz1, 0.0)
    if -_TOL <= wt0 - dt1 <= MAX_FIN_OFFSET_M:
        return {"fin_left_depth_m": depth, "fin_offset_m": max(wt0 - dt1, 0.0), "fin_above_m": above, **size}
    if -_TOL <= dt0 - wt1 <= MAX_FIN_OFFSET_M:
        return {"fin_right_depth_m": depth, "fin_offset_m": max(dt0 - wt1, 0.0), "fin_above_m": above, **size}
    return None


def read_shading_devices(reader, building: Building) -> list[ShadingDevice]:
    """The model's IfcShadingDevice elements with the windows they shade (see the module docstring)."""
    try:
        entities = reader.model.by_type("IfcShadingDevice")
    except RuntimeError:          # IFC2X3 has no IfcShadingDevice: shading is a proxy with ObjectType SHADING
        entities = [e for e in reader.model.by_type("IfcBuildingElementProxy")
                    if str(e.ObjectType or "").strip().upper() == IFC2X3_SHADING_OBJECT_TYPE]
    if not entities:
        return []
    north = np.asarray(reader.north, dtype=float)
    windows = []
    for o in shading_windows(building):
        box = _window_bbox(reader, reader.entities[o.global_id])
        if box is not None:
            windows.append((o, box))
    out = []
    for ent in entities:
        pset = reader.index.property_sets(ent).get("Pset_BldgAgentShading", {})
        box = _shape_bbox(reader, ent)
        dev = ShadingDevice(global_id=ent.GlobalId, name=ent.Name, predefined_type=reader._predefined_type(ent))
        depth = pset.get("DepthM")
        # DepthM is in metres by its name (not in the project's length unit)
        dev.depth_m = float(depth) if isinstance(depth, (int, float)) and depth > 0 else None
        if box is None:
            reader.diagnostics.add("warning", "shading_device_without_geometry",
                                   "IfcShadingDevice without usable geometry: not placed, shades no window",
                                   f"IfcShadingDevice {ent.GlobalId} '{ent.Name}'")
            out.append(dev)
            continue
        lo, hi = box
        dev.bbox_min, dev.bbox_max = tuple(map(float, lo)), tuple(map(float, hi))
        dev.kind = _device_kind(pset, lo, hi)
        place_device(dev, [(o.global_id, o.azimuth_deg, wlo, whi) for o, (wlo, whi) in windows], north)
        if not dev.shades:
            reader.diagnostics.add("info", "shading_device_unmatched",
                                   f"IfcShadingDevice ({dev.kind}) shades no window of its facade: ignored by the "
                                   "energy engine", f"IfcShadingDevice {ent.GlobalId} '{ent.Name}'")
        out.append(dev)
    return out


def shading_windows(building: Building) -> list[Opening]:
    """The windows a shading device can shade: vertical (within 5 degrees) windows with an azimuth."""
    return [o for o in building.openings if o.kind == "window" and o.azimuth_deg is not None
            and (o.tilt_deg is None or abs(o.tilt_deg - 90.0) <= 5.0)]


def place_device(dev: ShadingDevice, windows: list[tuple], north) -> None:
    """Fill ``dev.shades`` (and ``dev.depth_m`` when unknown) from its ``bbox_min``/``bbox_max`` and ``kind`` against
    ``windows``: ``(GlobalId, azimuth_deg, box_min, box_max)`` with each window's world box (m); ``north``: the model's
    true-north plan vector. The one placement rule of devices read from a file and of devices the design layer adds
    in memory (:mod:`bldgagent.design.devices`), so both give a window the same fields."""
    lo, hi = np.asarray(dev.bbox_min, dtype=float), np.asarray(dev.bbox_max, dtype=float)
    north = np.asarray(north, dtype=float)
    for gid, azimuth, wlo, whi in windows:
        n, t = _frame(north, azimuth)
        win = (_extent(wlo, whi, t), _extent(wlo, whi, n)[1], (float(wlo[2]), float(whi[2])))
        dv = (_extent(lo, hi, t), _extent(lo, hi, n), (float(lo[2]), float(hi[2])))
        fields_ = _shade(dev.kind, dv, win, dev.depth_m)
        if fields_ is not None:
            fields_ = {k: round(float(v), 4) for k, v in fields_.items()}   # 0.1 mm: placement round-off off
            dev.shades[gid] = fields_
            if dev.depth_m is None:
                dev.depth_m = fields_.get("overhang_depth_m", fields_.get("fin_left_depth_m",
                                                                         fields_.get("fin_right_depth_m")))


def window_shading_fields(building: Building, window: Opening | str) -> dict[str, float]:
    """The window's shading fields from all devices (:class:`~bldgagent.model.ShadingDevice`): the lowest overhang,
    the nearest fin on each side (the larger offset and height above the window of the two kept), plus the window's
    ``width_m``/``height_m``. Empty when nothing shades it."""
    wid = window if isinstance(window, str) else window.global_id
    over, fins = None, {}
    for dev in building.shading_devices:
        f = dev.shades.get(wid)
        if f is None:
            continue
        if "overhang_depth_m" in f:
            if over is None or f["overhang_gap_m"] < over["overhang_gap_m"]:
                over = f
        else:
            side = "left" if "fin_left_depth_m" in f else "right"
            if side not in fins or f["fin_offset_m"] < fins[side]["fin_offset_m"]:
                fins[side] = f
    if over is None and not fins:
        return {}
    out: dict[str, float] = dict(over or {})
    for side, f in fins.items():
        out.update(width_m=f["width_m"], height_m=f["height_m"])
        out[f"fin_{side}_depth_m"] = f[f"fin_{side}_depth_m"]
        out["fin_offset_m"] = max(out.get("fin_offset_m", 0.0), f["fin_offset_m"])
        out["fin_above_m"] = max(out.get("fin_above_m", 0.0), f["fin_above_m"])
    return out
