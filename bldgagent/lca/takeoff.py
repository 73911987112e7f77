"""Material take-off: a :class:`~bldgagent.model.Building` as a table of material lines.

One row per material per element (per layer for layered constructions), with the element id, kind, storey, the
material as authored (name, density, conductivity), volume with its provenance, layer thickness and, for windows,
doors and layer-based lines, the area. The IFC reader fills ``element.material_quantities``; when it is empty the
take-off derives lines from ``element.construction`` and the element volume (layer volume = element volume x layer
thickness / total thickness; constituents by their fraction). Nothing is dropped: an element without a volume gives
a line with ``volume_m3`` None, which the engine lists as unquantified.
"""
from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..errors import QuantityError
from ..model import Building, Element, Material, MaterialQuantity, Opening

TAKEOFF_COLUMNS = (
    "line", "element_id", "element_name", "ifc_class", "kind", "storey_id", "is_external", "is_opening", "material",
    "material_ifc_id", "material_density_kg_m3", "material_conductivity_w_mk", "layer_index", "thickness_m", "fraction",
    "volume_m3", "volume_source", "mass_kg_model", "area_m2", "area_source", "element_thickness_m",
)
#: Kinds whose thickness is across a plane (a material over the whole thickness is checked for plausibility).
PLANAR_KINDS = ("wall", "slab", "floor", "roof", "covering", "ceiling", "plate", "curtain_wall")


def _check(value: float | None, what: str, element: Element) -> float | None:
    if value is None:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise QuantityError(f"{what} of element {element.global_id} ({element.ifc_class} {element.name!r}) is not a "
                            f"number: {value!r}") from None
    if math.isnan(v):
        return None
    if v < 0 or math.isinf(v):
        raise QuantityError(f"{what} of element {element.global_id} ({element.ifc_class} {element.name!r}) is "
                            f"{v}: quantities must be finite and non-negative (fix the model or its Qto)")
    return v


def _material_fields(m: Material | None) -> dict[str, Any]:
    if m is None:
        return dict(material=None, material_ifc_id=None, material_density_kg_m3=None, material_conductivity_w_mk=None)
    rho = m.density_kg_m3 if m.density_kg_m3 and m.density_kg_m3 > 0 else None  # ArchiCAD writes 0.0 for "unknown"
    lam = m.conductivity_w_mk if m.conductivity_w_mk and m.conductivity_w_mk > 0 else None
    return dict(material=m.name, material_ifc_id=m.ifc_id, material_density_kg_m3=rho, material_conductivity_w_mk=lam)


def _derived_quantities(e: Element) -> list[MaterialQuantity]:
    """Material lines from the construction when the reader gave none."""
    vol = e.volume_m3
    src = e.quantities.volume_source or ("element volume" if vol is not None else "none")
    c = e.construction
    if c is None:
        return [MaterialQuantity(None, vol, src)]
    if c.kind == "layers" and c.layers:
        total = sum(l.thickness_m for l in c.layers)
        out = []
        for i, layer in enumerate(c.layers):
            share = layer.thickness_m / total if total > 0 else 1.0 / len(c.layers)
            out.append(MaterialQuantity(layer.material, None if vol is None else vol * share,
                                        f"{src} x layer share" if vol is not None else "none", layer.thickness_m,
                                        share, None, i))
        return out
    if c.kind == "constituents" and c.constituents:
        fracs = [k.fraction for k in c.constituents]
        if any(f is None for f in fracs):
            fracs = [1.0 / len(fracs)] * len(fracs)
        s = sum(fracs) or 1.0
        return [MaterialQuantity(k.material, None if vol is None else vol * f / s, f"{src} x constituent fraction",
                                 None, f / s, None, i) for i, (k, f) in enumerate(zip(c.constituents, fracs))]
    mats = c.materials
    return [MaterialQuantity(mats[0] if mats else None, vol, src)]


def _element_thickness(e: Element) -> float | None:
    """Thickness (m) of a planar element: declared thickness, a wall's width, the layer total, else volume / area."""
    if e.kind not in PLANAR_KINDS:
        return None
    q = e.quantities
    for t in (q.thickness_m, q.width_m if e.kind == "wall" else None,
              e.construction.thickness_m if e.construction is not None else None):
        if t is not None and math.isfinite(t) and t > 0:
            return float(t)
    vol, area = e.volume_m3, e.area_m2
    if vol and area and math.isfinite(vol) and math.isfinite(area) and area > 0:
        return float(vol) / float(area)
    return None


def takeoff(building: Building) -> pd.DataFrame:
    """Material lines of a building (see :data:`TAKEOFF_COLUMNS`); windows and doors carry ``area_m2``.

    Raises :class:`~bldgagent.errors.QuantityError` naming the element when a quantity is negative or not a
    number. An element that copies another (``duplicate_of``, the reader's ``duplicate_element`` warning) gives no
    line: the group of copies is counted once.
    """
    rows: list[dict[str, Any]] = []
    for e in building.elements:
        if e.duplicate_of is not None:   # a copy exported twice (bldgagent.ifc.duplicates): counted once
            continue
        base = dict(element_id=e.global_id, element_name=e.name, ifc_class=e.ifc_class, kind=e.kind,
                    storey_id=e.storey_id, is_external=e.is_external, is_opening=isinstance(e, Opening))
        if isinstance(e, Opening) or e.kind in ("window", "door"):
            area = _check(e.area_m2, "area", e)
            area_src = "element area"
            if area is None and isinstance(e, Opening) and e.width_m and e.height_m:
                area, area_src = _check(e.width_m * e.height_m, "width x height", e), "width x height"
            mats = e.materials or [mq.material for mq in e.material_quantities if mq.material is not None]
            frame = next((m for m in mats if m is not None), None)
            row = dict(base, **_material_fields(frame), layer_index=None, thickness_m=None, fraction=None,
                       volume_m3=None, volume_source=None, mass_kg_model=None, area_m2=area,
                       area_source=area_src if area is not None else None)
            row["material"] = "; ".join(m.name for m in mats if m is not None) or None
            rows.append(row)
            continue
        mqs = e.material_quantities or _derived_quantities(e)
        base["element_thickness_m"] = _element_thickness(e)
        for mq in mqs:
            vol = _check(mq.volume_m3, f"volume of material {getattr(mq.material, 'name', None)!r}", e)
            thick = _check(mq.thickness_m, "layer thickness", e)
            mass = _check(mq.mass_kg, "mass", e)
            area = vol / thick if (vol is not None and thick) else None
            rows.append(dict(base, **_material_fields(mq.material), layer_index=mq.layer_index, thickness_m=thick,
                             fraction=mq.fraction, volume_m3=vol, volume_source=mq.source if vol is not None else None,
                             mass_kg_model=mass, area_m2=area,
                             area_source="volume / layer thickness" if area is not None else None))
    frame = pd.DataFrame(rows, columns=[c for c in TAKEOFF_COLUMNS if c != "line"])
    frame.insert(0, "line", range(len(frame)))
    for col in ("volume_m3", "thickness_m", "fraction", "mass_kg_model", "area_m2", "material_density_kg_m3",
                "material_conductivity_w_mk", "element_thickness_m"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
    return frame
