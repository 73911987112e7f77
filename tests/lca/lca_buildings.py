"""Small buildings built in code for the carbon tests (no IFC needed)."""
from __future__ import annotations

from bldgagent.model import (Building, Construction, Element, Layer, Material, MaterialQuantity, Opening, Quantities,
                             Storey)


def mat(name: str, density: float | None = None, conductivity: float | None = None) -> Material:
    return Material(name=name, density_kg_m3=density, conductivity_w_mk=conductivity)


def element(gid: str, kind: str, lines: list[tuple[Material | None, float | None, float | None]], storey: str = "S1",
            ifc_class: str | None = None, is_external: bool | None = None) -> Element:
    """An element with reader-style material lines [(material, volume_m3, thickness_m)]."""
    e = Element(global_id=gid, ifc_class=ifc_class or f"Ifc{kind.capitalize()}", kind=kind, name=gid, storey_id=storey,
                is_external=is_external)
    vol = sum(v for _, v, _ in lines if v is not None) if any(v is not None for _, v, _ in lines) else None
    e.quantities = Quantities(net_volume_m3=vol, source={"net_volume_m3": "test"})
    for i, (m, v, t) in enumerate(lines):
        e.material_quantities.append(MaterialQuantity(m, v, "test", thickness_m=t, layer_index=i if t else None))
    if any(t for _, _, t in lines):
        e.construction = Construction("layers", layers=[Layer(m, t or 0.0) for m, _, t in lines])
    return e


def opening(gid: str, kind: str, area_m2: float, materials: list[Material] = (), is_external: bool = True) -> Opening:
    o = Opening(global_id=gid, ifc_class="IfcWindow" if kind == "window" else "IfcDoor", kind=kind, name=gid,
                storey_id="S1", is_external=is_external)
    o.quantities = Quantities(gross_area_m2=area_m2, source={"gross_area_m2": "test"})
    if materials:
        o.construction = Construction("single", material=materials[0]) if len(materials) == 1 else \
            Construction("constituents", constituents=[])
        o.construction.material = materials[0]
    return o


def small_house(gfa_m2: float = 100.0) -> Building:
    """Two-storey house: RC slab, layered brick/insulation/plaster external wall, timber roof, windows, a door."""
    concrete = mat("混凝土C30")
    wall_layers = [(mat("Masonry - Brick"), 10.0, 0.24), (mat("Mineral wool"), 4.0, 0.10),
                   (mat("Gypsum plaster"), 0.6, 0.015)]
    els = [
        element("slab1", "slab", [(concrete, 20.0, 0.2)]),
        element("wall1", "wall", wall_layers, is_external=True),
        element("roof1", "roof", [(mat("Holz"), 5.0, 0.2)], storey="S2"),
        opening("win1", "window", 10.0, [mat("Holz")]),
        opening("door1", "door", 2.0, [mat("Holz")], is_external=False),
    ]
    return Building(name="small house", elements=els, storeys=[Storey("S1", "EG"), Storey("S2", "OG")],
                    gross_floor_area_m2=gfa_m2, gross_floor_area_source="test")
