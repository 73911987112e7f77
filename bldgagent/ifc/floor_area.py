"""Gross floor area (GFA) of a building read from IFC, and whether it is credible.

Area rules (which spaces count):

- Enclosed rooms count, with the footprint of their storey's walls and columns (ISO 9836:2017 and
  DIN 277-1:2016: gross floor area = net room area + construction area; DIN 277 reports enclosed areas
  as BGF "R", and areas not enclosed on all sides - balconies, loggias, roof terraces - separately as
  "S"; bldgagent's GFA is BGF(R)).
- Outdoor spaces are excluded: Pset_SpaceCommon.IsExternal = TRUE, IfcSpace PredefinedType EXTERNAL
  (IFC2X3: InteriorOrExteriorSpace = EXTERNAL), or a space named as outdoor (balcony, terrace, "Roof"...)
  with no roof above it. DIN 277-1:2016 puts such areas in BGF(S), not BGF(R); GB/T 50353-2013 clause
  3.0.27 lists open terraces (露台) among the parts that are not building area. A space named "Roof"
  that a roof covers is an attic and counts.
- Voids (air space of an atrium or a double-height room over a lower floor: "void", "Luftraum", "vide",
  "上空") are excluded: they have no floor on that storey (DIN 277-1:2016 counts a void's area only on
  the storey whose floor it has; GB/T 50353-2013 counts atria and halls on one storey).
- IFC4 area spaces (IfcSpace PredefinedType GFA) are the authored gross area of their storey, not
  rooms: where a storey has any, their sum is its GFA and its rooms are not added to it.
- Shafts (lift, pipe, ventilation) count on every storey they cross (GB/T 50353-2013 clause 3.0.19;
  DIN 277-1:2016 includes them in the gross area of each storey).
"""
from __future__ import annotations

import re

from shapely.geometry import MultiPoint
from shapely.ops import unary_union

from ..model import Building, Diagnostics, Element, Space

_VOID = re.compile(r"\bvoids?\b|luftraum|lufträume|\bvide\b|上空", re.IGNORECASE)
#: A GFA below this share of the plan extent of the building's elements is not a floor area but a
#: model without floors or rooms (e.g. structure only); a building of n storeys has GFA >= about
#: n x its footprint, so 10 % leaves room for any real plan shape.
CREDIBLE_SHARE_OF_EXTENT = 0.10
#: Below 1 m2 no building has a floor: the area of a column or a stair landing, not of a building.
CREDIBLE_MIN_M2 = 1.0
#: A storey's floor area over this multiple of its plan outline (convex hull) is not one level's floor: a mezzanine or
#: gallery inside the outline adds a part of it, so 1.5 x leaves room for those and flags double counting (2 x).
MAX_SHARE_OF_OUTLINE = 1.5
#: Slab areas over their union's by more than this share overlap (1 % absorbs the round-off of footprints).
OVERLAP_TOLERANCE = 0.01
#: Above this no building has a floor: the largest buildings on Earth by floor area hold about 1.7e6 m2 (New Century
#: Global Center, Chengdu; Dubai International Airport Terminal 3); more is a unit or export error.
CREDIBLE_MAX_M2 = 2e6


def excluded_from_gfa(space: Space, elements_by_id: dict[str, Element]) -> str | None:
    """Why a space does not count in the gross floor area (None when it does)."""
    if space.is_external:
        return "outdoor (IsExternal / EXTERNAL space)"
    names = " ".join(n for n in (space.long_name, space.name) if n)
    if _VOID.search(names):
        return f"void ('{names}')"
    if space.usage == "outdoor":
        covered = any(elements_by_id[i].kind == "roof" or elements_by_id[i].parent_id in elements_by_id
                      and elements_by_id[elements_by_id[i].parent_id].kind == "roof"
                      for i in space.bounding_ids if i in elements_by_id)
        if not covered:
            return f"outdoor usage ('{space.usage_raw}') and no roof above"
    return None


def gross_floor_area(building: Building, meshes: dict, diagnostics: Diagnostics, footprint_area,
                     gfa_zones: frozenset[str] = frozenset()) -> None:
    """Set storey and building GFA (m2) after the rules in the module docstring; None when not credible.

    ``gfa_zones``: GlobalIds of IfcSpace objects of PredefinedType GFA. Per storey with counted spaces: their GrossFloorArea (else net area) plus the footprint of the walls,
    columns and curtain walls contained in it. A storey without spaces counts its floor slabs' area.
    The authored IfcBuildingStorey GrossFloorArea, where given, is compared (info above 15 %).
    """
    by_id = {e.global_id: e for e in building.elements}
    counted: dict[str | None, list[Space]] = {}
    storeys_with_spaces = set()
    zones: dict[str | None, list[Space]] = {}
    for space in building.spaces:
        storeys_with_spaces.add(space.storey_id)
        if space.global_id in gfa_zones:
            zones.setdefault(space.storey_id, []).append(space)
            continue
        reason = excluded_from_gfa(space, by_id)
        if reason:
            diagnostics.add("info", "space_excluded_from_gfa", f"not counted in the gross floor area: {reason}",
                            f"IfcSpace {space.global_id} '{space.label}'")
        else:
            counted.setdefault(space.storey_id, []).append(space)
    total, sources = 0.0, set()
    for storey in building.storeys:
        spaces = counted.get(storey.global_id, [])
        contained = [e for e in building.elements if e.storey_id == storey.global_id]
        if zones.get(storey.global_id):
            gfa = sum(s.gross_floor_area_m2 or s.net_floor_area_m2 or 0.0 for s in zones[storey.global_id])
            source = "IfcSpace GFA zones"
        elif spaces:
            rooms = sum(s.gross_floor_area_m2 or s.net_floor_area_m2 or 0.0 for s in spaces)
            structure = sum(footprint_area(e) for e in contained if e.kind in ("wall", "column", "curtain_wall"))
            gfa, source = rooms + structure, "spaces + wall/column footprints"
        elif storey.global_id in storeys_with_spaces:
            gfa, source = 0.0, "only outdoor spaces or voids"
        else:
            floors = [e for e in contained if e.kind in ("floor",) and not e.is_aggregate]
            gfa = _floor_slab_area(storey, floors, meshes, diagnostics)
            source = "floor slabs (storey has no spaces)" if floors else "no spaces or floors"
        if storey.gross_floor_area_m2 and gfa > 0 and abs(gfa / storey.gross_floor_area_m2 - 1) > 0.15:
            diagnostics.add("info", "gfa_differs_from_authored",
                            f"computed gross floor area {gfa:.1f} m2 vs authored {storey.gross_floor_area_m2:.1f} m2",
                            f"IfcBuildingStorey '{storey.name}'")
        _check_outline(storey, gfa, source, spaces, contained, meshes, diagnostics)
        storey.gross_floor_area_m2, storey.gross_floor_area_source = gfa, source
        total += gfa
        sources.add(source)
    unassigned = counted.get(None, [])
    if unassigned:
        total += sum(s.net_floor_area_m2 or 0.0 for s in unassigned)
        diagnostics.add("warning", "space_without_storey",
                        f"{len(unassigned)} spaces are not in a storey: their net area is added to the GFA")
    building.gross_floor_area_m2 = total
    building.gross_floor_area_source = "; ".join(sorted(sources)) or None
    _credibility(building, meshes, diagnostics)


def _floor_slab_area(storey, floors: list[Element], meshes: dict, diagnostics: Diagnostics) -> float:
    """Floor area of a storey without rooms from its floor slabs (m2): the area of the union of their plan
    footprints where the geometry gives every one, so slabs that overlap (a topping modelled as a second slab, a
    slab exported twice) count once; else the sum of the slabs' areas."""
    total = sum(e.area_m2 or 0.0 for e in floors if e.duplicate_of is None)
    shapes = [getattr(meshes.get(e.ifc_id), "footprint", None) for e in floors]
    if not floors or any(sh is None or sh.is_empty for sh in shapes):
        return total
    union = float(unary_union([sh.buffer(0) for sh in shapes]).area)
    if union > 0 and total > union * (1.0 + OVERLAP_TOLERANCE):
        diagnostics.add("warning", "overlapping_slabs",
                        f"the floor slabs of this storey overlap: {total:.1f} m2 of slab area cover {union:.1f} m2 "
                        f"of plan; the gross floor area counts the covered plan once ({union:.1f} m2)",
                        f"IfcBuildingStorey '{storey.name}'")
        return union
    return total


def _storey_outline_m2(spaces: list[Space], contained: list[Element], meshes: dict) -> float:
    """Plan area (m2) of the convex hull of a storey's triangulated elements' bounding boxes and its rooms'
    footprints: the most floor the storey can hold on one level (0 when no geometry was read)."""
    corners = []
    for e in contained:
        mesh = meshes.get(e.ifc_id)
        if mesh is not None and e.kind not in ("other",):
            (x0, y0), (x1, y1) = mesh.bbox_min[:2], mesh.bbox_max[:2]
            corners += [(x0, y0), (x0, y1), (x1, y0), (x1, y1)]
    for s in spaces:
        for ring in s.footprint or ():
            corners += [tuple(p[:2]) for p in ring]
    return float(MultiPoint(corners).convex_hull.area) if len(corners) >= 3 else 0.0


def _check_outline(storey, gfa: float, source: str, spaces: list[Space], contained: list[Element], meshes: dict,
                   diagnostics: Diagnostics) -> None:
    """Warn when a storey's floor area exceeds :data:`MAX_SHARE_OF_OUTLINE` x its plan outline: one level cannot
    hold more floor than its outline, so rooms or slabs are counted twice (overlapping, exported twice) or an area
    is in the wrong unit."""
    outline = _storey_outline_m2(spaces, contained, meshes)
    if outline > 0 and gfa > MAX_SHARE_OF_OUTLINE * outline:
        diagnostics.add("warning", "storey_area_exceeds_outline",
                        f"gross floor area {gfa:.1f} m2 ({source}) is {gfa / outline:.1f} x the storey's plan outline "
                        f"{outline:.1f} m2 (over {MAX_SHARE_OF_OUTLINE:g} x): rooms or slabs overlap or are counted "
                        "twice, or an area is in the wrong unit; check the storey's spaces and slabs",
                        f"IfcBuildingStorey '{storey.name}'")


def plan_extent_m2(building: Building, meshes: dict) -> float:
    """Plan area (m2) of the convex hull of the triangulated elements' bounding boxes (0 if none)."""
    corners = []
    for e in building.elements:
        mesh = meshes.get(e.ifc_id)
        if mesh is not None and e.kind not in ("other",):
            (x0, y0), (x1, y1) = mesh.bbox_min[:2], mesh.bbox_max[:2]
            corners += [(x0, y0), (x0, y1), (x1, y0), (x1, y1)]
    return float(MultiPoint(corners).convex_hull.area) if corners else 0.0


def _credibility(building: Building, meshes: dict, diagnostics: Diagnostics) -> None:
    """Replace a GFA that cannot be a building's floor area by None, with a warning that says why."""
    total = building.gross_floor_area_m2 or 0.0
    extent = plan_extent_m2(building, meshes)
    reason = None
    if total < CREDIBLE_MIN_M2:
        reason = f"{total:.3g} m2 of floor area (under {CREDIBLE_MIN_M2:g} m2)"
    elif not total <= CREDIBLE_MAX_M2:
        reason = (f"{total:.3g} m2 of floor area (over {CREDIBLE_MAX_M2:g} m2, more than the largest building "
                  "on Earth: a unit or export error)")
    elif extent > 0 and total < CREDIBLE_SHARE_OF_EXTENT * extent:
        reason = (f"{total:.3g} m2 of floor area for elements spread over {extent:.0f} m2 in plan "
                  f"(under {100 * CREDIBLE_SHARE_OF_EXTENT:.0f} %): a model without rooms or floor slabs")
    if reason is None:
        return
    diagnostics.add("warning", "no_floor_area" if total <= 0 else "no_credible_floor_area",
                    f"no credible gross floor area: {reason}; totals are given without per-m2 intensities "
                    "(add IfcSpace rooms or floor slabs, or pass the floor area explicitly)")
    building.gross_floor_area_m2 = None
    building.gross_floor_area_source = f"none credible: {reason}"
    for storey in building.storeys:
        storey.gross_floor_area_m2 = None
