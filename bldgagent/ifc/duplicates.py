"""Elements exported twice: the same class, type and material, at the same place, with the same geometry.

An authoring tool that exports a linked model, a copied storey or a group twice writes two IfcWall (IfcSlab...)
entities that differ only in their GlobalId. Each is a real element to the reader, so the carbon take-off counts
the material twice. :func:`mark_duplicates` finds them and sets ``Element.duplicate_of`` to the GlobalId of the
first of its group (lowest STEP id); the carbon take-off counts each group once, and a ``duplicate_element``
warning names the copies.

Two elements are copies when (1) the IFC class, predefined type, type name and material names are equal, (2) the
world placement matrices agree to :data:`PLACE_TOL_M` in position and 1e-4 in rotation, and (3) their geometry is
the same: the triangulated bounding boxes agree to :data:`PLACE_TOL_M` and the volumes to 0.1 % where the reader
triangulated both; otherwise the shape representations are equal item by item (every coordinate and parameter to
1e-6 in file units, entity ids ignored). Stage (3) runs only on the few candidates stage (1)-(2) leaves, so the
check costs a dictionary pass over the elements.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Any

import numpy as np

from ..model import Diagnostics, Element

#: Positions closer than this (m) are the same place: a model's coordinates are written to 1 mm or finer.
PLACE_TOL_M = 1e-3
#: Groups of copies named one by one in the warnings (the rest are counted in one summary line).
MAX_NAMED_GROUPS = 20


def mark_duplicates(elements: list[Element], entities: dict[str, Any], meshes: dict, length_scale: float,
                    diagnostics: Diagnostics) -> int:
    """Set ``duplicate_of`` on every copy in ``elements`` (``entities``: GlobalId -> IFC entity; ``meshes``: STEP
    id -> MeshSummary; ``length_scale``: file length unit -> m) and warn once per group; returns the copies."""
    groups: dict[tuple, list[Element]] = defaultdict(list)
    for e in elements:
        if e.is_aggregate:
            continue
        entity = entities.get(e.global_id)
        if entity is None or getattr(entity, "Representation", None) is None:
            continue
        place = _placement_key(entity, length_scale)
        if place is None:
            continue
        groups[(e.ifc_class, e.predefined_type, e.type_name, _materials(e), place)].append(e)
    copies, named = 0, 0
    memo: dict[int, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        by_shape: dict[Any, list[Element]] = defaultdict(list)
        for e in sorted(members, key=lambda m: m.ifc_id or 0):
            by_shape[_shape_key(e, entities[e.global_id], meshes, memo)].append(e)
        for same in by_shape.values():
            if len(same) < 2:
                continue
            first = same[0]
            for e in same[1:]:
                e.duplicate_of = first.global_id
            copies += len(same) - 1
            named += 1
            if named <= MAX_NAMED_GROUPS:
                diagnostics.add(
                    "warning", "duplicate_element",
                    f"{first.ifc_class} '{first.name or first.type_name or '?'}' is in the model {len(same)} times "
                    f"at the same place with the same geometry, type and material (GlobalIds "
                    f"{', '.join(m.global_id for m in same)}): most likely exported twice; counted once in the "
                    "carbon take-off (delete the copies in the authoring model)", first.global_id)
    if named > MAX_NAMED_GROUPS:
        diagnostics.add("warning", "duplicate_element",
                        f"{named - MAX_NAMED_GROUPS} more groups of duplicated elements ({copies} copies in all), "
                        "each counted once in the carbon take-off")
    return copies


def _materials(e: Element) -> tuple:
    names = [m.name for m in e.materials if m is not None]
    names += [mq.material.name for mq in e.material_quantities if mq.material is not None]
    return tuple(sorted(set(str(n) for n in names)))


def _placement_key(entity, length_scale: float) -> tuple | None:
    """The world placement as a hashable key: translation in mm steps, rotation in 1e-4 steps (None if unreadable)."""
    import ifcopenshell.util.placement

    placement = getattr(entity, "ObjectPlacement", None)
    if placement is None:
        return ("no placement",)
    try:
        matrix = np.asarray(ifcopenshell.util.placement.get_local_placement(placement), dtype=float)
    except Exception:  # a broken placement: the reader reports it elsewhere; no duplicate check for it
        return None
    if matrix.shape != (4, 4) or not np.isfinite(matrix).all():
        return None
    move = np.round(matrix[:3, 3] * length_scale / PLACE_TOL_M).astype(np.int64)
    turn = np.round(matrix[:3, :3] / 1e-4).astype(np.int64)
    return tuple(move.tolist()) + tuple(turn.ravel().tolist())


def _shape_key(e: Element, entity, meshes: dict, memo: dict[int, str]) -> Any:
    mesh = meshes.get(e.ifc_id)
    if mesh is not None:
        box = np.round(np.concatenate([mesh.bbox_min, mesh.bbox_max]) / PLACE_TOL_M).astype(np.int64)
        return ("mesh", tuple(box.tolist()), float(f"{mesh.volume_m3:.3g}"))
    return ("representation", _fingerprint(entity.Representation, memo))


def _fingerprint(entity, memo: dict[int, str]) -> str:
    """A hash of an entity and everything it references, entity ids left out (equal for two copies)."""
    key = entity.id()
    if key in memo:
        return memo[key]
    memo[key] = "cycle"
    parts = [entity.is_a()]
    for value in entity:
        parts.append(_value_text(value, memo))
    digest = hashlib.sha1("|".join(parts).encode("utf-8", "replace")).hexdigest()
    memo[key] = digest
    return digest


def _value_text(value: Any, memo: dict[int, str]) -> str:
    if isinstance(value, (list, tuple)):
        return "(" + ",".join(_value_text(v, memo) for v in value) + ")"
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) >= 1e-6 else "0"
    if hasattr(value, "is_a") and hasattr(value, "id"):
        return _fingerprint(value, memo) if value.id() else f"{value.is_a()}:{value.wrappedValue!r}"
    return repr(value)
