"""The envelope of one zone: surfaces and windows from its rooms' parts, with overrides and merging."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields, replace

from ...ifc.shading import window_shading_fields
from ...model import ORIENTATIONS, Element, orientation_of
from ..constructions import R_SE, R_SI
from ..glazing import window_type
from ..thermal import SurfaceSpec, WindowSpec
from .defaults import *  # noqa: F401,F403
from .assign import _Part
from .layers import _half

#: What is left of a zone's area on a shared element after its pairs, below this share of that area, is rounding
#: (room outlines to the cm against the quantity sets' net areas: 2.8e-4 of 31.95 m2 on the sample building), not
#: a piece of the element: no separate adiabatic half is written for it (a judgement; its mass is < 0.1 % of it).
REST_ROUNDING_SHARE = 1e-3


def _surface(name, area, layers, boundary, tilt, az, role, surf_ov, **kw) -> SurfaceSpec:
    fields_ = dict(boundary=boundary, tilt_deg=float(tilt), azimuth_deg=float(az) % 360.0, **kw)
    fields_.update(surf_ov.get("all", {}))
    fields_.update(surf_ov.get(role, {}))
    return SurfaceSpec(name=name, area_m2=float(area), layers=[tuple(map(float, l)) for l in layers], **fields_)


def _build_envelope(zone_name, plist, ids, building, cons, surf_ov, merge, diagnostics,
                    partitions_internal: bool = False, shared: dict | None = None):
    """The zone's opaque surfaces with their records, and its window parts (:class:`_WindowPart`, made into windows by
    :func:`_zone_windows` for the window fields of a call, so that variants of the window fields reuse the rest)."""
    by_space = defaultdict(set)
    for s in building.spaces:
        for eid in s.bounding_ids:
            by_space[eid].add(s.global_id)
    surfaces: list[SurfaceSpec] = []
    window_parts: list[_WindowPart] = []
    srec: list[dict] = []
    # aggregate parts per element and role within the zone
    agg: dict[tuple[str, str], list[_Part]] = defaultdict(list)
    for p in plist:
        agg[(p.element.global_id, p.role)].append(p)
    k = 0
    for (eid, role), ps in agg.items():
        e = ps[0].element
        area = sum(p.area_m2 for p in ps)
        k += 1
        tag = f"{role} {e.name or e.kind} #{e.ifc_id or k}"
        if role == "window":
            if e.azimuth_deg is None:
                diagnostics.add("warning", "opening_orientation_unknown", "window without orientation: taken as "
                                "four equal parts facing N, E, S, W", f"{e.ifc_class} {e.global_id}")
                window_parts.append(_WindowPart(e, tag, area, ps[0].rule, False, None))
            else:
                window_parts.append(_WindowPart(e, tag, area, ps[0].rule, True, window_shading_fields(building, eid)))
            continue
        if role == "door":
            u = (getattr(e, "u_value_w_m2k", None) or e.thermal_transmittance_w_m2k or DEFAULT_DOOR_U_W_M2K)
            r = max(1.0 / u - R_SI["horizontal"] - R_SE, 0.01)
            layers, src = [(0.05, 0.05 / r, 0.0, 0.0)], f"door U={u:g} W/m2K (massless)"
            new = _oriented(tag, area, layers, "outdoor", 90.0, e.azimuth_deg, "door", surf_ov, diagnostics, e)
        elif role == "wall":
            layers, src = cons.layers(e, "wall")
            bnd = "ground" if e.is_ground_contact else "outdoor"
            new = _oriented(tag, area, layers, bnd, 90.0, e.azimuth_deg, "wall", surf_ov, diagnostics, e)
        elif role == "roof":
            layers, src = cons.layers(e, "roof")
            facets = [f for p in ps for f in (p.facets or [(p.area_m2, 0.0, 180.0)])]
            new = [_surface(f"{tag} {j}" if len(facets) > 1 else tag, a, layers, "outdoor", t, az, "roof", surf_ov)
                   for j, (a, t, az) in enumerate(facets) if a > 0]
        elif role in ("ground_floor", "exposed_floor"):
            layers, src = cons.layers(e, "ground_floor")
            if role == "ground_floor":
                new = [_surface(tag, area, layers, "ground", 180.0, 0.0, "ground_floor", surf_ov)]
            else:
                new = [_surface(tag, area, layers, "outdoor", 180.0, 0.0, "exposed_floor", surf_ov, sunlit=False)]
        else:  # partition, internal_floor, ceiling
            base_role = "partition" if role == "partition" else "internal_floor"
            layers, src = cons.layers(e, "partition" if role == "partition" else "floor")
            others = by_space.get(eid, set()) - ids
            inside_only = not others
            tilt = {"partition": 90.0, "internal_floor": 180.0, "ceiling": 0.0}[role]
            both_sides = (inside_only and len(by_space.get(eid, set()) & ids) > 1) or (
                partitions_internal and role == "partition")
            if both_sides and role != "ceiling":
                # both faces in this zone: the element once, as internal mass (its floor side carries it)
                if role == "partition":
                    area = min(area, e.area_m2 or area)
                new = [_surface(tag, area, layers, "internal", tilt, 0.0, base_role, surf_ov)]
                src += "; both faces in the zone"
            else:
                # shared with other zones (zoning/shared.py): the whole construction once, in the pair's owner, its
                # outer face in the other zone; the rest of the zone's area: its half, adiabatic mid-plane
                pairs = (shared or {}).get((eid, zone_name), [])
                new = [_surface(f"{tag} | {other}", m2, layers[::-1] if role == "ceiling" else layers, "zone", tilt,
                                0.0, base_role, surf_ov, adjacent_zone=other) for other, m2, owned in pairs if owned]
                rest = area - sum(m2 for _, m2, _ in pairs)
                if rest > max(1e-6, REST_ROUNDING_SHARE * area if pairs else 0.0):
                    # the zone's half of the construction, adiabatic mid-plane; floor: layers bottom -> top
                    half = _half(layers, from_end=(role != "ceiling"))
                    new.append(_surface(tag, rest, half, "adiabatic", tilt, 0.0, base_role, surf_ov))
                src += ("; shared with " + ", ".join(sorted({o for o, _, _ in pairs})) if pairs else
                        "; zone's half, adiabatic mid-plane")
        surfaces.extend(new)
        for s in new:
            srec.append({"element": eid, "name": e.name, "role": role, "boundary": s.boundary, "area_m2": s.area_m2,
                         "azimuth_deg": s.azimuth_deg, "tilt_deg": s.tilt_deg,
                         "u_value_w_m2k": float(s.u_value_w_m2k()), "rule": ps[0].rule, "construction": src,
                         **({"adjacent_zone": s.adjacent_zone} if s.boundary == "zone" else {})})
    if merge:
        surfaces = _merge_surfaces(surfaces)
    return surfaces, window_parts, srec


@dataclass(frozen=True)
class _WindowPart:
    """A window element's part in a zone, before the window fields of a call are applied: the element, the name of
    its window, its area in the zone (m2), the assignment rule, whether the element has an orientation (if not, it
    becomes four equal parts facing N, E, S, W) and its shading fields."""

    element: Element
    tag: str
    area_m2: float
    rule: str
    oriented: bool
    shading: dict | None


def _zone_windows(parts: list[_WindowPart], win_ov: dict, win_def: dict, merge: bool) -> tuple[list, list]:
    """The windows of a zone from its window parts with the forced (``win_ov``) and default (``win_def``) window
    fields, merged when ``merge``, and their records."""
    windows: list[WindowSpec] = []
    wrec: list[dict] = []
    for p in parts:
        e = p.element
        if not p.oriented:
            for j, az in enumerate((0.0, 90.0, 180.0, 270.0)):
                windows.append(_window(e, f"{p.tag} {j}", p.area_m2 / 4, win_ov, win_def, azimuth=az))
        else:
            windows.append(_window(e, p.tag, p.area_m2, win_ov, win_def, shading=p.shading))
        w = windows[-1]
        u = w.u_w_m2k if w.u_w_m2k is not None else window_type(w.glazing).u_w_m2k
        wrec.append({"element": e.global_id, "name": e.name, "area_m2": p.area_m2, "azimuth_deg": w.azimuth_deg,
                     "tilt_deg": w.tilt_deg, "u_w_m2k": float(u), "g_normal": w.g_normal,
                     "frame_fraction": w.frame_fraction, "rule": p.rule, "source": w.__dict__.get("_source", "")})
    if merge:
        windows = _merge_windows(windows)
    return windows, wrec


def _oriented(tag, area, layers, boundary, tilt, az, role, surf_ov, diagnostics, e) -> list[SurfaceSpec]:
    if az is not None or boundary != "outdoor":
        return [_surface(tag, area, layers, boundary, tilt, az if az is not None else 0.0, role, surf_ov)]
    diagnostics.add("warning", "orientation_unknown", f"{e.kind} without azimuth: taken as four equal parts facing "
                    "N, E, S, W", f"{e.ifc_class} {e.global_id} '{e.name}'")
    return [_surface(f"{tag} {j}", area / 4, layers, boundary, tilt, a, role, surf_ov)
            for j, a in enumerate((0.0, 90.0, 180.0, 270.0))]


def _window(e: Element, name: str, area: float, forced: dict, defaults: dict, azimuth: float | None = None,
            shading: dict | None = None):
    az = azimuth if azimuth is not None else e.azimuth_deg
    if az is None:
        return None
    if any(o in forced for o in ORIENTATIONS):
        forced = _facing(forced, az, e)
    tilt = e.tilt_deg if e.tilt_deg is not None else 90.0
    gtype = forced.get("glazing") or defaults.get("glazing") or DEFAULT_WINDOW_TYPE
    u = getattr(e, "u_value_w_m2k", None) or e.thermal_transmittance_w_m2k
    g = getattr(e, "g_value", None)
    gf = getattr(e, "glazing_fraction", None)
    if e.kind == "curtain_wall" and gf is None:
        gf = 0.85  # estimate: mullions and transoms take about 15 % of a stick curtain wall
    src = []
    vals = {"u_w_m2k": u, "g_normal": g, "frame_fraction": (1.0 - gf) if gf is not None else None}
    for k_, v in list(vals.items()):
        src.append(f"{k_} " + ("file" if v is not None else ("default" if k_ in defaults else f"type {gtype}")))
        if v is None and k_ in defaults:
            vals[k_] = defaults[k_]
    kw = dict(glazing=gtype, tilt_deg=float(tilt), azimuth_deg=float(az) % 360.0,
              height_m=getattr(e, "height_m", None), **vals)
    for k_, v in defaults.items():
        if k_ not in vals and k_ != "glazing":
            kw[k_] = v
    if shading:
        kw.update(shading)      # the IfcShadingDevice elements over and beside it (bldgagent.ifc.shading)
        src.append("shading " + ", ".join(f"{k_} {v:.2f}" for k_, v in shading.items() if k_.endswith("depth_m")))
    kw.update({k_: v for k_, v in forced.items()})
    w = WindowSpec(name=name, area_m2=float(area), **kw)
    w.__dict__["_source"] = ", ".join(src) + ("; forced: " + ", ".join(forced) if forced else "")
    return w


def _facing(forced: dict, az: float, e: Element) -> dict:
    """The forced window fields with those of the window's orientation (``forced["S"]``...) on top; fins get the
    window's own width (the shading geometry needs it), and are dropped where the model gives none."""
    out = {k_: v for k_, v in forced.items() if k_ not in ORIENTATIONS}
    out.update(forced.get(orientation_of(az), {}))
    if out.get("fin_left_depth_m") or out.get("fin_right_depth_m"):
        width = getattr(e, "width_m", None)
        if width:
            out.setdefault("width_m", float(width))
        else:
            for k_ in ("fin_left_depth_m", "fin_right_depth_m", "fin_offset_m", "fin_above_m"):
                out.pop(k_, None)
    return out


def _merge_surfaces(surfaces: list[SurfaceSpec]) -> list[SurfaceSpec]:
    out: dict[tuple, SurfaceSpec] = {}
    for s in surfaces:
        key = (s.boundary, round(s.tilt_deg, 3), round(s.azimuth_deg % 360.0, 3), tuple(tuple(l) for l in s.layers),
               s.solar_absorptance, s.emissivity, s.inside_solar_absorptance, s.inside_emissivity, s.shading_factor,
               s.sunlit, s.h_conv_out_w_m2k, s.h_conv_in_w_m2k, id(s.adjacent_temp_c) if s.adjacent_temp_c is not None
               else None, s.adjacent_zone)
        if key in out:
            m = out[key]
            out[key] = replace(m, area_m2=m.area_m2 + s.area_m2, name=m.name if m.name.endswith("(merged)")
                               else f"{m.name} (merged)")
        else:
            out[key] = s
    return list(out.values())


def _merge_windows(windows: list[WindowSpec]) -> list[WindowSpec]:
    out: dict[tuple, WindowSpec] = {}
    for w in windows:
        if w.overhang_depth_m > 0 or w.fin_left_depth_m > 0 or w.fin_right_depth_m > 0:
            out[(id(w),)] = w
            continue
        key = tuple((f.name, getattr(w, f.name)) for f in fields(WindowSpec) if f.name not in ("name", "area_m2",
                                                                                                 "height_m"))
        if key in out:
            m = out[key]
            src = m.__dict__.get("_source", "")
            out[key] = replace(m, area_m2=m.area_m2 + w.area_m2, name=m.name if m.name.endswith("(merged)")
                               else f"{m.name} (merged)")
            out[key].__dict__["_source"] = src
        else:
            out[key] = w
    return list(out.values())


