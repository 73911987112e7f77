"""The design options of a building: what an architect can change, with bounds, choices and current values.

    opts = design_options(building)          # only the options that apply to this building
    [o.to_dict() for o in opts]              # the rows of ``bldgagent options --json`` (docs/design-json.md)

Option ids are stable (agents and saved change sets use them):

- ``{group}_insulation_material`` (choice) and ``{group}_insulation_thickness_m`` (continuous, m) for the groups
  ``wall`` (external walls), ``roof`` and ``ground_floor``; offered when the group has layered elements;
- ``glazing_type_{N,E,S,W}`` (choice of the glazing library's types) and ``wwr_{N,E,S,W}`` (window-to-wall ratio);
  offered per orientation that has windows;
- ``shading_overhang_depth_m`` and ``shading_factor`` (every external window; needs windows);
- ``shading_overhang_depth_m_{N,E,S,W}``, ``shading_fin_depth_m_{N,E,S,W}`` and ``shading_factor_{N,E,S,W}``
  (external shading per orientation, on top of the all-window options; the overhang and fins need the windows'
  heights);
- ``concrete_mix`` (concrete elements), ``upper_floor_structure`` (concrete upper floors -> CLT), ``steel_route``
  (structural steel elements: primary BOF or recycled EAF steel; which is lower depends on the factor preset: GB/T
  51366-2019, read first by the default ``cn`` preset, rates EAF steel higher than BOF, the eu/uk rows lower);
- ``infiltration_ach``, ``heat_recovery_efficiency``, ``heating_system``, ``cooling_system``; ``pv_area_m2`` (needs a
  roof);
- ``night_ventilation`` (``none`` / ``night_purge``; needs rooms empty at night) and ``openable_fraction`` (openable
  share of the glazing): the windows' operation the health engine's free-running rooms and mixed-mode operation see
  (needs windows).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import BldgAgentError
from ..model import ORIENTATIONS, Building, Element, Opening
from .catalogue import bounds, glazing_choices, material_choices, system_choices

INSULATION_GROUPS = ("wall", "roof", "ground_floor")
_GROUP_LABEL = {"wall": "external walls", "roof": "roof", "ground_floor": "ground floor"}


@dataclass(frozen=True)
class DesignOption:
    """One thing an architect can change.

    ``kind`` is ``"continuous"`` (a number within ``bounds`` = (low, high) in ``unit``; ``"1"`` = dimensionless) or
    ``"choice"`` (one of ``choices``, a tuple of ids). ``current`` is the value read from the building (None when the
    model does not state it or it is none of the choices). ``applies_to`` names what it acts on (element kinds,
    orientation and the GlobalIds concerned); ``source`` cites where the bounds or alternatives come from.
    """

    id: str
    label: str
    kind: str
    unit: str | None
    bounds: tuple[float, float] | None
    choices: tuple[str, ...] | None
    current: Any
    applies_to: dict[str, Any] = field(default_factory=dict)
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The ``options --json`` row (docs/design-json.md)."""
        out = {"id": self.id, "label": self.label, "kind": self.kind, "unit": self.unit, "current": self.current,
               "applies_to": dict(self.applies_to), "source": self.source}
        if self.kind == "continuous":
            out["bounds"] = [self.bounds[0], self.bounds[1]]
        else:
            out["choices"] = list(self.choices or ())
        return out


# --- which elements an option acts on ------------------------------------------------------------------------
def _layered(e: Element) -> bool:
    return e.construction is not None and e.construction.kind == "layers" and bool(e.construction.layers)


def insulation_targets(building: Building, group: str) -> list[Element]:
    """Layered elements of an insulation group: external walls, roofs, ground floors."""
    out = []
    for e in building.elements:
        if isinstance(e, Opening) or e.is_aggregate or not _layered(e):
            continue
        if group == "wall" and e.kind == "wall" and e.is_external and not e.is_ground_contact:
            out.append(e)
        elif group == "roof" and (e.kind == "roof" or (e.kind == "slab" and e.predefined_type == "ROOF")):
            out.append(e)
        elif group == "ground_floor" and e.kind in ("slab", "floor") and e.is_ground_contact:
            out.append(e)
    return out


def windows_facing(building: Building, orientation: str) -> list[Opening]:
    """External windows whose outward normal falls in the compass sector ``orientation``."""
    return [w for w in building.windows if w.is_external is not False and w.orientation == orientation
            and w.area_m2]


def walls_facing(building: Building, orientation: str) -> list[Element]:
    return [e for e in building.elements if e.kind == "wall" and e.is_external and e.orientation == orientation]


def insulation_layer_index(element: Element) -> int | None:
    """Index (in ``construction.layers``) of the thickest insulating layer (conductivity <= 0.08 W/mK, the ISO 13786
    insulating-layer limit used by :mod:`bldgagent.energy.constructions`), None if it has none."""
    from ..energy.constructions import INSULATION_LAMBDA, thermal_properties

    best, best_t = None, 0.0
    for i, layer in enumerate(element.construction.layers):
        if not layer.thickness_m or layer.thickness_m <= 0:
            continue
        try:
            lam = thermal_properties(layer.material, layer.thickness_m).conductivity_w_mk
        except BldgAgentError:   # a material neither the file nor the library describes: not known to insulate
            continue
        if lam <= INSULATION_LAMBDA and layer.thickness_m > best_t:
            best, best_t = i, layer.thickness_m
    return best


def current_material_choice(names: list[str], group: str) -> str | None:
    """The choice id whose material name matches all ``names`` (the same thermal-library row), else None."""
    from ..energy.constructions import _match_texts

    rows = {_match_texts((n.lower(),)) and _match_texts((n.lower(),))["key"] for n in names}
    for cid, choice in material_choices()[group].items():
        row = _match_texts((choice.material_name.lower(),))
        if row is not None and rows == {row["key"]} and all(choice.material_name.lower() == n.lower() for n in names):
            return cid
    for cid, choice in material_choices()[group].items():
        row = _match_texts((choice.material_name.lower(),))
        if row is not None and rows == {row["key"]}:
            return cid
    return None


def _ids(elements) -> list[str]:
    return [e.global_id for e in elements]


# --- option builders ------------------------------------------------------------------------------------------
def _insulation_options(building: Building) -> list[DesignOption]:
    out = []
    lo, hi, unit, src = bounds("insulation_thickness_m")
    mats = material_choices()["insulation"]
    for group in INSULATION_GROUPS:
        targets = insulation_targets(building, group)
        if not targets:
            continue
        layers = [(e, insulation_layer_index(e)) for e in targets]
        found = [e.construction.layers[i] for e, i in layers if i is not None]
        names = sorted({lay.material.name for lay in found if lay.material is not None})
        thick = [lay.thickness_m for lay in found]
        applies = {"group": group, "kinds": sorted({e.kind for e in targets}), "elements": _ids(targets)}
        out.append(DesignOption(
            f"{group}_insulation_material", f"insulation material of the {_GROUP_LABEL[group]}", "choice", None, None,
            tuple(mats), current_material_choice(names, "insulation") if names else None, applies,
            "data/design/materials.csv (thermal: data/energy/materials_thermal.csv; carbon: the factor library)"))
        current = round(sum(thick) / len(thick), 4) if thick else None
        out.append(DesignOption(
            f"{group}_insulation_thickness_m", f"insulation thickness of the {_GROUP_LABEL[group]}", "continuous", unit,
            (lo, hi), None, current, applies, src))
    return out


def window_to_wall_ratio(building: Building, orientation: str) -> float | None:
    """Window area / gross external wall area (m2/m2) in a compass sector, None without walls there."""
    walls = walls_facing(building, orientation)
    gross = 0.0
    for w in walls:
        q = w.quantities
        gross += q.gross_side_area_m2 if q.gross_side_area_m2 is not None else (w.area_m2 or 0.0)
    windows = windows_facing(building, orientation)
    if not gross > 0:
        return None
    return sum(w.area_m2 for w in windows) / gross


def _nearest_glazing(windows: list[Opening]) -> str | None:
    us = [w.u_value_w_m2k or w.thermal_transmittance_w_m2k for w in windows]
    if not windows or any(u is None for u in us):
        return None
    u = sum(us) / len(us)
    return min(glazing_choices(), key=lambda k: abs(glazing_choices()[k]["u_w_m2k"] - u))


#: Glazing types offered only to windows that already have them: single glazing (U 5.1 W/m2K) is not a design
#: change a proposal can ask for (the design-space issue offers the double, triple, low-e and solar-control kinds);
#: offered, the search put it on the sample's north and east windows in Haikou and on the south in Harbin, where it
#: broke the bedrooms' thermal scores.
DOWNGRADES = frozenset({"single_clear"})


def _window_options(building: Building) -> list[DesignOption]:
    out = []
    lo, hi, _, src = bounds("wwr")
    for o in ORIENTATIONS:
        windows = windows_facing(building, o)
        if not windows:
            continue
        applies = {"kinds": ["window"], "orientation": o, "elements": _ids(windows)}
        current = _nearest_glazing(windows)
        out.append(DesignOption(
            f"glazing_type_{o}", f"glazing type of the windows facing {o}", "choice", None, None,
            tuple(k for k in glazing_choices() if k not in DOWNGRADES or k == current), current, applies,
            "bldgagent.energy.glazing.WINDOW_TYPES (U, g) and data/design/glazing.csv (visible transmittance); "
            "current: the library type nearest the windows' mean U; single glazing only where it is already there"))
        wwr = window_to_wall_ratio(building, o)
        if wwr is not None:
            out.append(DesignOption(
                f"wwr_{o}", f"window-to-wall ratio facing {o} (windows resized in width)", "continuous", "1",
                (lo, hi), None, round(wwr, 4), dict(applies, host_walls=_ids(walls_facing(building, o))), src))
    return out


def _shading_options(building: Building) -> list[DesignOption]:
    windows = [w for w in building.windows if w.is_external is not False]
    if not windows:
        return []
    applies = {"kinds": ["window"], "elements": _ids(windows)}
    out = []
    for name, label, current in (("overhang_depth_m", "depth of a fixed overhang above every external window", 0.0),
                                 ("shading_factor", "fixed external shading factor of every external window (1 = none)",
                                  1.0)):
        lo, hi, unit, src = bounds(name)
        out.append(DesignOption(f"shading_{name}" if name != "shading_factor" else name, label, "continuous", unit,
                                (lo, hi), None, current, applies, src))
    return out


def _orientation_shading_options(building: Building) -> list[DesignOption]:
    """Overhang, fins and shading factor of the windows facing each way (the overhang and fins where every such
    window has a height and a width: the shading geometry needs them)."""
    out = []
    for o in ORIENTATIONS:
        windows = windows_facing(building, o)
        if not windows:
            continue
        applies = {"kinds": ["window"], "orientation": o, "elements": _ids(windows)}
        sized = all(w.height_m and w.width_m for w in windows)
        for name, oid, label, current in (
                ("overhang_depth_m", "shading_overhang_depth_m", "depth of a fixed overhang above the windows facing", 0.0),
                ("fin_depth_m", "shading_fin_depth_m", "depth of vertical fins on both sides of the windows facing", 0.0),
                ("shading_factor", "shading_factor", "fixed external shading factor (1 = none) of the windows facing",
                 1.0)):
            if name != "shading_factor" and not sized:
                continue
            lo, hi, unit, src = bounds(name)
            out.append(DesignOption(f"{oid}_{o}", f"{label} {o}", "continuous", unit, (lo, hi), None, current, applies,
                                    src + "; per orientation, on top of the all-window option"))
    return out


def _window_operation_options(building: Building) -> list[DesignOption]:
    """Night ventilation and the openable share of the glazing (needs external windows)."""
    windows = [w for w in building.windows if w.is_external is not False]
    if not windows:
        return []
    stated = (building.energy_options or {}).get("natural_ventilation") or {}
    stated = stated if isinstance(stated, dict) else {}
    applies = {"kinds": ["window"], "elements": _ids(windows)}
    lo, hi, unit, src = bounds("openable_fraction")
    out = [DesignOption("openable_fraction", "openable share of the glazed window area", "continuous", unit, (lo, hi),
                        None, stated.get("openable_fraction"), applies,
                        src + "; current None = the GB 50096-2011 minimum (1/20 of the floor area)")]
    empty = rooms_empty_at_night(building)
    if empty:
        out.insert(0, DesignOption(
            "night_ventilation", "night ventilation: windows opened at night (22-07 h) when the room is warm and the "
            "outdoor air cooler, occupied or not", "choice", None, None, ("none", "night_purge"),
            "night_purge" if stated.get("night_ventilation") else "none", dict(applies, spaces=empty),
            "bldgagent.energy.ventilation (CIBSE TM59:2017 opening rule and night period); acts on the rooms "
            "empty at night (applies_to.spaces): occupied rooms open their windows at night by the rule already"))
    return out


def rooms_empty_at_night(building: Building) -> list[str]:
    """GlobalIds of the rooms whose usage has no occupants, or none in some night hour (22-07 h), under the EN 16798-1
    usage schedules (:func:`bldgagent.energy.profiles.usage_profile`): the rooms a night purge can act on."""
    from ..energy.profiles import usage_profile
    from ..energy.ventilation import NIGHT_HOURS

    night = [h for h in range(24) if h >= NIGHT_HOURS[0] or h < NIGHT_HOURS[1]]
    empty: dict[str, bool] = {}
    for usage in {s.usage for s in building.spaces}:
        try:
            p = usage_profile(usage or "unknown", "auto", country="DE")
        except BldgAgentError:
            continue
        occ = p.schedules.get("occupancy")
        empty[usage] = math.isnan(p.area_per_person_m2) or occ is None or any(
            min(float(day[h]) for h in night) <= 0.0 for day in occ)
    return [s.global_id for s in building.spaces if empty.get(s.usage)]


_NOT_STRUCTURAL_STEEL = r"reinforc|rebar|bewehr|armier|stainless|edelstahl|inox|sheet|blech|stud|profiled|钢筋|不锈"


def is_structural_steel(name: str | None) -> bool:
    """A steel material name (the mass check's steel pattern) that is not reinforcement, stainless steel, sheet,
    studs, or reinforced concrete."""
    import re

    from ..ifc.mass import DENSITY_RANGES

    n = (name or "").lower()
    steel, concrete = (next(p for cat, p, *_ in DENSITY_RANGES if cat == c) for c in ("steel", "concrete"))
    return bool(re.search(steel, n)) and not re.search(concrete, n) and not re.search(_NOT_STRUCTURAL_STEEL, n)


def steel_elements(building: Building) -> list[Element]:
    """Elements with a structural steel material (:func:`is_structural_steel`)."""
    return [e for e in building.elements if not isinstance(e, Opening) and not e.is_aggregate
            and any(is_structural_steel(m.name) for m in e.materials)]


def _steel_options(building: Building) -> list[DesignOption]:
    elements = steel_elements(building)
    if not elements:
        return []
    from ..lca.matching import MaterialMatcher

    routes = material_choices()["steel"]
    matcher = MaterialMatcher()
    tags = {t for e in elements for m in e.materials for t in matcher.match(m.name or "").tags}
    current = next((cid for cid in routes if cid.split("_")[-1] in tags), None)
    return [DesignOption("steel_route", "structural steel: primary (blast furnace + BOF) or recycled (EAF) steel; "
                         "EAF lowers carbon under the eu/uk factor presets but raises it under the default cn preset "
                         "(GB/T 51366-2019 rates EAF steel 3.03, BOF 1.99 tCO2e/t)",
                         "choice", None, None, tuple(routes), current,
                         {"kinds": sorted({e.kind for e in elements}), "elements": _ids(elements)},
                         "data/design/materials.csv; factors: the steel rows tagged bof/eaf of the first factor set "
                         "with steel rows: cn GB/T 51366-2019 Table D.0.1 (BOF 1.99, EAF 3.03 kgCO2e/kg); uk ICE v3 "
                         "UK open section 2.45 vs NMD rolled sections 90 % EAF 0.908; eu NMD Tata hollow sections "
                         "2.5 vs 0.908 (data/lca factor files)")]


def _concrete_elements(building: Building) -> list[Element]:
    from ..ifc.mass import DENSITY_RANGES
    import re

    pattern = re.compile(next(p for cat, p, *_ in DENSITY_RANGES if cat == "concrete"))
    return [e for e in building.elements if not isinstance(e, Opening) and not e.is_aggregate
            and any(pattern.search((m.name or "").lower()) for m in e.materials)]


def _structure_options(building: Building) -> list[DesignOption]:
    concrete = _concrete_elements(building)
    if not concrete:
        return []
    mixes = material_choices()["concrete"]
    names = sorted({m.name for e in concrete for m in e.materials if "concret" in (m.name or "").lower()
                    or "beton" in (m.name or "").lower()})
    plain = sorted({n[len("reinforced "):] if n.lower().startswith("reinforced ") else n for n in names}, key=str.lower)
    current = next((cid for cid, c in mixes.items() if [n.lower() for n in plain] == [c.material_name.lower()]), None)
    out = [DesignOption("concrete_mix", "concrete mix of every concrete element (cement replacement)", "choice", None,
                        None, tuple(mixes), current, {"kinds": sorted({e.kind for e in concrete}),
                                                      "elements": _ids(concrete)},
                        "data/design/materials.csv (factor library: ICE v3 concrete C30/37, C32/40 with 25/50/75 % "
                        "GGBS and 30 % fly ash, ICE v3.0b 0.125 kgCO2e/kg)")]
    floors = [e for e in concrete if e.kind in ("slab", "floor") and not e.is_ground_contact and _layered(e)
              and e.predefined_type not in ("ROOF", "BASESLAB")]
    if floors:
        out.append(DesignOption(
            "upper_floor_structure", "structure of the upper floors: concrete or cross-laminated timber (same thickness)",
            "choice", None, None, ("concrete", "clt"), "concrete", {"kinds": ["slab", "floor"], "elements": _ids(floors)},
            "data/design/materials.csv (clt); the CLT panel keeps the concrete layer's thickness (a simplification: "
            "no structural design)"))
    return out


def _roof_area_m2(building: Building) -> float:
    return sum(e.area_m2 or 0.0 for e in insulation_targets(building, "roof")) or sum(
        e.area_m2 or 0.0 for e in building.elements if e.kind == "roof" and not e.is_aggregate)


def _operation_options(building: Building) -> list[DesignOption]:
    out = []
    for name, oid, label in (("infiltration_ach", "infiltration_ach", "airtightness: infiltration air changes per hour"),
                             ("heat_recovery_efficiency", "heat_recovery_efficiency",
                              "heat recovery efficiency of the mechanical ventilation")):
        lo, hi, unit, src = bounds(name)
        out.append(DesignOption(oid, label, "continuous", unit, (lo, hi), None, None,
                                {"building": True}, src + "; current None = the usage profile's default"))
    systems = system_choices()
    for use in ("heating", "cooling"):
        out.append(DesignOption(f"{use}_system", f"{use} generator", "choice", None, None, systems[use], None,
                                {"building": True}, "data/energy/systems.csv; current None = the regional default"))
    roof = _roof_area_m2(building)
    if roof > 0:
        _, share, _, src = bounds("pv_area_share")
        out.append(DesignOption("pv_area_m2", "roof PV module area", "continuous", "m2", (0.0, round(share * roof, 2)),
                                None, 0.0, {"kinds": ["roof"], "roof_area_m2": round(roof, 2)}, src))
    return out


def design_options(building: Building) -> list[DesignOption]:
    """The options that apply to ``building`` (see the module docstring for the ids)."""
    from ..checks import require_building

    require_building(building, "design_options")
    opts = [*_insulation_options(building), *_window_options(building), *_shading_options(building),
            *_orientation_shading_options(building), *_structure_options(building), *_steel_options(building),
            *_operation_options(building), *_window_operation_options(building)]
    return [replace(o, current=None) if isinstance(o.current, float) and not math.isfinite(o.current) else o
            for o in opts]
