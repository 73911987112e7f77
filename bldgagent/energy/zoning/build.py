"""The entry point: :func:`zones_from_building`, zones per room, per storey or per usage and storey."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from ...errors import InputValueError, ModelContentError, NoZonesError
from ...model import ORIENTATIONS, Building, Diagnostics, Space
from ...usage import USAGE_CATEGORIES, UsageInference, infer_unknown_usage, usage_category
from ..glazing import window_type
from ..profiles import hourly_index
from ..thermal import SurfaceSpec, ZoneSpec
from .assign import _assign, _is_window, _Part
from .defaults import *  # noqa: F401,F403
from .envelope import _build_envelope, _zone_windows
from .layers import _Constructions
from .location import locate
from .shared import shared_elements, zone_outlines
from .operation import _check_fields, _check_overrides, _op_for, _Profiles
from .records import ZoneRecord, Zoning


def _check_windows(windows) -> dict:
    """The ``windows`` fields, with per-orientation field dicts under N/E/S/W (the design layer's shading per facade)."""
    windows = _check_fields(windows, _WINDOW_FIELDS + ORIENTATIONS, "windows")
    for o in ORIENTATIONS:
        if o in windows:
            windows[o] = _check_fields(windows[o], _WINDOW_FIELDS, f"windows[{o!r}]")
    return windows


def zones_from_building(
    building: Building,
    *,
    zoning: str = "space",
    index: pd.DatetimeIndex | None = None,
    weather=None,
    standard: str = "auto",
    country: str | None = None,
    climate_zone: str | None = None,
    usage: str | None = None,
    fallback_usage: str | None = None,
    free_running: bool = False,
    overrides: Mapping[str, Any] | None = None,
    zone_overrides: Mapping[str, Mapping[str, Any]] | None = None,
    surfaces: Mapping[str, Mapping[str, Any]] | None = None,
    windows: Mapping[str, Any] | None = None,
    window_defaults: Mapping[str, Any] | None = None,
    profile_overrides: Mapping[str, Any] | None = None,
    spaces: Sequence[str] | None = None,
    merge_surfaces: bool = True,
    couple_zones: bool = True,
    split_floors: bool = True,
) -> Zoning:
    """Thermal zones of ``building`` (see the module docstring for the rules).

    Parameters
    ----------
    zoning : ``"space"``, ``"storey"`` or ``"usage_storey"``.
    index : hour-ending timestamps of the year (default: the weather's, else 2023 without time zone).
    weather : a :class:`~bldgagent.climate.Weather`, used for the index and, without a site location, the place.
    standard, country, climate_zone : profile standard (``"auto"``: ``"cn"`` in China, ``"en16798"`` elsewhere),
        country and GB 50176 climate zone (default: nearest packaged place to the site).
    usage : force one usage category for every room; ``fallback_usage`` for rooms of unknown usage (default: the
        building's dominant usage, :func:`bldgagent.usage.infer_unknown_usage`, as the health engine does).
    free_running : no heating or cooling (set-points off) in any zone.
    overrides : ZoneSpec fields for every zone (e.g. ``{"internal_gains_w": 200, "infiltration_ach": 0.5}``);
        ``zone_overrides``: ``{zone name: {...}}``.
    surfaces : SurfaceSpec fields by role (``wall``, ``roof``, ``ground_floor``, ``exposed_floor``, ``door``,
        ``partition``, ``internal_floor``, ``all``), e.g. ``{"ground_floor": {"boundary": "outdoor"}}``.
    windows : WindowSpec fields forced on every window; ``window_defaults`` fill only what the file lacks.
    profile_overrides : UsageProfile fields for every room (e.g. ``{"equipment_w_m2": 10}``).
    spaces : GlobalIds of the rooms to zone (default: all except ``outdoor`` ones).
    merge_surfaces : merge identical surfaces (same construction, boundary, orientation) of a zone: exact, faster.
    couple_zones : partitions and floors shared by two zones become one coupled construction (``boundary="zone"``,
        :mod:`.shared`) instead of two adiabatic halves; simulate the zones together to use it.
    split_floors : with ``couple_zones``, also couple a floor slab shared by several rooms on each side, every room
        above with the rooms below it (plan overlap of the rooms' outlines, else split by area; :mod:`.shared`).
        On by default (issue 12); ``False``: such a slab is left as each zone's adiabatic half (the rule before).

    Returns a :class:`Zoning` (iterable of :class:`ZoneSpec`). Raises :class:`ModelContentError` when the building
    has no floor area or no envelope, :class:`InputValueError` for unknown or non-physical overrides.
    """
    if zoning not in ZONINGS:
        raise InputValueError(f"zoning={zoning!r}: use one of {', '.join(ZONINGS)}")
    overrides = _check_overrides(overrides or {}, "overrides")
    zone_overrides = {str(k): _check_overrides(v, f"zone_overrides[{k!r}]") for k, v in dict(zone_overrides or {}).items()}
    plan = plan_zones(building, zoning=zoning, index=index, weather=weather, standard=standard, country=country,
                      climate_zone=climate_zone, usage=usage, fallback_usage=fallback_usage, surfaces=surfaces,
                      profile_overrides=profile_overrides, spaces=spaces, merge_surfaces=merge_surfaces,
                      couple_zones=couple_zones, split_floors=split_floors, windows=windows,
                      window_defaults=window_defaults)
    return plan.zoning(windows=windows, window_defaults=window_defaults, overrides=overrides,
                       zone_overrides=zone_overrides, free_running=free_running)


@dataclass
class ZonePlan:
    """The zones of a building before the fields a design variant changes most are applied: the window fields
    (``windows``, ``window_defaults``) and the zone inputs (``overrides``, ``zone_overrides``, ``free_running``).
    :meth:`zoning` applies them; :func:`zones_from_building` is :func:`plan_zones` then :meth:`zoning`, so a plan
    kept by a variant loop gives the same zones as zoning each variant afresh, without re-reading the model.
    The plan's hourly loads are shared (read-only) by every zoning made from it."""

    zones: list[ZoneSpec]           # without windows
    records: list[ZoneRecord]       # without window records
    window_parts: list[list]        # per zone: its window parts (envelope._WindowPart)
    loads: dict[str, np.ndarray]
    index: pd.DatetimeIndex
    coverage: dict[str, dict[str, float]]
    location: Any
    zoning_kind: str
    diagnostics: list
    merge: bool
    source: str

    def zoning(self, *, windows: Mapping[str, Any] | None = None, window_defaults: Mapping[str, Any] | None = None,
               overrides: Mapping[str, Any] | None = None,
               zone_overrides: Mapping[str, Mapping[str, Any]] | None = None, free_running: bool = False) -> Zoning:
        """The :class:`Zoning` of the plan with these window fields and zone inputs (as
        :func:`zones_from_building`)."""
        windows = _check_windows(windows)
        window_defaults = _check_window_defaults(window_defaults, windows)
        overrides = _check_overrides(overrides or {}, "overrides")
        zone_overrides = {str(k): _check_overrides(v, f"zone_overrides[{k!r}]")
                          for k, v in dict(zone_overrides or {}).items()}
        diagnostics = Diagnostics(self.diagnostics)
        zs, recs = [], []
        for z, r, parts in zip(self.zones, self.records, self.window_parts):
            w, wrec = _zone_windows(parts, windows, window_defaults, self.merge)
            zs.append(replace(z, windows=w))
            recs.append(replace(r, windows=wrec, sources=dict(r.sources)))
        _apply_overrides(zs, recs, overrides, zone_overrides, free_running, diagnostics)
        _check_coverage(self.source, self.coverage, diagnostics)
        return Zoning(zs, recs, self.loads, self.index, self.coverage, self.location, self.zoning_kind, diagnostics)


def plan_zones(building: Building, *, zoning: str = "space", index: pd.DatetimeIndex | None = None, weather=None,
               standard: str = "auto", country: str | None = None, climate_zone: str | None = None,
               usage: str | None = None, fallback_usage: str | None = None,
               surfaces: Mapping[str, Mapping[str, Any]] | None = None,
               profile_overrides: Mapping[str, Any] | None = None, spaces: Sequence[str] | None = None,
               merge_surfaces: bool = True, couple_zones: bool = True, split_floors: bool = True,
               windows: Mapping[str, Any] | None = None, window_defaults: Mapping[str, Any] | None = None) -> ZonePlan:
    """The :class:`ZonePlan` of ``building`` (arguments as :func:`zones_from_building`; ``windows`` and
    ``window_defaults`` are only checked here, :meth:`ZonePlan.zoning` applies them)."""
    if zoning not in ZONINGS:
        raise InputValueError(f"zoning={zoning!r}: use one of {', '.join(ZONINGS)}")
    surfaces = dict(surfaces or {})
    for role, vals in surfaces.items():
        if role not in SURFACE_ROLES:
            raise InputValueError(f"surfaces: unknown role {role!r}; roles: {', '.join(SURFACE_ROLES)}")
        _check_fields(vals, _SURFACE_FIELDS, f"surfaces[{role!r}]")
    _check_window_defaults(window_defaults, _check_windows(windows))
    diagnostics = Diagnostics()
    if index is None:
        index = weather.data.index if weather is not None else hourly_index(2023)
    location = _location(building, weather, country, climate_zone, diagnostics)
    if fallback_usage is None:
        inferred = infer_unknown_usage(building.spaces)
    else:
        usage_category(fallback_usage)
        inferred = UsageInference(fallback_usage, "fallback_usage given")
    profiles = _Profiles(index, standard, location, inferred.usage, profile_overrides, diagnostics)
    if building.spaces:
        zs, recs, parts, loads, coverage = _zones_from_spaces(building, zoning, profiles, usage, spaces, diagnostics,
                                                              surfaces, merge_surfaces, inferred, couple_zones,
                                                              split_floors)
    else:
        zs, recs, parts, loads, coverage = _zones_from_storeys(building, profiles, usage or inferred.usage,
                                                               diagnostics, surfaces, merge_surfaces)
        zoning = "storey"
    source = str(building.source_path or building.name)
    if not zs:
        raise NoZonesError(f"{source}: no zone could be formed (no room or storey "
                                "with a floor area and an envelope); check the diagnostics of load() and the model's "
                                "spaces (IfcSpace with quantities or geometry)")
    return ZonePlan(zs, recs, parts, loads, index, coverage, location, zoning, list(diagnostics), merge_surfaces,
                    source)


def _check_window_defaults(window_defaults, windows: dict) -> dict:
    """The ``window_defaults`` fields, checked; the glazing types of both named are known (InputValueError)."""
    window_defaults = _check_fields(window_defaults, _WINDOW_FIELDS, "window_defaults")
    if "glazing" in window_defaults:
        window_type(window_defaults["glazing"])
    if "glazing" in windows:
        window_type(windows["glazing"])
    return window_defaults


def _apply_overrides(zs: list, recs: list, overrides: dict, zone_overrides: dict, free_running: bool,
                     diagnostics: Diagnostics) -> None:
    """Put the zone inputs of ``overrides`` (every zone) and ``zone_overrides`` (by name) into ``zs`` (and
    ``free_running``: no set-points), with their sources in the records ``recs``; InputValueError for an unknown
    zone name."""
    names = {z.name for z in zs}
    unknown = [k for k in zone_overrides if k not in names]
    if unknown:
        raise InputValueError(f"zone_overrides names unknown zone(s) {unknown}; zones: {sorted(names)}")
    for i, (z, r) in enumerate(zip(zs, recs)):
        ov = {**overrides, **zone_overrides.get(z.name, {})}
        for k in ov:
            r.sources[k] = "override"
        if free_running:
            for k in ("heating_setpoint_c", "cooling_setpoint_c"):
                ov[k] = np.nan
                r.sources[k] = "free_running: no heating or cooling"
        if ov:
            zs[i] = replace(z, **ov)
            r.conditioned = bool(np.isfinite(np.asarray(zs[i].heating_setpoint_c, float)).any()
                                 or np.isfinite(np.asarray(zs[i].cooling_setpoint_c, float)).any())
        if "internal_gains_w" in ov:
            diagnostics.add("info", "gains_overridden", "internal gains overridden: lighting and equipment "
                            "electricity still follow the usage profile", z.name)


def _check_coverage(source: str, coverage: dict, diagnostics: Diagnostics) -> None:
    """Say how much of the envelope the zones carry; refuse a building with no envelope (ModelContentError)."""
    for k, v in coverage.items():
        if k == "ground_floor" and v["total_m2"] > 0 and v["share"] < 0.999:
            diagnostics.add("info", "ground_floor_coverage",
                            f"ground floors: the rooms' floor areas ({v['assigned_m2']:.1f} m2) are modelled of "
                            f"{v['total_m2']:.1f} m2 of slab; the rest lies under walls or unzoned rooms")
        elif v["total_m2"] > 0 and v["share"] < 0.999:
            diagnostics.add("warning", "envelope_coverage",
                            f"{v['share'] * 100:.1f} % of the external {k.replace('_', ' ')} area "
                            f"({v['assigned_m2']:.1f} of {v['total_m2']:.1f} m2) is assigned to a zone; see the "
                            "other diagnostics for the rest")
    if all(v["total_m2"] == 0 for k, v in coverage.items() if k != "ground_floor"):
        raise NoZonesError(f"{source}: no external walls, windows or roofs: the "
                                "building has no envelope to simulate (check IsExternal in the walls' Pset_WallCommon "
                                "or the spaces' geometry)")


def _location(building, weather, country, climate_zone, diagnostics: Diagnostics):
    """:func:`locate` the building, with diagnostics on where profiles and the grid come from."""
    location = locate(building, weather, country=country, climate_zone=climate_zone)
    if "IfcSite is" in location.source:
        diagnostics.add("info", "location_from_weather",
                        f"usage profiles follow the weather's location ({location.place}, "
                        f"{location.climate_zone or location.country}): {location.source}; the B6 grid follows "
                        f"the site's country ({location.site_country})")
    _grid_diagnostic(location, diagnostics)
    if location.country is None:
        diagnostics.add("warning", "location_unknown", "the site has no location and no weather was given: "
                        "EN 16798-1 profiles used; pass country= or a weather")
    return location


def _grid_diagnostic(location, diagnostics: Diagnostics) -> None:
    """A warning when the site's country has no packaged grid factor (the default grid is then a fallback)."""
    from ..assess import grid_choice

    if location.site_country is None and location.country is None:
        return
    choice = grid_choice(location)
    if choice.warning:
        diagnostics.add("warning", "grid_fallback", f"B6 default grid {choice.region}: {choice.warning} (site's "
                        f"country from {location.site_country_source})")


def _zone_name(labels: list[str], used: set[str]) -> str:
    name = labels[0] if len(labels) == 1 else labels[0]
    base, k = name, 2
    while name in used:
        name = f"{base} ({k})"
        k += 1
    used.add(name)
    return name


def _space_geometry(space: Space, building: Building, diagnostics: Diagnostics) -> tuple[float, float, float] | None:
    area = space.net_floor_area_m2 or space.gross_floor_area_m2
    if not area or area <= 0:
        diagnostics.add("warning", "space_without_area", "room without floor area: not zoned", space.label)
        return None
    height = space.height_m
    storey = next((s for s in building.storeys if s.global_id == space.storey_id), None)
    if not height and space.volume_m3:
        height = space.volume_m3 / area
    if not height:
        height = (storey.height_m if storey is not None and storey.height_m else 3.0)
        diagnostics.add("info", "space_height_default", f"room height unknown: {height:.2f} m (storey height or 3 m)",
                        space.label)
    volume = space.volume_m3 or area * height
    implied = volume / area
    if not (1.0 <= implied <= 50.0) or (space.height_m and abs(implied / space.height_m - 1.0) > 0.5):
        # e.g. a volume quantity exported in the wrong unit (LargeBuilding.ifc: 1000 x area x height)
        diagnostics.add("warning", "space_volume_inconsistent",
                        f"volume {volume:.1f} m3 implies a room height of {implied:.2f} m against {height:.2f} m: "
                        f"area x height = {area * height:.1f} m3 used", space.label)
        volume = area * height
    return float(area), float(volume), float(height)


def _zones_from_spaces(building, zoning, profiles, usage, only, diagnostics, surf_ov, merge,
                       inferred: UsageInference, couple: bool = True, split_floors: bool = True):
    spaces = [s for s in building.spaces if (only is None or s.global_id in set(only))]
    if only is not None and len(spaces) != len(set(only)):
        missing = set(only) - {s.global_id for s in spaces}
        raise InputValueError(f"spaces: unknown GlobalId(s) {sorted(missing)}")
    kept = []
    for s in spaces:
        if usage is None and s.usage == "unknown":
            diagnostics.add("info", "room_usage_inferred", inferred.message(), s.label)
            s = replace(s, usage=inferred.usage)
        if (usage or s.usage) == "outdoor":
            diagnostics.add("info", "space_outdoor", "outdoor space (balcony, terrace): not a thermal zone", s.label)
            continue
        geo = _space_geometry(s, building, diagnostics)
        if geo is not None:
            kept.append((s, geo))
    if not kept:
        raise ModelContentError(f"{building.source_path or building.name}: no room has a floor area: energy needs "
                                "IfcSpace with Qto_SpaceBaseQuantities or geometry")
    parts, coverage = _assign(building, [s for s, _ in kept], diagnostics)
    storey_names = {st.global_id: st.name for st in building.storeys}
    groups: dict[Any, list] = defaultdict(list)
    for s, geo in kept:
        if zoning == "space":
            key = s.global_id
        elif zoning == "storey":
            key = s.storey_id
        else:
            u = usage or s.usage
            key = (s.storey_id, USAGE_CATEGORIES[u].profile_usage if u in USAGE_CATEGORIES else u)
        groups[key].append((s, geo))
    cons = _Constructions(diagnostics, profiles.location)
    zones, records, window_parts = [], [], []
    n_h = len(profiles.index)
    loads = {k: [] for k in ("lighting_w", "equipment_w", "dhw_w", "mechanical_ventilation_m3_h", "latent_w",
                             "internal_gains_w", "people")}
    used: set[str] = set()
    names = {}
    for key, members in groups.items():
        if zoning == "space":
            labels = [members[0][0].label]
        else:
            st = members[0][0].storey_id
            labels = [f"{storey_names.get(st) or 'storey'}" + ("" if zoning == "storey" else f" {key[1]}")]
        names[key] = _zone_name(labels, used)
    # partitions and floors shared by two zones (space boundaries; zoning/shared.py)
    shared = shared_elements({names[key]: [p for s, _ in members for p in parts.get(s.global_id, [])]
                              for key, members in groups.items()},
                             zone_outlines({names[key]: [s for s, _ in members] for key, members in groups.items()})
                             if split_floors else None, split_floors) if couple else {}
    for key, members in groups.items():
        ids = {s.global_id for s, _ in members}
        ops = [(_op_for(s, geo[0], geo[2], profiles, usage), s, geo) for s, geo in members]
        area = sum(geo[0] for _, geo in members)
        volume = sum(geo[1] for _, geo in members)
        name = names[key]
        # envelope: gather parts; elements bounding rooms inside this zone only are internal
        plist = [p for s, _ in members for p in parts.get(s.global_id, [])]
        surfaces, wparts, srec = _build_envelope(name, plist, ids, building, cons, surf_ov, merge, diagnostics,
                                                 shared=shared)
        if not surfaces and not wparts:
            diagnostics.add("warning", "zone_without_envelope", "no envelope element bounds this zone: it is "
                            "simulated with its internal mass only", name)
            surfaces = [SurfaceSpec("adiabatic floor", area, DEFAULT_LAYERS["floor"], "adiabatic", 180.0, 0.0)]
        # operation: sums over the rooms; set-points of the largest conditioned room
        gains = sum(o.sensible_w for o, _, _ in ops)
        rad = sum(o.radiative_w for o, _, _ in ops)
        rad_frac = float(rad.sum() / gains.sum()) if gains.sum() > 0 else 0.5
        cond = [(geo[0], o) for o, _, geo in ops if np.isfinite(o.heat_sp).any() or np.isfinite(o.cool_sp).any()]
        lead = max(cond, key=lambda t: t[0])[1] if cond else ops[0][0]
        ach = sum(o.ach * geo[1] for o, _, geo in ops) / volume
        mech = sum(o.mech_m3_h for o, _, _ in ops)
        zone = ZoneSpec(
            name=name, floor_area_m2=area, volume_m3=volume, surfaces=surfaces, windows=[],
            infiltration_ach=ach, ventilation_m3_h=mech, heat_recovery_efficiency=0.0, internal_gains_w=gains,
            internal_radiative_fraction=min(1.0, max(0.0, rad_frac)), heating_setpoint_c=lead.heat_sp,
            cooling_setpoint_c=lead.cool_sp,
        )
        zones.append(zone)
        window_parts.append(wparts)
        usages = sorted({o.profile.usage for o, _, _ in ops})
        prof = "; ".join(sorted({f"{o.profile.standard}:{o.profile.usage}" + (f" ({o.profile.climate_zone})"
                                                                              if o.profile.climate_zone else "")
                                 for o, _, _ in ops}))
        st = members[0][0].storey_id
        records.append(ZoneRecord(
            name=name, space_ids=[s.global_id for s, _ in members], space_names=[s.label for s, _ in members],
            storey_id=st, storey_name=storey_names.get(st), usage=usages[0] if len(usages) == 1 else "mixed",
            profile=prof, floor_area_m2=area, volume_m3=volume, conditioned=bool(cond), surfaces=srec, windows=[],
            sources={
                "floor_area_m2": "; ".join(sorted({s.quantity_source.get("net_floor_area_m2", "quantities") for s, _ in members})),
                "internal_gains_w": f"usage profile {prof}: people + lighting + equipment sensible",
                "infiltration_ach": "; ".join(sorted({o.ach_source for o, _, _ in ops})),
                "ventilation_m3_h": "usage profile outdoor air (mechanical), no heat recovery",
                "setpoints": f"usage profile {lead.profile.standard}:{lead.profile.usage}"
                             + (" (largest conditioned room)" if len(ops) > 1 else ""),
            }))
        for k, attr in (("lighting_w", "lighting_w"), ("equipment_w", "equipment_w"), ("dhw_w", "dhw_w"),
                        ("latent_w", "latent_w"), ("people", "people")):
            loads[k].append(np.asarray(sum(getattr(o, attr) for o, _, _ in ops), dtype=float).reshape(n_h))
        loads["mechanical_ventilation_m3_h"].append(np.asarray(mech, dtype=float).reshape(n_h))
        loads["internal_gains_w"].append(np.asarray(gains, dtype=float).reshape(n_h))
    return zones, records, window_parts, _stack_loads(zones, loads), coverage


def _stack_loads(zones: list[ZoneSpec], loads: dict[str, list]) -> dict[str, np.ndarray]:
    """The per-zone hourly loads as ``(n_zones, n_hours)`` arrays; the zones' gains and mechanical ventilation become
    rows of them (the same values, held once: 70 kB per zone and array for a year)."""
    out = {k: np.vstack(v) for k, v in loads.items()}
    for i, z in enumerate(zones):
        z.internal_gains_w = out["internal_gains_w"][i]
        z.ventilation_m3_h = out["mechanical_ventilation_m3_h"][i]
    return out


# --------------------------------------------------------------------------------------------------------
# buildings without spaces: one zone per storey from its own elements
# --------------------------------------------------------------------------------------------------------
def _zones_from_storeys(building, profiles, usage, diagnostics, surf_ov, merge):
    diagnostics.add("warning", "no_spaces", "the model has no spaces: one zone per storey from the storey's "
                    "elements (floor area = storey gross floor area from its floor slabs)")
    if not building.storeys:
        raise ModelContentError(f"{building.source_path or building.name}: no spaces and no storeys: no floor area "
                                "to simulate; add IfcSpace or IfcBuildingStorey with floor slabs")
    cons = _Constructions(diagnostics, profiles.location)
    totals = {k: [0.0, 0.0] for k in ("external_wall", "window", "roof", "ground_floor")}
    zones, records, window_parts = [], [], []
    n_h = len(profiles.index)
    loads = {k: [] for k in ("lighting_w", "equipment_w", "dhw_w", "mechanical_ventilation_m3_h", "latent_w",
                             "internal_gains_w", "people")}
    top = building.storeys[-1].global_id
    used: set[str] = set()
    for e in building.elements:
        if e.is_aggregate or not e.area_m2:
            continue
        if e.is_external and (e.kind in _WALL_KINDS and not _is_window(e)):
            totals["external_wall"][1] += e.area_m2
        elif e.is_external and _is_window(e):
            totals["window"][1] += e.area_m2
        elif e.is_external and e.kind == "roof":
            totals["roof"][1] += e.area_m2
        elif e.is_ground_contact and e.kind in _FLOOR_KINDS:
            totals["ground_floor"][1] += e.area_m2
    for k_st, st in enumerate(building.storeys):
        area = st.gross_floor_area_m2 or 0.0
        if area <= 0:
            diagnostics.add("warning", "storey_without_area", "storey without floor slabs: not zoned",
                            f"IfcBuildingStorey '{st.name}'")
            continue
        height = st.height_m or 3.0
        space = Space(global_id=st.global_id, name=st.name, usage=usage, storey_id=st.global_id,
                      net_floor_area_m2=area, height_m=height)
        op = _op_for(space, area, height, profiles, usage)
        plist: list[_Part] = []
        for e in building.elements:
            if e.is_aggregate or not e.area_m2:
                continue
            mine = e.storey_id == st.global_id or (e.storey_id is None and e.kind == "roof" and st.global_id == top)
            if not mine:
                continue
            if e.is_external and _is_window(e):
                plist.append(_Part(e, "window", e.area_m2, "storey element"))
                totals["window"][0] += e.area_m2
            elif e.is_external and e.kind == "door":
                plist.append(_Part(e, "door", e.area_m2, "storey element"))
            elif e.kind in _WALL_KINDS:
                role = "wall" if e.is_external else "partition"
                plist.append(_Part(e, role, e.area_m2, "storey element"))
                if role == "wall":
                    totals["external_wall"][0] += e.area_m2
            elif e.kind == "roof" and e.is_external:
                facets = [(f.area_m2, f.tilt_deg, f.azimuth_deg) for f in e.facets] or [(e.area_m2, e.tilt_deg or 0.0, e.azimuth_deg or 180.0)]
                scale = e.area_m2 / sum(a for a, *_ in facets)
                plist.append(_Part(e, "roof", e.area_m2, "storey element", [(a * scale, t, az) for a, t, az in facets]))
                totals["roof"][0] += e.area_m2
            elif e.kind in _FLOOR_KINDS:
                if e.is_ground_contact:
                    plist.append(_Part(e, "ground_floor", e.area_m2, "storey element"))
                    totals["ground_floor"][0] += e.area_m2
                elif e.is_external:
                    plist.append(_Part(e, "exposed_floor", e.area_m2, "storey element"))
                else:
                    plist.append(_Part(e, "internal_floor", e.area_m2, "storey floor slab"))
        if k_st + 1 < len(building.storeys):  # the next storey's floor slab is this storey's ceiling
            above = building.storeys[k_st + 1].global_id
            for e in building.elements:
                if (not e.is_aggregate and e.area_m2 and e.storey_id == above and e.kind in _FLOOR_KINDS
                        and not e.is_external and not e.is_ground_contact):
                    plist.append(_Part(e, "ceiling", e.area_m2, "next storey's floor slab"))
        name = _zone_name([st.name or "storey"], used)
        surfaces, wparts, srec = _build_envelope(name, plist, {st.global_id}, building, cons, surf_ov, merge,
                                                 diagnostics, partitions_internal=True)
        if not surfaces and not wparts:
            diagnostics.add("warning", "zone_without_envelope", "storey without envelope elements: not zoned", name)
            used.discard(name)
            continue
        volume = area * height
        window_parts.append(wparts)
        zones.append(ZoneSpec(name=name, floor_area_m2=area, volume_m3=volume, surfaces=surfaces, windows=[],
                              infiltration_ach=op.ach, ventilation_m3_h=op.mech_m3_h, internal_gains_w=op.sensible_w,
                              internal_radiative_fraction=float(op.radiative_w.sum() / op.sensible_w.sum())
                              if op.sensible_w.sum() > 0 else 0.5,
                              heating_setpoint_c=op.heat_sp, cooling_setpoint_c=op.cool_sp))
        cond = bool(np.isfinite(op.heat_sp).any() or np.isfinite(op.cool_sp).any())
        records.append(ZoneRecord(name, [], [], st.global_id, st.name, op.profile.usage,
                                  f"{op.profile.standard}:{op.profile.usage}", area, volume, cond, srec, [],
                                  {"floor_area_m2": st.gross_floor_area_source or "storey",
                                   "volume_m3": "floor area x storey height", "usage": "fallback usage (no spaces)"}))
        for k, arr in (("lighting_w", op.lighting_w), ("equipment_w", op.equipment_w), ("dhw_w", op.dhw_w),
                       ("mechanical_ventilation_m3_h", op.mech_m3_h), ("latent_w", op.latent_w),
                       ("internal_gains_w", op.sensible_w), ("people", op.people)):
            loads[k].append(np.asarray(arr, dtype=float).reshape(n_h))
    coverage = {k: {"assigned_m2": round(a, 3), "total_m2": round(t, 3), "share": (min(1.0, a / t) if t > 0 else 1.0)}
                for k, (a, t) in totals.items()}
    if not zones:
        return [], [], [], {}, coverage
    return zones, records, window_parts, {k: np.vstack(v) for k, v in loads.items()}, coverage
