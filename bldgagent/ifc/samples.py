"""Parametric sample buildings written as valid IFC4 with IfcOpenShell's API.

``sample_building(SampleSpec(...), path)`` writes a rectangular building: storeys of rooms along a spine
wall, layered constructions with named materials (and their density and thermal properties), windows
hosted in walls through opening elements, spaces with usage, and quantity sets on or off so both
reader paths (quantities / geometry) get exercised. ``bestest_box(600|900, path)`` writes the ASHRAE
140 Case 600/900 test cell. The embedded default of ``bldgagent demo``, the examples and many tests.

Material properties are typical values from ISO 10456:2007 Table 3 / EN 12524 (density kg/m3,
conductivity W/(m K), specific heat J/(kg K)); ASHRAE 140 values from ANSI/ASHRAE Standard 140-2020
Tables 7-1/7-6 for the test cells (see ``../shared/reference/bestest.md``).
"""
from __future__ import annotations

import os

import math
from dataclasses import dataclass, field, replace
from pathlib import Path

import ifcopenshell
import ifcopenshell.api.aggregate
import ifcopenshell.api.context
import ifcopenshell.api.feature
import ifcopenshell.api.geometry
import ifcopenshell.api.material
import ifcopenshell.api.project
import ifcopenshell.api.pset
import ifcopenshell.api.root
import ifcopenshell.api.spatial
import ifcopenshell.api.unit
import numpy as np

from ..errors import InputFileError, InputValueError

# name -> (category, density kg/m3, conductivity W/mK, specific heat J/kgK); ISO 10456:2007 Table 3 and
# EN 12524 typical values unless stated.
MATERIALS: dict[str, tuple[str, float, float, float]] = {
    "Reinforced concrete C30/37": ("concrete", 2400.0, 2.3, 1000.0),
    "Cement render": ("plaster", 1800.0, 1.0, 1000.0),
    "Gypsum plaster": ("plaster", 1200.0, 0.43, 1000.0),
    "Gypsum plasterboard": ("gypsum", 900.0, 0.25, 1000.0),
    "Mineral wool insulation": ("insulation", 40.0, 0.035, 1030.0),
    "EPS insulation": ("insulation", 20.0, 0.035, 1450.0),
    "XPS insulation": ("insulation", 35.0, 0.035, 1450.0),
    "Wood fibre insulation": ("insulation", 160.0, 0.040, 2100.0),
    "Cement screed": ("screed", 2000.0, 1.4, 1000.0),
    "Bitumen membrane": ("membrane", 1100.0, 0.23, 1000.0),
    "Clay brick masonry": ("masonry", 1800.0, 0.80, 1000.0),
    "Cross-laminated timber": ("timber", 470.0, 0.13, 1600.0),
    "Softwood timber cladding": ("timber", 500.0, 0.13, 1600.0),
    "Fibre cement cladding": ("cladding", 1600.0, 0.35, 1000.0),
    "Structural steel S355": ("steel", 7850.0, 50.0, 450.0),
    "Float glass": ("glass", 2500.0, 1.0, 750.0),
    "Aluminium window frame": ("aluminium", 2700.0, 160.0, 880.0),
    # ASHRAE 140 test-cell materials (Std 140-2020, Tables 7-1 and 7-6)
    "BESTEST wood siding": ("timber", 530.0, 0.14, 900.0),
    "BESTEST fiberglass quilt": ("insulation", 12.0, 0.040, 840.0),
    "BESTEST plasterboard": ("gypsum", 950.0, 0.16, 840.0),
    "BESTEST roof deck": ("timber", 530.0, 0.14, 900.0),
    "BESTEST floor insulation": ("insulation", 0.1, 0.040, 0.1),  # massless in the standard
    "BESTEST timber flooring": ("timber", 650.0, 0.14, 1200.0),
    "BESTEST foam insulation": ("insulation", 10.0, 0.040, 1400.0),
    "BESTEST concrete block": ("concrete", 1400.0, 0.51, 1000.0),
    "BESTEST concrete slab": ("concrete", 1400.0, 1.13, 1000.0),
}

#: Layer build-ups (material, thickness m) per structure type; walls outside -> inside, slabs bottom -> top.
CONSTRUCTIONS: dict[str, dict[str, list[tuple[str, float]]]] = {
    "concrete": {
        "external_wall": [("Cement render", 0.015), ("Mineral wool insulation", 0.12),
                          ("Reinforced concrete C30/37", 0.20), ("Gypsum plaster", 0.015)],
        "internal_wall": [("Gypsum plaster", 0.01), ("Clay brick masonry", 0.115), ("Gypsum plaster", 0.01)],
        "ground_floor": [("Reinforced concrete C30/37", 0.25), ("XPS insulation", 0.10), ("Cement screed", 0.06)],
        "floor": [("Reinforced concrete C30/37", 0.22), ("Mineral wool insulation", 0.03), ("Cement screed", 0.05)],
        "roof": [("Reinforced concrete C30/37", 0.22), ("EPS insulation", 0.16), ("Bitumen membrane", 0.01)],
    },
    "steel": {
        "external_wall": [("Fibre cement cladding", 0.012), ("Mineral wool insulation", 0.16),
                          ("Gypsum plasterboard", 0.025)],
        "internal_wall": [("Gypsum plasterboard", 0.025), ("Mineral wool insulation", 0.075),
                          ("Gypsum plasterboard", 0.025)],
        "ground_floor": [("Reinforced concrete C30/37", 0.25), ("XPS insulation", 0.10), ("Cement screed", 0.06)],
        "floor": [("Reinforced concrete C30/37", 0.16), ("Cement screed", 0.05)],
        "roof": [("Reinforced concrete C30/37", 0.16), ("Mineral wool insulation", 0.18), ("Bitumen membrane", 0.01)],
    },
    "timber": {
        "external_wall": [("Softwood timber cladding", 0.02), ("Wood fibre insulation", 0.16),
                          ("Cross-laminated timber", 0.10), ("Gypsum plasterboard", 0.015)],
        "internal_wall": [("Gypsum plasterboard", 0.015), ("Cross-laminated timber", 0.08),
                          ("Gypsum plasterboard", 0.015)],
        "ground_floor": [("Reinforced concrete C30/37", 0.25), ("XPS insulation", 0.10), ("Cement screed", 0.06)],
        "floor": [("Cross-laminated timber", 0.18), ("Wood fibre insulation", 0.03), ("Cement screed", 0.05)],
        "roof": [("Cross-laminated timber", 0.16), ("Wood fibre insulation", 0.20), ("Bitumen membrane", 0.01)],
    },
}

#: Room names per usage (LongName of the spaces), cycled through the rooms of a storey.
ROOM_NAMES = {
    "residential": ["Living room", "Bedroom", "Kitchen", "Bedroom", "Bathroom"],
    "office": ["Office", "Office", "Meeting room", "Office"],
    "school": ["Classroom", "Classroom", "Staff room"],
    "hotel": ["Hotel room"],
    "retail": ["Shop"],
}

ORIENTATIONS = ("S", "E", "N", "W")


@dataclass
class SampleSpec:
    """Parameters of a sample building. Lengths in m, angles in degrees.

    ``width_m`` runs along model X (east-west before rotation), ``depth_m`` along model Y. ``wwr`` is the
    window-to-wall ratio per facade orientation (of the unrotated building; gross wall area per storey).
    ``rotation_deg`` turns the building clockwise in plan; ``true_north_deg`` sets the model's TrueNorth
    (compass bearing of model +Y); both rotate every azimuth. ``quantities`` writes Qto_* sets.
    """

    name: str = "bldgagent sample building"
    width_m: float = 24.0
    depth_m: float = 12.0
    storeys: int = 3
    storey_height_m: float = 3.2
    wwr: dict[str, float] = field(default_factory=lambda: {"S": 0.40, "E": 0.25, "N": 0.25, "W": 0.25})
    rotation_deg: float = 0.0
    true_north_deg: float = 0.0
    structure: str = "concrete"
    usage: str = "residential"
    rooms_per_row: int | None = None
    quantities: bool = True
    site_name: str = "Haikou"
    latitude_deg: float = 20.03
    longitude_deg: float = 110.35
    elevation_m: float = 14.0
    window_u_w_m2k: float = 2.4
    window_g: float = 0.55
    window_visible_transmittance: float = 0.70
    glazing_fraction: float = 0.80
    sill_height_m: float = 0.9
    constructions: dict[str, list[tuple[str, float]]] | None = None
    extra_materials: dict[str, tuple[str, float, float, float]] = field(default_factory=dict)

    def validate(self) -> None:
        if self.structure not in CONSTRUCTIONS:
            raise InputValueError(f"structure={self.structure!r}: use one of {', '.join(CONSTRUCTIONS)}")
        if self.usage not in ROOM_NAMES:
            raise InputValueError(f"usage={self.usage!r}: use one of {', '.join(ROOM_NAMES)}")
        for name, value in (("width_m", self.width_m), ("depth_m", self.depth_m),
                            ("storey_height_m", self.storey_height_m)):
            if not value > 0:
                raise InputValueError(f"{name}={value}: must be positive")
        if self.storeys < 1:
            raise InputValueError(f"storeys={self.storeys}: at least 1")
        for k, v in self.wwr.items():
            if k not in ORIENTATIONS or not 0 <= v <= 0.9:
                raise InputValueError(f"wwr[{k!r}]={v}: orientation must be N/E/S/W and the ratio 0-0.9")
        if not 0 < self.glazing_fraction <= 1 or not 0 < self.window_g < 1 or not self.window_u_w_m2k > 0:
            raise InputValueError("window: glazing_fraction in (0, 1], g in (0, 1), U > 0")


def sample_building(spec: SampleSpec | None = None, path: str | Path | None = None, **overrides) -> ifcopenshell.file:
    """Write a sample building (IFC4) to ``path`` if given and return the ifcopenshell file.

    Keyword overrides replace fields of ``spec`` (or of the default spec), e.g.
    ``sample_building(storeys=2, rotation_deg=90, path="b.ifc")``; ``sample_building("b.ifc")`` writes the default.
    """
    if isinstance(spec, (str, os.PathLike)) and path is None:  # the output file given first: what users type
        spec, path = None, spec
    if spec is not None and not isinstance(spec, SampleSpec):
        raise InputValueError(f"sample_building(spec={spec!r:.60}): expected a SampleSpec or None (the file goes in "
                              "path=)")
    spec = replace(spec or SampleSpec(), **overrides)
    spec.validate()
    writer = _Writer(spec)
    writer.build()
    if path is not None:
        writer.save(Path(path))
    return writer.file


def bestest_box(case: int = 600, path: str | Path | None = None, quantities: bool = True) -> ifcopenshell.file:
    """ANSI/ASHRAE Standard 140-2020 Case 600 (light) or 900 (heavy) test cell as IFC4.

    8 m (E-W) x 6 m (N-S) x 2.7 m, two 3 x 2 m south windows (sill 0.2 m, 0.5 m from the wall edges),
    constructions of Tables 7-1/7-6, Denver site (39.83 N, 104.65 W, 1650 m). Operation (200 W, 0.5 ACH,
    20/27 C set-points, floor to outdoor air) is not in IFC: the energy engine's BESTEST runner sets it.
    """
    if case not in (600, 900):
        raise InputValueError(f"case={case}: bldgagent writes ASHRAE 140 Cases 600 and 900")
    light = case == 600
    constructions = {
        "external_wall": ([("BESTEST wood siding", 0.009), ("BESTEST fiberglass quilt", 0.066),
                           ("BESTEST plasterboard", 0.012)] if light else
                          [("BESTEST wood siding", 0.009), ("BESTEST foam insulation", 0.0615),
                           ("BESTEST concrete block", 0.100)]),
        "roof": [("BESTEST plasterboard", 0.010), ("BESTEST fiberglass quilt", 0.1118), ("BESTEST roof deck", 0.019)],
        "ground_floor": ([("BESTEST floor insulation", 1.003), ("BESTEST timber flooring", 0.025)] if light else
                         [("BESTEST floor insulation", 1.007), ("BESTEST concrete slab", 0.080)]),
        "internal_wall": [], "floor": [],
    }
    spec = SampleSpec(
        name=f"ASHRAE 140 Case {case}", width_m=8.0, depth_m=6.0, storeys=1, storey_height_m=2.7,
        wwr={}, structure="concrete", usage="office", rooms_per_row=1, quantities=quantities,
        site_name="Denver Intl AP (ASHRAE 140)", latitude_deg=39.83, longitude_deg=-104.65, elevation_m=1650.0,
        window_u_w_m2k=3.0, window_g=0.769, window_visible_transmittance=0.81, glazing_fraction=1.0,
        constructions=constructions,
    )
    writer = _Writer(spec, bestest=True)
    writer.build()
    if path is not None:
        writer.save(Path(path))
    return writer.file


# ------------------------------------------------------------------------------------------------------
class _Writer:
    def __init__(self, spec: SampleSpec, bestest: bool = False):
        self.spec = spec
        self.bestest = bestest
        self.file = ifcopenshell.api.project.create_file(version="IFC4")
        self.materials: dict[str, object] = {}
        self.layer_sets: dict[str, object] = {}
        self.wall_data: dict[int, dict] = {}
        self.qtos: dict[int, object] = {}
        theta = math.radians(-spec.rotation_deg)  # clockwise in plan
        self.rotation = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])
        self.build_constructions = dict(CONSTRUCTIONS[spec.structure])
        if spec.constructions:
            self.build_constructions.update(spec.constructions)

    # --- plumbing ----------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        if path.exists() and path.is_dir():
            raise InputFileError(f"{path} is a directory; give a file name ending in .ifc")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file.write(str(path))

    def _run(self, usecase: str, **kwargs):
        module, name = usecase.split(".")
        return getattr(getattr(ifcopenshell.api, module), name)(self.file, **kwargs)

    def _matrix(self, x: float, y: float, z: float, direction: tuple[float, float] = (1.0, 0.0)) -> np.ndarray:
        """World placement of a local frame at plan point (x, y) whose X axis runs along ``direction``."""
        p = self.rotation @ np.array([x, y])
        d = self.rotation @ np.array(direction, dtype=float)
        d = d / np.linalg.norm(d)
        m = np.eye(4)
        m[:2, 0] = d
        m[:2, 1] = [-d[1], d[0]]
        m[:3, 3] = [p[0], p[1], z]
        return m

    def _place(self, product, matrix) -> None:
        self._run("geometry.edit_object_placement", product=product, matrix=matrix, is_si=True)

    # --- materials ---------------------------------------------------------------------------------
    def _material(self, name: str):
        if name in self.materials:
            return self.materials[name]
        table = {**MATERIALS, **self.spec.extra_materials}
        if name not in table:
            raise InputValueError(f"material {name!r} has no properties: add it to SampleSpec.extra_materials")
        category, density, conductivity, specific_heat = table[name]
        material = self._run("material.add_material", name=name, category=category)
        pset = self._run("pset.add_pset", product=material, name="Pset_MaterialCommon")
        self._run("pset.edit_pset", pset=pset, properties={"MassDensity": density})
        pset = self._run("pset.add_pset", product=material, name="Pset_MaterialThermal")
        self._run("pset.edit_pset", pset=pset, properties={"ThermalConductivity": conductivity,
                                                           "SpecificHeatCapacity": specific_heat})
        self.materials[name] = material
        return material

    def _layer_set(self, role: str):
        if role in self.layer_sets:
            return self.layer_sets[role]
        layers = self.build_constructions[role]
        layer_set = self._run("material.add_material_set", name=f"{self.spec.structure} {role}",
                              set_type="IfcMaterialLayerSet")
        for material_name, thickness in layers:
            layer = self._run("material.add_layer", layer_set=layer_set, material=self._material(material_name))
            self._run("material.edit_layer", layer=layer, attributes={"LayerThickness": thickness})
        self.layer_sets[role] = layer_set
        return layer_set

    def thickness(self, role: str) -> float:
        return sum(t for _, t in self.build_constructions.get(role, [])) or 0.0

    # --- model -------------------------------------------------------------------------------------
    def build(self) -> None:
        s = self.spec
        f = self.file
        project = self._run("root.create_entity", ifc_class="IfcProject", name=s.name)
        units = [
            f.createIfcSIUnit(None, "LENGTHUNIT", None, "METRE"),
            f.createIfcSIUnit(None, "AREAUNIT", None, "SQUARE_METRE"),
            f.createIfcSIUnit(None, "VOLUMEUNIT", None, "CUBIC_METRE"),
            f.createIfcSIUnit(None, "MASSUNIT", "KILO", "GRAM"),
            f.createIfcSIUnit(None, "PLANEANGLEUNIT", None, "RADIAN"),
            f.createIfcSIUnit(None, "TIMEUNIT", None, "SECOND"),
            f.createIfcSIUnit(None, "THERMODYNAMICTEMPERATUREUNIT", None, "DEGREE_CELSIUS"),
        ]
        self._run("unit.assign_unit", units=units)
        model = self._run("context.add_context", context_type="Model")
        self.body = self._run("context.add_context", context_type="Model", context_identifier="Body",
                              target_view="MODEL_VIEW", parent=model)
        self.axis = self._run("context.add_context", context_type="Model", context_identifier="Axis",
                              target_view="GRAPH_VIEW", parent=model)
        north = math.radians(s.true_north_deg)
        # TrueNorth = direction of north in model coordinates; bearing(+Y) = true_north_deg
        model.TrueNorth = f.createIfcDirection((-math.sin(north), math.cos(north)))
        site = self._run("root.create_entity", ifc_class="IfcSite", name=s.site_name)
        site.RefLatitude = _dms(s.latitude_deg)
        site.RefLongitude = _dms(s.longitude_deg)
        site.RefElevation = s.elevation_m
        building = self._run("root.create_entity", ifc_class="IfcBuilding", name=s.name)
        self._run("aggregate.assign_object", products=[site], relating_object=project)
        self._run("aggregate.assign_object", products=[building], relating_object=site)
        for product in (site, building):
            self._place(product, np.eye(4))
        self.storeys = []
        for i in range(s.storeys):
            storey = self._run("root.create_entity", ifc_class="IfcBuildingStorey",
                               name="Ground floor" if i == 0 else f"Floor {i}")
            storey.Elevation = i * s.storey_height_m
            self._run("aggregate.assign_object", products=[storey], relating_object=building)
            self._place(storey, self._matrix(0, 0, i * s.storey_height_m))
            self.storeys.append(storey)
        for i, storey in enumerate(self.storeys):
            self._storey(i, storey)
        self._roof()

    def _storey(self, i: int, storey) -> None:
        s = self.spec
        W, D, H = s.width_m, s.depth_m, s.storey_height_m
        z = i * H
        te = self.thickness("external_wall")
        ti = self.thickness("internal_wall")
        # floor slab of this storey (ground floor under the walls, upper floors inside the wall ring)
        if i == 0:
            self._slab("ground_floor", storey, [(0, 0), (W, 0), (W, D), (0, D)], z, "FLOOR", external=True,
                       name="Ground floor slab")
        else:
            self._slab("floor", storey, [(te, te), (W - te, te), (W - te, D - te), (te, D - te)], z, "FLOOR",
                       external=False, name=f"Floor slab {i}")
        clear = H - (self.thickness("floor") if i < s.storeys - 1 else 0.0)
        # external walls: S and N run the full width, E and W fit between them; outer face on the outline.
        walls = {
            "S": ((0.0, 0.0), (1.0, 0.0), W),
            "E": ((W, te), (0.0, 1.0), D - 2 * te),
            "N": ((W, D), (-1.0, 0.0), W),
            "W": ((0.0, D - te), (0.0, -1.0), D - 2 * te),
        }
        if self.bestest:  # the test cell's surfaces: N/S 8 x 2.7, E/W 6 x 2.7 (corners overlap)
            walls = {"S": ((0.0, 0.0), (1.0, 0.0), W), "E": ((W, 0.0), (0.0, 1.0), D),
                     "N": ((W, D), (-1.0, 0.0), W), "W": ((0.0, D), (0.0, -1.0), D)}
        for orient, (start, direction, length) in walls.items():
            wall = self._wall("external_wall", storey, start, direction, length, z, H, external=True,
                              name=f"External wall {orient} {i}")
            self._windows(wall, orient, start, direction, length, z, i)
        if not self.bestest:
            rows = self._rows(te, ti)
            if len(rows) == 2:
                self._wall("internal_wall", storey, (te, D / 2 - ti / 2), (1.0, 0.0), W - 2 * te, z, clear,
                           external=False, name=f"Spine wall {i}")
            for (x0, x1) in self._room_spans(te, ti)[:-1]:
                for (y0, y1) in rows:
                    # partition occupies x in [x1, x1 + ti]: its local Y (left of +Y) points to -X
                    self._wall("internal_wall", storey, (x1 + ti, y0), (0.0, 1.0), y1 - y0, z, clear,
                               external=False, name=f"Partition {i}")
            if s.structure == "steel":
                self._steel_frame(storey, i, z, te)
        # spaces
        names = ROOM_NAMES[s.usage]
        k = 0
        for (y0, y1) in self._rows(te, ti):
            for (x0, x1) in self._room_spans(te, ti):
                self._space(storey, (x0, y0, x1, y1), z, clear, names[k % len(names)], f"{i}{k + 1:02d}")
                k += 1

    def _rows(self, te: float, ti: float) -> list[tuple[float, float]]:
        D = self.spec.depth_m
        if self.bestest or D < 9.0:
            return [(te, D - te)] if not self.bestest else [(0.0, D)]
        return [(te, D / 2 - ti / 2), (D / 2 + ti / 2, D - te)]

    def _room_spans(self, te: float, ti: float) -> list[tuple[float, float]]:
        if self.bestest:
            return [(0.0, self.spec.width_m)]
        W = self.spec.width_m
        n = self.spec.rooms_per_row or max(1, round((W - 2 * te) / 6.0))
        inner = W - 2 * te - (n - 1) * ti
        step = inner / n
        return [(te + k * (step + ti), te + k * (step + ti) + step) for k in range(n)]

    # --- elements ----------------------------------------------------------------------------------
    def _wall(self, role, storey, start, direction, length, z, height, external, name):
        t = self.thickness(role)
        wall = self._run("root.create_entity", ifc_class="IfcWall", name=name,
                         predefined_type="SOLIDWALL" if external else "PARTITIONING")
        self._run("spatial.assign_container", products=[wall], relating_structure=storey)
        self._place(wall, self._matrix(start[0], start[1], z, direction))
        body = self._run("geometry.add_wall_representation", context=self.body, length=length, height=height,
                         thickness=t, offset=0.0, direction_sense="POSITIVE")
        self._run("geometry.assign_representation", product=wall, representation=body)
        axis = self._run("geometry.add_axis_representation", context=self.axis, axis=[(0.0, 0.0), (length, 0.0)])
        self._run("geometry.assign_representation", product=wall, representation=axis)
        self._run("material.assign_material", products=[wall], type="IfcMaterialLayerSetUsage",
                  material=self._layer_set(role))
        pset = self._run("pset.add_pset", product=wall, name="Pset_WallCommon")
        self._run("pset.edit_pset", pset=pset, properties={"IsExternal": external, "LoadBearing":
                                                           external and self.spec.structure != "steel"})
        self.wall_data[wall.id()] = {"length": length, "height": height, "thickness": t, "openings": 0.0}
        if self.spec.quantities:
            self._wall_qto(wall)
        return wall

    def _wall_qto(self, wall) -> None:
        d = self.wall_data[wall.id()]
        gross = d["length"] * d["height"]
        net = gross - d["openings"]
        qto = self.qtos.get(wall.id()) or self._run("pset.add_qto", product=wall, name="Qto_WallBaseQuantities")
        self.qtos[wall.id()] = qto
        self._run("pset.edit_qto", qto=qto, properties={
            "Length": d["length"], "Width": d["thickness"], "Height": d["height"],
            "GrossSideArea": gross, "NetSideArea": net,
            "GrossVolume": gross * d["thickness"], "NetVolume": net * d["thickness"],
            "GrossFootprintArea": d["length"] * d["thickness"],
        })

    def _windows(self, wall, orient, start, direction, length, z, storey_index) -> None:
        s = self.spec
        H = s.storey_height_m
        if self.bestest:
            for x0 in (0.5, 4.5) if orient == "S" else ():
                self._window(wall, start, direction, x0, 0.2, 3.0, 2.0, z)
            return
        ratio = s.wwr.get(orient, 0.0)
        te = self.thickness("external_wall")
        if storey_index == 0 and orient == "S":
            self._door(wall, start, direction, length / 2 - 0.5, z)
        if ratio <= 0:
            return
        target = ratio * length * H
        ti = self.thickness("internal_wall")
        if orient == "S":
            spans = self._room_spans(te, ti)
        elif orient == "N":
            spans = [(s.width_m - b, s.width_m - a) for a, b in self._room_spans(te, ti)]
        elif orient == "E":
            spans = [(y0 - te, y1 - te) for y0, y1 in self._rows(te, ti)]
        else:
            spans = [(s.depth_m - te - y1, s.depth_m - te - y0) for y0, y1 in self._rows(te, ti)]
        n = len(spans)
        height = min(H - s.sill_height_m - 0.35, 1.6)
        sill = s.sill_height_m
        width = target / (n * height)
        max_width = min(b - a for a, b in spans) - 0.6
        if width > max_width:
            height = min(H - 0.5, target / (n * max_width))
            sill = max(0.1, (H - height) / 2.0 - 0.1)
            width = target / (n * height)
        width = min(width, max_width)
        for a, b in spans:
            if orient == "S" and storey_index == 0 and a <= length / 2 <= b:
                # leave room for the entrance door in this bay
                x0 = a + 0.3
                width_here = min(width, (length / 2 - 0.6) - x0)
                if width_here > 0.4:
                    self._window(wall, start, direction, x0, sill, width_here, height, z)
                continue
            x0 = (a + b) / 2 - width / 2
            self._window(wall, start, direction, x0, sill, width, height, z)

    def _void(self, wall, start, direction, x0, sill, width, height, z):
        t = self.wall_data[wall.id()]["thickness"]
        opening = self._run("root.create_entity", ifc_class="IfcOpeningElement", name="Opening")
        self._place(opening, self._local(start, direction, x0, -0.01, z + sill))
        body = self._run("geometry.add_wall_representation", context=self.body, length=width, height=height,
                         thickness=t + 0.02, offset=0.0)
        self._run("geometry.assign_representation", product=opening, representation=body)
        self._run("feature.add_feature", feature=opening, element=wall)
        self.wall_data[wall.id()]["openings"] += width * height
        if self.spec.quantities:
            self._wall_qto(wall)
        return opening

    def _local(self, start, direction, along, across, z) -> np.ndarray:
        d = np.array(direction, float)
        n = np.array([-d[1], d[0]])
        p = np.array(start, float) + d * along + n * across
        return self._matrix(p[0], p[1], z, direction)

    def _window(self, wall, start, direction, x0, sill, width, height, z) -> None:
        s = self.spec
        opening = self._void(wall, start, direction, x0, sill, width, height, z)
        window = self._run("root.create_entity", ifc_class="IfcWindow", name="Window", predefined_type="WINDOW")
        window.OverallWidth, window.OverallHeight = width, height
        t = self.wall_data[wall.id()]["thickness"]
        self._place(window, self._local(start, direction, x0, t / 2 - 0.04, z + sill))
        body = self._run("geometry.add_wall_representation", context=self.body, length=width, height=height,
                         thickness=0.08, offset=0.0)
        self._run("geometry.assign_representation", product=window, representation=body)
        self._run("spatial.assign_container", products=[window], relating_structure=self._storey_of(wall))
        self._run("feature.add_filling", opening=opening, element=window)
        constituents = self._run("material.add_material_set", name="Window", set_type="IfcMaterialConstituentSet")
        for name, fraction in (("Float glass", s.glazing_fraction), ("Aluminium window frame", 1 - s.glazing_fraction)):
            if fraction > 0:
                c = self._run("material.add_constituent", constituent_set=constituents, material=self._material(name),
                              name="Glazing" if name == "Float glass" else "Framing")
                self._run("material.edit_constituent", constituent=c, attributes={"Fraction": fraction},
                          material=self._material(name))
        self._run("material.assign_material", products=[window], type="IfcMaterialConstituentSet",
                  material=constituents)
        pset = self._run("pset.add_pset", product=window, name="Pset_WindowCommon")
        self._run("pset.edit_pset", pset=pset, properties={
            "IsExternal": True, "ThermalTransmittance": s.window_u_w_m2k, "GlazingAreaFraction": s.glazing_fraction})
        pset = self._run("pset.add_pset", product=window, name="Pset_DoorWindowGlazingType")
        self._run("pset.edit_pset", pset=pset, properties={
            "SolarHeatGainTransmittance": s.window_g, "VisibleLightTransmittance": s.window_visible_transmittance})
        if s.quantities:
            qto = self._run("pset.add_qto", product=window, name="Qto_WindowBaseQuantities")
            self._run("pset.edit_qto", qto=qto, properties={"Width": width, "Height": height, "Area": width * height})

    def _door(self, wall, start, direction, x0, z) -> None:
        width, height = 1.0, 2.1
        opening = self._void(wall, start, direction, x0, 0.0, width, height, z)
        door = self._run("root.create_entity", ifc_class="IfcDoor", name="Entrance door", predefined_type="DOOR")
        door.OverallWidth, door.OverallHeight = width, height
        t = self.wall_data[wall.id()]["thickness"]
        self._place(door, self._local(start, direction, x0, t / 2 - 0.03, z))
        body = self._run("geometry.add_wall_representation", context=self.body, length=width, height=height,
                         thickness=0.06, offset=0.0)
        self._run("geometry.assign_representation", product=door, representation=body)
        self._run("spatial.assign_container", products=[door], relating_structure=self._storey_of(wall))
        self._run("feature.add_filling", opening=opening, element=door)
        self._run("material.assign_material", products=[door], type="IfcMaterial",
                  material=self._material("Aluminium window frame"))
        pset = self._run("pset.add_pset", product=door, name="Pset_DoorCommon")
        self._run("pset.edit_pset", pset=pset, properties={"IsExternal": True, "ThermalTransmittance": 1.8})
        if self.spec.quantities:
            qto = self._run("pset.add_qto", product=door, name="Qto_DoorBaseQuantities")
            self._run("pset.edit_qto", qto=qto, properties={"Width": width, "Height": height, "Area": width * height})

    def _steel_frame(self, storey, i: int, z: float, te: float) -> None:
        """Steel frame: HEB 200 columns at the facade bays, IPE 300 edge beams under each floor (EN 10365)."""
        s = self.spec
        H = s.storey_height_m
        xs = [te + 0.1] + [b + 0.1 for _, b in self._room_spans(te, self.thickness("internal_wall"))[:-1]] \
            + [s.width_m - te - 0.1]
        for y in (te + 0.1, s.depth_m - te - 0.1):
            for x in xs:
                self._member("IfcColumn", storey, (x, y), None, H - (self.thickness("floor") if i < s.storeys - 1
                                                                    else 0.0), z, "HEB 200", (200, 200, 9.0, 15.0))
            if i < s.storeys - 1 or True:
                top = z + H - (self.thickness("floor") if i < s.storeys - 1 else 0.0) - 0.15
                for x0, x1 in zip(xs[:-1], xs[1:]):
                    self._member("IfcBeam", storey, (x0 + 0.1, y), (1.0, 0.0), x1 - x0 - 0.2, top, "IPE 300",
                                 (150, 300, 7.1, 10.7))

    def _member(self, ifc_class, storey, xy, direction, length, z, profile_name, dims) -> None:
        b, h, tw, tf = (d / 1000.0 for d in dims)
        element = self._run("root.create_entity", ifc_class=ifc_class, name=f"{profile_name}",
                            predefined_type="COLUMN" if ifc_class == "IfcColumn" else "BEAM")
        self._run("spatial.assign_container", products=[element], relating_structure=storey)
        m = self._matrix(xy[0], xy[1], z)
        if direction is not None:  # beams extrude along their local Z: point it along the beam
            d = self.rotation @ np.array(direction, float)
            m[:3, 2] = [d[0], d[1], 0.0]
            m[:3, 0] = [0.0, 0.0, 1.0]
            m[:3, 1] = np.cross(m[:3, 2], m[:3, 0])
        self._place(element, m)
        profile = self.file.createIfcIShapeProfileDef(
            "AREA", profile_name, None, b, h, tw, tf)
        body = self._run("geometry.add_profile_representation", context=self.body, profile=profile, depth=length)
        self._run("geometry.assign_representation", product=element, representation=body)
        profile_set = self._run("material.add_material_set", name=profile_name, set_type="IfcMaterialProfileSet")
        self._run("material.add_profile", profile_set=profile_set, material=self._material("Structural steel S355"),
                  profile=profile)
        self._run("material.assign_material", products=[element], type="IfcMaterialProfileSet", material=profile_set)
        if self.spec.quantities:
            area = 2 * b * tf + (h - 2 * tf) * tw
            name = "Qto_ColumnBaseQuantities" if ifc_class == "IfcColumn" else "Qto_BeamBaseQuantities"
            qto = self._run("pset.add_qto", product=element, name=name)
            self._run("pset.edit_qto", qto=qto, properties={
                "Length": length, "CrossSectionArea": area, "NetVolume": area * length, "GrossVolume": area * length,
                "NetWeight": area * length * MATERIALS["Structural steel S355"][1]})

    def _storey_of(self, element):
        for rel in element.ContainedInStructure or ():
            return rel.RelatingStructure
        return None

    def _slab(self, role, container, polygon, top_z, predefined, external, name):
        t = self.thickness(role)
        slab = self._run("root.create_entity", ifc_class="IfcSlab", name=name, predefined_type=predefined)
        self._run("spatial.assign_container", products=[slab], relating_structure=container)
        self._place(slab, self._matrix(0.0, 0.0, top_z - t))
        body = self._run("geometry.add_slab_representation", context=self.body, depth=t,
                         polyline=[tuple(map(float, p)) for p in polygon])
        self._run("geometry.assign_representation", product=slab, representation=body)
        self._run("material.assign_material", products=[slab], type="IfcMaterialLayerSetUsage",
                  material=self._layer_set(role))
        pset = self._run("pset.add_pset", product=slab, name="Pset_SlabCommon")
        self._run("pset.edit_pset", pset=pset, properties={"IsExternal": external, "LoadBearing": True})
        if self.spec.quantities:
            area = _polygon_area(polygon)
            qto = self._run("pset.add_qto", product=slab, name="Qto_SlabBaseQuantities")
            self._run("pset.edit_qto", qto=qto, properties={
                "Width": t, "GrossArea": area, "NetArea": area, "GrossVolume": area * t, "NetVolume": area * t,
                "Perimeter": _polygon_perimeter(polygon)})
        return slab

    def _roof(self) -> None:
        s = self.spec
        top = s.storeys * s.storey_height_m
        t = self.thickness("roof")
        polygon = [(0, 0), (s.width_m, 0), (s.width_m, s.depth_m), (0, s.depth_m)]
        self._slab("roof", self.storeys[-1], polygon, top + t, "ROOF", external=True,
                                     name="Roof slab")

    def _space(self, storey, rect, z, height, long_name, number) -> None:
        x0, y0, x1, y1 = rect
        space = self._run("root.create_entity", ifc_class="IfcSpace", name=number)
        space.LongName = long_name
        space.CompositionType = "ELEMENT"
        self._run("aggregate.assign_object", products=[space], relating_object=storey)
        self._place(space, self._matrix(0.0, 0.0, z))
        body = self._run("geometry.add_slab_representation", context=self.body, depth=height,
                         polyline=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
        self._run("geometry.assign_representation", product=space, representation=body)
        pset = self._run("pset.add_pset", product=space, name="Pset_SpaceCommon")
        self._run("pset.edit_pset", pset=pset, properties={"IsExternal": False, "Reference": long_name})
        if self.spec.quantities:
            area = (x1 - x0) * (y1 - y0)
            qto = self._run("pset.add_qto", product=space, name="Qto_SpaceBaseQuantities")
            self._run("pset.edit_qto", qto=qto, properties={
                "NetFloorArea": area, "GrossFloorArea": area, "NetVolume": area * height,
                "GrossVolume": area * height, "Height": height})


def _dms(value: float) -> tuple[int, int, int, int]:
    """Decimal degrees to IfcCompoundPlaneAngleMeasure (all parts share the sign)."""
    sign = -1 if value < 0 else 1
    micro = int(round(abs(value) * 3600e6))
    d, rest = divmod(micro, 3600 * 10**6)
    m, rest = divmod(rest, 60 * 10**6)
    sec, us = divmod(rest, 10**6)
    return (sign * d, sign * m, sign * sec, sign * us)


def _polygon_area(points) -> float:
    xy = np.asarray(points, float)
    return 0.5 * abs(np.dot(xy[:, 0], np.roll(xy[:, 1], -1)) - np.dot(xy[:, 1], np.roll(xy[:, 0], -1)))


def _polygon_perimeter(points) -> float:
    xy = np.asarray(points, float)
    return float(np.linalg.norm(np.roll(xy, -1, axis=0) - xy, axis=1).sum())
