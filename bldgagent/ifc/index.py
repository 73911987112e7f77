"""One pass over the model's relationship entities, so per-element lookups need no inverse traversal.

Reading property and quantity sets through each element's inverse attributes costs a few microseconds
per attribute access; on exports with many sets (Revit) that dominated ``load``. This index walks every
IfcRelDefinesByProperties and IfcRelDefinesByType once.
"""
from __future__ import annotations

from collections import defaultdict

import ifcopenshell
import ifcopenshell.util.placement as ifc_placement
import numpy as np

#: Property sets the reader uses: the standard ``Pset_*Common`` sets and the glazing set.
GLAZING_PSETS = ("Pset_DoorWindowGlazingType",)
#: bldgagent's own set on IfcShadingDevice (Kind, DepthM; see :mod:`bldgagent.ifc.shading`).
SHADING_PSETS = ("Pset_BldgAgentShading",)


def wanted_pset(name: str | None) -> bool:
    return bool(name) and name.startswith("Pset_") and (name.endswith("Common") or name in GLAZING_PSETS
                                                        or name in SHADING_PSETS)


def read_pset(definition) -> dict:
    """Single values of a property set: {name: value}."""
    values = {}
    for prop in definition.HasProperties or ():
        if prop.is_a("IfcPropertySingleValue") and prop.NominalValue is not None:
            values[prop.Name] = prop.NominalValue.wrappedValue
    return values


class ModelIndex:
    """Quantity sets, wanted property sets, types, containers, aggregates and placements per STEP id."""

    def __init__(self, model: ifcopenshell.file):
        self.containers: dict[int, object] = {}
        self.wholes: dict[int, object] = {}
        self._placements: dict[int, np.ndarray] = {}
        for rel in model.by_type("IfcRelContainedInSpatialStructure"):
            for obj in rel.RelatedElements or ():
                self.containers[obj.id()] = rel.RelatingStructure
        for rel in model.by_type("IfcRelAggregates"):
            for obj in rel.RelatedObjects or ():
                self.wholes[obj.id()] = rel.RelatingObject
        self.qsets: dict[int, list] = defaultdict(list)
        self._pset_defs: dict[int, list] = defaultdict(list)
        self._pset_values: dict[int, dict] = {}
        self.types: dict[int, object] = {}
        self._type_psets: dict[int, dict[str, dict]] = {}
        # Walk the (few) quantity sets and the wanted property sets, not every relationship: exports carry
        # hundreds of vendor property sets (Revit) that the reader never needs.
        for definition in model.by_type("IfcElementQuantity"):
            for obj in self._defined_objects(model, definition):
                self.qsets[obj.id()].append(definition)
        for definition in model.by_type("IfcPropertySet"):
            if wanted_pset(definition.Name):
                for obj in self._defined_objects(model, definition):
                    self._pset_defs[obj.id()].append(definition)
        for rel in model.by_type("IfcRelDefinesByType"):
            for obj in rel.RelatedObjects or ():
                self.types[obj.id()] = rel.RelatingType

    @staticmethod
    def _defined_objects(model, definition):
        """Objects a property or quantity set is attached to (IfcRelDefinesByProperties, any schema)."""
        for rel in model.get_inverse(definition):
            if rel.is_a("IfcRelDefinesByProperties"):
                yield from rel.RelatedObjects or ()

    def type_of(self, entity):
        return self.types.get(entity.id())

    def container_of(self, entity):
        """The spatial structure an element is contained in (IfcRelContainedInSpatialStructure), or None."""
        return self.containers.get(entity.id())

    def whole_of(self, entity):
        """The object an element or space is aggregated into (IfcRelAggregates), or None."""
        return self.wholes.get(entity.id())

    def placement(self, placement) -> np.ndarray:
        """4x4 world matrix of an IfcLocalPlacement in project units, memoised along the placement chain."""
        key = placement.id()
        matrix = self._placements.get(key)
        if matrix is None:
            local = ifc_placement.get_axis2placement(placement.RelativePlacement) if placement.is_a(
                "IfcLocalPlacement") else ifc_placement.get_local_placement(placement)
            parent = getattr(placement, "PlacementRelTo", None) if placement.is_a("IfcLocalPlacement") else None
            matrix = self.placement(parent) @ local if parent is not None else local
            self._placements[key] = matrix
        return matrix.copy()

    def property_sets(self, entity) -> dict[str, dict]:
        """Wanted property sets of an object: its type's values overridden by the occurrence's own."""
        out: dict[str, dict] = {}
        type_entity = self.types.get(entity.id())
        if type_entity is not None:
            for name, values in self._type_property_sets(type_entity).items():
                out[name] = dict(values)
        for definition in self._pset_defs.get(entity.id(), ()):
            out.setdefault(definition.Name, {}).update(self._values(definition))
        return out

    def _values(self, definition) -> dict:
        values = self._pset_values.get(definition.id())
        if values is None:
            values = self._pset_values[definition.id()] = read_pset(definition)
        return values

    def _type_property_sets(self, type_entity) -> dict[str, dict]:
        cached = self._type_psets.get(type_entity.id())
        if cached is None:
            cached = {}
            for definition in getattr(type_entity, "HasPropertySets", None) or ():
                if definition.is_a("IfcPropertySet") and wanted_pset(definition.Name):
                    cached.setdefault(definition.Name, {}).update(self._values(definition))
            self._type_psets[type_entity.id()] = cached
        return cached
