"""Cross-checks between independent sources of one quantity: declared (quantity sets, layer sets) and
measured (geometry) thicknesses and areas, and the file's units as a whole.

Rule (issue 11, item 2): a value derived from other values (area = volume / thickness...) may refine a
declared one, but where the two differ by more than :data:`AGREE_FACTOR` the declared value is kept
unless a second independent source agrees with the derived one; either way a warning says so.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..model import Diagnostics, Element
from .units import UnitScales

#: Two sources agree when their ratio lies within [1/2, 2] (issue 11, item 2: "more than a factor of 2").
AGREE_FACTOR = 2.0

#: Unit factors a mistaken unit declaration produces (file value x factor = SI value), per dimension:
#: SI prefixes milli/centi/deci and the imperial foot and inch (ISO 80000-3; 1 ft = 0.3048 m and
#: 1 in = 0.0254 m exactly, NIST SP 811 B.8). Areas and volumes are their squares and cubes.
_LENGTH_FACTORS = (1e-3, 1e-2, 1e-1, 0.3048, 0.0254)
#: A median ratio counts as a unit slip when it is within this factor of a known unit factor.
_SNAP_FACTOR = 1.25
#: A ratio below this factor is scatter between exporter and geometry, not a unit slip.
_UNIT_SLIP_MIN = 3.0
#: Typical element size (largest bounding-box side, m) of a building: storey-high walls and columns,
#: slabs and beams of a few metres. Used only to pick which of two unit readings is physical.
_TYPICAL_ELEMENT_M = 3.0


def agree(a: float | None, b: float | None, factor: float = AGREE_FACTOR) -> bool:
    """True when both values are positive and within ``factor`` of each other."""
    return bool(a and b and a > 0 and b > 0 and 1.0 / factor <= a / b <= factor)


def label(element: Element) -> str:
    return f"{element.ifc_class} {element.global_id} '{element.name}'"


def element_thickness(element: Element, geometry_m: float | None, diagnostics: Diagnostics,
                      extrusion_m: float | None = None) -> float | None:
    """Thickness (m) of a planar element from its layer set, quantity set and geometry, cross-checked.

    The layer set wins (it is measured across the element; a quantity-set Width may be the vertical
    thickness of a sloping roof), then the quantity set. If the preferred value disagrees by more than
    a factor of 2 with every other source while two other sources agree with each other, the agreeing
    value is used and a warning names them: a layer set in the wrong unit must not turn a 0.2 m slab into
    a 0.2 mm membrane. One dissenting source alone (e.g. the extent of a stepped ceiling) changes nothing.
    """
    q = element.quantities
    candidates: list[tuple[float, str]] = []
    if element.construction is not None and element.construction.thickness_m:
        candidates.append((element.construction.thickness_m, "layer set"))
    if q.thickness_m:
        candidates.append((q.thickness_m, q.source.get("thickness_m", "quantity set")))
    fields = ("net_side_area_m2", "gross_side_area_m2") if element.kind == "wall" else ("net_area_m2", "gross_area_m2")
    area = next((getattr(q, f) for f in fields if str(q.source.get(f, "")).startswith("qto")), None)
    others: list[tuple[float, str]] = []
    if geometry_m:
        others.append((geometry_m, "geometry (extent across the element)"))
    if extrusion_m:
        others.append((extrusion_m, "extrusion depth"))
    if str(q.volume_source or "").startswith("qto") and q.volume_m3 and area:
        others.append((q.volume_m3 / area, "quantity-set volume / area"))
    if not candidates:
        return None
    preferred = candidates[0]
    rest = candidates[1:] + others
    if not rest or any(agree(preferred[0], v) for v, _ in rest):
        return preferred[0]
    backed = [c for c in rest if sum(agree(c[0], v) for v, _ in rest) >= 2]  # itself and one more
    if not backed:
        return preferred[0]
    chosen = backed[0]
    rescaled = ""
    factor = _snap(math.log10(chosen[0] / preferred[0]), 1) if preferred[1] == "layer set" else None
    if factor is not None:  # the layer set was written in another unit: scale it so U-values are right too
        for layer in element.construction.layers:
            layer.thickness_m *= factor
        rescaled = f"; the layer thicknesses are multiplied by {factor:g} (a unit slip)"
    diagnostics.add(
        "warning", "thickness_inconsistent",
        f"{preferred[1]} thickness {preferred[0]:.4g} m disagrees by more than a factor of {AGREE_FACTOR:g} with "
        + ", ".join(f"{s} {v:.4g} m" for v, s in rest) + f": {chosen[1]} = {chosen[0]:.4g} m is used "
        "(a layer set or quantity written in the wrong unit?)" + rescaled, label(element))
    return chosen[0]


def check_derived_area(element: Element, field: str, current: float, derived: float,
                       geometry_area: float | None, diagnostics: Diagnostics) -> bool:
    """May ``derived`` (volume / thickness) replace the area ``current``? True within a factor of 2, or
    beyond it when an independent geometric area agrees with the derived one; else the declared area is
    kept and a warning says why."""
    if agree(current, derived):
        return True
    source = element.quantities.source.get(field) or element.quantities.source.get("gross_area_m2")
    second = geometry_area if source != "geometry" else None
    if agree(second, derived):
        diagnostics.add("warning", "area_replaced",
                        f"area {current:.4g} m2 ({source}) differs by more than a factor of {AGREE_FACTOR:g} from "
                        f"volume / thickness = {derived:.4g} m2, which the geometry ({second:.4g} m2) confirms: "
                        "the latter is used", label(element))
        return True
    diagnostics.add("warning", "derived_value_rejected",
                    f"volume / thickness = {derived:.4g} m2 differs by more than a factor of {AGREE_FACTOR:g} from "
                    f"the area {current:.4g} m2 ({source}) and no second source confirms it: the declared area "
                    "is kept", label(element))
    return False


def check_geometry_volume(element: Element, measured: float, diagnostics: Diagnostics) -> bool:
    """May the geometry's (net) volume stand in for a declared gross volume? Yes within a factor of 2, or
    beyond it when the declared net area x thickness agrees with the geometry; else the declared gross
    volume is kept, with a warning (an exporter's broken solid must not replace the quantity set)."""
    q = element.quantities
    declared = q.gross_volume_m3 if str(q.source.get("gross_volume_m3", "")).startswith("qto") else None
    if declared is None or agree(declared, measured):
        return True
    area = q.net_side_area_m2 if element.kind in ("wall", "curtain_wall") else q.net_area_m2
    layers = element.construction.thickness_m if element.construction is not None else None
    thickness = layers or q.thickness_m
    if area and thickness and agree(area * thickness, measured):
        return True
    diagnostics.add("warning", "derived_value_rejected",
                    f"geometry volume {measured:.4g} m3 differs by more than a factor of {AGREE_FACTOR:g} from the "
                    f"declared gross volume {declared:.4g} m3 ({q.source.get('gross_volume_m3')}) and no second "
                    "source confirms it: the declared volume is kept", label(element))
    return False


def check_declared_volume(element: Element, measured: float, diagnostics: Diagnostics) -> bool:
    """Does a quantity-set net volume stand against the element's closed geometry? It does within a factor of
    :data:`AGREE_FACTOR`, or beyond it unless a second source independent of the geometry - the declared area x
    the declared thickness (layer set, quantity-set Width/Depth) - agrees with the geometry. Then (e.g. 1000 x: a
    NetVolume in dm3, or typed in litres) the declared volume is replaced by the geometry's, with a warning, and
    False is returned. A declared gross volume alone is :func:`check_geometry_volume`'s."""
    q = element.quantities
    declared = q.net_volume_m3 if str(q.source.get("net_volume_m3", "")).startswith("qto") else None
    if not declared or agree(declared, measured):
        return True
    area = (q.net_side_area_m2 or q.gross_side_area_m2) if element.kind in ("wall", "curtain_wall") \
        else (q.net_area_m2 or q.gross_area_m2)
    layers = element.construction.thickness_m if element.construction is not None else None
    second = [area * t for t in (layers, q.thickness_m, q.width_m) if area and t]
    if not any(agree(v, measured) for v in second):
        diagnostics.add("warning", "derived_value_rejected",
                        f"quantity-set volume {declared:.4g} m3 ({q.volume_source}) differs by more than a factor of "
                        f"{AGREE_FACTOR:g} from the geometry's {measured:.4g} m3 and no second source settles it: the "
                        "declared volume is kept", label(element))
        return True
    ratio = declared / measured
    slip = min((abs(math.log10(ratio) - k), k) for k in (-9, -6, -3, 3, 6, 9))
    unit = f" (a factor of 1e{slip[1]:+d}: a unit slip)" if slip[0] < 0.05 else ""
    diagnostics.add("warning", "declared_volume_rejected",
                    f"quantity-set volume {declared:.4g} m3 ({q.volume_source}) is {ratio:.3g} x the geometry's "
                    f"{measured:.4g} m3{unit}, which the declared area x thickness confirms: the geometry's volume is "
                    "used (fix the quantity set in the model)", label(element))
    for name in ("net_volume_m3", "gross_volume_m3"):
        if str(q.source.get(name, "")).startswith("qto"):
            setattr(q, name, None)
            q.set(name, measured, "geometry (quantity set rejected)")
    return False


# --- units --------------------------------------------------------------------------------------------
@dataclass
class UnitRatios:
    """log10(declared / geometric) ratios of areas and volumes, and element sizes (m, file length unit)."""

    area: list[float]
    volume: list[float]
    sizes_m: list[float]

    def add(self, kind: str, declared: float | None, measured: float | None) -> None:
        if declared and measured and declared > 0 and measured > 1e-12:
            getattr(self, kind).append(math.log10(declared / measured))


def _median(values: list[float]) -> float:
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else 0.5 * (s[n // 2 - 1] + s[n // 2])


def _consensus(logs: list[float]) -> float | None:
    """Median log10 ratio when at least 60 % of the samples lie within a factor 1.5 of it, else None."""
    if not logs:
        return None
    m = _median(logs)
    close = sum(abs(v - m) <= math.log10(1.5) for v in logs)
    return m if close >= 0.6 * len(logs) else None


def _snap(log_ratio: float, power: int) -> float | None:
    """The known unit factor (squared for areas, cubed for volumes) within 25 % of 10**log_ratio."""
    if abs(log_ratio) < math.log10(_UNIT_SLIP_MIN):
        return None
    for f in _LENGTH_FACTORS:
        for factor in (f ** power, 1.0 / f ** power):
            if abs(log_ratio - math.log10(factor)) <= math.log10(_SNAP_FACTOR):
                return factor
    return None


def unit_correction(ratios: UnitRatios, scales: UnitScales) -> tuple[UnitScales, str] | None:
    """Corrected unit scales when quantity-set areas/volumes and geometry disagree by a unit factor.

    Areas and volumes in quantity sets are in the file's area and volume units; geometry is in its
    length unit. When they disagree by a unit factor (mm vs m: 1e6 for areas, 1e9 for volumes) one
    declaration is wrong. If both disagree as the same length factor, either the length unit or the
    area and volume units are wrong: the reading whose median element size is nearer a typical
    building element (3 m) wins. Returns (scales, explanation) or None when the units are consistent.
    """
    la, lv = _consensus(ratios.area), _consensus(ratios.volume)
    fa = _snap(la, 2) if la is not None else None
    fv = _snap(lv, 3) if lv is not None else None
    if fa is None and fv is None:
        return None
    length = None  # a length factor that explains both the area and the volume ratios
    if fa is not None and fv is not None and abs(math.log10(fa) / 2 - math.log10(fv) / 3) < 0.05:
        length = fa ** 0.5
    elif fa is not None and lv is None or fv is not None and la is None:
        length = fa ** 0.5 if fa is not None else fv ** (1 / 3)
    if length is not None and ratios.sizes_m:
        size = _median(ratios.sizes_m)
        as_declared = abs(math.log10(size / _TYPICAL_ELEMENT_M))
        rescaled = abs(math.log10(size * length / _TYPICAL_ELEMENT_M))
        if rescaled < as_declared:
            return (replace(scales, length=scales.length * length),
                    f"quantity-set areas and volumes are {length ** 2:.3g} and {length ** 3:.3g} times those measured from lengths and geometry, "
                    f"and elements would measure {size:.3g} m (median) as declared: the length unit is taken "
                    f"to be {scales.length * length:g} m, not {scales.length:g} m")
    new_area = scales.area / fa if fa is not None else scales.area
    new_volume = scales.volume / fv if fv is not None else scales.volume
    parts = []
    if fa is not None:
        parts.append(f"areas are {fa:.3g} times those measured from lengths and geometry: area unit taken as {new_area:g} m2, not {scales.area:g}")
    if fv is not None:
        parts.append(f"volumes are {fv:.3g} times those measured from lengths and geometry: volume unit taken as {new_volume:g} m3, "
                     f"not {scales.volume:g}")
    return replace(scales, area=new_area, volume=new_volume), "quantity-set " + "; ".join(parts)
