"""Quantities from IFC quantity sets, scaled to SI, each with its provenance.

Order of trust: the standard ``Qto_*BaseQuantities`` sets (IFC4 and later), then ``BaseQuantities``
(the IFC2X3 exporters' name for the same sets), then a few authoring-tool sets whose quantity names are
unambiguous (ArchiCAD's German/English quantity sets, ArchiCAD 9's unnamed set). Geometry is the
fallback, handled by the reader.
"""
from __future__ import annotations

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


def _positive_value(quantity, qset, scales: UnitScales, diagnostics: Diagnostics, entity) -> float | None:
    """SI value of a quantity; None (with a diagnostic for zero or negative values) when unusable."""
    value = _value(quantity, scales)
    if value is not None and value <= 0:
        diagnostics.add(
            "warning", "quantity_nonpositive",
            f"{qset.Name or 'unnamed quantity set'}.{quantity.Name} = {value:g} is not positive: ignored",
            entity_label(entity),
        )
        return None
    return value


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
                if value and value > 0:
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
    return q


def _plausible(q: Quantities, target: str, values: list[float]) -> float:
    """Pick among duplicate values the one consistent with the element's dimensions (else the last)."""
    dims = [d for d in (q.length_m, q.thickness_m or q.width_m, q.height_m) if d]
    estimate = None
    if target.endswith("volume_m3") and len(dims) == 3:
        estimate = dims[0] * dims[1] * dims[2]
    elif target.endswith("side_area_m2") and q.length_m and q.height_m:
        estimate = q.length_m * q.height_m
    if estimate is None:
        return values[-1]
    fitting = [v for v in values if v <= 1.05 * estimate]
    pool = fitting or values
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
            value = _positive_value(quantity, qset, scales, diagnostics, entity)
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
                if value and value > 0:
                    return value, f"qto:{qset.Name}.GrossFloorArea"
    return None
