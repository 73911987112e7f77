"""The building as plain data.

Everything downstream (carbon, energy, health, agents) consumes these dataclasses; nothing here imports
ifcopenshell. Units are SI and named in the field (``area_m2``, ``thickness_m``...). Every quantity carries
its provenance so the engines can report coverage: ``Quantities.source`` maps a field name to a short
string such as ``"qto:Qto_WallBaseQuantities.NetVolume"``, ``"geometry"`` or ``"derived:width x height"``.

Conventions
- Azimuth: compass bearing of the outward surface normal, degrees clockwise from true north
  (0 N, 90 E, 180 S, 270 W). Tilt: degrees from horizontal (0 = facing up, 90 = vertical wall).
- Ids: ``global_id`` is the IFC GlobalId; ``ifc_id`` the STEP ``#id`` (handy in messages).
"""
from __future__ import annotations

import importlib
import pickle
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, Iterator, Mapping

from .errors import InputValueError

#: Element kinds, the vocabulary shared by every engine.
ELEMENT_KINDS = (
    "wall", "curtain_wall", "slab", "floor", "roof", "column", "beam", "member", "plate", "window", "door",
    "covering", "footing", "pile", "stair", "ramp", "railing", "chimney", "other",
)

#: Compass sectors used for envelope summaries (each 90 degrees wide, centred on the bearing).
ORIENTATIONS = ("N", "E", "S", "W")


def orientation_of(azimuth_deg: float | None) -> str | None:
    """Compass sector (N/E/S/W, each 90 degrees wide) of a bearing in degrees, None if unknown."""
    if azimuth_deg is None:
        return None
    return ORIENTATIONS[int(((azimuth_deg % 360.0) + 45.0) // 90.0) % 4]


@dataclass
class Material:
    """A material as authored in the model, with the properties the file gives (else None)."""

    name: str
    category: str | None = None
    density_kg_m3: float | None = None
    conductivity_w_mk: float | None = None
    specific_heat_j_kgk: float | None = None
    ifc_id: int | None = None
    properties: dict[str, Any] = field(default_factory=dict)

    def __hash__(self) -> int:  # materials are shared between elements; identity is the IFC entity
        return hash((self.name, self.ifc_id))


@dataclass
class Layer:
    """One layer of a layered construction."""

    material: Material | None
    thickness_m: float
    name: str | None = None
    is_ventilated: bool | None = None


@dataclass
class Constituent:
    """One constituent of a constituent set; ``fraction`` is its volume share (None if not given)."""

    material: Material
    fraction: float | None = None
    name: str | None = None


@dataclass
class Construction:
    """How an element is built.

    ``kind`` is ``"layers"`` (ordered layers; ``layers[0]`` faces outdoors when ``outside_first`` is True),
    ``"profile"`` (a section with ``profile_area_m2``), ``"constituents"``, or ``"single"`` (one material).
    """

    kind: str
    name: str | None = None
    layers: list[Layer] = field(default_factory=list)
    outside_first: bool | None = None
    profile_area_m2: float | None = None
    profile_name: str | None = None
    constituents: list[Constituent] = field(default_factory=list)
    material: Material | None = None

    @property
    def thickness_m(self) -> float | None:
        """Total thickness of a layered construction in m, None for other kinds."""
        if self.kind != "layers":
            return None
        return sum(layer.thickness_m for layer in self.layers)

    def layers_outside_in(self) -> list[Layer]:
        """Layers from the outdoor face inwards (authored order if the side is unknown)."""
        return list(reversed(self.layers)) if self.outside_first is False else list(self.layers)

    @property
    def materials(self) -> list[Material]:
        """Distinct materials in authored order."""
        found: list[Material] = []
        if self.kind == "layers":
            found = [layer.material for layer in self.layers if layer.material is not None]
        elif self.kind == "constituents":
            found = [c.material for c in self.constituents]
        elif self.material is not None:
            found = [self.material]
        unique: list[Material] = []
        for m in found:
            if all(m is not u for u in unique):
                unique.append(m)
        return unique


@dataclass
class MaterialQuantity:
    """One line of the material take-off: how much of one material one element holds.

    ``volume_m3`` is None when neither quantities nor geometry gave a volume (the element is then listed,
    never counted as zero). ``source`` says how the volume was obtained.
    """

    material: Material | None
    volume_m3: float | None
    source: str
    thickness_m: float | None = None
    fraction: float | None = None
    mass_kg: float | None = None
    layer_index: int | None = None


@dataclass
class Quantities:
    """Measured quantities of an element or space, SI units, None where unknown.

    ``source[name]`` tells where each value came from.
    """

    length_m: float | None = None
    width_m: float | None = None
    height_m: float | None = None
    thickness_m: float | None = None
    gross_side_area_m2: float | None = None
    net_side_area_m2: float | None = None
    gross_area_m2: float | None = None
    net_area_m2: float | None = None
    footprint_area_m2: float | None = None
    gross_volume_m3: float | None = None
    net_volume_m3: float | None = None
    cross_section_area_m2: float | None = None
    mass_kg: float | None = None
    source: dict[str, str] = field(default_factory=dict)

    @property
    def volume_m3(self) -> float | None:
        """Net volume if known, else gross volume (m3)."""
        return self.net_volume_m3 if self.net_volume_m3 is not None else self.gross_volume_m3

    @property
    def volume_source(self) -> str | None:
        """Provenance of :attr:`volume_m3`."""
        if self.net_volume_m3 is not None:
            return self.source.get("net_volume_m3")
        if self.gross_volume_m3 is not None:
            return self.source.get("gross_volume_m3")
        return None

    def set(self, name: str, value: float | None, source: str) -> bool:
        """Set ``name`` to ``value`` with its provenance if the value is usable and not already known."""
        if value is None or getattr(self, name) is not None:
            return False
        setattr(self, name, float(value))
        self.source[name] = source
        return True

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "source" and v is not None}
        out["source"] = dict(self.source)
        return out


@dataclass
class Facet:
    """An outward-facing planar part of an element's surface (e.g. one slope of a roof)."""

    area_m2: float
    azimuth_deg: float
    tilt_deg: float


@dataclass
class Element:
    """A physical building element (wall, slab, window, beam...).

    ``is_external`` is None when neither the file nor inference could tell; ``is_external_source`` says
    which (``"pset"``, ``"space boundaries"``, ``"geometry"``, ``"host"``...). ``area_m2`` is the surface
    area relevant to the envelope: net side area for walls, area for slabs/roofs, width x height for
    windows and doors. An aggregate (``is_aggregate``, e.g. an IfcRoof made of slabs) carries no material
    of its own: its parts (``parent_id`` = the aggregate) do. ``facets`` lists the outward planar faces
    (area, azimuth, tilt) where geometry was read; ``elevation_m``/``top_elevation_m`` are the bottom and
    top of the element above the project datum.
    """

    global_id: str
    ifc_class: str
    kind: str
    ifc_id: int | None = None
    name: str | None = None
    type_name: str | None = None
    predefined_type: str | None = None
    storey_id: str | None = None
    is_external: bool | None = None
    is_external_source: str | None = None
    is_ground_contact: bool = False
    is_load_bearing: bool | None = None
    azimuth_deg: float | None = None
    tilt_deg: float | None = None
    orientation_source: str | None = None
    quantities: Quantities = field(default_factory=Quantities)
    construction: Construction | None = None
    material_quantities: list[MaterialQuantity] = field(default_factory=list)
    thermal_transmittance_w_m2k: float | None = None
    host_id: str | None = None
    has_geometry: bool | None = None
    parent_id: str | None = None
    is_aggregate: bool = False
    facets: list[Facet] = field(default_factory=list)
    elevation_m: float | None = None
    top_elevation_m: float | None = None
    #: GlobalId of the element this one copies (same class, type, material, place and geometry: exported twice,
    #: :mod:`bldgagent.ifc.duplicates`); the carbon take-off counts a group of copies once.
    duplicate_of: str | None = None

    @property
    def volume_m3(self) -> float | None:
        return self.quantities.volume_m3

    @property
    def area_m2(self) -> float | None:
        q = self.quantities
        if self.kind in ("wall", "curtain_wall"):
            return q.net_side_area_m2 if q.net_side_area_m2 is not None else q.gross_side_area_m2
        return q.net_area_m2 if q.net_area_m2 is not None else q.gross_area_m2

    @property
    def orientation(self) -> str | None:
        """N/E/S/W sector of a (near-)vertical surface, ``"horizontal"`` for tilt under 60 degrees."""
        if self.tilt_deg is not None and self.tilt_deg < 60.0:
            return "horizontal"
        return orientation_of(self.azimuth_deg)

    @property
    def materials(self) -> list[Material]:
        return self.construction.materials if self.construction else []


@dataclass
class Opening(Element):
    """A window or door: an :class:`Element` with the fields the energy and health engines need.

    ``area_m2`` is the overall (frame included) area; ``glazing_fraction`` the glazed share where the file
    gives it. ``host_id`` is the GlobalId of the wall (or roof) the opening sits in.
    """

    width_m: float | None = None
    height_m: float | None = None
    glazing_fraction: float | None = None
    u_value_w_m2k: float | None = None
    g_value: float | None = None
    visible_transmittance: float | None = None
    sill_height_m: float | None = None

    @property
    def area_m2(self) -> float | None:  # type: ignore[override]
        q = self.quantities
        return q.net_area_m2 if q.net_area_m2 is not None else q.gross_area_m2


@dataclass
class ShadingDevice:
    """An external shading element (IfcShadingDevice) and the windows it shades.

    ``kind``: ``"overhang"`` or ``"fin"`` (Pset_BldgAgentShading.Kind, else from its shape), ``depth_m`` how far it
    projects from the facade (geometry, else Pset_BldgAgentShading.DepthM); ``bbox_min``/``bbox_max`` its extent in
    model coordinates (m). ``shades`` maps a window's GlobalId to the window's shading fields this device gives
    (names of :class:`bldgagent.energy.thermal.WindowSpec`: the window's ``width_m``/``height_m`` as measured,
    ``overhang_depth_m``, ``overhang_gap_m``, ``overhang_left_m``,
    ``overhang_right_m`` or ``fin_left_depth_m``/``fin_right_depth_m``, ``fin_offset_m``, ``fin_above_m``; m).
    """

    global_id: str
    name: str | None = None
    kind: str = "overhang"
    predefined_type: str | None = None
    depth_m: float | None = None
    bbox_min: tuple[float, float, float] | None = None
    bbox_max: tuple[float, float, float] | None = None
    shades: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass
class Space:
    """A room.

    ``usage`` is a normalised category (see :mod:`bldgagent.usage`), ``usage_raw`` the text it came from.
    ``bounding_ids`` are GlobalIds of elements bounding the room, ``bounding_source`` says whether they come
    from IfcRelSpaceBoundary or were inferred from geometry. ``boundary_shares[element_id]`` is the share
    (0-1) of that element's envelope area that faces this room, where geometry allowed to tell (a wall
    running along three rooms gives each its part). ``footprint`` is the room outline in model plan
    coordinates (m), a list of (x, y) rings, when geometry was read; ``elevation_m`` its floor level.
    """

    global_id: str
    name: str | None = None
    long_name: str | None = None
    ifc_id: int | None = None
    usage: str = "unknown"
    usage_raw: str | None = None
    storey_id: str | None = None
    net_floor_area_m2: float | None = None
    gross_floor_area_m2: float | None = None
    volume_m3: float | None = None
    height_m: float | None = None
    is_external: bool | None = None
    quantity_source: dict[str, str] = field(default_factory=dict)
    bounding_ids: list[str] = field(default_factory=list)
    bounding_source: str | None = None
    boundary_shares: dict[str, float] = field(default_factory=dict)
    footprint: list[list[tuple[float, float]]] | None = None
    elevation_m: float | None = None

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.name, self.long_name) if p) or self.global_id


@dataclass
class Storey:
    global_id: str
    name: str | None = None
    elevation_m: float | None = None
    height_m: float | None = None
    ifc_id: int | None = None
    gross_floor_area_m2: float | None = None
    gross_floor_area_source: str | None = None


@dataclass
class Site:
    """Location of the building. ``true_north_deg`` is the compass bearing of the model's +Y axis."""

    name: str | None = None
    latitude_deg: float | None = None
    longitude_deg: float | None = None
    elevation_m: float | None = None
    true_north_deg: float = 0.0


@dataclass
class Diagnostic:
    """Something the reader or an engine inferred, defaulted or skipped.

    ``level``: ``"info"`` (inferred, fine), ``"warning"`` (defaulted or partial), ``"error"`` (skipped).
    ``code`` is a stable short identifier an agent can switch on; ``entity`` an IFC label or file row.
    """

    level: str
    code: str
    message: str
    entity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


class Diagnostics(list):
    """A list of :class:`Diagnostic` with helpers."""

    def add(self, level: str, code: str, message: str, entity: str | None = None) -> Diagnostic:
        d = Diagnostic(level, code, message, entity)
        self.append(d)
        return d

    def by_code(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for d in self:
            counts[d.code] = counts.get(d.code, 0) + 1
        return counts

    def to_list(self) -> list[dict[str, Any]]:
        return [d.to_dict() for d in self]


#: Attributes a :class:`Building` derives from its data and keeps in ``__dict__``: never pickled, never copied.
_DERIVED = ("_index", "_graph")
_GLOBAL_ID = attrgetter("global_id")


def _identity_key(items: list) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """Which objects a list holds and their GlobalIds: changes on any swap, insertion, removal or renaming."""
    return tuple(map(id, items)), tuple(map(_GLOBAL_ID, items))


@dataclass
class Building:
    """A whole building read from IFC (or built in code).

    ``graph`` is a :class:`networkx.MultiDiGraph` whose nodes are storey, space and element GlobalIds
    (attribute ``type``) and whose edges carry ``relation``: ``contains`` (storey to space/element),
    ``bounds`` (element to space), ``hosts`` (wall to window/door), ``adjacent`` (space to space, with
    ``via`` the shared element). It is derived: built on first use and rebuilt whenever the data it is
    made of changes (see :func:`bldgagent.graph.graph_key`).

    Variants: :meth:`replace`, :meth:`with_elements` and :meth:`with_spaces` return a changed copy that
    shares nothing mutable with the original. Pickles hold the data only (no index, no graph).

    ``energy_options``: fields of :class:`~bldgagent.energy.options.EnergyOptions` that the model itself states
    (the design layer's systems, airtightness, heat recovery, PV and shading changes; read back from
    ``Pset_BldgAgentOperation.EnergyOptions`` of a file it wrote). The energy engine takes them as defaults:
    options passed to it explicitly win field by field (key by key for dict fields).
    """

    name: str | None = None
    schema: str | None = None
    source_path: str | None = None
    site: Site | None = None
    storeys: list[Storey] = field(default_factory=list)
    spaces: list[Space] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    gross_floor_area_m2: float | None = None
    gross_floor_area_source: str | None = None
    shading_devices: list[ShadingDevice] = field(default_factory=list)
    energy_options: dict[str, Any] = field(default_factory=dict)

    # --- display (the dataclass repr would print every element: megabytes for a large model) -------------
    def __repr__(self) -> str:
        gfa = f"{self.gross_floor_area_m2:.0f} m2 GFA" if self.gross_floor_area_m2 else "no GFA"
        return (f"Building({self.name!r}, {self.schema}, {len(self.storeys)} storeys, {len(self.spaces)} spaces, "
                f"{len(self.elements)} elements, {gfa})")

    def _repr_html_(self) -> str:
        """Jupyter: the compact summary of :func:`bldgagent.report.display.building_html`, looked up by name when
        shown (the renderers sit in the report layer, above this one; nothing here depends on them)."""
        return importlib.import_module("bldgagent.report.display").building_html(self)

    # --- lookups ---------------------------------------------------------------------------------------
    def element(self, global_id: str) -> Element:
        """Element (or opening) by GlobalId; KeyError naming the id if absent.

        The index is checked on every hit (the element must still sit at its position in ``elements`` under
        that id) and rebuilt when ``elements`` holds other objects or ids, whatever the count.
        """
        found = self._indexed(global_id)
        if found is None:
            key = _identity_key(self.elements)
            cached = self.__dict__.get("_index")
            if cached is None or cached[0] != key:
                index = {e.global_id: (i, e) for i, e in enumerate(self.elements)}  # last one wins
                self.__dict__["_index"] = (key, index)
                found = self._indexed(global_id)
        if found is None:
            raise KeyError(f"no element with GlobalId {global_id!r} in {self.source_path or self.name}")
        return found

    def _indexed(self, global_id: str) -> Element | None:
        cached = self.__dict__.get("_index")
        if cached is None or global_id not in cached[1]:
            return None
        position, element = cached[1][global_id]
        elements = self.elements
        if position < len(elements) and elements[position] is element and element.global_id == global_id:
            return element
        return None

    @property
    def graph(self) -> Any:
        """The building graph (:func:`bldgagent.graph.building_graph`), rebuilt when its inputs change."""
        from .graph import building_graph, graph_key

        key = graph_key(self)
        cached = self.__dict__.get("_graph")
        if cached is None or cached[0] != key:
            cached = (key, building_graph(self))
            self.__dict__["_graph"] = cached
        return cached[1]

    @graph.setter
    def graph(self, value: Any) -> None:
        """Accept a graph built for the current data (the IFC reader builds one); None forgets it."""
        if value is None:
            self.__dict__.pop("_graph", None)
            return
        from .graph import graph_key

        self.__dict__["_graph"] = (graph_key(self), value)

    # --- variants and pickling -------------------------------------------------------------------------
    def replace(self, **changes: Any) -> Building:
        """A changed copy: ``building.replace(name="v2", elements=[...])``; the original is left untouched.

        Everything is deep-copied in one pass (a pickle round trip), the given values too, so the copy shares no list, dict,
        element or material with the original or with the arguments, and materials shared between elements
        stay shared within the copy. The copy's index and graph are built afresh on first use.
        """
        names = [f.name for f in fields(self)]
        unknown = sorted(set(changes) - set(names))
        if unknown:
            derived = " (the graph is derived from the data, never set)" if "graph" in unknown else ""
            raise InputValueError(f"Building.replace: unknown field(s) {', '.join(unknown)}{derived}; "
                                  f"fields are {', '.join(names)}")
        state = {name: changes[name] if name in changes else getattr(self, name) for name in names}
        # a pickle round trip is a deep copy (sharing kept within it) about twice as fast as copy.deepcopy
        return Building(**pickle.loads(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)))

    def with_elements(self, replacements: Mapping[str, Element]) -> Building:
        """A copy with the elements of the given GlobalIds replaced, in place in the list (order kept).

        ``replacements`` maps a GlobalId of this building to the new element (e.g. made with
        :func:`dataclasses.replace`); InputValueError naming the ids that are not in the building.
        """
        self._check_ids("with_elements", replacements, {e.global_id for e in self.elements}, Element)
        return self.replace(elements=[replacements.get(e.global_id, e) for e in self.elements])

    def with_spaces(self, replacements: Mapping[str, Space]) -> Building:
        """A copy with the spaces of the given GlobalIds replaced (order kept); see :meth:`with_elements`."""
        self._check_ids("with_spaces", replacements, {s.global_id for s in self.spaces}, Space)
        return self.replace(spaces=[replacements.get(s.global_id, s) for s in self.spaces])

    def _check_ids(self, method: str, replacements: Mapping[str, Any], known: set[str], kind: type) -> None:
        missing = sorted(set(replacements) - known)
        if missing:
            raise InputValueError(f"Building.{method}: no {kind.__name__.lower()} with GlobalId "
                                  f"{', '.join(map(repr, missing))} in {self.source_path or self.name}")
        wrong = sorted(gid for gid, value in replacements.items() if not isinstance(value, kind))
        if wrong:
            raise InputValueError(f"Building.{method}: the replacement for {', '.join(map(repr, wrong))} is not "
                                  f"a {kind.__name__}")

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the data only: the element index and the graph are rebuilt on first use."""
        return {k: v for k, v in self.__dict__.items() if k not in _DERIVED}

    def __setstate__(self, state: dict[str, Any]) -> None:
        # "graph": pickles written while the graph was a field carried it; it is derived now
        self.__dict__.update({k: v for k, v in state.items() if k not in _DERIVED and k != "graph"})

    @property
    def openings(self) -> list[Opening]:
        return [e for e in self.elements if isinstance(e, Opening)]

    @property
    def windows(self) -> list[Opening]:
        return [e for e in self.elements if isinstance(e, Opening) and e.kind == "window"]

    def elements_of(self, *kinds: str) -> list[Element]:
        return [e for e in self.elements if e.kind in kinds]

    def iter_envelope(self) -> Iterator[Element]:
        """External walls, roofs, ground floors and external openings."""
        for e in self.elements:
            if e.is_external or e.is_ground_contact:
                yield e

    @property
    def net_floor_area_m2(self) -> float:
        """Sum of the spaces' net floor areas (m2); 0.0 when the model has no spaces."""
        return float(sum(s.net_floor_area_m2 or 0.0 for s in self.spaces))

    def coverage(self) -> dict[str, float]:
        """Share of elements (windows/doors excluded) with a volume and with a material, 0-1."""
        solid = [e for e in self.elements if not isinstance(e, Opening) and not e.is_aggregate]
        n = len(solid) or 1
        return {
            "elements": len(solid),
            "with_volume": sum(e.volume_m3 is not None for e in solid) / n,
            "with_material": sum(bool(e.materials) for e in solid) / n,
        }
