"""Project units of an IFC file, as factors to SI (m, m2, m3, kg, rad)."""
from __future__ import annotations

from dataclasses import dataclass

import ifcopenshell
import ifcopenshell.util.unit as ifc_unit

from ..errors import UnitError

_UNIT_TYPES = {
    "length": "LENGTHUNIT",
    "area": "AREAUNIT",
    "volume": "VOLUMEUNIT",
    "mass": "MASSUNIT",
    "angle": "PLANEANGLEUNIT",
}

#: Quantity entity -> unit kind used to scale its value.
QUANTITY_KIND = {
    "IfcQuantityLength": "length",
    "IfcQuantityArea": "area",
    "IfcQuantityVolume": "volume",
    "IfcQuantityWeight": "mass",
    "IfcQuantityCount": None,
    "IfcQuantityTime": None,
}


@dataclass(frozen=True)
class UnitScales:
    """Multiply a value in the file's project unit by the factor to get SI."""

    length: float = 1.0
    area: float = 1.0
    volume: float = 1.0
    mass: float = 1.0
    angle: float = 1.0  # to radians

    def of(self, kind: str | None) -> float:
        return 1.0 if kind is None else getattr(self, kind)


def project_unit_scales(model: ifcopenshell.file, path: str = "") -> UnitScales:
    """Read the IfcUnitAssignment. A file without one is assumed to be in SI with a warning upstream."""
    values = {}
    for kind, unit_type in _UNIT_TYPES.items():
        try:
            scale = float(ifc_unit.calculate_unit_scale(model, unit_type))
        except Exception as exc:  # ifcopenshell raises plain exceptions for odd unit definitions
            raise UnitError(
                f"{path}: cannot interpret the project {unit_type} ({exc}); fix the IfcUnitAssignment "
                "in the authoring tool's IFC export settings"
            ) from exc
        if not scale > 0:
            raise UnitError(f"{path}: project {unit_type} has a non-positive scale {scale}")
        values[kind] = scale
    # IfcOpenShell scales masses to grams (KILO GRAM -> 1000): bldgagent's unit is the kilogram. A file
    # without a mass unit is taken to be in kg (the unit every exporter writes weights in).
    values["mass"] = values["mass"] / 1000.0 if _has_unit(model, "MASSUNIT") else 1.0
    return UnitScales(**values)


def _has_unit(model: ifcopenshell.file, unit_type: str) -> bool:
    for assignment in model.by_type("IfcUnitAssignment"):
        for unit in assignment.Units or ():
            if getattr(unit, "UnitType", None) == unit_type:
                return True
    return False


def named_unit_scale(unit, kind: str | None) -> float:
    """SI factor of an explicit IfcNamedUnit given on a quantity or property (rare but legal)."""
    if unit is None:
        return 1.0
    if unit.is_a("IfcSIUnit"):
        factor = ifc_unit.get_prefix_multiplier(unit.Prefix) if unit.Prefix else 1.0
        if unit.Name == "GRAM":  # SI base unit of mass is the kilogram
            factor /= 1000.0
        return float(factor)
    if unit.is_a("IfcConversionBasedUnit"):
        measure = unit.ConversionFactor
        return float(measure.ValueComponent.wrappedValue) * named_unit_scale(measure.UnitComponent, kind)
    raise UnitError(f"unsupported unit {unit.is_a()} #{unit.id()} on a quantity; use SI or conversion-based units")
