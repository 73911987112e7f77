"""``load(path) -> Building``: read an IFC2X3 / IFC4 / IFC4X3 file into bldgagent's plain data model.

The input file is opened read-only and never modified. Every value carries its provenance, and what
was inferred, defaulted or skipped is listed in ``Building.diagnostics`` with the entity concerned.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import ifcopenshell
import ifcopenshell.util.element as ifc_element
import numpy as np

from ..errors import IfcReadError, InputFileError, InputValueError, ModelContentError, UnsupportedSchemaError, entity_label
from ..model import Building, Diagnostics, Element, Facet, Opening, Site, Space, Storey
from ..usage import classify_usage
from . import envelope
from ..graph import building_graph
from .consistency import UnitRatios, agree, check_declared_volume, check_derived_area, check_geometry_volume, \
    element_thickness, unit_correction
from .envelope import PANEL_CLASSES
from .floor_area import gross_floor_area
from .geometry import MeshSummary, extrusion_depth_m, iterate_geometry
from .index import ModelIndex
from .mass import check_declared_mass
from .materials import MaterialCatalogue, take_off
from .placement import bearing_deg, compound_angle_deg, true_north_vector
from .duplicates import mark_duplicates
from .quantities import read_quantities, read_space_quantities, read_storey_gross_floor_area
from .shading import read_shading_devices
from .units import UnitScales, project_unit_scales

SUPPORTED_SCHEMAS = ("IFC2X3", "IFC4", "IFC4X3")

#: IFC class -> element kind. Subclasses not listed inherit their parent's entry (IfcWallStandardCase...).
KIND_BY_CLASS = {
    "IfcWall": "wall",
    "IfcCurtainWall": "curtain_wall",
    "IfcSlab": "slab",
    "IfcRoof": "roof",
    "IfcColumn": "column",
    "IfcBeam": "beam",
    "IfcMember": "member",
    "IfcPlate": "plate",
    "IfcWindow": "window",
    "IfcDoor": "door",
    "IfcCovering": "covering",
    "IfcFooting": "footing",
    "IfcPile": "pile",
    "IfcStair": "stair",
    "IfcStairFlight": "stair",
    "IfcRamp": "ramp",
    "IfcRampFlight": "ramp",
    "IfcRailing": "railing",
    "IfcChimney": "chimney",
    "IfcBuildingElementProxy": "other",
    "IfcBuildingElementPart": "other",
    "IfcShadingDevice": "other",
}

#: Classes read as part of the building fabric (everything else - furniture, MEP - is skipped and counted).
FABRIC_ROOTS = tuple(KIND_BY_CLASS)
SKIPPED_ROOTS = ("IfcFurnishingElement", "IfcDistributionElement", "IfcTransportElement", "IfcGeographicElement",
                 "IfcVirtualElement", "IfcElementAssembly", "IfcDiscreteAccessory", "IfcFastener",
                 "IfcMechanicalFastener", "IfcReinforcingElement", "IfcFlowTerminal", "IfcFurniture")

_GLASS = re.compile(r"glas|glazing|verre|vitr|vetro|vidrio|玻璃", re.IGNORECASE)
_NOT_GLASS = re.compile(r"wool|wolle|insul|d[äa]mm|fib(re|er)|faser|laine|棉", re.IGNORECASE)  # glass wool...

_SLAB_KIND = {"ROOF": "roof", "FLOOR": "floor", "BASESLAB": "floor"}


def load(path: str | Path, *, geometry: str = "auto", threads: int | None = None,
         progress: bool | None = None) -> Building:
    """Read an IFC file into a :class:`~bldgagent.model.Building`.

    Parameters
    ----------
    path : IFC file (STEP physical file, IFC2X3, IFC4 or IFC4X3).
    geometry : ``"auto"`` (default) triangulates only what quantity sets do not give: spaces, openings,
        slabs and roofs (orientation, elevation, footprints) and elements lacking a volume; ``"all"`` also
        triangulates every element and cross-checks quantity-set volumes against geometry (a diagnostic
        where they differ by more than 10 %); ``"none"`` reads quantity sets only.
    threads : threads for IfcOpenShell's geometry iterator (default: all cores).
    progress : a bar counting the triangulated elements on long reads, in a terminal or Jupyter (None, the default:
        when :func:`bldgagent.progress.progress_enabled`); False hides it, True forces it.

    Raises
    ------
    InputFileError : the path does not exist or is not a file.
    IfcReadError : not an IFC file, truncated or corrupt STEP text.
    UnsupportedSchemaError : a schema other than IFC2X3, IFC4, IFC4X3.
    ModelContentError : the file holds no IfcBuilding.
    """
    if not isinstance(path, (str, os.PathLike)) or not str(path).strip():
        raise InputValueError(f"load(path={path!r:.60}): expected the path of an .ifc file (str or pathlib.Path), "
                              f"got {type(path).__name__ if path != '' else 'an empty string'}")
    if geometry not in ("auto", "all", "none"):
        raise InputValueError(f"geometry={geometry!r}: use 'auto', 'all' or 'none'")
    path = Path(path)
    model = open_ifc(path)
    try:
        return _Reader(model, path, geometry, threads, progress=progress).read()
    except _Rescale as fix:  # the file's units contradict each other: read again with the consistent ones
        reader = _Reader(model, path, geometry, threads, scales=fix.scales, progress=progress)
        reader.diagnostics.add("warning", "unit_scale_inconsistent",
                               f"the file's units contradict its own lengths and geometry: {fix.message}; check the "
                               "project units (IfcUnitAssignment) in the export settings")
        return reader.read()


class _Rescale(Exception):
    """Raised inside the reader when quantity sets and geometry show inconsistent units."""

    def __init__(self, scales: UnitScales, message: str):
        super().__init__(message)
        self.scales, self.message = scales, message


def open_ifc(path: Path) -> ifcopenshell.file:
    """Open an IFC file read-only with checks that turn ifcopenshell failures into clear errors."""
    if not path.exists():
        raise InputFileError(f"{path}: no such file; check the path (relative paths start at {Path.cwd()})")
    if not path.is_file():
        what = "a directory" if path.is_dir() else "not a regular file (a device, pipe or socket)"
        raise InputFileError(f"{path}: is {what}, not an IFC file")
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - 4096))
            tail = fh.read()
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read ({exc})") from exc
    if b"ISO-10303-21" not in head[:200]:
        hint = " (an ifcXML or ifcZIP file? export as IFC-SPF .ifc)" if head[:5] in (b"<?xml", b"PK\x03\x04") else ""
        raise IfcReadError(f"{path}: not an IFC STEP file: it does not start with ISO-10303-21{hint}")
    match = re.search(rb"FILE_SCHEMA\s*\(\s*\(\s*'([^']*)'", head)
    schema = match.group(1).decode("ascii", "replace").upper() if match else ""
    if not any(schema.startswith(s) for s in SUPPORTED_SCHEMAS):
        raise UnsupportedSchemaError(
            f"{path}: schema {schema or '(none in header)'} is not supported; bldgagent reads "
            f"{', '.join(SUPPORTED_SCHEMAS)}: re-export the model in one of them"
        )
    if b"END-ISO-10303-21" not in tail:
        raise IfcReadError(
            f"{path}: truncated: the file does not end with END-ISO-10303-21; the export or download "
            "was cut short, export it again"
        )
    ifcopenshell.ifcopenshell_wrapper.get_log()  # clear messages left by earlier files
    try:
        model = ifcopenshell.open(str(path))
    except Exception as exc:  # ifcopenshell.Error and friends: report the parser's own log line
        raise IfcReadError(f"{path}: corrupt IFC ({exc}) {_parser_errors()}".strip()) from exc
    errors = _parser_errors()
    if errors:  # the parser skipped what it could not read: the model would be silently incomplete
        raise IfcReadError(f"{path}: corrupt IFC: {errors}; fix or re-export the file")
    return model


def _parser_errors() -> str:
    """The first error lines IfcOpenShell's parser logged, without timestamps ('' if none)."""
    lines = [line for line in ifcopenshell.ifcopenshell_wrapper.get_log().splitlines() if "[error]" in line]
    cleaned = [re.sub(r"\[(error|\d{4}-\d\d-\d\d[^\]]*|[A-Z]+\d+)\]\s*", "", line).strip() for line in lines[:2]]
    return "; ".join(cleaned)


class _Reader:
    def __init__(self, model: ifcopenshell.file, path: Path, geometry: str, threads: int | None,
                 scales: UnitScales | None = None, progress: bool | None = None):
        self.model = model
        self.path = path
        self.geometry_mode = geometry
        self.threads = threads
        self.progress = progress
        self.diagnostics = Diagnostics()
        _assume_si_units_if_missing(model, self.diagnostics)
        declared = project_unit_scales(model, str(path))
        self.rescaled = scales is not None
        self.scales: UnitScales = scales or declared
        # geometry comes from IfcOpenShell in the declared length unit: correct it when that unit was wrong
        self.geometry_scale = self.scales.length / declared.length
        self.ratios = UnitRatios([], [], [])
        self.geometry_thickness: dict[str, float] = {}
        self.geometry_area: dict[str, float] = {}
        self.north, north_given = true_north_vector(model)
        if not north_given:
            self.diagnostics.add("info", "true_north_default", "no TrueNorth in the model context: +Y taken as north")
        self.materials = MaterialCatalogue(model, self.scales, self.diagnostics)
        self.index = ModelIndex(model)
        self.meshes: dict[int, MeshSummary] = {}
        self.entities: dict[str, object] = {}
        self.triangulated: list = []
        self._kind_cache: dict[str, str] = {}

    # ------------------------------------------------------------------------------------------------
    def read(self) -> Building:
        buildings = self.model.by_type("IfcBuilding")
        if not buildings:
            raise ModelContentError(
                f"{self.path}: no IfcBuilding in the model; bldgagent needs a spatial structure "
                "IfcProject > IfcSite > IfcBuilding > IfcBuildingStorey (check the exporter's settings)"
            )
        if len(buildings) > 1:
            self.diagnostics.add("warning", "several_buildings",
                                 f"{len(buildings)} IfcBuilding entities: all are read as one building")
        schema = self.model.schema
        building = Building(
            name=buildings[0].Name or buildings[0].LongName, schema=schema, source_path=str(self.path),
            diagnostics=self.diagnostics,
        )
        building.site = self._site()
        building.storeys = self._storeys()
        storey_ids = {s.global_id for s in building.storeys}
        building.elements = self._elements(storey_ids)
        _panels_follow_host(building.elements)
        building.spaces = self._spaces(storey_ids)
        self._geometry(building)
        if not self.rescaled:
            fix = unit_correction(self.ratios, self.scales)
            if fix is not None:
                raise _Rescale(*fix)
        self._reconcile_areas(building)
        envelope.resolve(building, self)
        building.shading_devices = read_shading_devices(self, building)
        building.energy_options = _stated_energy_options(buildings[0], self.diagnostics)
        mark_duplicates(building.elements, self.entities, self.meshes, self.scales.length, self.diagnostics)
        for element in building.elements:
            if not element.is_aggregate and not isinstance(element, Opening):
                check_declared_mass(element, self.diagnostics)
                element.material_quantities = take_off(element, self.diagnostics)
        self._gross_floor_area(building)
        building.graph = building_graph(building)
        self._summarise_gaps(building)
        return building

    # --- site and storeys ---------------------------------------------------------------------------
    def _site(self) -> Site | None:
        sites = self.model.by_type("IfcSite")
        true_north = float(bearing_deg(np.array([0.0, 1.0]), self.north))
        if not sites:
            self.diagnostics.add("warning", "no_site", "no IfcSite: location unknown; pass a climate explicitly")
            return Site(true_north_deg=true_north)
        s = sites[0]
        lat, lon = compound_angle_deg(s.RefLatitude), compound_angle_deg(s.RefLongitude)
        elevation = float(s.RefElevation) * self.scales.length if s.RefElevation is not None else None
        if lat is None or lon is None:
            self.diagnostics.add("warning", "site_location_missing",
                                 "IfcSite has no RefLatitude/RefLongitude: location unknown; pass a climate explicitly",
                                 entity_label(s))
            lat = lon = None
        elif abs(lat) > 90 or abs(lon) > 180:
            self.diagnostics.add("warning", "site_location_invalid",
                                 f"IfcSite location {lat:.4f}, {lon:.4f} is out of range: ignored", entity_label(s))
            lat = lon = None
        return Site(name=s.Name, latitude_deg=lat, longitude_deg=lon, elevation_m=elevation, true_north_deg=true_north)

    def _storeys(self) -> list[Storey]:
        storeys = []
        for st in self.model.by_type("IfcBuildingStorey"):
            elevation = None
            if st.Elevation is not None:
                elevation = float(st.Elevation) * self.scales.length
            elif st.ObjectPlacement is not None:
                elevation = float(self.index.placement(st.ObjectPlacement)[2, 3]) * self.scales.length
            storey = Storey(global_id=st.GlobalId, name=st.Name, elevation_m=elevation, ifc_id=st.id())
            authored = read_storey_gross_floor_area(st, self.scales, self.index.qsets.get(st.id(), ()))
            if authored:
                storey.gross_floor_area_m2, storey.gross_floor_area_source = authored
            storeys.append(storey)
            self.entities[st.GlobalId] = st
        storeys.sort(key=lambda s: (s.elevation_m is None, s.elevation_m or 0.0))
        for lower, upper in zip(storeys, storeys[1:]):
            if lower.elevation_m is not None and upper.elevation_m is not None:
                lower.height_m = upper.elevation_m - lower.elevation_m
        return storeys

    def _storey_of(self, entity, storey_ids: set[str]) -> str | None:
        current = entity
        for _ in range(8):
            container = self.index.container_of(current)
            if container is not None:
                return container.GlobalId if container.GlobalId in storey_ids else None
            parent = self.index.whole_of(current)
            if parent is None:
                return None
            if parent.is_a("IfcBuildingStorey"):
                return parent.GlobalId
            current = parent
        return None

    # --- elements -----------------------------------------------------------------------------------
    def _elements(self, storey_ids: set[str]) -> list[Element]:
        model = self.model
        entities = []
        seen: set[int] = set()
        for root in FABRIC_ROOTS:
            try:
                found = model.by_type(root)
            except RuntimeError:  # class absent from this schema (e.g. IfcChimney in IFC2X3)
                continue
            for e in found:
                if e.id() not in seen:
                    seen.add(e.id())
                    entities.append(e)
        skipped = Counter()
        for root in SKIPPED_ROOTS:
            try:
                for e in model.by_type(root):
                    if e.id() not in seen:
                        seen.add(e.id())
                        skipped[root] += 1
            except RuntimeError:
                continue
        if skipped:
            self.diagnostics.add(
                "info", "elements_skipped",
                "not part of the building fabric, not read: " + ", ".join(f"{n} {k}" for k, n in sorted(skipped.items())),
            )
        included = {e.id() for e in entities}
        elements = []
        for entity in entities:
            element = self._element(entity, storey_ids, included)
            elements.append(element)
            self.entities[element.global_id] = entity
        if not elements:
            self.diagnostics.add("warning", "no_elements", "the model has no building elements (walls, slabs...)")
        return elements

    def _predefined_type(self, entity) -> str | None:
        """PredefinedType of an occurrence (exporters write the more specific value there, e.g. BASESLAB on a
        FLOOR type), else its type's; the ObjectType/ElementType when USERDEFINED; None when not defined."""
        for obj in (entity, self.index.type_of(entity)):
            if obj is None:
                continue
            try:
                value = obj.PredefinedType
            except AttributeError:  # IFC2X3 windows, doors and some types have none
                continue
            if value == "USERDEFINED":
                return getattr(obj, "ObjectType", None) or getattr(obj, "ElementType", None) or value
            if value and value != "NOTDEFINED":
                return value
        return None

    def _kind(self, entity, predefined: str | None) -> str:
        name = entity.is_a()
        kind = self._kind_cache.get(name)
        if kind is None:
            kind = next((k for cls, k in KIND_BY_CLASS.items() if entity.is_a(cls)), "other")
            self._kind_cache[name] = kind
        if kind == "slab":
            parent = self.index.whole_of(entity)
            if parent is not None and parent.is_a("IfcRoof"):
                return "roof"
            return _SLAB_KIND.get(predefined or "", "slab")
        return kind

    def _element(self, entity, storey_ids: set[str], included: set[int]) -> Element:
        predefined = self._predefined_type(entity)
        kind = self._kind(entity, predefined)
        type_entity = self.index.type_of(entity)
        psets = self.index.property_sets(entity)
        common = _common_properties(psets)
        parts = [p for p in (ifc_element.get_parts(entity) or []) if p.id() in included]
        parent = self.index.whole_of(entity)
        construction = self.materials.construction(entity) if not parts else None
        panel = kind in ("plate", "member") and glazed_panel(entity, predefined, parent, construction)
        if panel:
            kind = "window"
        cls = Opening if kind in ("window", "door") else Element
        element = cls(
            global_id=entity.GlobalId,
            ifc_class=entity.is_a(),
            kind=kind,
            ifc_id=entity.id(),
            name=entity.Name,
            type_name=type_entity.Name if type_entity is not None else None,
            predefined_type=predefined,
            storey_id=self._storey_of(entity, storey_ids),
            is_load_bearing=_as_bool(common.get("LoadBearing")),
            thermal_transmittance_w_m2k=_as_positive(common.get("ThermalTransmittance")),
            parent_id=parent.GlobalId if parent is not None and parent.id() in included else None,
            is_aggregate=bool(parts),
        )
        external = _as_bool(common.get("IsExternal"))
        if external is not None:
            element.is_external, element.is_external_source = external, "pset"
        element.quantities = read_quantities(entity, "plate" if panel else kind, self.scales, self.diagnostics,
                                             self.index.qsets.get(entity.id(), ()))
        element.construction = construction
        self._record_declared(element)
        if panel:
            self._panel_fields(element, parent)
        elif isinstance(element, Opening):
            self._opening_fields(entity, element, psets)
        return element

    def _panel_fields(self, panel: Opening, parent) -> None:
        """A glazed plate or member read as a window: the whole panel is glass (no frame of its own: the
        curtain wall's mullions are separate members), its host is the curtain wall it belongs to."""
        q = panel.quantities
        if q.width_m is not None:  # a plate's Width is its thickness (Qto_PlateBaseQuantities)
            q.set("thickness_m", q.width_m, q.source["width_m"])
            q.width_m = None
        panel.glazing_fraction = 1.0
        panel.u_value_w_m2k = panel.thermal_transmittance_w_m2k
        if parent is not None:
            panel.host_id = parent.GlobalId
        self.diagnostics.add("info", "glazed_panel",
                             f"{panel.ifc_class} read as glazing (window): "
                             + ("part of an IfcCurtainWall" if parent is not None and parent.is_a("IfcCurtainWall")
                                else f"PredefinedType {panel.predefined_type}" if panel.predefined_type == "CURTAIN_PANEL"
                                else "glass material"),
                             f"{panel.ifc_class} {panel.global_id} '{panel.name}'")

    def _opening_fields(self, entity, opening: Opening, psets: dict) -> None:
        s = self.scales.length
        q = opening.quantities
        width = getattr(entity, "OverallWidth", None)
        height = getattr(entity, "OverallHeight", None)
        if width is not None and width > 0:
            opening.width_m = float(width) * s
        elif q.width_m:
            opening.width_m = q.width_m
        if height is not None and height > 0:
            opening.height_m = float(height) * s
        elif q.height_m:
            opening.height_m = q.height_m
        if opening.width_m and opening.height_m:
            rectangle = opening.width_m * opening.height_m
            if q.gross_area_m2 is not None and q.gross_area_m2 > 1.05 * rectangle:
                # an overall area cannot exceed its bounding rectangle (Revit writes surface areas here)
                self.diagnostics.add(
                    "info", "opening_area_exceeds_size",
                    f"{q.source.get('gross_area_m2')} = {q.gross_area_m2:.3f} m2 exceeds width x height "
                    f"{opening.width_m:.3f} x {opening.height_m:.3f} m: width x height is used", entity_label(entity))
                q.gross_area_m2 = None
            q.set("gross_area_m2", rectangle, "derived:width x height")
        glazing = {}
        for name, pset in psets.items():
            if name in ("Pset_WindowCommon", "Pset_DoorCommon", "Pset_DoorWindowGlazingType"):
                glazing.update({k: v for k, v in pset.items() if v is not None})
        fraction = glazing.get("GlazingAreaFraction")
        if isinstance(fraction, (int, float)) and 0 < fraction <= 1:
            opening.glazing_fraction = float(fraction)
        u = _as_positive(glazing.get("ThermalTransmittance") or glazing.get("ThermalTransmittanceWinter"))
        if u is not None:
            opening.u_value_w_m2k = u
        g = glazing.get("SolarHeatGainTransmittance") or glazing.get("SolarHeatGainCoefficient")
        if isinstance(g, (int, float)) and 0 < g < 1:
            opening.g_value = float(g)
        tv = glazing.get("VisibleLightTransmittance")
        if isinstance(tv, (int, float)) and 0 < tv < 1:
            opening.visible_transmittance = float(tv)

    # --- spaces -------------------------------------------------------------------------------------
    def _spaces(self, storey_ids: set[str]) -> list[Space]:
        spaces = []
        for entity in self.model.by_type("IfcSpace"):
            psets = self.index.property_sets(entity)
            common = psets.get("Pset_SpaceCommon", {})
            usage, matched = classify_usage(
                entity.LongName, entity.Name, getattr(entity, "ObjectType", None),
                common.get("Reference"), common.get("OccupancyType") if isinstance(common.get("OccupancyType"), str) else None,
            )
            space = Space(
                global_id=entity.GlobalId, name=entity.Name, long_name=entity.LongName, ifc_id=entity.id(),
                usage=usage, usage_raw=matched, storey_id=self._storey_of(entity, storey_ids),
                is_external=_as_bool(common.get("IsExternal")),
            )
            if space.is_external is None and "EXTERNAL" in (getattr(entity, "PredefinedType", None),
                                                            getattr(entity, "InteriorOrExteriorSpace", None)):
                space.is_external = True
            qsets = self.index.qsets.get(entity.id(), ())
            for field_name, (value, source) in read_space_quantities(entity, self.scales, self.diagnostics,
                                                                     qsets).items():
                setattr(space, field_name, value)
                space.quantity_source[field_name] = source
            if usage == "unknown":
                self.diagnostics.add("info", "space_usage_unknown",
                                     "no usage recognised in the space's names: default profiles will apply",
                                     entity_label(entity))
            spaces.append(space)
            self.entities[space.global_id] = entity
        return spaces

    # --- geometry -----------------------------------------------------------------------------------
    def _geometry(self, building: Building) -> None:
        if self.geometry_mode == "none":
            self.diagnostics.add("info", "geometry_skipped", "geometry not read (geometry='none')")
            return
        wanted, footprints = self.geometry_targets(building)
        self.triangulated = wanted
        facets = {e.ifc_id for e in building.elements if e.kind in ("slab", "floor", "roof", "covering")}
        # voids of windows and doors whose size is known only serve to place them
        sized = {self.entities[o.global_id].id() for o in building.openings if o.area_m2 is not None}
        light = set()
        for void in self.model.by_type("IfcOpeningElement"):
            fillings = [rel.RelatedBuildingElement.id() for rel in getattr(void, "HasFillings", None) or ()]
            if fillings and all(f in sized for f in fillings):
                light.add(void.id())
        self.meshes = iterate_geometry(self.model, wanted, self.diagnostics, footprints, self.threads, facets, light,
                                       scale=self.geometry_scale, progress=self.progress)
        self._apply_meshes(building)

    def geometry_targets(self, building: Building) -> tuple[list, set[int]]:
        """Entities to triangulate (and those whose plan footprint is wanted) for this geometry mode."""
        wanted, footprints = [], set()
        for space in building.spaces:
            entity = self.entities[space.global_id]
            if entity.Representation is not None:
                wanted.append(entity)
                footprints.add(entity.id())
        unassessable = []
        for element in building.elements:
            entity = self.entities[element.global_id]
            if entity.Representation is None or element.is_aggregate:
                continue
            if isinstance(element, Opening) and element.ifc_class not in PANEL_CLASSES:
                continue  # positions come from the (cheap) opening elements below
            if element.kind == "other" and element.construction is None and element.volume_m3 is None:
                unassessable.append(element)  # proxies without material: text, trees, symbols...
                continue
            need = (
                self.geometry_mode == "all"
                or element.volume_m3 is None
                or element.kind in ("slab", "floor", "roof", "covering")
                or (element.kind in ("wall", "curtain_wall") and not _has_axis(entity))
                or (element.kind in ("wall", "curtain_wall") and element.area_m2 is None)
                or _derived_area_disagrees(element)  # geometry is the second source that settles it
            )
            if need:
                wanted.append(entity)
                if element.kind in ("slab", "floor", "roof"):
                    footprints.add(entity.id())
        if unassessable:
            names = Counter((e.type_name or e.name or "?").split(":")[0] for e in unassessable)
            self.diagnostics.add(
                "info", "proxies_not_triangulated",
                f"{len(unassessable)} proxy elements without material or quantities are not triangulated "
                "(no carbon can be assigned to them): " + ", ".join(f"{n} x {k}" for k, n in names.most_common(5)),
            )
        # Opening elements (the voids windows and doors sit in) are plain boxes: cheap to triangulate.
        voids = [v for v in self.model.by_type("IfcOpeningElement") if v.Representation is not None]
        return wanted + voids, footprints

    def _apply_meshes(self, building: Building) -> None:
        for space in building.spaces:
            mesh = self.meshes.get(space.ifc_id)
            if mesh is None:
                continue
            space.elevation_m = float(mesh.bbox_min[2])
            if str(space.quantity_source.get("net_floor_area_m2")).startswith("qto") and mesh.footprint is not None:
                self.ratios.add("area", space.net_floor_area_m2, mesh.footprint.area)
            if str(space.quantity_source.get("volume_m3")).startswith("qto") and mesh.closed:
                self.ratios.add("volume", space.volume_m3, mesh.volume_m3)
            if space.footprint is None and mesh.footprint is not None:
                space.footprint = _rings(mesh.footprint)
            if space.net_floor_area_m2 is None:
                area = mesh.footprint.area if mesh.footprint is not None else mesh.down_area_m2
                if area > 0:
                    space.net_floor_area_m2 = float(area)
                    space.quantity_source["net_floor_area_m2"] = "geometry"
            if space.volume_m3 is None and mesh.volume_m3 > 0:
                space.volume_m3 = mesh.volume_m3
                space.quantity_source["volume_m3"] = "geometry"
            if space.height_m is None:
                space.height_m = float(mesh.bbox_max[2] - mesh.bbox_min[2])
                space.quantity_source["height_m"] = "geometry"
        for element in building.elements:
            mesh = self.meshes.get(element.ifc_id)
            if mesh is None:
                if not element.is_aggregate and not isinstance(element, Opening):
                    element.has_geometry = False if self.entities[element.global_id].Representation is None else None
                continue
            element.has_geometry = True
            element.elevation_m = float(mesh.bbox_min[2])
            element.top_elevation_m = float(mesh.bbox_max[2])
            self._quantities_from_mesh(element, mesh)

    def _record_declared(self, element: Element) -> None:
        """Wall quantity sets on their own: side area against Length x Height and volume against Length x
        Width x Height compare the file's area and volume units with its length unit (no geometry needed)."""
        q = element.quantities
        if element.kind != "wall" or not (q.length_m and q.height_m):
            return
        if all(str(q.source.get(f)).startswith("qto") for f in ("length_m", "height_m", "gross_side_area_m2")):
            self.ratios.add("area", q.gross_side_area_m2, q.length_m * q.height_m)
            self.ratios.sizes_m.append(max(q.length_m, q.height_m))
            if q.thickness_m and str(q.source.get("gross_volume_m3")).startswith("qto"):
                self.ratios.add("volume", q.gross_volume_m3, q.length_m * q.height_m * q.thickness_m)

    def _record_for_checks(self, element: Element, mesh: MeshSummary) -> None:
        """Keep the geometry's own thickness and area, and declared/geometric ratios for the unit check."""
        q = element.quantities
        self.ratios.sizes_m.append(float(max(mesh.bbox_max - mesh.bbox_min)))
        if str(q.volume_source).startswith("qto") and mesh.closed:
            self.ratios.add("volume", q.volume_m3, mesh.volume_m3)
        if element.kind in ("wall", "curtain_wall") and mesh.wall_axis is not None:
            thickness, area = mesh.thickness_m, 0.5 * (mesh.side_area_pos_m2 + mesh.side_area_neg_m2)
            declared = q.net_side_area_m2 if str(q.source.get("net_side_area_m2")).startswith("qto") else None
        elif element.kind in ("slab", "floor", "covering", "roof"):
            thickness = mesh.across_thickness_m
            area = mesh.up_area_m2 if element.kind == "roof" else (mesh.top_area_m2 or mesh.up_area_m2)
            declared = next((getattr(q, f) for f in ("net_area_m2", "gross_area_m2")
                             if str(q.source.get(f)).startswith("qto")), None)
        else:
            return
        if thickness:
            self.geometry_thickness[element.global_id] = thickness
        if area:
            self.geometry_area[element.global_id] = area
            if mesh.closed:
                self.ratios.add("area", declared, area)

    def _quantities_from_mesh(self, element: Element, mesh: MeshSummary) -> None:
        self._record_for_checks(element, mesh)
        q = element.quantities
        if isinstance(element, Opening):  # a glazed panel: its largest face
            area = max(mesh.side_area_pos_m2, mesh.side_area_neg_m2, mesh.up_area_m2)
            if element.area_m2 is None and area > 0:
                q.set("gross_area_m2", area, "geometry: panel face")
            return
        if self.geometry_mode == "all" and q.volume_m3 is not None and mesh.closed and mesh.volume_m3 > 0:
            ratio = q.volume_m3 / mesh.volume_m3
            if abs(ratio - 1.0) > 0.10:
                self.diagnostics.add(
                    "warning", "quantity_geometry_mismatch",
                    f"quantity-set volume {q.volume_m3:.3f} m3 ({q.volume_source}) differs from geometry "
                    f"{mesh.volume_m3:.3f} m3 by {100 * (ratio - 1):+.0f} %",
                    f"{element.ifc_class} {element.global_id} '{element.name}'",
                )
        if mesh.closed and mesh.volume_m3 > 1e-9:
            check_declared_volume(element, mesh.volume_m3, self.diagnostics)
            if q.net_volume_m3 is None and check_geometry_volume(element, mesh.volume_m3, self.diagnostics):
                q.set("net_volume_m3", mesh.volume_m3, "geometry")
        elif not mesh.closed and q.volume_m3 is None:
            self.diagnostics.add(
                "info", "geometry_not_solid",
                "geometry is an open surface model, not a closed solid: no volume from geometry",
                f"{element.ifc_class} {element.global_id} '{element.name}'")
        if element.kind in ("wall", "curtain_wall") and mesh.wall_axis is not None:
            side = 0.5 * (mesh.side_area_pos_m2 + mesh.side_area_neg_m2)
            if side > 0:
                q.set("net_side_area_m2", side, "geometry")
            if mesh.thickness_m:
                q.set("thickness_m", mesh.thickness_m, "geometry")
            if mesh.length_m:
                q.set("length_m", mesh.length_m, "geometry")
            q.set("height_m", float(mesh.bbox_max[2] - mesh.bbox_min[2]), "geometry")
        elif element.kind in ("slab", "floor", "covering"):
            area = mesh.top_area_m2 or mesh.up_area_m2
            if not mesh.closed:  # a surface model may face down only (a ceiling seen from below)
                area = max(mesh.top_area_m2, mesh.down_area_m2) or mesh.up_area_m2
            if area > 0:
                q.set("net_area_m2", area, "geometry")
            if mesh.footprint is not None:
                q.set("footprint_area_m2", mesh.footprint.area, "geometry")
        elif element.kind == "roof":
            if mesh.up_area_m2 > 0:
                q.set("net_area_m2", mesh.up_area_m2, "geometry")
            if mesh.footprint is not None:
                q.set("footprint_area_m2", mesh.footprint.area, "geometry")
        if element.kind in ("roof", "slab", "floor") and mesh.facets:
            element.facets = [
                Facet(area_m2=a, azimuth_deg=float(bearing_deg(n[:2], self.north)) if np.hypot(n[0], n[1]) > 1e-3 else 0.0,
                      tilt_deg=float(np.degrees(np.arccos(np.clip(n[2], -1.0, 1.0)))))
                for a, n in mesh.facets if a > 0.01 * mesh.up_area_m2
            ]

    def _reconcile_areas(self, building: Building) -> None:
        """Make planar elements' areas consistent with their volume: area = volume / thickness.

        Exporters disagree on side areas (ArchiCAD 11 writes untrimmed gable walls, projected roof areas),
        while volumes and thicknesses agree with the geometry. For an element of constant thickness the
        mid-plane area (IFC's definition of NetSideArea) is exactly volume / thickness, so where the
        quantity-set area differs from it by more than 2 % the derived value replaces it (with a
        diagnostic above 10 %); where no area was given it is derived the same way. Layer volumes (area x
        layer thickness) then sum to the element volume. The thickness is cross-checked first
        (:func:`~bldgagent.ifc.consistency.element_thickness`), and a derived area more than a factor of 2
        from the declared one replaces it only when the geometry confirms it
        (:func:`~bldgagent.ifc.consistency.check_derived_area`).
        """
        for element in building.elements:
            if element.is_aggregate or element.kind not in ("wall", "slab", "floor", "roof", "covering"):
                continue
            q = element.quantities
            field = "net_side_area_m2" if element.kind == "wall" else "net_area_m2"
            # The layer set's thickness is measured across the element; a quantity-set Width may be
            # the vertical thickness of a sloping roof (ArchiCAD 11), so layers win (unless a wrong unit).
            layers = element.construction.thickness_m if element.construction is not None else None
            extrusion = (extrusion_depth_m(self.entities[element.global_id], self.scales.length)
                         if element.kind != "wall" else None)
            thickness = element_thickness(element, self.geometry_thickness.get(element.global_id), self.diagnostics,
                                          extrusion)
            if (element.kind == "wall" and layers and thickness == layers and q.thickness_m
                    and abs(layers / q.thickness_m - 1) > 0.02):  # (a unit slip is reported as thickness_inconsistent)
                self.diagnostics.add(
                    "warning", "thickness_mismatch",
                    f"layer set thickness {layers:.3f} m differs from {q.source.get('thickness_m')} = "
                    f"{q.thickness_m:.3f} m: the layer set is used", f"{element.ifc_class} {element.global_id} '{element.name}'")
            volume = q.volume_m3
            if thickness and not volume:
                area = getattr(q, field) or (q.gross_area_m2 if element.kind != "wall" else q.gross_side_area_m2)
                if area:  # e.g. a ceiling or wall exported as a surface model: area x layer thickness
                    q.set("net_volume_m3", area * thickness, "derived:area x thickness")
                continue
            if not thickness or not volume:
                continue
            derived = volume / thickness
            current = getattr(q, field)
            if current is None and element.kind != "wall":
                current = q.gross_area_m2
            if current is None:
                q.set(field, derived, "derived:volume / thickness")
            elif abs(current / derived - 1.0) > 0.02 and check_derived_area(
                    element, field, current, derived, self.geometry_area.get(element.global_id), self.diagnostics):
                if abs(current / derived - 1.0) > 0.10:
                    self.diagnostics.add(
                        "info", "area_from_volume",
                        f"area {current:.2f} m2 ({q.source.get(field) or q.source.get('gross_area_m2')}) disagrees "
                        f"with volume / thickness = {volume:.3f} / {thickness:.3f} = {derived:.2f} m2: the latter is used",
                        f"{element.ifc_class} {element.global_id} '{element.name}'",
                    )
                setattr(q, field, derived)
                q.source[field] = "derived:volume / thickness"

    # --- totals -------------------------------------------------------------------------------------
    def _gross_floor_area(self, building: Building) -> None:
        """Gross floor area by the rules of :mod:`bldgagent.ifc.floor_area` (None when not credible)."""
        zones = frozenset(s.global_id for s in building.spaces
                          if getattr(self.entities[s.global_id], "PredefinedType", None) == "GFA")
        gross_floor_area(building, self.meshes, self.diagnostics, _footprint_area, zones)

    def _summarise_gaps(self, building: Building) -> None:
        solid = [e for e in building.elements if not e.is_aggregate and not isinstance(e, Opening)]
        no_volume = [e for e in solid if e.volume_m3 is None]
        if no_volume:
            kinds = Counter(e.kind for e in no_volume)
            self.diagnostics.add(
                "warning", "elements_without_volume",
                f"{len(no_volume)} elements have no volume from quantities or geometry: "
                + ", ".join(f"{n} {k}" for k, n in kinds.most_common())
                + " (listed in the carbon take-off as unquantified, never as zero)",
            )
        no_material = [e for e in solid if not e.materials]
        if no_material:
            kinds = Counter(e.kind for e in no_material)
            self.diagnostics.add(
                "warning", "elements_without_material",
                f"{len(no_material)} elements have no material: " + ", ".join(f"{n} {k}" for k, n in kinds.most_common()),
            )


# --- helpers ----------------------------------------------------------------------------------------
def _assume_si_units_if_missing(model: ifcopenshell.file, diagnostics: Diagnostics) -> None:
    """An IfcProject without UnitsInContext (``$``, illegal but seen in IFC2X3 exports) gets SI units
    (m, m2, m3, kg, rad) in memory - the file is not changed - so geometry can be read; a warning says so."""
    projects = model.by_type("IfcProject")
    if not projects or projects[0].UnitsInContext is not None:
        return
    units = [model.createIfcSIUnit(None, kind, prefix, name) for kind, prefix, name in (
        ("LENGTHUNIT", None, "METRE"), ("AREAUNIT", None, "SQUARE_METRE"), ("VOLUMEUNIT", None, "CUBIC_METRE"),
        ("MASSUNIT", "KILO", "GRAM"), ("PLANEANGLEUNIT", None, "RADIAN"))]
    projects[0].UnitsInContext = model.createIfcUnitAssignment(units)
    diagnostics.add("warning", "units_missing",
                    "IfcProject has no UnitsInContext: SI units (metre, m2, m3, kg, radian) are assumed; if the "
                    "model was drawn in millimetres, fix the export's unit settings", entity_label(projects[0]))


def _panels_follow_host(elements: list[Element]) -> None:
    """A glazed panel without IsExternal of its own is external when its curtain wall is."""
    by_id = {e.global_id: e for e in elements}
    for e in elements:
        host = by_id.get(e.host_id) if isinstance(e, Opening) and e.ifc_class in PANEL_CLASSES else None
        if host is not None and e.is_external is None and host.is_external is not None:
            e.is_external, e.is_external_source = host.is_external, "host"


def glazed_panel(entity, predefined: str | None, parent, construction) -> bool:
    """Is a plate or member glazing? Yes when its material is glass; or, unless all its materials are
    named and none is glass (an opaque spandrel), when it is a CURTAIN_PANEL or a plate of an IfcCurtainWall."""
    materials = construction.materials if construction is not None else []
    texts = [f"{m.name} {m.category or ''}" for m in materials]
    glass = any(_GLASS.search(t) and not _NOT_GLASS.search(t) for t in texts)
    if glass:
        return True
    in_curtain_wall = parent is not None and parent.is_a("IfcCurtainWall") and entity.is_a("IfcPlate")
    return (predefined == "CURTAIN_PANEL" or in_curtain_wall) and not materials


def _common_properties(psets: dict) -> dict:
    """Merged values of the Pset_*Common sets (IsExternal, LoadBearing, ThermalTransmittance...)."""
    merged: dict = {}
    for name, pset in psets.items():
        if name.startswith("Pset_") and name.endswith("Common"):
            for key, value in pset.items():
                if key != "id" and value is not None:
                    merged.setdefault(key, value)
    return merged


def _as_bool(value) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.upper() in ("TRUE", ".T.", "YES"):
        return True
    if isinstance(value, str) and value.upper() in ("FALSE", ".F.", "NO"):
        return False
    return None


def _as_positive(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0 else None


def _has_axis(entity) -> bool:
    return envelope.axis_endpoints(entity, 1.0) is not None


def _derived_area_disagrees(element: Element) -> bool:
    """True when the declared area and volume / thickness differ by more than a factor of 2."""
    if element.kind != "wall" or element.construction is None:
        return False
    thickness = element.construction.thickness_m or element.quantities.thickness_m
    area, volume = element.area_m2, element.volume_m3
    return bool(thickness and area and volume) and not agree(area, volume / thickness)


def _footprint_area(element: Element) -> float:
    """Plan area an element occupies (m2), from quantities: footprint, or thickness x length, or volume / height."""
    q = element.quantities
    if q.footprint_area_m2:
        return q.footprint_area_m2
    thickness = q.thickness_m or q.width_m
    if thickness and q.length_m:
        return thickness * q.length_m
    if q.cross_section_area_m2 and element.kind == "column":
        return q.cross_section_area_m2
    if q.volume_m3 and q.height_m:
        return q.volume_m3 / q.height_m
    return 0.0


def _rings(polygon) -> list[list[tuple[float, float]]]:
    geoms = getattr(polygon, "geoms", [polygon])
    rings = []
    for g in geoms:
        if g.geom_type == "Polygon":
            rings.append([(round(x, 4), round(y, 4)) for x, y in g.exterior.coords])
    return rings


def _stated_energy_options(ifc_building, diagnostics: Diagnostics) -> dict:
    """The energy options a file written by bldgagent's design layer states (``Pset_BldgAgentOperation.EnergyOptions``,
    JSON of EnergyOptions fields; docs/design-json.md), else {}. Unreadable JSON: a warning, and no options."""
    import json

    text = ifc_element.get_psets(ifc_building).get("Pset_BldgAgentOperation", {}).get("EnergyOptions")
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        diagnostics.add("warning", "energy_options_unreadable", "Pset_BldgAgentOperation.EnergyOptions is not a JSON "
                        "object: the design layer's plant and operation changes in this file are not used",
                        entity_label(ifc_building))
        return {}
    return value
