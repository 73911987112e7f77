"""What a building model lacks, engine by engine: the findings every output shows first.

:func:`completeness` reads a :class:`~bldgagent.model.Building` (and, when the energy engine has zoned it, the
:class:`~bldgagent.energy.zoning.Zoning`, read by duck typing so this module stays in the plain-data layer) and
returns a :class:`Completeness`: warning-level :class:`~bldgagent.model.Diagnostic` findings with stable codes,
the engines each one affects, and the element kinds the carbon take-off lacks.

Checks (codes):

- envelope closure: ``no_roof`` (energy simulates the top as adiabatic, carbon leaves roofs out),
  ``no_ground_floor`` (no ground-contact floor or base slab: the bottom is adiabatic), ``no_floors`` (no slab or
  floor at all: carbon leaves floors out), ``no_external_walls``;
- ``no_structure``: no column, beam, slab, floor, footing or pile and no load-bearing wall;
- ``no_spaces`` (energy zones storeys, health scores nothing), ``spaces_without_usage`` (rooms of unknown usage);
- with a zoning: ``envelope_unassigned`` (share of external wall area not assigned to any zone, above
  :data:`UNASSIGNED_WALL_SHARE_MAX`), ``default_constructions`` (elements given a default build-up);
- site: ``site_location_missing`` (no IfcSite or no latitude/longitude), ``site_placeholder`` (an authoring
  tool's default location, :data:`PLACEHOLDER_SITES`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .model import Building, Diagnostic, Diagnostics, Opening

#: Default locations that authoring tools write when the user never set one: (name, latitude, longitude,
#: tolerance in degrees, where it comes from). A site within the tolerance is flagged, never silently used.
PLACEHOLDER_SITES: tuple[tuple[str, float, float, float, str], ...] = (
    ("0 N 0 E (null island)", 0.0, 0.0, 0.01,
     "IfcSite.RefLatitude/RefLongitude written as (0,0,0): an unset location in any exporter"),
    ("Boston, MA (Revit default)", 42.3587, -71.0567, 0.02,
     "Revit's default project location: LargeBuilding.ifc (Revit 2021, bim-whale IFC samples, MIT) carries "
     "42 21 31.18 N, 71 03 24.26 W with the site name 'Default'"),
    ("San Francisco, CA (Revit default)", 37.7749, -122.4194, 0.05,
     "the other Revit project-template default city named in the project's issue 11 (re-verify the exact "
     "coordinates against a Revit export)"),
    ("Budapest (ArchiCAD default)", 47.4979, 19.0402, 0.05,
     "ArchiCAD (Graphisoft, Budapest) project-location default named in the project's issue 11 "
     "(city-centre coordinates; re-verify against an ArchiCAD export)"),
    ("Greenwich (ArchiCAD default)", 51.4779, -0.0015, 0.02,
     "ArchiCAD international-template default at the Royal Observatory Greenwich (prime meridian), named in "
     "the project's issue 11 (re-verify against an ArchiCAD export)"),
)
#: Share of external wall area left out of every zone above which the energy result is flagged (0-1): 5 %
#: (bldgagent choice: one storey's small wall pieces; the Revit office of issue 11 left 25 % out).
UNASSIGNED_WALL_SHARE_MAX = 0.05
#: Every finding code :func:`completeness` may give (text reports print these first).
CODES = ("no_roof", "no_floors", "no_ground_floor", "no_external_walls", "no_structure", "no_spaces",
         "spaces_without_usage", "site_location_missing", "site_placeholder", "envelope_unassigned",
         "default_constructions")
_STRUCTURAL_KINDS = ("column", "beam", "slab", "floor", "footing", "pile")


@dataclass
class Completeness:
    """What ``building`` lacks: ``findings`` (warning diagnostics, the first thing every output shows),
    ``engines`` (finding code -> engines it affects), ``absent_element_kinds`` (what the carbon take-off leaves
    out) and ``measures`` (the numbers behind the findings)."""

    findings: Diagnostics = field(default_factory=Diagnostics)
    engines: dict[str, list[str]] = field(default_factory=dict)
    absent_element_kinds: list[str] = field(default_factory=list)
    measures: dict[str, Any] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.findings

    def for_engine(self, engine: str) -> list[Diagnostic]:
        """The findings that affect ``engine`` ("energy", "carbon" or "health")."""
        return [d for d in self.findings if engine in self.engines.get(d.code, ())]

    def to_dict(self) -> dict[str, Any]:
        return {"complete": self.complete, "findings": self.findings.to_list(),
                "engines": {k: list(v) for k, v in self.engines.items()},
                "absent_element_kinds": list(self.absent_element_kinds), "measures": dict(self.measures)}

    def _add(self, code: str, engines: tuple[str, ...], message: str, entity: str | None = None) -> None:
        self.findings.add("warning", code, message, entity)
        self.engines[code] = list(engines)


def completeness(building: Building, zoning: Any = None) -> Completeness:
    """What ``building`` lacks for the energy, carbon and health engines (see the module docstring for the
    checks); ``zoning``: the energy engine's Zoning of it, if made (adds the zone-assignment checks)."""
    out = Completeness()
    _envelope(building, out)
    _structure(building, out)
    _spaces(building, out)
    _site(building, out)
    if zoning is not None:
        _zoning(zoning, out)
    return out


def _solid(building: Building) -> list:
    return [e for e in building.elements if not isinstance(e, Opening)]


def _envelope(building: Building, out: Completeness) -> None:
    solid = _solid(building)
    kinds = {e.kind for e in solid}
    roofs = [e for e in solid if e.kind == "roof" or (e.kind == "slab" and e.predefined_type == "ROOF")]
    floors = [e for e in solid if e.kind in ("slab", "floor") and e.predefined_type != "ROOF"]
    ground = [e for e in floors if e.is_ground_contact or e.predefined_type == "BASESLAB"]
    walls = [e for e in solid if e.kind in ("wall", "curtain_wall") and e.is_external]
    if not roofs:
        out._add("no_roof", ("energy", "carbon"), "the model has no roof: energy simulates the top storey's "
                 "ceiling as adiabatic (no heat loss or solar gain through a roof) and the carbon account has no "
                 "roof; model the roof (IfcRoof or IfcSlab ROOF) or read the results as partial")
        out.absent_element_kinds.append("roof")
    if not floors:
        out._add("no_floors", ("energy", "carbon"), "the model has no floor slab: the carbon account leaves "
                 "floors out and energy has no ground contact; model the slabs (IfcSlab) or read the results as "
                 "partial")
        out.absent_element_kinds.append("floor")
    elif not ground:
        out._add("no_ground_floor", ("energy",), "no floor is in ground contact (no base slab, none at the "
                 "lowest level): energy simulates the bottom as adiabatic; set Pset_SlabCommon.IsExternal or "
                 "PredefinedType BASESLAB on the ground floor")
    if not walls:
        what = "no wall is marked external" if "wall" in kinds or "curtain_wall" in kinds else "the model has no walls"
        out._add("no_external_walls", ("energy", "carbon", "health"), f"{what}: no facade heat loss, solar gain "
                 "or daylight; set Pset_WallCommon.IsExternal on the facade walls")
        if "wall" not in kinds and "curtain_wall" not in kinds:
            out.absent_element_kinds.append("wall")
    out.measures["external_wall_count"] = len(walls)
    out.measures["roof_count"] = len(roofs)
    out.measures["ground_floor_count"] = len(ground)


def _structure(building: Building, out: Completeness) -> None:
    solid = _solid(building)
    structural = [e for e in solid if e.kind in _STRUCTURAL_KINDS or (e.kind == "wall" and e.is_load_bearing)]
    out.measures["structural_element_count"] = len(structural)
    if not structural:
        out._add("no_structure", ("carbon",), "the model has no structure (no column, beam, slab, footing or "
                 "load-bearing wall): the embodied carbon leaves the frame and foundations out; add the "
                 "structural model or read the carbon account as partial")
        out.absent_element_kinds.extend(k for k in ("column", "beam", "footing") if k not in out.absent_element_kinds)


def _spaces(building: Building, out: Completeness) -> None:
    spaces = building.spaces
    out.measures["space_count"] = len(spaces)
    if not spaces:
        out._add("no_spaces", ("energy", "health"), "the model has no spaces (IfcSpace): energy makes one zone per "
                 "storey from its slabs and health has no room to score; add rooms to the model")
        return
    unknown = [s for s in spaces if s.usage == "unknown"]
    out.measures["spaces_without_usage"] = len(unknown)
    if unknown:
        names = ", ".join(sorted({s.label for s in unknown})[:5])
        out._add("spaces_without_usage", ("energy", "health"), f"{len(unknown)} of {len(spaces)} rooms have no "
                 f"recognised usage ({names}{', ...' if len(unknown) > 5 else ''}): their profiles are a fallback; "
                 "name the rooms or pass usage=")


def _site(building: Building, out: Completeness) -> None:
    site = building.site
    lat = None if site is None else site.latitude_deg
    lon = None if site is None else site.longitude_deg
    if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
        out._add("site_location_missing", ("energy", "carbon", "health"), "the model has no site location "
                 "(IfcSite RefLatitude/RefLongitude): climate, grid and code defaults come from the weather or a "
                 "fallback; pass climate= and grid= (command line: --climate, --grid) or set the site's location")
        return
    for name, plat, plon, tol, source in PLACEHOLDER_SITES:
        if abs(lat - plat) <= tol and abs(lon - plon) <= tol:
            out._add("site_placeholder", ("energy", "carbon", "health"), f"the site location ({lat:.4f}, "
                     f"{lon:.4f}) is {name}, an authoring tool's placeholder ({source}): climate, grid and usage "
                     "profiles may be of the wrong place; pass climate= and grid= (command line: --climate, --grid), "
                     "or set the real location",
                     site.name)
            out.measures["site_placeholder"] = name
            return


def _zoning(zoning: Any, out: Completeness) -> None:
    wall = (getattr(zoning, "coverage", None) or {}).get("external_wall") or {}
    total = float(wall.get("total_m2") or 0.0)
    unassigned = max(0.0, 1.0 - float(wall.get("share", 1.0))) if total > 0 else 0.0
    out.measures["external_wall_unassigned_share"] = round(unassigned, 4)
    if unassigned > UNASSIGNED_WALL_SHARE_MAX:
        out._add("envelope_unassigned", ("energy", "health"), f"{unassigned * 100:.0f} % of the external wall area "
                 f"({unassigned * total:.0f} of {total:.0f} m2) bounds no zone and is left out of the simulation; "
                 "check the rooms' boundaries (IfcRelSpaceBoundary) and storeys")
    defaults = sum(1 for d in getattr(zoning, "diagnostics", ()) if d.code == "construction_default")
    out.measures["default_constructions"] = defaults
    if defaults:
        out._add("default_constructions", ("energy", "health"), f"{defaults} envelope surfaces have no layers or "
                 "U-value and were given a default build-up (estimate); give the elements material layers or "
                 "Pset_*Common.ThermalTransmittance")


def annotate(result: Any, lacks: Completeness, engine: str) -> Any:
    """Put the findings of ``lacks`` that affect ``engine`` at the top of ``result.diagnostics`` (once: a result
    already carrying a finding is left as is); for the carbon engine also ``result.coverage["absent_element_kinds"]``
    and ``coverage["model_complete"]``. Returns ``result``."""
    diagnostics = getattr(result, "diagnostics", None)
    if diagnostics is None:
        return result
    have = {(d.code, d.message) for d in diagnostics if isinstance(d, Diagnostic)}
    new = [d for d in lacks.for_engine(engine) if (d.code, d.message) not in have]
    diagnostics[0:0] = [Diagnostic(d.level, d.code, d.message, d.entity) for d in new]
    coverage = getattr(result, "coverage", None)
    if engine == "carbon" and isinstance(coverage, dict):
        coverage["absent_element_kinds"] = list(lacks.absent_element_kinds)
        coverage["model_complete"] = not lacks.for_engine("carbon")
    return result
