"""Quantities from IFC quantity sets, scaled to SI, each with its provenance.

Order of trust: the standard ``Qto_*BaseQuantities`` sets (IFC4 and later), then ``BaseQuantities``
(the IFC2X3 exporters' name for the same sets), then a few authoring-tool sets whose quantity names are
unambiguous (ArchiCAD's German/English quantity sets, ArchiCAD 9's unnamed set). Geometry is the
fallback, handled by the reader.
"""
from __future__ import annotations

import math

import numpy as np

from ..model import Diagnostics, Quantities
from ..errors import entity_label
from .units import QUANTITY_KIND, UnitScales, named_unit_scale

#: Standard quantity name -> Quantities field (same names in Qto_*BaseQuantities and BaseQuantities).
STANDARD_NAMES = {
    "Length": "length_m",
    "Width": "width_m",
    "Height": "height_m",
    "Depth": "height_m",
    "GrossSideArea": "gross_side_area_m2",
    "NetSideArea": "net_side_area_m2",
    "GrossArea": "gross_area_m2",
    "NetArea": "net_area_m2",
    "Area": "gross_area_m2",
    "GrossFootprintArea": "footprint_area_m2",
    "NetFootprintArea": "footprint_area_m2",
    "GrossVolume": "gross_volume_m3",
    "NetVolume": "net_volume_m3",
    "Volume": "gross_volume_m3",
    "CrossSectionArea": "cross_section_area_m2",
    "NetWeight": "mass_kg",
    "GrossWeight": "mass_kg",
    "Weight": "mass_kg",
}

#: Per kind overrides: for walls, slabs, roofs and coverings ``Width``/``Depth`` is the thickness.
KIND_NAMES = {
    "wall": {"Width": "thickness_m"},
    "curtain_wall": {"Width": "thickness_m"},
    "slab": {"Width": "thickness_m", "Depth": "thickness_m"},
    "floor": {"Width": "thickness_m", "Depth": "thickness_m"},
    "roof": {"Width": "thickness_m", "Depth": "thickness_m", "ProjectedArea": "footprint_area_m2"},
    "covering": {"Width": "thickness_m"},
    "window": {"Depth": "thickness_m"},
    "door": {"Depth": "thickness_m"},
}

#: Authoring-tool quantity names that mean one thing only (set name -> {quantity name -> field}).
TOOL_NAMES = {
    "ArchiCADQuantities": {
        "Netto-Volumen": "net_volume_m3",
        "Volumen": "gross_volume_m3",
        "Länge (A)": "length_m",
        "Net Volume": "net_volume_m3",
        "Volume": "gross_volume_m3",
        "Length (A)": "length_m",
    },
    # ArchiCAD 9 writes quantity sets without a name.
    None: {
        "volume": "net_volume_m3",
        "horizontal area": "footprint_area_m2",
    },
}

#: Precedence of quantity sets (lower is better).
def _rank(set_name: str | None) -> int:
    if set_name and set_name.startswith("Qto_") and set_name.endswith("BaseQuantities"):
        return 0
    if set_name == "BaseQuantities":
        return 1
    return 2


def element_quantity_sets(entity, qsets=None) -> list:
    """IfcElementQuantity sets attached to an object (or the given ones), best first."""
    if qsets is None:
        qsets = []
        for rel in getattr(entity, "IsDefinedBy", None) or ():
            if rel.is_a("IfcRelDefinesByProperties"):
                definition = rel.RelatingPropertyDefinition
                if definition.is_a("IfcElementQuantity"):
                    qsets.append(definition)
    return sorted(qsets, key=lambda s: _rank(s.Name))


def _value(quantity, scales: UnitScales) -> float | None:
    kind = QUANTITY_KIND.get(quantity.is_a())
    if kind is None and quantity.is_a() not in QUANTITY_KIND:
        return None
    raw = quantity[3]  # LengthValue / AreaValue / VolumeValue / WeightValue
    if raw is None:
        return None
    unit = getattr(quantity, "Unit", None)
    scale = named_unit_scale(unit, kind) if unit is not None else scales.of(kind)
    return float(raw) * scale


#: Largest SI value a quantity of one element or room can have, by field suffix. Each is several times the
#: largest building on Earth: 1e4 m (5x the longest, about 2 km), 1e7 m2 (5x the largest floor area, about
#: 1.7e6 m2, New Century Global Center), 1e8 m3 (7x the largest by volume, the Boeing Everett factory, 1.3e7 m3),
#: 1e10 kg (about 20x the Burj Khalifa's 5e8 kg). A larger value is a unit or export error, never a measure.
MAX_SI_VALUE = {"_m": 1e4, "_m2": 1e7, "_m3": 1e8, "_kg": 1e10}


def max_si_value(field: str) -> float:
    """Physical upper bound of a quantity field by its unit suffix (``inf`` for an unknown suffix)."""
    return next((v for suffix, v in MAX_SI_VALUE.items() if field.endswith(suffix)), math.inf)


def _positive_value(quantity, qset, scales: UnitScales, diagnostics: Diagnostics, entity,
                    field: str | None = None) -> float | None:
    """SI value of a quantity; None (with a diagnostic) when zero, negative, not finite or, given the
    ``field`` it fills, above that field's physical bound (:data:`MAX_SI_VALUE`)."""
    value = _value(quantity, scales)
    if value is None:
        return None
    name = f"{qset.Name or 'unnamed quantity set'}.{quantity.Name}"
    if value <= 0 or not math.isfinite(value):
        diagnostics.add("warning", "quantity_nonpositive", f"{name} = {value:g} is not a positive finite number: "
                        "ignored", entity_label(entity))
        return None
    if field is not None and value > max_si_value(field):
        _implausible(diagnostics, name, value, field, entity)
        return None
    return value


def _implausible(diagnostics: Diagnostics, name: str, value: float, field: str, entity) -> None:
    diagnostics.add("warning", "quantity_implausible", f"{name} = {value:.3g} ({field}) exceeds "
                    f"{max_si_value(field):g}, more than the largest building holds (a unit or export error): "
                    "ignored, geometry or other quantities are used instead", entity_label(entity))


def read_quantities(
    entity, kind: str, scales: UnitScales, diagnostics: Diagnostics, qsets=None
) -> Quantities:
    """Quantities of an element from its quantity sets (geometry fills gaps later). ``qsets``: the element's
    IfcElementQuantity sets when already known (see :class:`~bldgagent.ifc.index.ModelIndex`)."""
    q = Quantities()
    side_faces: dict[str, float] = {}
    duplicates: dict[str, list[tuple[float, str]]] = {}
    for qset in element_quantity_sets(entity, qsets):
        rank = _rank(qset.Name)
        names = dict(STANDARD_NAMES) if rank < 2 else dict(TOOL_NAMES.get(qset.Name, {}))
        if rank < 2:
            names.update(KIND_NAMES.get(kind, {}))
        if not names:
            continue
        for quantity in qset.Quantities or ():
            name = quantity.Name
            if rank == 2 and qset.Name is None and name in ("left face area", "right face area"):
                value = _value(quantity, scales)
                if value and 0 < value <= max_si_value("_m2"):
                    side_faces[name] = value
                continue
            target = names.get(name)
            if target is None:
                continue
            value = _positive_value(quantity, qset, scales, diagnostics, entity)
            if value is None:
                continue
            source = f"qto:{qset.Name or '(unnamed)'}.{name}"
            if not q.set(target, value, source) and q.source.get(target) == source and getattr(q, target) != value:
                duplicates.setdefault(target, [(getattr(q, target), source)]).append((value, source))
    for target, candidates in duplicates.items():
        chosen = _plausible(q, target, [v for v, _ in candidates])
        setattr(q, target, chosen)
        diagnostics.add(
            "warning", "quantity_duplicate",
            f"{candidates[0][1]} given {len(candidates)} times with different values "
            f"({', '.join(f'{v:g}' for v, _ in candidates)}): kept {chosen:g}, the one consistent with the "
            "element's length, width and height (an exporter unit bug)",
            entity_label(entity),
        )
    if len(side_faces) == 2 and q.net_side_area_m2 is None:
        mean = sum(side_faces.values()) / 2.0
        q.set("net_side_area_m2", mean, "qto:(unnamed).mean of left/right face area")
    for target in list(q.source):  # after the duplicates are resolved (a mm2 duplicate may lose to an m2 one)
        value = getattr(q, target, None)
        if value is not None and value > max_si_value(target):
            _implausible(diagnostics, q.source.pop(target), value, target, entity)
            setattr(q, target, None)
    return q


def _plausible(q: Quantities, target: str, values: list[float]) -> float:
    """Pick among duplicate values the one consistent with the element's dimensions (else the last)."""
    dims = [d for d in (q.length_m, q.thickness_m or q.width_m, q.height_m) if d and d <= MAX_SI_VALUE["_m"]]
    estimate = None
    if target.endswith("volume_m3") and len(dims) == 3:
        estimate = dims[0] * dims[1] * dims[2]
    elif target.endswith("side_area_m2") and q.length_m and q.height_m:
        estimate = q.length_m * q.height_m
    if estimate is None or not 0 < estimate < math.inf:
        return values[-1]
    fitting = [v for v in values if v <= 1.05 * estimate]
    pool = [v for v in (fitting or values) if v > 0] or values
    return min(pool, key=lambda v: abs(np.log(v / estimate)))


def read_space_quantities(entity, scales: UnitScales, diagnostics: Diagnostics,
                          qsets=None) -> dict[str, tuple[float, str]]:
    """Floor areas, volume and height of an IfcSpace: {field: (value, provenance)}."""
    wanted = {
        "NetFloorArea": "net_floor_area_m2",
        "GrossFloorArea": "gross_floor_area_m2",
        "NetVolume": "volume_m3",
        "GrossVolume": "volume_m3",
        "Height": "height_m",
        "FinishCeilingHeight": "height_m",
        "ClearHeight": "height_m",
        # tool sets
        "horizontal area": "net_floor_area_m2",
        "volume": "volume_m3",
        "Nettofläche": "net_floor_area_m2",
        "Netto-Volumen": "volume_m3",
        "GSA BIM Area": "gross_floor_area_m2",
    }
    found: dict[str, tuple[float, str]] = {}
    for qset in element_quantity_sets(entity, qsets):
        for quantity in qset.Quantities or ():
            target = wanted.get(quantity.Name)
            if target is None or target in found:
                continue
            if _rank(qset.Name) == 2 and quantity.Name in STANDARD_NAMES:
                continue
            value = _positive_value(quantity, qset, scales, diagnostics, entity, target)
            if value is None:
                continue
            found[target] = (value, f"qto:{qset.Name or '(unnamed)'}.{quantity.Name}")
    return found


def read_storey_gross_floor_area(entity, scales: UnitScales, qsets=None) -> tuple[float, str] | None:
    """Authored GrossFloorArea of a storey or building, if any."""
    for qset in element_quantity_sets(entity, qsets):
        for quantity in qset.Quantities or ():
            if quantity.Name == "GrossFloorArea":
                value = _value(quantity, scales)
                if value and 0 < value <= max_si_value("_m2"):
                    return value, f"qto:{qset.Name}.GrossFloorArea"
    return None
