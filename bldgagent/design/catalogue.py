"""The packaged alternatives of the design space: materials, bounds and glazing, each row with its source.

- ``data/design/materials.csv``: insulation, concrete-mix and timber alternatives (a material name that the
  thermal library and the carbon factor library both recognise; the density and factor come from them).
- ``data/design/bounds.csv``: the bounds of every continuous option.
- ``data/design/glazing.csv``: visible transmittance of the glazing library's types (U and g come from
  :data:`bldgagent.energy.glazing.WINDOW_TYPES`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .._data import read_csv
from ..errors import InputValueError


@dataclass(frozen=True)
class MaterialChoice:
    """One packaged material alternative: ``material_name`` is what the model's material is called after the change."""

    group: str
    choice_id: str
    material_name: str
    label: str
    source: str


@lru_cache(maxsize=1)
def material_choices() -> dict[str, dict[str, MaterialChoice]]:
    """``{group: {choice_id: MaterialChoice}}`` from ``data/design/materials.csv``."""
    frame = read_csv("design/materials.csv", required=("group", "choice_id", "material_name", "label", "source"))
    out: dict[str, dict[str, MaterialChoice]] = {}
    for r in frame.itertuples(index=False):
        out.setdefault(r.group, {})[r.choice_id] = MaterialChoice(r.group, r.choice_id, r.material_name, r.label,
                                                                  r.source)
    return out


@lru_cache(maxsize=1)
def bounds_table() -> dict[str, tuple[float, float, str, str]]:
    """``{name: (low, high, unit, source)}`` from ``data/design/bounds.csv``."""
    frame = read_csv("design/bounds.csv", required=("option", "low", "high", "unit", "source"))
    return {r.option: (float(r.low), float(r.high), str(r.unit), str(r.source)) for r in frame.itertuples(index=False)}


def bounds(name: str) -> tuple[float, float, str, str]:
    try:
        return bounds_table()[name]
    except KeyError:
        raise InputValueError(f"no bounds for {name!r} in data/design/bounds.csv") from None


@lru_cache(maxsize=1)
def glazing_choices() -> dict[str, dict[str, float | str]]:
    """``{window_type: {u_w_m2k, g, visible_transmittance, glazing_fraction, label, source}}`` of the glazing library
    types with a visible transmittance in ``data/design/glazing.csv``."""
    from ..energy.glazing import WINDOW_TYPES

    frame = read_csv("design/glazing.csv", required=("window_type", "visible_transmittance", "source"))
    out = {}
    for r in frame.itertuples(index=False):
        t = WINDOW_TYPES[r.window_type]
        out[r.window_type] = {"u_w_m2k": t.u_w_m2k, "g": t.g_normal, "visible_transmittance": float(r.visible_transmittance),
                              "glazing_fraction": 1.0 - t.frame_fraction, "label": t.description,
                              "source": f"U, g: {t.source}; tau_v: {r.source}"}
    return out


@lru_cache(maxsize=1)
def system_choices() -> dict[str, tuple[str, ...]]:
    """``{"heating": ids, "cooling": ids}`` of the packaged generators (``data/energy/systems.csv``)."""
    frame = read_csv("energy/systems.csv", required=("system_id", "end_use", "source"))
    return {use: tuple(dict.fromkeys(frame.loc[frame["end_use"] == use, "system_id"])) for use in ("heating", "cooling")}
