"""Thermal zones from the building model: :func:`zones_from_building` turns a :class:`~bldgagent.model.Building`
into :class:`~bldgagent.energy.thermal.ZoneSpec` objects, with a record of where every input came from.

Zoning (``zoning=``):

- ``"space"`` (default): one zone per room (``Space``); ``"storey"``: one zone per storey (its rooms merged);
  ``"usage_storey"``: per storey and usage group (the category's profile usage, e.g. all dwelling rooms).
- A building without spaces gets one zone per storey built from the storey's own elements (floor area from its
  floor slabs, the storey's gross area; volume = area x storey height).

Envelope rules (docs/energy.md, "Zoning rules"):

- **External walls** are split among the rooms that bound them (``Space.bounding_ids``) in proportion to each
  room's outline length facing the wall's azimuth (edges of ``Space.footprint`` whose outward normal lies within
  30 degrees of it); without footprints, in proportion to ``Space.boundary_shares``; without those, equally. The
  whole element area is assigned, never more. A wall that bounds no room goes to the rooms of its storey whose
  outline faces its azimuth (same weights), else it is reported unassigned.
- **Windows and doors** belong to the room(s) they bound (area split equally if several), else to the room of
  their host wall with the largest share, else the storey facade rule. U, g and frame fraction (1 - glazing
  fraction) come from the file; missing ones from the glazing type (``window_defaults``, default
  ``"double_clear"``: ASHRAE Fundamentals 2017 ch. 15). Doors are opaque (U from the file, default 2.0 W/m2K,
  estimate) unless their glazing fraction is at least 0.3 (then a window).
- **Roofs**: ``boundary_shares`` x roof area, split into the roof's facets (tilt/azimuth) pro rata.
- **Ground floors** (``is_ground_contact``): the room's own floor area, boundary ``"ground"`` (engine's soil
  model); exposed floors over outdoor air: the room's floor area, outdoor, not sunlit.
- **Internal partitions and floors** between two zones: each zone gets the half of the construction on its side
  with an adiabatic mid-plane (the zones are thermally independent; each keeps its share of the mass); inside one
  zone (storey zoning): both faces in the zone (``"internal"``), the element's area once.
- Constructions: layers outside -> inside from :func:`bldgagent.energy.constructions.construction_layers`; a
  single-material element becomes one layer of its thickness; without layers, the element's
  ``ThermalTransmittance`` as a massless layer; without anything, a default build-up (:data:`DEFAULT_LAYERS`,
  estimate), always with a diagnostic.

Operation: per room from its usage profile (:func:`bldgagent.energy.profiles.usage_profile`): standard ``"cn"``
for sites in China (climate zone from the nearest packaged place), ``"en16798"`` elsewhere. Sensible gains
(people + lighting + equipment), set-points (NaN = off), mechanical outdoor air, and infiltration: the profile's
air-change rate where it gives one (Chinese dwellings: it is the whole outdoor-air change), else
:data:`DEFAULT_INFILTRATION_ACH`. Every input can be overridden (``overrides``, ``zone_overrides``, ``surfaces``,
``windows``, ``profile_overrides``).
"""
from __future__ import annotations

import html
import math
from collections import defaultdict
from dataclasses import dataclass, field, fields, replace
from typing import Any, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import BldgAgentError, InputValueError, ModelContentError
from ..model import Building, Construction, Diagnostics, Element, Layer, Opening, Space
from ..usage import USAGE_CATEGORIES
from .constructions import R_SE, R_SI, construction_layers
from .glazing import window_type
from .profiles import UsageProfile, hourly_index, usage_profile
from .thermal import SurfaceSpec, WindowSpec, ZoneSpec

__all__ = [
    "ZONINGS", "DEFAULT_INFILTRATION_ACH", "DEFAULT_LAYERS", "DEFAULT_DOOR_U_W_M2K", "Location", "ZoneRecord",
    "Zoning", "locate", "zones_from_building",
]

ZONINGS = ("space", "storey", "usage_storey")

#: Infiltration where the profile gives no air-change rate, 1/h: n50 = 3 1/h (the airtightness required of
#: buildings without mechanical ventilation, DIN 4108-7 / GEG 2020 s. 26) divided by 20 (Sherman M, 1987,
#: "Estimation of infiltration from leakage and climate indicators", Energy and Buildings 10: 81-86).
DEFAULT_INFILTRATION_ACH = 0.15
#: Opaque door U-value when the file gives none, W/(m2 K) (estimate: insulated external door).
DEFAULT_DOOR_U_W_M2K = 2.0
#: Glazing type for windows lacking U/g (ASHRAE Handbook - Fundamentals 2017 ch. 15, double clear).
DEFAULT_WINDOW_TYPE = "double_clear"
#: Default build-ups (outside -> inside: thickness m, conductivity W/mK, density kg/m3, specific heat J/kgK) for
#: elements without layers or U-value; properties from ISO 10456:2007 Table 3 (concrete 2.0/2400/1000, EPS
#: 0.035/20/1450, gypsum plaster 0.43/1200/1000, screed 1.4/2000/1000). Estimates, always reported.
DEFAULT_LAYERS: dict[str, list[tuple[float, float, float, float]]] = {
    "wall": [(0.08, 0.035, 20.0, 1450.0), (0.20, 2.0, 2400.0, 1000.0), (0.015, 0.43, 1200.0, 1000.0)],
    "roof": [(0.12, 0.035, 20.0, 1450.0), (0.20, 2.0, 2400.0, 1000.0)],
    "ground_floor": [(0.20, 2.0, 2400.0, 1000.0), (0.06, 0.035, 20.0, 1450.0), (0.05, 1.4, 2000.0, 1000.0)],
    "floor": [(0.20, 2.0, 2400.0, 1000.0), (0.05, 1.4, 2000.0, 1000.0)],
    "partition": [(0.015, 0.43, 1200.0, 1000.0), (0.10, 0.8, 1800.0, 1000.0), (0.015, 0.43, 1200.0, 1000.0)],
}
#: Outline edges within this angle (degrees) of a wall's azimuth face it.
FACADE_TOLERANCE_DEG = 30.0
#: ZoneSpec fields an override may set.
ZONE_FIELDS = tuple(f.name for f in fields(ZoneSpec) if f.name not in ("name", "surfaces", "windows"))
SURFACE_ROLES = ("wall", "roof", "ground_floor", "exposed_floor", "door", "partition", "internal_floor", "all")
_SURFACE_FIELDS = tuple(f.name for f in fields(SurfaceSpec) if f.name not in ("name", "area_m2", "layers"))
_WINDOW_FIELDS = tuple(f.name for f in fields(WindowSpec) if f.name not in ("name", "area_m2"))
_WALL_KINDS = ("wall", "curtain_wall", "plate")
_FLOOR_KINDS = ("slab", "floor")


# --------------------------------------------------------------------------------------------------------
# location: region, country, climate zone
# --------------------------------------------------------------------------------------------------------
@dataclass
class Location:
    """Where the building is, as far as profiles and grids need: ``country`` (ISO 3166 alpha-3 of the nearest
    packaged place), ``climate_zone`` (GB 50176-2016 zone for China), ``place`` (nearest packaged place),
    ``distance_km`` and ``source`` (site / weather / given)."""

    latitude_deg: float | None = None
    longitude_deg: float | None = None
    country: str | None = None
    climate_zone: str | None = None
    place: str | None = None
    distance_km: float | None = None
    source: str = "unknown"

    @property
    def region(self) -> str:
        """``"cn"`` for China, ``"eu"`` otherwise (the systems/profiles families)."""
        return "cn" if (self.country or "").upper() in ("CHN", "CN", "CHINA") else "eu"

    def to_dict(self) -> dict[str, Any]:
        return {**{k: v for k, v in self.__dict__.items()}, "region": self.region}


def locate(building: Building | None = None, weather=None, *, country: str | None = None,
           climate_zone: str | None = None) -> Location:
    """Country and climate zone of a building: from its site's latitude/longitude (else the weather's) through
    the nearest packaged place (:func:`bldgagent.climate.nearest_place`); ``country``/``climate_zone`` win.

    When the weather year lies more than 100 km from the site, the building is being assessed in that climate
    (e.g. a design studied in Harbin), so the weather's location decides the usage profiles and the grid."""
    from ..climate import nearest_place
    from ..climate.normals import great_circle_km

    lat = lon = None
    source = "unknown"
    site = building.site if building is not None else None
    has_site = site is not None and site.latitude_deg is not None and site.longitude_deg is not None
    has_weather = weather is not None and getattr(weather, "latitude_deg", None) is not None
    if has_site:
        lat, lon, source = site.latitude_deg, site.longitude_deg, "site"
    if has_weather:
        away = great_circle_km(weather.latitude_deg, weather.longitude_deg, lat, lon) if has_site else None
        if not has_site or away > 100.0:
            lat, lon = weather.latitude_deg, weather.longitude_deg
            source = "weather" if not has_site else f"weather (the IfcSite is {away:.0f} km away)"
    loc = Location(lat, lon, source=source)
    if lat is not None:
        place, dist = nearest_place(lat, lon)
        loc.country, loc.climate_zone, loc.place, loc.distance_km = place.country, place.climate_zone, place.name, dist
    if country is not None:
        loc.country, loc.source = str(country), loc.source + "; country given"
    if climate_zone is not None:
        loc.climate_zone = str(climate_zone)
    return loc


# --------------------------------------------------------------------------------------------------------
# records
# --------------------------------------------------------------------------------------------------------
@dataclass
class ZoneRecord:
    """What a zone is made of and where each input came from (JSON-ready via :meth:`to_dict`)."""

    name: str
    space_ids: list[str]
    space_names: list[str]
    storey_id: str | None
    storey_name: str | None
    usage: str
    profile: str
    floor_area_m2: float
    volume_m3: float
    conditioned: bool
    surfaces: list[dict] = field(default_factory=list)
    windows: list[dict] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, list) else v) for k, v in self.__dict__.items()}


@dataclass
class Zoning:
    """The zones of a building (a list of :class:`ZoneSpec`, iterable like one) with their records.

    ``loads`` holds hourly arrays shaped ``(n_zones, n_hours)``: ``lighting_w``, ``equipment_w``, ``dhw_w``
    (heat to warm the hot water), ``mechanical_ventilation_m3_h`` (fan-driven outdoor air), ``latent_w``
    (people's latent gains, not simulated: reported), ``internal_gains_w`` and ``people`` (occupants present). ``coverage`` gives the share of the building's external
    wall / window / roof / ground-floor area assigned to some zone.
    """

    zones: list[ZoneSpec]
    records: list[ZoneRecord]
    loads: dict[str, np.ndarray]
    index: pd.DatetimeIndex
    coverage: dict[str, dict[str, float]]
    location: Location
    zoning: str
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    def __iter__(self) -> Iterator[ZoneSpec]:
        return iter(self.zones)

    def __len__(self) -> int:
        return len(self.zones)

    def __getitem__(self, item) -> ZoneSpec:
        if isinstance(item, str):
            for z in self.zones:
                if z.name == item:
                    return z
            raise KeyError(f"no zone {item!r}; zones: {[z.name for z in self.zones]}")
        return self.zones[item]

    @property
    def zone_spaces(self) -> dict[str, list[str]]:
        """Zone name -> GlobalIds of the spaces it holds."""
        return {r.name: list(r.space_ids) for r in self.records}

    @property
    def floor_area_m2(self) -> float:
        return float(sum(r.floor_area_m2 for r in self.records))

    def to_frame(self) -> pd.DataFrame:
        """One row per zone: area, volume, usage, envelope areas and U x A."""
        rows = []
        for z, r in zip(self.zones, self.records):
            out = [s for s in r.surfaces if s["boundary"] in ("outdoor", "ground")]
            rows.append({
                "zone": r.name, "storey": r.storey_name, "usage": r.usage, "profile": r.profile,
                "spaces": len(r.space_ids), "floor_area_m2": r.floor_area_m2, "volume_m3": r.volume_m3,
                "conditioned": r.conditioned,
                "external_wall_m2": sum(s["area_m2"] for s in out if s["role"] == "wall"),
                "window_m2": sum(w["area_m2"] for w in r.windows),
                "roof_m2": sum(s["area_m2"] for s in out if s["role"] == "roof"),
                "ground_floor_m2": sum(s["area_m2"] for s in out if s["role"] in ("ground_floor", "exposed_floor")),
                "ua_w_k": sum(s["area_m2"] * s["u_value_w_m2k"] for s in out) + sum(
                    w["area_m2"] * w["u_w_m2k"] for w in r.windows),
            })
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        return {"zoning": self.zoning, "location": self.location.to_dict(), "coverage": self.coverage,
                "zones": [r.to_dict() for r in self.records], "diagnostics": self.diagnostics.to_list()}

    def _repr_html_(self) -> str:
        cov = ", ".join(f"{k} {v['share'] * 100:.0f} %" for k, v in self.coverage.items())
        return (f"<b>Zoning</b> ({html.escape(self.zoning)}): {len(self.zones)} zones, "
                f"{self.floor_area_m2:.1f} m2; envelope assigned: {html.escape(cov)}"
                + self.to_frame().to_html(index=False, float_format=lambda v: f"{v:,.1f}"))

    def __repr__(self) -> str:
        return f"Zoning({self.zoning!r}, {len(self.zones)} zones, {self.floor_area_m2:.1f} m2)"


# --------------------------------------------------------------------------------------------------------
# geometry helpers
# --------------------------------------------------------------------------------------------------------
def _angle_diff(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


def _facade_edges(space: Space, true_north_deg: float) -> list[tuple[float, float]]:
    """(compass bearing of the outward normal, length m) of each edge of the room's plan outline."""
    out = []
    for ring in space.footprint or ():
        pts = np.asarray(ring, dtype=float)
        if len(pts) < 3:
            continue
        if np.allclose(pts[0], pts[-1]):
            pts = pts[:-1]
        x, y = pts[:, 0], pts[:, 1]
        signed = 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))
        d = np.roll(pts, -1, axis=0) - pts
        # outward normal: right of the direction of travel for a counter-clockwise ring
        n = np.column_stack([d[:, 1], -d[:, 0]]) if signed > 0 else np.column_stack([-d[:, 1], d[:, 0]])
        length = np.hypot(d[:, 0], d[:, 1])
        bearing = (true_north_deg + 90.0 - np.degrees(np.arctan2(n[:, 1], n[:, 0]))) % 360.0
        out.extend((float(b), float(l)) for b, l in zip(bearing, length) if l > 1e-6)
    return out


def _facing_length(edges: list[tuple[float, float]], azimuth: float) -> float:
    return sum(l for b, l in edges if _angle_diff(b, azimuth) <= FACADE_TOLERANCE_DEG)


# --------------------------------------------------------------------------------------------------------
# constructions
# --------------------------------------------------------------------------------------------------------
_DIRECTION = {"wall": "horizontal", "door": "horizontal", "partition": "horizontal", "roof": "upward",
              "ceiling": "upward", "ground_floor": "downward", "exposed_floor": "downward", "floor": "downward",
              "internal_floor": "downward"}


class _Constructions:
    """Layers (outside -> inside) per element, computed once, with provenance and diagnostics."""

    def __init__(self, diagnostics: Diagnostics):
        self.diagnostics = diagnostics
        self.cache: dict[tuple[str, str], tuple[list, str]] = {}

    def layers(self, element: Element, role: str) -> tuple[list[tuple[float, float, float, float]], str]:
        key = (element.global_id, role)
        if key in self.cache:
            return self.cache[key]
        label = f"{element.ifc_class} {element.global_id} '{element.name}'"
        direction = _DIRECTION.get(role, "horizontal")
        c = element.construction
        result = None
        if c is not None and c.kind == "single" and c.material is not None:
            t = element.quantities.thickness_m or element.quantities.width_m
            if t:
                c = Construction(kind="layers", name=c.name or c.material.name, layers=[Layer(c.material, float(t))],
                                 outside_first=True)
        if c is not None and c.kind == "layers" and c.layers:
            try:
                ct = construction_layers(c, direction, self.diagnostics, label)
                result = (ct.layer_tuples(), "layers from the model" + (" (with library defaults)" if ct.defaulted else ""))
            except BldgAgentError as exc:
                self.diagnostics.add("warning", "construction_unusable", f"{exc}; falling back", label)
        if result is None and element.thermal_transmittance_w_m2k:
            u = float(element.thermal_transmittance_w_m2k)
            r = 1.0 / u - R_SI[direction] - (R_SE if role not in ("partition", "internal_floor") else R_SI[direction])
            r = max(r, 0.01)
            result = ([(0.1, 0.1 / r, 0.0, 0.0)], f"massless layer from ThermalTransmittance U={u:g} W/m2K")
            self.diagnostics.add("info", "construction_from_u", f"no layers: {result[1]}", label)
        if result is None:
            kind = role if role in DEFAULT_LAYERS else ("floor" if role in ("ceiling", "internal_floor", "exposed_floor")
                                                          else "wall")
            result = (list(DEFAULT_LAYERS[kind]), f"default {kind} build-up (estimate)")
            self.diagnostics.add("warning", "construction_default",
                                 f"no layers or U-value: {result[1]} used (DEFAULT_LAYERS)", label)
        self.cache[key] = result
        return result


def _half(layers: list[tuple[float, float, float, float]], from_end: bool) -> list[tuple[float, float, float, float]]:
    """The half of a construction (by thickness) at its inside end (``from_end``) or its outside end, in
    outside -> inside order ending at the zone side."""
    seq = list(layers) if from_end else list(reversed(layers))
    total = sum(d for d, *_ in seq)
    keep, need = [], total / 2.0
    for d, k, rho, c in reversed(seq):
        if need <= 1e-9:
            break
        take = min(d, need)
        keep.append((take, k, rho, c))
        need -= take
    return list(reversed(keep))


# --------------------------------------------------------------------------------------------------------
# assignment of elements to spaces
# --------------------------------------------------------------------------------------------------------
@dataclass
class _Part:
    element: Element
    role: str          # wall, roof, ground_floor, exposed_floor, door, window, partition, internal_floor, ceiling
    area_m2: float
    rule: str
    facets: list[tuple[float, float, float]] | None = None  # (area, tilt, azimuth) for roofs


def _usable(e: Element) -> bool:
    return not e.is_aggregate


def _is_window(e: Element) -> bool:
    if e.kind == "window" or e.kind == "curtain_wall":
        return True
    if e.kind == "door" and isinstance(e, Opening) and (e.glazing_fraction or 0.0) >= 0.3:
        return True
    if e.kind == "plate" and e.is_external:
        return any("glass" in f"{m.name} {m.category}".lower() for m in e.materials)
    return False


def _assign(building: Building, spaces: list[Space], diagnostics: Diagnostics) -> tuple[dict[str, list[_Part]], dict]:
    """Parts of the envelope and interior per space GlobalId, and the assigned/total areas per category."""
    by_id = {e.global_id: e for e in building.elements}
    children = defaultdict(list)
    for e in building.elements:
        if e.parent_id:
            children[e.parent_id].append(e)
    tn = building.site.true_north_deg if building.site is not None else 0.0
    edges = {s.global_id: _facade_edges(s, tn) for s in spaces}
    # element -> [(space, share)]
    bounds: dict[str, list[tuple[Space, float | None]]] = defaultdict(list)
    for s in spaces:
        for eid in s.bounding_ids:
            e = by_id.get(eid)
            if e is None:
                continue
            share = s.boundary_shares.get(eid)
            targets = children.get(eid, []) if e.is_aggregate else [e]
            for t in targets:
                bounds[t.global_id].append((s, share))
    parts: dict[str, list[_Part]] = defaultdict(list)
    by_storey = defaultdict(list)
    for s in spaces:
        by_storey[s.storey_id].append(s)
    top_storey = building.storeys[-1].global_id if building.storeys else None

    def facade_rooms(e: Element, candidates: list[Space]) -> list[tuple[Space, float]]:
        w = [(s, _facing_length(edges[s.global_id], e.azimuth_deg)) for s in candidates] if e.azimuth_deg is not None else []
        return [(s, x) for s, x in w if x > 0]

    def split(e: Element, items: list[tuple[Space, float | None]]) -> tuple[list[tuple[Space, float]], str]:
        spaces_ = [s for s, _ in items]
        if e.azimuth_deg is not None and all(edges[s.global_id] for s in spaces_):
            w = [(s, _facing_length(edges[s.global_id], e.azimuth_deg)) for s in spaces_]
            if sum(x for _, x in w) > 0:
                return w, "outline length facing the wall"
        if all(sh is not None for _, sh in items) and sum(sh for _, sh in items) > 0:
            return [(s, float(sh)) for s, sh in items], "boundary shares"
        return [(s, 1.0) for s in spaces_], "equal split"

    totals = {k: [0.0, 0.0] for k in ("external_wall", "window", "roof", "ground_floor")}
    for e in building.elements:
        if not _usable(e) or e.kind in ("column", "beam", "member", "covering", "footing", "pile", "stair", "ramp",
                                        "railing", "chimney", "other"):
            continue
        area = e.area_m2
        items = bounds.get(e.global_id, [])
        label = f"{e.ifc_class} {e.global_id} '{e.name}'"
        external = bool(e.is_external)
        window = _is_window(e)
        if window or e.kind == "door":
            cat = "window" if window else None
            if not external:
                continue
            if area is None or area <= 0:
                diagnostics.add("warning", "opening_area_unknown", "external opening without area: not modelled", label)
                if cat:
                    totals[cat][1] += 0.0
                continue
            if cat:
                totals[cat][1] += area
            role = "window" if window else "door"
            targets, rule = [(s, 1.0) for s, _ in items], "bounds the room"
            if not targets and e.host_id and e.host_id in bounds:
                host = max(bounds[e.host_id], key=lambda it: it[1] or 0.0)[0]
                targets, rule = [(host, 1.0)], "room of the host wall"
            if not targets:
                targets, rule = facade_rooms(e, by_storey.get(e.storey_id, [])), "storey facade (no room bound)"
            if not targets:
                diagnostics.add("warning", "opening_unassigned", f"external {e.kind} ({area:.2f} m2) bounds no room "
                                "and no room of its storey faces it: not modelled", label)
                continue
            tot = sum(w for _, w in targets)
            for s, w in targets:
                parts[s.global_id].append(_Part(e, role, area * w / tot, rule))
            if cat:
                totals[cat][0] += area
            continue
        if area is None or area <= 0:
            if external or e.is_ground_contact:
                diagnostics.add("warning", "element_area_unknown", "envelope element without area: not modelled", label)
            continue
        if e.kind in _WALL_KINDS:
            if external:
                cat = "external_wall"
                totals[cat][1] += area
                role = "wall"
                if items:
                    weights, rule = split(e, items)
                else:
                    weights, rule = facade_rooms(e, by_storey.get(e.storey_id, [])), "storey facade (no room bound)"
                if not weights:
                    diagnostics.add("warning", "wall_unassigned", f"external wall ({area:.1f} m2) bounds no room and "
                                    "no room of its storey faces it: not modelled", label)
                    continue
                tot = sum(w for _, w in weights)
                for s, w in weights:
                    parts[s.global_id].append(_Part(e, role, area * w / tot, rule))
                totals[cat][0] += area
            else:
                for s, sh in items:
                    parts[s.global_id].append(_Part(e, "partition", area * (sh if sh is not None else 1.0),
                                                    "boundary share" if sh is not None else "whole element"))
            continue
        if e.kind == "roof" or (e.kind in _FLOOR_KINDS):
            is_roof = e.kind == "roof"
            if is_roof and not external:
                is_roof = False
            if is_roof:
                totals["roof"][1] += area
                targets = list(items)
                rule = "boundary shares x roof area"
                if not targets:
                    cands = by_storey.get(e.storey_id or top_storey, [])
                    targets, rule = [(s, None) for s in cands], "roof of the storey (no room bound): by floor area"
                if not targets:
                    diagnostics.add("warning", "roof_unassigned", f"roof ({area:.1f} m2) over no room: not modelled", label)
                    continue
                if any(sh is None for _, sh in targets):
                    targets = [(s, s.net_floor_area_m2 or 0.0) for s, _ in targets]
                # the whole roof area (incl. the part over walls and partitions) in proportion to the overlaps
                tot = sum(float(sh) for _, sh in targets) or 1.0
                targets = [(s, float(sh) / tot) for s, sh in targets]
                facets = [(f.area_m2, f.tilt_deg, f.azimuth_deg) for f in e.facets if f.area_m2 > 0]
                if not facets:
                    facets = [(area, e.tilt_deg if e.tilt_deg is not None else 0.0,
                               e.azimuth_deg if e.azimuth_deg is not None else 180.0)]
                scale = area / sum(a for a, *_ in facets)
                assigned = 0.0
                for s, sh in targets:
                    a = area * min(1.0, float(sh))
                    assigned += a
                    parts[s.global_id].append(_Part(e, "roof", a, rule, [(fa * scale * a / area, t, az)
                                                                         for fa, t, az in facets]))
                totals["roof"][0] += min(area, assigned)
                continue
            # floors and slabs
            if e.is_ground_contact or external:
                role = "ground_floor" if e.is_ground_contact else None
                totals["ground_floor"][1] += area if e.is_ground_contact else 0.0
                assigned = 0.0
                for s, sh in items:
                    under = _under(e, s)
                    if role == "ground_floor" or under:
                        r = role or "exposed_floor"
                        parts[s.global_id].append(_Part(e, r, -1.0, "room floor area"))  # area set per room below
                        assigned += min(area, (s.net_floor_area_m2 or 0.0))
                    else:  # an external slab over the room: a flat roof
                        a = area * (sh if sh is not None else 1.0)
                        parts[s.global_id].append(_Part(e, "roof", a, "external slab over the room",
                                                        [(a, 0.0, 180.0)]))
                if e.is_ground_contact:
                    totals["ground_floor"][0] += min(area, assigned)
                    if not items:
                        diagnostics.add("warning", "ground_floor_unassigned",
                                        f"ground floor ({area:.1f} m2) under no room: not modelled", label)
                continue
            for s, sh in items:
                role = "internal_floor" if _under(e, s) else "ceiling"
                parts[s.global_id].append(_Part(e, role, -1.0, "room floor area"))
    # floors and ceilings: the room's own floor area, split among the elements of the same role by their overlap
    for s in spaces:
        plist = parts.get(s.global_id, [])
        for role in ("ground_floor", "exposed_floor", "internal_floor", "ceiling"):
            same = [p for p in plist if p.role == role and p.area_m2 < 0]
            if not same:
                continue
            weights = [(p.element.area_m2 or 0.0) * (s.boundary_shares.get(p.element.global_id) or 1.0) for p in same]
            tot = sum(weights) or 1.0
            for p, w in zip(same, weights):
                p.area_m2 = (s.net_floor_area_m2 or 0.0) * (w / tot if len(same) > 1 else 1.0)
        parts[s.global_id] = [p for p in plist if p.area_m2 > 0]
    coverage = {k: {"assigned_m2": round(a, 3), "total_m2": round(t, 3), "share": (min(1.0, a / t) if t > 0 else 1.0)}
                for k, (a, t) in totals.items()}
    return parts, coverage


def _under(element: Element, space: Space) -> bool:
    """True when a horizontal element lies under the room (its floor), False when over it (its ceiling)."""
    if element.top_elevation_m is not None and space.elevation_m is not None:
        return element.top_elevation_m <= space.elevation_m + 0.3
    if element.is_ground_contact:
        return True
    return element.storey_id == space.storey_id


# --------------------------------------------------------------------------------------------------------
# profiles
# --------------------------------------------------------------------------------------------------------
@dataclass
class _Op:
    """Hourly operation of one space (absolute units for its floor area)."""

    profile: UsageProfile
    sensible_w: np.ndarray
    radiative_w: np.ndarray
    lighting_w: np.ndarray
    equipment_w: np.ndarray
    dhw_w: np.ndarray
    latent_w: np.ndarray
    mech_m3_h: np.ndarray
    ach: float
    ach_source: str
    heat_sp: np.ndarray
    cool_sp: np.ndarray
    people: np.ndarray


class _Profiles:
    def __init__(self, index, standard, location: Location, fallback, profile_overrides, diagnostics):
        self.index = index
        self.standard = standard
        self.location = location
        self.fallback = fallback
        self.overrides = dict(profile_overrides or {})
        self.diagnostics = diagnostics
        self.cache: dict[tuple, tuple[UsageProfile, pd.DataFrame]] = {}

    def get(self, usage: str, height_m: float, label: str) -> tuple[UsageProfile, pd.DataFrame]:
        key = (usage, round(height_m, 2))
        if key in self.cache:
            return self.cache[key]
        country = self.location.country
        zone = self.location.climate_zone
        try:
            p = usage_profile(usage, self.standard, zone, country=country, fallback=self.fallback)
        except InputValueError as exc:
            if zone is None and "climate zone" in str(exc):
                raise InputValueError(f"{exc}; the site's climate zone is unknown: pass climate_zone=") from None
            raise
        if p.is_fallback:
            self.diagnostics.add("info" if usage != "unknown" else "warning", "profile_fallback",
                                 f"{p.fallback_reason}", label)
        if self.overrides:
            p = p.replace(**self.overrides)
        frame = p.hourly(index=self.index, room_height_m=min(max(height_m, 0.5), 50.0))
        self.cache[key] = (p, frame)
        return p, frame


def _op_for(space: Space, area: float, height: float, profiles: _Profiles, usage_override: str | None) -> _Op:
    usage = usage_override or space.usage or "unknown"
    if usage not in USAGE_CATEGORIES:
        raise InputValueError(f"usage {usage!r} unknown; use one of {', '.join(USAGE_CATEGORIES)}")
    p, f = profiles.get(usage, height, space.label)
    sens = f["sensible_w_m2"].to_numpy() * area
    rad = f["radiative_w_m2"].to_numpy() * area
    hvac = f["hvac_on"].to_numpy()
    if not math.isnan(p.air_change_rate_h):
        ach, ach_src = float(p.air_change_rate_h), f"profile air-change rate ({p.standard} {p.usage})"
        mech = (f["ventilation_m3_h_m2"].to_numpy() - p.air_change_rate_h * height * (hvac > 0)) * area
    else:
        ach, ach_src = DEFAULT_INFILTRATION_ACH, "default infiltration (n50 3 / 20)"
        mech = f["ventilation_m3_h_m2"].to_numpy() * area
    return _Op(p, sens, rad, f["lighting_w_m2"].to_numpy() * area, f["equipment_w_m2"].to_numpy() * area,
               f["dhw_w_m2"].to_numpy() * area, f["latent_w_m2"].to_numpy() * area, np.clip(mech, 0.0, None),
               ach, ach_src, f["heating_setpoint_c"].to_numpy(), f["cooling_setpoint_c"].to_numpy(),
               f["people_per_m2"].to_numpy() * area)


# --------------------------------------------------------------------------------------------------------
# overrides
# --------------------------------------------------------------------------------------------------------
_RANGES = {
    "floor_area_m2": (1e-6, 1e7), "volume_m3": (1e-6, 1e8), "infiltration_ach": (0.0, 50.0),
    "ventilation_m3_h": (0.0, 1e7), "heat_recovery_efficiency": (0.0, 0.95), "internal_gains_w": (0.0, 1e8),
    "internal_radiative_fraction": (0.0, 1.0), "heating_setpoint_c": (-50.0, 60.0), "cooling_setpoint_c": (-50.0, 60.0),
    "heating_capacity_w": (0.0, np.inf), "cooling_capacity_w": (0.0, np.inf), "furniture_capacity_j_k": (0.0, 1e12),
}


def _check_overrides(values: Mapping[str, Any], where: str) -> dict[str, Any]:
    out = {}
    for k, v in dict(values or {}).items():
        if k not in ZONE_FIELDS:
            raise InputValueError(f"{where}: unknown zone input {k!r}; overridable: {', '.join(ZONE_FIELDS)}")
        if k in _RANGES and v is not None:
            arr = np.asarray(v, dtype=float)
            lo, hi = _RANGES[k]
            finite = arr[np.isfinite(arr)]
            nan_ok = k in ("heating_setpoint_c", "cooling_setpoint_c")
            if (np.isnan(arr).any() and not nan_ok) or (finite.size and (finite.min() < lo or finite.max() > hi)):
                raise InputValueError(f"{where}: {k}={v!r} is non-physical; give a value in [{lo:g}, {hi:g}] "
                                      f"(unit in the name)")
        out[k] = v
    if "heating_setpoint_c" in out and "cooling_setpoint_c" in out:
        h, c = np.broadcast_arrays(np.asarray(out["heating_setpoint_c"], dtype=float),
                                   np.asarray(out["cooling_setpoint_c"], dtype=float))
        both = np.isfinite(h) & np.isfinite(c)
        if np.any(h[both] > c[both]):
            raise InputValueError(f"{where}: heating_setpoint_c is above cooling_setpoint_c; the dead band must be >= 0")
    return out


def _check_fields(values: Mapping[str, Any] | None, allowed: Sequence[str], where: str) -> dict[str, Any]:
    values = dict(values or {})
    bad = [k for k in values if k not in allowed]
    if bad:
        raise InputValueError(f"{where}: unknown field(s) {', '.join(bad)}; allowed: {', '.join(allowed)}")
    return values


# --------------------------------------------------------------------------------------------------------
# the entry point
# --------------------------------------------------------------------------------------------------------
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
    fallback_usage: str = "residential",
    free_running: bool = False,
    overrides: Mapping[str, Any] | None = None,
    zone_overrides: Mapping[str, Mapping[str, Any]] | None = None,
    surfaces: Mapping[str, Mapping[str, Any]] | None = None,
    windows: Mapping[str, Any] | None = None,
    window_defaults: Mapping[str, Any] | None = None,
    profile_overrides: Mapping[str, Any] | None = None,
    spaces: Sequence[str] | None = None,
    merge_surfaces: bool = True,
) -> Zoning:
    """Thermal zones of ``building`` (see the module docstring for the rules).

    Parameters
    ----------
    zoning : ``"space"``, ``"storey"`` or ``"usage_storey"``.
    index : hour-ending timestamps of the year (default: the weather's, else 2023 without time zone).
    weather : a :class:`~bldgagent.climate.Weather`, used for the index and, without a site location, the place.
    standard, country, climate_zone : profile standard (``"auto"``: ``"cn"`` in China, ``"en16798"`` elsewhere),
        country and GB 50176 climate zone (default: nearest packaged place to the site).
    usage : force one usage category for every room; ``fallback_usage`` for rooms of unknown usage.
    free_running : no heating or cooling (set-points off) in any zone.
    overrides : ZoneSpec fields for every zone (e.g. ``{"internal_gains_w": 200, "infiltration_ach": 0.5}``);
        ``zone_overrides``: ``{zone name: {...}}``.
    surfaces : SurfaceSpec fields by role (``wall``, ``roof``, ``ground_floor``, ``exposed_floor``, ``door``,
        ``partition``, ``internal_floor``, ``all``), e.g. ``{"ground_floor": {"boundary": "outdoor"}}``.
    windows : WindowSpec fields forced on every window; ``window_defaults`` fill only what the file lacks.
    profile_overrides : UsageProfile fields for every room (e.g. ``{"equipment_w_m2": 10}``).
    spaces : GlobalIds of the rooms to zone (default: all except ``outdoor`` ones).
    merge_surfaces : merge identical surfaces (same construction, boundary, orientation) of a zone: exact, faster.

    Returns a :class:`Zoning` (iterable of :class:`ZoneSpec`). Raises :class:`ModelContentError` when the building
    has no floor area or no envelope, :class:`InputValueError` for unknown or non-physical overrides.
    """
    if zoning not in ZONINGS:
        raise InputValueError(f"zoning={zoning!r}: use one of {', '.join(ZONINGS)}")
    overrides = _check_overrides(overrides or {}, "overrides")
    zone_overrides = {str(k): _check_overrides(v, f"zone_overrides[{k!r}]") for k, v in dict(zone_overrides or {}).items()}
    surfaces = dict(surfaces or {})
    for role, vals in surfaces.items():
        if role not in SURFACE_ROLES:
            raise InputValueError(f"surfaces: unknown role {role!r}; roles: {', '.join(SURFACE_ROLES)}")
        _check_fields(vals, _SURFACE_FIELDS, f"surfaces[{role!r}]")
    windows = _check_fields(windows, _WINDOW_FIELDS, "windows")
    window_defaults = _check_fields(window_defaults, _WINDOW_FIELDS, "window_defaults")
    if "glazing" in window_defaults:
        window_type(window_defaults["glazing"])
    if "glazing" in windows:
        window_type(windows["glazing"])
    diagnostics = Diagnostics()
    if index is None:
        index = weather.data.index if weather is not None else hourly_index(2023)
    location = locate(building, weather, country=country, climate_zone=climate_zone)
    if "IfcSite is" in location.source:
        diagnostics.add("info", "location_from_weather",
                        f"usage profiles and grid follow the weather's location ({location.place}, "
                        f"{location.climate_zone or location.country}): {location.source}")
    if location.country is None:
        diagnostics.add("warning", "location_unknown", "the site has no location and no weather was given: "
                        "EN 16798-1 profiles used; pass country= or a weather")
    profiles = _Profiles(index, standard, location, fallback_usage, profile_overrides, diagnostics)
    if building.spaces:
        zs, recs, loads, coverage = _zones_from_spaces(building, zoning, profiles, usage, spaces, diagnostics,
                                                       surfaces, windows, window_defaults, merge_surfaces)
    else:
        zs, recs, loads, coverage = _zones_from_storeys(building, profiles, usage or fallback_usage, diagnostics,
                                                        surfaces, windows, window_defaults, merge_surfaces)
        zoning = "storey"
    if not zs:
        raise ModelContentError(f"{building.source_path or building.name}: no zone could be formed (no room or storey "
                                "with a floor area and an envelope); check the diagnostics of load() and the model's "
                                "spaces (IfcSpace with quantities or geometry)")
    # overrides
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
        raise ModelContentError(f"{building.source_path or building.name}: no external walls, windows or roofs: the "
                                "building has no envelope to simulate (check IsExternal in the walls' Pset_WallCommon "
                                "or the spaces' geometry)")
    return Zoning(zs, recs, loads, index, coverage, location, zoning, diagnostics)


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


def _zones_from_spaces(building, zoning, profiles, usage, only, diagnostics, surf_ov, win_ov, win_def, merge):
    spaces = [s for s in building.spaces if (only is None or s.global_id in set(only))]
    if only is not None and len(spaces) != len(set(only)):
        missing = set(only) - {s.global_id for s in spaces}
        raise InputValueError(f"spaces: unknown GlobalId(s) {sorted(missing)}")
    kept = []
    for s in spaces:
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
    cons = _Constructions(diagnostics)
    zones, records = [], []
    n_h = len(profiles.index)
    loads = {k: [] for k in ("lighting_w", "equipment_w", "dhw_w", "mechanical_ventilation_m3_h", "latent_w",
                             "internal_gains_w", "people")}
    used: set[str] = set()
    for key, members in groups.items():
        ids = {s.global_id for s, _ in members}
        ops = [(_op_for(s, geo[0], geo[2], profiles, usage), s, geo) for s, geo in members]
        area = sum(geo[0] for _, geo in members)
        volume = sum(geo[1] for _, geo in members)
        if zoning == "space":
            s0 = members[0][0]
            labels = [s0.label]
        else:
            st = members[0][0].storey_id
            labels = [f"{storey_names.get(st) or 'storey'}" + ("" if zoning == "storey" else f" {key[1]}")]
        name = _zone_name(labels, used)
        # envelope: gather parts; elements bounding rooms inside this zone only are internal
        plist = [p for s, _ in members for p in parts.get(s.global_id, [])]
        surfaces, windows, srec, wrec = _build_envelope(name, plist, ids, building, cons, surf_ov, win_ov, win_def,
                                                        merge, diagnostics)
        if not surfaces and not windows:
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
            name=name, floor_area_m2=area, volume_m3=volume, surfaces=surfaces, windows=windows,
            infiltration_ach=ach, ventilation_m3_h=mech, heat_recovery_efficiency=0.0, internal_gains_w=gains,
            internal_radiative_fraction=min(1.0, max(0.0, rad_frac)), heating_setpoint_c=lead.heat_sp,
            cooling_setpoint_c=lead.cool_sp,
        )
        zones.append(zone)
        usages = sorted({o.profile.usage for o, _, _ in ops})
        prof = "; ".join(sorted({f"{o.profile.standard}:{o.profile.usage}" + (f" ({o.profile.climate_zone})"
                                                                              if o.profile.climate_zone else "")
                                 for o, _, _ in ops}))
        st = members[0][0].storey_id
        records.append(ZoneRecord(
            name=name, space_ids=[s.global_id for s, _ in members], space_names=[s.label for s, _ in members],
            storey_id=st, storey_name=storey_names.get(st), usage=usages[0] if len(usages) == 1 else "mixed",
            profile=prof, floor_area_m2=area, volume_m3=volume, conditioned=bool(cond), surfaces=srec, windows=wrec,
            sources={
                "floor_area_m2": "; ".join(sorted({s.quantity_source.get("net_floor_area_m2", "quantities") for s, _ in members})),
                "internal_gains_w": f"usage profile {prof}: people + lighting + equipment sensible",
                "infiltration_ach": "; ".join(sorted({o.ach_source for o, _, _ in ops})),
                "ventilation_m3_h": "usage profile outdoor air (mechanical), no heat recovery",
                "setpoints": f"usage profile {lead.profile.standard}:{lead.profile.usage}"
                             + (" (largest conditioned room)" if len(ops) > 1 else ""),
            }))
        for k, attr in (("lighting_w", "lighting_w"), ("equipment_w", "equipment_w"), ("dhw_w", "dhw_w"),
                        ("mechanical_ventilation_m3_h", "mech_m3_h"), ("latent_w", "latent_w"),
                        ("internal_gains_w", "sensible_w"), ("people", "people")):
            loads[k].append(np.asarray(sum(getattr(o, attr) for o, _, _ in ops), dtype=float).reshape(n_h))
    return zones, records, {k: np.vstack(v) for k, v in loads.items()}, coverage


def _surface(name, area, layers, boundary, tilt, az, role, surf_ov, **kw) -> SurfaceSpec:
    fields_ = dict(boundary=boundary, tilt_deg=float(tilt), azimuth_deg=float(az) % 360.0, **kw)
    fields_.update(surf_ov.get("all", {}))
    fields_.update(surf_ov.get(role, {}))
    return SurfaceSpec(name=name, area_m2=float(area), layers=[tuple(map(float, l)) for l in layers], **fields_)


def _build_envelope(zone_name, plist, ids, building, cons, surf_ov, win_ov, win_def, merge, diagnostics,
                    partitions_internal: bool = False):
    by_space = defaultdict(set)
    for s in building.spaces:
        for eid in s.bounding_ids:
            by_space[eid].add(s.global_id)
    surfaces: list[SurfaceSpec] = []
    windows: list[WindowSpec] = []
    srec: list[dict] = []
    wrec: list[dict] = []
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
            w = _window(e, tag, area, win_ov, win_def)
            if w is None:
                diagnostics.add("warning", "opening_orientation_unknown", "window without orientation: taken as "
                                "four equal parts facing N, E, S, W", f"{e.ifc_class} {e.global_id}")
                for j, az in enumerate((0.0, 90.0, 180.0, 270.0)):
                    windows.append(_window(e, f"{tag} {j}", area / 4, win_ov, win_def, azimuth=az))
            else:
                windows.append(w)
            u = windows[-1].u_w_m2k if windows[-1].u_w_m2k is not None else window_type(windows[-1].glazing).u_w_m2k
            wrec.append({"element": eid, "name": e.name, "area_m2": area, "azimuth_deg": windows[-1].azimuth_deg,
                         "tilt_deg": windows[-1].tilt_deg, "u_w_m2k": float(u), "g_normal": windows[-1].g_normal,
                         "frame_fraction": windows[-1].frame_fraction, "rule": ps[0].rule,
                         "source": windows[-1].__dict__.get("_source", "")})
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
                # the zone's half of the construction, adiabatic mid-plane; floor: layers bottom -> top
                half = _half(layers, from_end=(role != "ceiling"))
                new = [_surface(tag, area, half, "adiabatic", tilt, 0.0, base_role, surf_ov)]
                src += "; zone's half, adiabatic mid-plane"
        surfaces.extend(new)
        for s in new:
            srec.append({"element": eid, "name": e.name, "role": role, "boundary": s.boundary, "area_m2": s.area_m2,
                         "azimuth_deg": s.azimuth_deg, "tilt_deg": s.tilt_deg,
                         "u_value_w_m2k": float(s.u_value_w_m2k()), "rule": ps[0].rule, "construction": src})
    if merge:
        surfaces = _merge_surfaces(surfaces)
        windows = _merge_windows(windows)
    return surfaces, windows, srec, wrec


def _oriented(tag, area, layers, boundary, tilt, az, role, surf_ov, diagnostics, e) -> list[SurfaceSpec]:
    if az is not None or boundary != "outdoor":
        return [_surface(tag, area, layers, boundary, tilt, az if az is not None else 0.0, role, surf_ov)]
    diagnostics.add("warning", "orientation_unknown", f"{e.kind} without azimuth: taken as four equal parts facing "
                    "N, E, S, W", f"{e.ifc_class} {e.global_id} '{e.name}'")
    return [_surface(f"{tag} {j}", area / 4, layers, boundary, tilt, a, role, surf_ov)
            for j, a in enumerate((0.0, 90.0, 180.0, 270.0))]


def _window(e: Element, name: str, area: float, forced: dict, defaults: dict, azimuth: float | None = None):
    az = azimuth if azimuth is not None else e.azimuth_deg
    if az is None:
        return None
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
    kw.update({k_: v for k_, v in forced.items()})
    w = WindowSpec(name=name, area_m2=float(area), **kw)
    w.__dict__["_source"] = ", ".join(src) + ("; forced: " + ", ".join(forced) if forced else "")
    return w


def _merge_surfaces(surfaces: list[SurfaceSpec]) -> list[SurfaceSpec]:
    out: dict[tuple, SurfaceSpec] = {}
    for s in surfaces:
        key = (s.boundary, round(s.tilt_deg, 3), round(s.azimuth_deg % 360.0, 3), tuple(tuple(l) for l in s.layers),
               s.solar_absorptance, s.emissivity, s.inside_solar_absorptance, s.inside_emissivity, s.shading_factor,
               s.sunlit, s.h_conv_out_w_m2k, s.h_conv_in_w_m2k, id(s.adjacent_temp_c) if s.adjacent_temp_c is not None
               else None)
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
        if w.overhang_depth_m > 0:
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


# --------------------------------------------------------------------------------------------------------
# buildings without spaces: one zone per storey from its own elements
# --------------------------------------------------------------------------------------------------------
def _zones_from_storeys(building, profiles, usage, diagnostics, surf_ov, win_ov, win_def, merge):
    diagnostics.add("warning", "no_spaces", "the model has no spaces: one zone per storey from the storey's "
                    "elements (floor area = storey gross floor area from its floor slabs)")
    if not building.storeys:
        raise ModelContentError(f"{building.source_path or building.name}: no spaces and no storeys: no floor area "
                                "to simulate; add IfcSpace or IfcBuildingStorey with floor slabs")
    cons = _Constructions(diagnostics)
    totals = {k: [0.0, 0.0] for k in ("external_wall", "window", "roof", "ground_floor")}
    zones, records = [], []
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
        surfaces, windows, srec, wrec = _build_envelope(name, plist, {st.global_id}, building, cons, surf_ov, win_ov,
                                                        win_def, merge, diagnostics, partitions_internal=True)
        if not surfaces and not windows:
            diagnostics.add("warning", "zone_without_envelope", "storey without envelope elements: not zoned", name)
            used.discard(name)
            continue
        volume = area * height
        zones.append(ZoneSpec(name=name, floor_area_m2=area, volume_m3=volume, surfaces=surfaces, windows=windows,
                              infiltration_ach=op.ach, ventilation_m3_h=op.mech_m3_h, internal_gains_w=op.sensible_w,
                              internal_radiative_fraction=float(op.radiative_w.sum() / op.sensible_w.sum())
                              if op.sensible_w.sum() > 0 else 0.5,
                              heating_setpoint_c=op.heat_sp, cooling_setpoint_c=op.cool_sp))
        cond = bool(np.isfinite(op.heat_sp).any() or np.isfinite(op.cool_sp).any())
        records.append(ZoneRecord(name, [], [], st.global_id, st.name, op.profile.usage,
                                  f"{op.profile.standard}:{op.profile.usage}", area, volume, cond, srec, wrec,
                                  {"floor_area_m2": st.gross_floor_area_source or "storey",
                                   "volume_m3": "floor area x storey height", "usage": "fallback usage (no spaces)"}))
        for k, arr in (("lighting_w", op.lighting_w), ("equipment_w", op.equipment_w), ("dhw_w", op.dhw_w),
                       ("mechanical_ventilation_m3_h", op.mech_m3_h), ("latent_w", op.latent_w),
                       ("internal_gains_w", op.sensible_w), ("people", op.people)):
            loads[k].append(np.asarray(arr, dtype=float).reshape(n_h))
    coverage = {k: {"assigned_m2": round(a, 3), "total_m2": round(t, 3), "share": (min(1.0, a / t) if t > 0 else 1.0)}
                for k, (a, t) in totals.items()}
    if not zones:
        return [], [], {}, coverage
    return zones, records, {k: np.vstack(v) for k, v in loads.items()}, coverage
