"""Plausibility of declared masses: a quantity-set weight must match volume x density.

Exporters write NetWeight/GrossWeight in the wrong unit (a Tekla export declares 48,158 kg for a
0.0197 m3 concrete slab: 2.4 million kg/m3). The implied density mass / volume is checked against the
plausible range of the element's materials; outside it the declared mass is dropped (the carbon engine
then uses volume x density) and a warning names both numbers.
"""
from __future__ import annotations

import re

from ..model import Diagnostics, Element

#: (category, name pattern, min kg/m3, max kg/m3, source). First match wins, so insulation (which may
#: be named after a base material: "glass wool", "wood fibre") comes first. The ranges bracket the
#: standards' nominal values with the lightest and heaviest products of the family.
DENSITY_RANGES: tuple[tuple[str, str, float, float, str], ...] = (
    ("insulation", r"insul|d[äa]mm|wool|wolle|\beps\b|\bxps\b|\bpur\b|\bpir\b|foam|schaum|aerogel|保温|隔热|岩棉",
     5.0, 300.0, "EN 13162-13171 product standards: mineral wool, EPS, XPS, PUR, foam glass 10-250 kg/m3"),
    ("concrete", r"concrete|beton|b[ée]ton|混凝土|\bc\d\d/\d\d|\bc\d\d\b", 300.0, 6000.0,
     "EN 771-4 (aerated concrete from 300 kg/m3) to EN 206 heavyweight concrete (> 2600 kg/m3)"),
    ("steel", r"steel|stahl|acier|\bs235|\bs275|\bs355|\bq235|\bq345|\bq355|钢", 7000.0, 8200.0,
     "EN 1993-1-1 3.2.6: 7850 kg/m3; stainless steels up to 8000 kg/m3 (EN 10088-1 Annex A)"),
    ("aluminium", r"alumin|铝", 2500.0, 2900.0, "EN 1999-1-1 3.2.5: 2700 kg/m3"),
    ("glass", r"glass|glas\b|verre|玻璃", 2200.0, 2700.0, "EN 572-1 7.1: 2500 kg/m3"),
    ("timber", r"timber|wood|holz|\bbois|\bclt\b|glulam|brettschicht|木", 40.0, 1300.0,
     "EN 338 C14-D70 mean densities 350-1080 kg/m3; wood-based boards and fibre products from 40 kg/m3"),
    ("masonry", r"brick|masonry|ziegel|mauerwerk|kalksandstein|brique|砖|砌块", 300.0, 2500.0,
     "EN 771-1/-2: clay and calcium silicate units 500-2400 kg/m3; lightweight blocks from 300 kg/m3"),
    ("gypsum", r"gypsum|plasterboard|gips|plâtre|platre|石膏", 500.0, 1600.0,
     "EN 520 plasterboard 600-1000 kg/m3; gypsum plasters up to 1500 kg/m3"),
)

#: Any solid building material: from the lightest insulation (aerogel, a few kg/m3) to the densest
#: element, osmium at 22,590 kg/m3 (CRC Handbook of Chemistry and Physics).
ANY_MATERIAL = (1.0, 22600.0, "lightest insulation to osmium 22,590 kg/m3 (CRC Handbook)")


def density_range(names: list[str]) -> tuple[float, float, str]:
    """Plausible (min, max, source) density in kg/m3 of an element made of the named materials."""
    lows, highs, sources = [], [], []
    for name in names:
        text = (name or "").lower()
        row = next((r for r in DENSITY_RANGES if re.search(r[1], text)), None)
        low, high, source = (row[2], row[3], f"{row[0]}: {row[4]}") if row else ANY_MATERIAL
        lows.append(low)
        highs.append(high)
        sources.append(source)
    if not names:
        return ANY_MATERIAL
    return min(lows), max(highs), "; ".join(dict.fromkeys(sources))


def check_declared_mass(element: Element, diagnostics: Diagnostics) -> None:
    """Drop a declared mass whose implied density (mass / volume) is outside the materials' range.

    Where the file gives a material density, mass must also be within a factor of 2 of volume x density.
    """
    q = element.quantities
    if not q.mass_kg or not q.volume_m3:
        return
    materials = element.materials
    low, high, source = density_range([f"{m.name} {m.category or ''}" for m in materials])
    densities = [m.density_kg_m3 for m in materials if m.density_kg_m3]
    if densities and len(densities) == len(materials):
        low, high = max(low, 0.5 * min(densities)), min(high, 2.0 * max(densities))
        source = "the file's material densities (within a factor of 2)"
    implied = q.mass_kg / q.volume_m3
    if low <= implied <= high:
        return
    diagnostics.add(
        "warning", "mass_implausible",
        f"declared mass {q.mass_kg:.4g} kg ({q.source.get('mass_kg')}) over volume {q.volume_m3:.4g} m3 "
        f"({q.volume_source}) implies {implied:.4g} kg/m3, outside {low:g}-{high:g} kg/m3 ({source}): the "
        "mass is ignored and volume x density is used instead",
        f"{element.ifc_class} {element.global_id} '{element.name}'")
    q.source["mass_kg"] = f"rejected ({q.mass_kg:.4g} kg, {implied:.3g} kg/m3): {q.source.get('mass_kg')}"
    q.mass_kg = None
