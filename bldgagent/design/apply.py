"""Apply design changes to a Building: a changed copy, the original untouched.

    b2 = apply(building, {"wall_insulation_material": "wood_fibre", "wall_insulation_thickness_m": 0.22})
    report = explain_changes(building, changes)     # which elements changed and how (``apply --json``)
    energy_options_for(changes)                     # the EnergyOptions fields of plant/operation/shading options

What each option changes in the copy (so every engine sees it):

- insulation material: the insulation layer's material (thermal and carbon libraries match it by name);
- insulation thickness: the layer thickness, the element's thickness and volumes (the element's effective area
  ``volume / thickness`` times the added thickness), its material lines, its ThermalTransmittance (ISO 6946 from the
  new layers where the file gave one); an element without an insulation layer gets one on its outside face;
- glazing type: the windows' U, g, visible transmittance and glazed fraction (glazing library);
- window-to-wall ratio: every window of the orientation scaled in width (height and sill kept), its host wall's net
  area and volume reduced by the added window area (times the wall thickness);
- concrete mix / upper-floor structure: the concrete materials renamed to the chosen mix / CLT (reinforcement kept);
- steel route: the structural steel materials renamed to primary (BOF) or recycled (EAF) steel;
- overhangs and fins: shading devices added to ``building.shading_devices`` exactly as :func:`write_ifc` writes them
  (:mod:`bldgagent.design.devices`; the windows are measured in the source file, once per file), so the variant and
  its written file read back give every window the same shading;
- shading (all windows or per orientation: overhang, fins, shading factor), airtightness, heat recovery, systems, PV,
  night ventilation and the openable window share act on the energy model: see :func:`energy_options_for`.

The reference area stays the baseline's: ``gross_floor_area_m2`` of the building and its storeys is the area the
design brief states, not a result of the design, so per-m2 figures of variants share one denominator. A thicker
external wall keeps the footprint counted in that area (``quantities.footprint_area_m2`` of the wall is set to the
footprint the reader counted before the change: stated, else former thickness x length), and
:func:`bldgagent.design.write_ifc` states it as GrossFootprintArea, so the written file reads back with the same
area.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

from ..errors import BldgAgentError, DesignOptionError
from ..model import Building, Diagnostics, Element, Layer, Material, Opening
from .catalogue import glazing_choices, material_choices
from .devices import DEVICE_KINDS
from .options import (DesignOption, design_options, insulation_layer_index, insulation_targets, walls_facing,
                      window_to_wall_ratio, windows_facing)

#: Per-orientation shading option ids (``{prefix}_{N,E,S,W}``) and the window fields they set.
ORIENTED_SHADING = ("shading_overhang_depth_m", "shading_fin_depth_m", "shading_factor")
#: Option ids that act on the energy model only (no element changes).
ENERGY_ONLY = ("shading_overhang_depth_m", "shading_factor", "infiltration_ach", "heat_recovery_efficiency",
               "heating_system", "cooling_system", "pv_area_m2", "night_ventilation", "openable_fraction",
               *(f"{p}_{o}" for p in ORIENTED_SHADING for o in "NESW"))
#: Every option id design_options can offer (some only on some buildings).
_PATTERNS = ("{g}_insulation_material", "{g}_insulation_thickness_m")


@dataclass
class ChangeReport:
    """What :func:`apply` did: one entry per option with the elements it changed."""

    changes: dict[str, Any]
    entries: list[dict[str, Any]] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    #: the shading devices added to the changed building (:class:`bldgagent.design.devices.DeviceBox`), which
    #: write_ifc writes as they are; None when the windows could not be measured (no source file)
    devices: list | None = None

    def add(self, option: str, value: Any, elements: list[str], what: str) -> None:
        self.entries.append({"option": option, "value": value, "elements": list(elements), "what": what})

    @property
    def changed_elements(self) -> list[str]:
        return sorted({e for entry in self.entries for e in entry["elements"]})

    def to_dict(self) -> dict[str, Any]:
        return {"changes": dict(self.changes), "entries": [dict(e) for e in self.entries],
                "changed_elements": self.changed_elements, "diagnostics": self.diagnostics.to_list()}


def all_option_ids() -> set[str]:
    """Every id an option can have on some building."""
    ids = {p.format(g=g) for p in _PATTERNS for g in ("wall", "roof", "ground_floor")}
    ids |= {f"glazing_type_{o}" for o in "NESW"} | {f"wwr_{o}" for o in "NESW"}
    return ids | set(ENERGY_ONLY) | {"concrete_mix", "upper_floor_structure", "steel_route"}


def validate_changes(building: Building, changes: Mapping[str, Any], *,
                     offered: list[DesignOption] | None = None) -> dict[str, DesignOption]:
    """The options named by ``changes`` after checking ids, bounds and choices; DesignOptionError naming the option.
    ``offered``: ``design_options(building)`` when the caller holds them (a search validating many change sets of
    one building)."""
    if not isinstance(changes, Mapping):
        raise DesignOptionError(f"changes: expected an object mapping option ids to values, got {type(changes).__name__}")
    offered = {o.id: o for o in (design_options(building) if offered is None else offered)}
    out = {}
    for oid, value in changes.items():
        if oid not in offered:
            if oid in all_option_ids():
                raise DesignOptionError(f"option {oid!r} does not apply to {building.source_path or building.name} "
                                        "(nothing it acts on: e.g. no roof, no windows in that orientation); "
                                        "list the applicable ones with `bldgagent options MODEL.ifc`")
            raise DesignOptionError(f"unknown option {oid!r}; applicable: {', '.join(sorted(offered))}")
        opt = offered[oid]
        if opt.kind == "continuous":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise DesignOptionError(f"option {oid!r}: expected a finite number in {opt.unit}, got {value!r}")
            lo, hi = opt.bounds
            if not lo - 1e-12 <= value <= hi + 1e-12:
                raise DesignOptionError(f"option {oid!r}: {value} is outside its bounds [{lo}, {hi}] {opt.unit} "
                                        f"({opt.source})")
        elif value not in (opt.choices or ()):
            raise DesignOptionError(f"option {oid!r}: {value!r} is not a choice; choices: {', '.join(opt.choices)}")
        out[oid] = opt
    return out


def apply(building: Building, changes: Mapping[str, Any]) -> Building:
    """A changed copy of ``building`` (see the module docstring); the original is untouched."""
    return apply_with_report(building, changes)[0]


def explain_changes(building: Building, changes: Mapping[str, Any]) -> ChangeReport:
    """Which elements :func:`apply` changes for ``changes`` and how."""
    return apply_with_report(building, changes)[1]


def apply_with_report(building: Building, changes: Mapping[str, Any], *,
                      offered: list[DesignOption] | None = None) -> tuple[Building, ChangeReport]:
    """:func:`apply` and :func:`explain_changes` in one pass; ``offered`` as in :func:`validate_changes`."""
    from ..checks import require_building

    require_building(building, "design.apply")
    validate_changes(building, changes, offered=offered)
    copy = building.replace(name=building.name)
    report = ChangeReport(dict(changes))
    for group in ("wall", "roof", "ground_floor"):
        mat, thick = changes.get(f"{group}_insulation_material"), changes.get(f"{group}_insulation_thickness_m")
        if mat is not None or thick is not None:
            _insulation(copy, group, mat, thick, report)
    if changes.get("concrete_mix") is not None:
        _concrete_mix(copy, changes["concrete_mix"], report)
    if changes.get("upper_floor_structure") == "clt":
        _upper_floors_clt(copy, report)
    if changes.get("steel_route") is not None:
        _steel_route(copy, changes["steel_route"], report)
    for o in "NESW":
        if changes.get(f"glazing_type_{o}") is not None:
            _glazing(copy, o, changes[f"glazing_type_{o}"], report)
        if changes.get(f"wwr_{o}") is not None:
            _window_to_wall(copy, o, float(changes[f"wwr_{o}"]), report)
    shaded = _devices(copy, changes, report) if any(changes.get(oid) for oid in DEVICE_KINDS) else {}
    for oid in ENERGY_ONLY:
        if oid in changes:
            if oid in DEVICE_KINDS and changes[oid]:
                o = oid[-1] if oid[-2] == "_" and oid[-1] in "NESW" else None
                report.add(oid, changes[oid], sorted(g for g, wo in shaded.items() if o is None or wo == o),
                           "shading devices on the windows named (building.shading_devices, as write_ifc writes "
                           "them); the depth also kept in building.energy_options")
            else:
                report.add(oid, changes[oid], [], "energy model option, kept in building.energy_options")
    # plant, airtightness, heat recovery, PV and shading: defaults of the copy's energy engine (Building.energy_options)
    copy.energy_options = energy_options_for(changes, base=copy.energy_options)
    for entry in report.entries:
        copy.diagnostics.add("info", "design_change", f"{entry['option']} = {entry['value']}: {entry['what']} "
                             f"({len(entry['elements'])} element(s))")
    return copy, report


def _devices(b: Building, changes: Mapping[str, Any], report: ChangeReport) -> dict[str, str | None]:
    """The overhangs and fins as shading devices of the copy, as write_ifc writes them (:mod:`.devices`); returns the
    windows they shade with their orientation."""
    from .devices import add_devices

    before = len(b.shading_devices)
    report.devices = add_devices(b, changes)
    if report.devices is None:
        report.diagnostics.add("warning", "shading_devices_not_modelled",
                               "overhangs and fins modelled from the energy options only (of unlimited width, at the "
                               "window top): the windows' geometry cannot be measured without the source file",
                               b.source_path or b.name)
        return {}
    shaded = {gid for dev in b.shading_devices[before:] for gid in dev.shades}
    return {gid: b.element(gid).orientation for gid in shaded}


# --- insulation ------------------------------------------------------------------------------------------------
def _material(name: str, cache: dict[str, Material]) -> Material:
    """One shared Material per name within a changed building (properties from the libraries by name)."""
    if name not in cache:
        cache[name] = Material(name=name)
    return cache[name]


def _refresh(element: Element, old_total: float | None, old_r_m2k_w: float | None = None) -> None:
    """Scale volumes with the new total thickness (effective area kept), redo material lines and the U-value.

    ``old_r_m2k_w``: the changed layers' thermal resistance before the change; when the full build-up cannot be
    computed (a layer material neither the file nor the library describes) a declared U is corrected by the
    change in resistance, ``1 / U' = 1 / U + (R' - R)``."""
    from ..energy.constructions import construction_layers
    from ..ifc.materials import take_off

    c = element.construction
    q = element.quantities
    new_total = c.thickness_m
    if old_total and new_total:
        for name in ("net_volume_m3", "gross_volume_m3"):
            v = getattr(q, name)
            if v is not None:
                setattr(q, name, v / old_total * new_total)
        if q.thickness_m is not None:
            q.thickness_m = q.thickness_m + (new_total - old_total)
        # a floor grows downwards (its top is the floor level), a roof upwards (its bottom is the ceiling)
        if element.kind in ("slab", "floor") and element.elevation_m is not None:
            element.elevation_m -= new_total - old_total
        elif element.kind == "roof" and element.top_elevation_m is not None:
            element.top_elevation_m += new_total - old_total
        if q.mass_kg is not None:   # a declared weight no longer holds for the new build-up
            q.mass_kg = None
            q.source.pop("mass_kg", None)
    element.material_quantities = take_off(element, Diagnostics())
    if element.thermal_transmittance_w_m2k is None:
        return
    direction = "horizontal" if element.kind == "wall" else ("upward" if element.kind == "roof" else "downward")
    try:
        element.thermal_transmittance_w_m2k = construction_layers(c, direction, Diagnostics()).u_value_w_m2k
    except BldgAgentError:
        if old_r_m2k_w is not None:
            r_new = _insulation_r(element)
            if r_new is not None:
                element.thermal_transmittance_w_m2k = 1.0 / (1.0 / element.thermal_transmittance_w_m2k
                                                             + r_new - old_r_m2k_w)


def _footprint_area(element: Element) -> float:
    """The wall's plan area as the reader counts it in the gross floor area (m2; :mod:`bldgagent.ifc.floor_area`)."""
    from ..ifc.reader import _footprint_area as counted

    return counted(element)


def _insulation_r(element: Element) -> float | None:
    """Thermal resistance d / lambda (m2K/W) of the element's insulation layer, None without one."""
    from ..energy.constructions import thermal_properties

    i = insulation_layer_index(element)
    if i is None:
        return None
    layer = element.construction.layers[i]
    return layer.thickness_m / thermal_properties(layer.material, layer.thickness_m).conductivity_w_mk


def _insulation(b: Building, group: str, material_id: str | None, thickness: float | None, report: ChangeReport) -> None:
    choices = material_choices()["insulation"]
    cache: dict[str, Material] = {}
    changed, skipped = [], []
    for e in insulation_targets(b, group):
        c = e.construction
        old_total = c.thickness_m
        old_r = _insulation_r(e)
        i = insulation_layer_index(e)
        if i is None:
            if thickness is None:
                skipped.append(e.global_id)
                continue
            name = choices[material_id or next(iter(choices))].material_name
            layer = Layer(_material(name, cache), float(thickness), name="insulation (bldgagent)")
            at = len(c.layers) if c.outside_first is False else 0
            c.layers.insert(at, layer)
        else:
            layer = c.layers[i]
            if material_id is not None:
                layer.material = _material(choices[material_id].material_name, cache)
            if thickness is not None:
                layer.thickness_m = float(thickness)
        footprint = _footprint_area(e) if e.kind == "wall" else None
        _refresh(e, old_total, old_r if old_r is not None else 0.0)
        if footprint:   # the footprint counted in the reference area stays the baseline's (module docstring)
            e.quantities.footprint_area_m2 = footprint
        changed.append(e.global_id)
    what = ", ".join(p for p in (material_id and f"material {choices[material_id].material_name}",
                                 thickness is not None and f"thickness {thickness} m") if p)
    if material_id is not None:
        report.add(f"{group}_insulation_material", material_id, changed, what)
    if thickness is not None:
        report.add(f"{group}_insulation_thickness_m", thickness, changed, what)
    if skipped:
        report.diagnostics.add("warning", "no_insulation_layer",
                               f"{len(skipped)} {group} element(s) have no insulation layer: material unchanged "
                               "(give a thickness to add one)", ", ".join(skipped[:10]))


# --- structure -------------------------------------------------------------------------------------------------
def _is_concrete(m: Material | None) -> bool:
    from .options import _concrete_elements  # noqa: F401  (same test as the option)
    import re

    from ..ifc.mass import DENSITY_RANGES

    if m is None:
        return False
    pattern = next(p for cat, p, *_ in DENSITY_RANGES if cat == "concrete")
    return re.search(pattern, (m.name or "").lower()) is not None


def _reinforced(name: str) -> bool:
    n = name.lower()
    return any(k in n for k in ("reinforced", "stahlbeton", "钢筋", " rc ", "rc "))


def _concrete_mix(b: Building, mix: str, report: ChangeReport) -> None:
    """Rename every concrete material to the chosen mix (``Reinforced`` kept so the rebar is still added)."""
    target = material_choices()["concrete"][mix].material_name
    seen: dict[int, Material] = {}
    changed = []
    for e in b.elements:
        hit = False
        for m in e.materials:
            if _is_concrete(m) and id(m) not in seen:
                m.name = ("Reinforced " + target[0].lower() + target[1:]) if _reinforced(m.name) else target
                m.category = None
                seen[id(m)] = m
            hit = hit or id(m) in seen
        if hit:
            changed.append(e.global_id)
    report.add("concrete_mix", mix, changed, f"concrete materials renamed to the mix {target!r}")


def _steel_route(b: Building, route: str, report: ChangeReport) -> None:
    """Rename every structural steel material to the chosen route's (the factor library picks its factor by tag)."""
    from .options import is_structural_steel, steel_elements

    target = material_choices()["steel"][route].material_name
    elements = steel_elements(b)
    for m in {id(m): m for e in elements for m in e.materials if is_structural_steel(m.name)}.values():
        m.name, m.category = target, None
    report.add("steel_route", route, _ids_of(elements), f"structural steel materials renamed {target!r}")


def _ids_of(elements) -> list[str]:
    return [e.global_id for e in elements]


def _upper_floors_clt(b: Building, report: ChangeReport) -> None:
    from .options import _structure_options

    ids = next(o.applies_to["elements"] for o in _structure_options(b) if o.id == "upper_floor_structure")
    clt = Material(name=material_choices()["timber"]["clt"].material_name)
    for gid in ids:
        e = b.element(gid)
        for layer in e.construction.layers:
            if _is_concrete(layer.material):
                layer.material = clt
        _refresh(e, e.construction.thickness_m)
    report.add("upper_floor_structure", "clt", ids, "concrete layers of the upper floors replaced by CLT (same thickness)")


# --- windows ---------------------------------------------------------------------------------------------------
def _glazing(b: Building, orientation: str, key: str, report: ChangeReport) -> None:
    g = glazing_choices()[key]
    windows = windows_facing(b, orientation)
    for w in windows:
        w.u_value_w_m2k = w.thermal_transmittance_w_m2k = g["u_w_m2k"]
        w.g_value, w.visible_transmittance = g["g"], g["visible_transmittance"]
        w.glazing_fraction = g["glazing_fraction"]
    report.add(f"glazing_type_{orientation}", key, [w.global_id for w in windows],
               f"U {g['u_w_m2k']} W/m2K, g {g['g']}, tau_v {g['visible_transmittance']}, glazed fraction "
               f"{g['glazing_fraction']:.2f}")


def _window_to_wall(b: Building, orientation: str, target: float, report: ChangeReport) -> None:
    current = window_to_wall_ratio(b, orientation)
    scale = target / current
    changed = []
    walls = {w.global_id: w for w in walls_facing(b, orientation)}
    walls.update({e.global_id: e for e in b.elements if e.kind in ("wall", "curtain_wall")})
    hosted: dict[str, float] = {}
    for w in windows_facing(b, orientation):
        old = w.area_m2
        new = old * scale
        host = walls.get(w.host_id) if w.host_id else None
        if w.width_m is not None:
            w.width_m *= scale
            if host is not None:
                hosted[host.global_id] = hosted.get(host.global_id, 0.0) + w.width_m
        q = w.quantities
        for name in ("gross_area_m2", "net_area_m2", "width_m"):
            if getattr(q, name) is not None:
                setattr(q, name, getattr(q, name) * scale)
        changed.append(w.global_id)
        if host is not None:
            _shrink_wall(host, new - old)
            changed.append(host.global_id)
    for gid, width in hosted.items():
        length = walls[gid].quantities.length_m
        if length and width > length:
            raise DesignOptionError(f"option 'wwr_{orientation}' = {target}: the windows of wall {gid} "
                                    f"({walls[gid].name!r}) would be {width:.2f} m wide in all, wider than the wall "
                                    f"({length:.2f} m); choose a lower ratio")
    report.add(f"wwr_{orientation}", target, sorted(set(changed)),
               f"windows scaled in width by {scale:.4f} (ratio {current:.4f} -> {target}); host walls' net area and "
               "volume adjusted")


def _shrink_wall(wall: Element, added_window_m2: float) -> None:
    """Remove ``added_window_m2`` of wall (net side area, and volume at the wall's thickness)."""
    from ..ifc.materials import take_off

    q = wall.quantities
    thickness = (wall.construction.thickness_m if wall.construction is not None else None) or q.thickness_m
    if q.net_side_area_m2 is not None:
        q.net_side_area_m2 = max(q.net_side_area_m2 - added_window_m2, 0.0)
    if q.net_volume_m3 is not None and thickness:
        q.net_volume_m3 = max(q.net_volume_m3 - added_window_m2 * thickness, 0.0)
    if wall.material_quantities:
        wall.material_quantities = take_off(wall, Diagnostics())


def energy_options_for(changes: Mapping[str, Any], base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The :class:`~bldgagent.energy.options.EnergyOptions` fields of the energy-model options in ``changes``
    (shading -> ``windows``, per orientation -> ``windows["S"]``..., airtightness and heat recovery -> ``overrides``,
    systems, PV area -> ``pv``, night ventilation and openable share -> ``natural_ventilation``), on top of ``base``
    (a dict of EnergyOptions fields)."""
    out = {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in dict(base or {}).items()}
    windows = dict(out.get("windows") or {})
    if "shading_overhang_depth_m" in changes:
        windows["overhang_depth_m"] = float(changes["shading_overhang_depth_m"])
    if "shading_factor" in changes:
        windows["shading_factor"] = float(changes["shading_factor"])
    for o in "NESW":
        oriented = _oriented_shading(changes, o, windows.get(o))
        if oriented:
            windows[o] = oriented
    if windows:
        out["windows"] = windows
    ventilation = _window_operation(changes, out.get("natural_ventilation"))
    if ventilation:
        out["natural_ventilation"] = ventilation
    overrides = dict(out.get("overrides") or {})
    if "infiltration_ach" in changes:
        overrides["infiltration_ach"] = float(changes["infiltration_ach"])
    if "heat_recovery_efficiency" in changes:
        overrides["heat_recovery_efficiency"] = float(changes["heat_recovery_efficiency"])
    if overrides:
        out["overrides"] = overrides
    systems = dict(out.get("systems") or {}) if isinstance(out.get("systems"), Mapping) else {}
    for use in ("heating", "cooling"):
        if changes.get(f"{use}_system") is not None:
            systems[use] = changes[f"{use}_system"]
    if systems:
        out["systems"] = systems
    if changes.get("pv_area_m2"):
        out["pv"] = dict(out.get("pv") or {}, area_m2=float(changes["pv_area_m2"]))
    return out


def _oriented_shading(changes: Mapping[str, Any], o: str, base: Mapping[str, Any] | None) -> dict[str, Any]:
    """The window fields of the per-orientation shading options for orientation ``o``: an overhang, fins on both
    sides at the window's edges reaching its top (offset 0, nothing above), a shading factor."""
    out = dict(base or {})
    if f"shading_overhang_depth_m_{o}" in changes:
        out["overhang_depth_m"] = float(changes[f"shading_overhang_depth_m_{o}"])
    if f"shading_fin_depth_m_{o}" in changes:
        depth = float(changes[f"shading_fin_depth_m_{o}"])
        out.update(fin_left_depth_m=depth, fin_right_depth_m=depth, fin_offset_m=0.0, fin_above_m=0.0)
    if f"shading_factor_{o}" in changes:
        out["shading_factor"] = float(changes[f"shading_factor_{o}"])
    return out


def _window_operation(changes: Mapping[str, Any], base: Any) -> dict[str, Any]:
    """The ``natural_ventilation`` window parameters of the night-ventilation and openable-share options."""
    out = dict(base) if isinstance(base, Mapping) else {}
    if "night_ventilation" in changes:
        out["night_ventilation"] = changes["night_ventilation"] == "night_purge"
    if "openable_fraction" in changes:
        out["openable_fraction"] = float(changes["openable_fraction"])
    return out
