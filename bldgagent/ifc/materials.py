"""Materials and constructions of IFC elements, and the material take-off lines.

Supports IfcMaterialLayerSet(Usage), IfcMaterialProfileSet(Usage), IfcMaterialConstituentSet,
IfcMaterial, IfcMaterialList (IFC2X3) and materials inherited from the element's type.
"""
from __future__ import annotations

import ifcopenshell
import ifcopenshell.util.element as ifc_element

from ..errors import entity_label
from ..model import Constituent, Construction, Diagnostics, Element, Layer, Material, MaterialQuantity
from .quantities import max_si_value
from .units import UnitScales

# Property names carrying physical data, IFC4 material psets and IFC2X3 material property entities.
_DENSITY = ("MassDensity",)
_CONDUCTIVITY = ("ThermalConductivity",)
_SPECIFIC_HEAT = ("SpecificHeatCapacity",)


class MaterialCatalogue:
    """Builds one :class:`Material` per IfcMaterial, with its physical properties where given."""

    def __init__(self, model: ifcopenshell.file, scales: UnitScales, diagnostics: Diagnostics):
        self.model = model
        self.scales = scales
        self.diagnostics = diagnostics
        self._cache: dict[int, Material] = {}
        self._ifc2x3_props: dict[int, dict] = {}
        if model.schema == "IFC2X3":
            for props in model.by_type("IfcMaterialProperties"):
                target = self._ifc2x3_props.setdefault(props.Material.id(), {})
                for attr in ("MassDensity", "ThermalConductivity", "SpecificHeatCapacity"):
                    value = getattr(props, attr, None)
                    if value is not None:
                        target[attr] = float(value)

    def material(self, entity) -> Material | None:
        if entity is None:
            return None
        cached = self._cache.get(entity.id())
        if cached is not None:
            return cached
        props: dict = {}
        if self.model.schema == "IFC2X3":
            props.update(self._ifc2x3_props.get(entity.id(), {}))
        else:
            for pset in (ifc_element.get_psets(entity) or {}).values():
                for key, value in pset.items():
                    if key != "id" and isinstance(value, (int, float, str, bool)):
                        props.setdefault(key, value)
        material = Material(
            name=(entity.Name or "").strip() or f"unnamed material #{entity.id()}",
            category=getattr(entity, "Category", None),
            density_kg_m3=_positive(props, _DENSITY),
            conductivity_w_mk=_positive(props, _CONDUCTIVITY),
            specific_heat_j_kgk=_positive(props, _SPECIFIC_HEAT),
            ifc_id=entity.id(),
            properties={k: v for k, v in props.items() if isinstance(v, (int, float, str, bool))},
        )
        self._cache[entity.id()] = material
        return material

    def construction(self, element) -> Construction | None:
        """The element's construction, from its own association or its type's."""
        assoc = ifc_element.get_material(element, should_inherit=True)
        if assoc is None:
            return None
        length = self.scales.length
        if assoc.is_a("IfcMaterialLayerSetUsage") or assoc.is_a("IfcMaterialLayerSet"):
            layer_set = assoc.ForLayerSet if assoc.is_a("IfcMaterialLayerSetUsage") else assoc
            layers = []
            for layer in layer_set.MaterialLayers or ():
                thickness = float(layer.LayerThickness or 0.0) * length
                if thickness < 0:
                    self.diagnostics.add(
                        "warning", "layer_negative_thickness",
                        f"layer '{getattr(layer, 'Name', None) or ''}' has negative thickness {thickness:g} m: ignored",
                        entity_label(element),
                    )
                    continue
                if not thickness <= max_si_value("_m"):  # also NaN and inf
                    self.diagnostics.add(
                        "warning", "quantity_implausible",
                        f"layer '{getattr(layer, 'Name', None) or ''}' has thickness {thickness:.3g} m, above "
                        f"{max_si_value('_m'):g} m (a unit or export error): ignored", entity_label(element))
                    continue
                ventilated = layer.IsVentilated
                layers.append(Layer(
                    material=self.material(layer.Material),
                    thickness_m=thickness,
                    name=getattr(layer, "Name", None),
                    is_ventilated=ventilated if isinstance(ventilated, bool) else None,
                ))
            return Construction(kind="layers", name=layer_set.LayerSetName, layers=layers)
        if assoc.is_a("IfcMaterialProfileSetUsage") or assoc.is_a("IfcMaterialProfileSet"):
            profile_set = assoc.ForProfileSet if assoc.is_a("IfcMaterialProfileSetUsage") else assoc
            profiles = profile_set.MaterialProfiles or ()
            if not profiles:
                return None
            first = profiles[0]
            area = _profile_area(first.Profile, self.scales)
            constituents = [
                Constituent(material=self.material(p.Material), name=p.Name) for p in profiles if p.Material
            ]
            return Construction(
                kind="profile", name=profile_set.Name, profile_area_m2=area,
                profile_name=getattr(first.Profile, "ProfileName", None),
                material=self.material(first.Material), constituents=constituents if len(profiles) > 1 else [],
            )
        if assoc.is_a("IfcMaterialConstituentSet"):
            constituents = [
                Constituent(
                    material=self.material(c.Material),
                    fraction=float(c.Fraction) if c.Fraction is not None else None,
                    name=c.Name or c.Category,
                )
                for c in assoc.MaterialConstituents or () if c.Material is not None
            ]
            return Construction(kind="constituents", name=assoc.Name, constituents=constituents)
        if assoc.is_a("IfcMaterialList"):
            constituents = [Constituent(material=self.material(m)) for m in assoc.Materials or ()]
            if len(constituents) == 1:
                return Construction(kind="single", material=constituents[0].material)
            return Construction(kind="constituents", name="material list", constituents=constituents)
        if assoc.is_a("IfcMaterial"):
            return Construction(kind="single", material=self.material(assoc))
        self.diagnostics.add(
            "warning", "material_unsupported", f"material association {assoc.is_a()} is not supported",
            entity_label(element),
        )
        return None


def layer_set_direction(element) -> tuple[str | None, str | None, float]:
    """(LayerSetDirection AXIS2/AXIS3, DirectionSense POSITIVE/NEGATIVE, OffsetFromReferenceLine)."""
    assoc = ifc_element.get_material(element, should_inherit=False)
    if assoc is not None and assoc.is_a("IfcMaterialLayerSetUsage"):
        return assoc.LayerSetDirection, assoc.DirectionSense, float(assoc.OffsetFromReferenceLine or 0.0)
    return None, None, 0.0


def take_off(element: Element, diagnostics: Diagnostics) -> list[MaterialQuantity]:
    """Material lines of one element from its construction and volume.

    Layers: layer volume = (element volume / total thickness) x layer thickness, i.e. the element's
    effective net side area times each layer thickness, so the layers sum to the element volume and a
    corner joint is not counted twice. When the element has no volume but a net side (or slab) area, the
    layer volume is that area times the thickness. Profiles: the element volume (or profile area x
    length). Constituents: volume x fraction (equal split, with a diagnostic, when fractions are absent).
    """
    c = element.construction
    volume = element.volume_m3
    vsource = element.quantities.volume_source or "unknown"
    mass = element.quantities.mass_kg
    if c is None:
        return [MaterialQuantity(material=None, volume_m3=volume, source=f"no material; volume {vsource}", mass_kg=mass)]
    lines: list[MaterialQuantity] = []
    if c.kind == "layers" and c.layers:
        total = sum(layer.thickness_m for layer in c.layers)
        area = element.area_m2
        for i, layer in enumerate(c.layers):
            share = layer.thickness_m / total if total > 0 else 1.0 / len(c.layers)
            if volume is not None:
                v, src = volume * share, f"element volume ({vsource}) x thickness share"
            elif area is not None:
                v, src = area * layer.thickness_m, "area x layer thickness"
            else:
                v, src = None, "no volume or area"
            lines.append(MaterialQuantity(
                material=layer.material, volume_m3=v, source=src, thickness_m=layer.thickness_m,
                fraction=share, mass_kg=mass * share if mass is not None else None, layer_index=i,
            ))
        return lines
    if c.kind == "profile":
        v, src = volume, f"element volume ({vsource})"
        if v is None and c.profile_area_m2 and element.quantities.length_m:
            v, src = c.profile_area_m2 * element.quantities.length_m, "profile area x length"
        return [MaterialQuantity(material=c.material, volume_m3=v, source=src, fraction=1.0, mass_kg=mass)]
    if c.kind == "constituents" and c.constituents:
        fractions = [k.fraction for k in c.constituents]
        if any(f is None for f in fractions) or not sum(f or 0 for f in fractions) > 0:
            fractions = [1.0 / len(c.constituents)] * len(c.constituents)
            if len(c.constituents) > 1 and not element.kind in ("window", "door"):
                diagnostics.add(
                    "warning", "constituents_equal_split",
                    f"{len(c.constituents)} materials without fractions: volume split equally",
                    f"{element.ifc_class} {element.global_id}",
                )
        else:
            s = sum(fractions)
            fractions = [f / s for f in fractions]
        return [
            MaterialQuantity(
                material=k.material, volume_m3=volume * f if volume is not None else None,
                source=f"element volume ({vsource}) x fraction", fraction=f,
                mass_kg=mass * f if mass is not None else None,
            )
            for k, f in zip(c.constituents, fractions)
        ]
    return [MaterialQuantity(material=c.material, volume_m3=volume, source=f"element volume ({vsource})",
                             fraction=1.0, mass_kg=mass)]


def _positive(props: dict, names: tuple[str, ...]) -> float | None:
    for name in names:
        value = props.get(name)
        if isinstance(value, (int, float)) and value > 0:
            return float(value)
    return None


def _profile_area(profile, scales: UnitScales) -> float | None:
    """Cross-section area of common parameterised profiles in m2 (None if not computed)."""
    if profile is None:
        return None
    s = scales.length
    try:
        if profile.is_a("IfcRectangleHollowProfileDef"):
            x, y, t = profile.XDim * s, profile.YDim * s, profile.WallThickness * s
            return x * y - (x - 2 * t) * (y - 2 * t)
        if profile.is_a("IfcRectangleProfileDef"):
            return profile.XDim * profile.YDim * s * s
        if profile.is_a("IfcCircleHollowProfileDef"):
            r, t = profile.Radius * s, profile.WallThickness * s
            return 3.141592653589793 * (r * r - (r - t) ** 2)
        if profile.is_a("IfcCircleProfileDef"):
            return 3.141592653589793 * (profile.Radius * s) ** 2
        if profile.is_a("IfcIShapeProfileDef"):
            b, h = profile.OverallWidth * s, profile.OverallDepth * s
            tw, tf = profile.WebThickness * s, profile.FlangeThickness * s
            return 2 * b * tf + (h - 2 * tf) * tw
    except (TypeError, AttributeError):
        return None
    return None
