"""Thermal properties of constructions: layers from the building model, U-value, areal heat capacity.

- Material properties: a material's own ``conductivity_w_mk`` / ``density_kg_m3`` / ``specific_heat_j_kgk``
  (from IFC) take precedence; missing ones come from ``bldgagent/data/energy/materials_thermal.csv`` (a source
  per row: ISO 10456:2007 Tables 3-4, EN 1316x product standards, GB 50176-2016 Appendix B, ISO 13370) looked
  up by the material's category, then by keywords in its name (English, German, Chinese). Every default is
  recorded as a :class:`~bldgagent.model.Diagnostic` (code ``thermal_default``).
- U-value: ISO 6946:2017, ``U = 1 / (R_si + sum d/lambda + R_se)`` with the surface resistances of Table 7 by
  heat-flow direction (R_si 0.10 up, 0.13 horizontal, 0.17 down; R_se 0.04; none towards the ground) and
  unventilated air layers from Table 8.
- Areal heat capacity: ISO 13786:2017 Annex C (simplified "effective thickness" method): ``kappa_m =
  sum rho c d`` over the layers from the inner surface up to the first of: half the total thickness, the first
  insulating layer (lambda <= 0.08 W/mK), or 0.10 m.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from .._data import read_csv
from ..errors import InputValueError, ModelContentError
from ..model import Construction, Diagnostics, Layer, Material

__all__ = [
    "LayerThermal", "ConstructionThermal", "material_library", "thermal_properties", "construction_layers",
    "air_layer_resistance_m2k_w", "u_value_w_m2k", "areal_heat_capacity_j_m2k", "R_SI", "R_SE",
]

#: ISO 6946:2017 Table 7: internal surface resistance by heat-flow direction, external 0.04 m2K/W.
R_SI = {"upward": 0.10, "horizontal": 0.13, "downward": 0.17}
R_SE = 0.04
#: Above this conductivity a layer is not "insulating" for the ISO 13786 effective thickness, W/(m K).
INSULATION_LAMBDA = 0.08
#: ISO 6946:2017 Table 8, unventilated air layers: thickness mm -> R m2K/W by heat-flow direction.
_AIR_TABLE_MM = np.array([0.0, 5.0, 7.0, 10.0, 15.0, 25.0, 50.0, 100.0, 300.0])
_AIR_TABLE_R = {
    "upward": np.array([0.0, 0.11, 0.13, 0.15, 0.16, 0.16, 0.16, 0.16, 0.16]),
    "horizontal": np.array([0.0, 0.11, 0.13, 0.15, 0.17, 0.18, 0.18, 0.18, 0.18]),
    "downward": np.array([0.0, 0.11, 0.13, 0.15, 0.17, 0.19, 0.21, 0.22, 0.23]),
}


def _direction(direction: str) -> str:
    if direction not in R_SI:
        raise InputValueError(f"heat-flow direction must be one of {tuple(R_SI)}, got {direction!r}")
    return direction


def air_layer_resistance_m2k_w(thickness_m: float, direction: str = "horizontal") -> float:
    """Thermal resistance of an unventilated air layer, ISO 6946:2017 Table 8 (linear interpolation)."""
    if not thickness_m > 0:
        raise InputValueError(f"air layer thickness_m must be > 0, got {thickness_m}")
    return float(np.interp(thickness_m * 1000.0, _AIR_TABLE_MM, _AIR_TABLE_R[_direction(direction)]))


@lru_cache(maxsize=1)
def _library() -> pd.DataFrame:
    frame = read_csv("energy/materials_thermal.csv",
                     required=("key", "category", "keywords", "conductivity_w_mk", "density_kg_m3",
                               "specific_heat_j_kgk", "is_insulation", "source"))
    frame["keyword_list"] = frame["keywords"].str.lower().str.split("|")
    return frame


def material_library() -> pd.DataFrame:
    """The packaged thermal-property library (one row per material class, with its source)."""
    return _library().drop(columns=["keyword_list"]).copy()


def _match(material: Material) -> dict[str, Any] | None:
    """The library row of ``material`` (a dict of its columns), or None."""
    return _match_texts(tuple(t.lower() for t in (material.category, material.name) if t))


@lru_cache(maxsize=4096)
def _match_texts(texts: tuple[str, ...]) -> dict[str, Any] | None:
    """Memoised by the lower-cased category and name: a model names a few dozen materials thousands of times,
    and variants of one building repeat them all."""
    lib = _library()
    # 1) exact key or category, 2) the longest keyword found in the category, else in the name
    for text in texts:
        hit = lib[(lib["key"] == text) | (lib["category"] == text)]
        if len(hit):
            return hit.iloc[0].to_dict()
    best, best_len = None, 0
    for text in texts:
        for _, row in lib.iterrows():
            for kw in row["keyword_list"]:
                kw = kw.strip()
                if not kw:
                    continue
                ascii_kw = kw.isascii()
                # ASCII keywords start at a word boundary; short ones must also end there, longer ones may
                # run on (German compounds: "gipskarton" in "Gipskartonplatte"); CJK keywords: substring
                tail = "" if len(kw) >= 5 else "(?![a-z])"
                found = re.search(rf"(?<![a-z]){re.escape(kw)}{tail}", text) if ascii_kw else kw in text
                if found and len(kw) > best_len:
                    best, best_len = row, len(kw)
        if best is not None:
            return best.to_dict()
    return None


@dataclass
class LayerThermal:
    """One layer ready for the thermal engine: SI properties and where each came from."""

    name: str
    thickness_m: float
    conductivity_w_mk: float
    density_kg_m3: float
    specific_heat_j_kgk: float
    provenance: dict[str, str] = field(default_factory=dict)

    @property
    def resistance_m2k_w(self) -> float:
        return self.thickness_m / self.conductivity_w_mk

    def as_tuple(self) -> tuple[float, float, float, float]:
        """``(thickness_m, conductivity_w_mk, density_kg_m3, specific_heat_j_kgk)`` for :class:`SurfaceSpec`."""
        return (self.thickness_m, self.conductivity_w_mk, self.density_kg_m3, self.specific_heat_j_kgk)


def thermal_properties(material: Material | None, thickness_m: float, direction: str = "horizontal",
                       diagnostics: Diagnostics | None = None, entity: str | None = None) -> LayerThermal:
    """Conductivity, density and specific heat of one layer: the material's own values first, library
    defaults for the missing ones (recorded in ``diagnostics``). Air layers get the ISO 6946 Table 8
    resistance (as an equivalent conductivity, massless). Raises :class:`ModelContentError` when nothing
    matches and the material gives no conductivity."""
    if not (thickness_m and thickness_m > 0):
        raise InputValueError(f"{entity or 'layer'}: thickness_m must be > 0, got {thickness_m}")
    name = material.name if material is not None else "(no material)"
    own = {
        "conductivity_w_mk": getattr(material, "conductivity_w_mk", None),
        "density_kg_m3": getattr(material, "density_kg_m3", None),
        "specific_heat_j_kgk": getattr(material, "specific_heat_j_kgk", None),
    }
    for k, v in own.items():
        if v is not None and (not np.isfinite(v) or v < 0 or (k == "conductivity_w_mk" and v == 0)):
            raise InputValueError(f"{entity or name}: material {name!r} has non-physical {k} = {v}")
    row = _match(material) if material is not None else None
    prov: dict[str, str] = {}
    if row is not None and row["key"] == "air_gap" and own["conductivity_w_mk"] is None:
        r = air_layer_resistance_m2k_w(thickness_m, direction)
        prov = {k: f"default:{row['key']} ({row['source']})" for k in own}
        if diagnostics is not None:
            diagnostics.add("warning", "thermal_default",
                            f"layer {name!r} ({thickness_m * 1000:.0f} mm) taken as an unventilated air layer, "
                            f"R = {r:.2f} m2K/W (ISO 6946:2017 Table 8)", entity)
        return LayerThermal(name, thickness_m, thickness_m / r, 0.0, 0.0, prov)
    values: dict[str, float] = {}
    missing = []
    for k, v in own.items():
        if v is not None:
            values[k] = float(v)
            prov[k] = "material"
        elif row is not None:
            values[k] = float(row[k])
            prov[k] = f"default:{row['key']} ({row['source']})"
            missing.append(k)
        else:
            missing.append(k)
    if "conductivity_w_mk" not in values:
        raise ModelContentError(
            f"{entity or 'layer'}: material {name!r} has no thermal conductivity and matches no entry of "
            "bldgagent/data/energy/materials_thermal.csv; set Material.conductivity_w_mk or category "
            f"(one of: {', '.join(sorted(set(_library()['category'])))})")
    values.setdefault("density_kg_m3", 0.0)
    values.setdefault("specific_heat_j_kgk", 0.0)
    if missing and diagnostics is not None:
        diagnostics.add("warning", "thermal_default",
                        f"material {name!r}: {', '.join(missing)} defaulted from library entry "
                        f"{row['key'] if row is not None else '-'}", entity)
    return LayerThermal(name, float(thickness_m), values["conductivity_w_mk"], values["density_kg_m3"],
                        values["specific_heat_j_kgk"], prov)


@dataclass
class ConstructionThermal:
    """Thermal description of a construction: layers outside -> inside, U-value, areal heat capacity."""

    name: str | None
    layers: list[LayerThermal]
    direction: str
    u_value_w_m2k: float
    areal_heat_capacity_j_m2k: float
    diagnostics: Diagnostics

    def layer_tuples(self) -> list[tuple[float, float, float, float]]:
        """Layers as the thermal engine's tuples (outside -> inside)."""
        return [lay.as_tuple() for lay in self.layers]

    @property
    def defaulted(self) -> bool:
        return any(v.startswith("default") for lay in self.layers for v in lay.provenance.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "direction": self.direction, "u_value_w_m2k": self.u_value_w_m2k,
            "areal_heat_capacity_j_m2k": self.areal_heat_capacity_j_m2k,
            "layers": [{"name": lay.name, "thickness_m": lay.thickness_m, "conductivity_w_mk": lay.conductivity_w_mk,
                        "density_kg_m3": lay.density_kg_m3, "specific_heat_j_kgk": lay.specific_heat_j_kgk,
                        "provenance": dict(lay.provenance)} for lay in self.layers],
            "diagnostics": self.diagnostics.to_list(),
        }

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{lay.name}</td><td>{lay.thickness_m * 1000:.0f}</td><td>{lay.conductivity_w_mk:.3g}"
                       f"</td><td>{lay.density_kg_m3:.0f}</td><td>{lay.specific_heat_j_kgk:.0f}</td></tr>"
                       for lay in self.layers)
        return (f"<b>{self.name or 'construction'}</b>: U = {self.u_value_w_m2k:.3f} W/m2K, "
                f"kappa_m = {self.areal_heat_capacity_j_m2k / 1000:.0f} kJ/m2K<table><tr><th>layer</th><th>d mm</th>"
                f"<th>lambda</th><th>rho</th><th>c</th></tr>{rows}</table>")


def _as_layers(layers) -> list[tuple[float, float, float, float]]:
    out = []
    for lay in layers:
        if isinstance(lay, LayerThermal):
            out.append(lay.as_tuple())
        else:
            d, k, rho, c = lay
            if not (d > 0 and k > 0):
                raise InputValueError(f"layer {lay}: thickness_m and conductivity_w_mk must be > 0")
            out.append((float(d), float(k), float(rho or 0.0), float(c or 0.0)))
    if not out:
        raise InputValueError("a construction needs at least one layer")
    return out


def u_value_w_m2k(layers, direction: str = "horizontal", boundary: str = "outdoor") -> float:
    """ISO 6946:2017 U-value of layers (tuples or :class:`LayerThermal`), W/(m2 K).

    ``direction`` of heat flow: ``"horizontal"`` (walls), ``"upward"`` (roofs), ``"downward"`` (floors).
    ``boundary``: ``"outdoor"`` adds R_se 0.04, ``"ground"`` none (soil is added by ISO 13370, not here),
    ``"internal"`` a second R_si.
    """
    rs = sum(d / k for d, k, _, _ in _as_layers(layers))
    r_out = {"outdoor": R_SE, "ground": 0.0, "internal": R_SI[_direction(direction)]}
    if boundary not in r_out:
        raise InputValueError(f"boundary must be one of {tuple(r_out)}, got {boundary!r}")
    return 1.0 / (R_SI[_direction(direction)] + rs + r_out[boundary])


def areal_heat_capacity_j_m2k(layers, max_depth_m: float = 0.10) -> float:
    """Internal areal heat capacity kappa_m, J/(m2 K), ISO 13786:2017 Annex C effective-thickness method
    (layers outside -> inside; summed from the inside face, see module docstring)."""
    lays = _as_layers(layers)
    total = sum(d for d, *_ in lays)
    limit = min(0.5 * total, max_depth_m)
    depth = 0.0
    kappa = 0.0
    for d, k, rho, c in reversed(lays):
        if k <= INSULATION_LAMBDA:
            break
        take = min(d, limit - depth)
        if take <= 0:
            break
        kappa += rho * c * take
        depth += take
    return kappa


def construction_layers(construction: Construction, direction: str = "horizontal",
                        diagnostics: Diagnostics | None = None, entity: str | None = None) -> ConstructionThermal:
    """Thermal layers (outside -> inside), U-value and kappa_m of a model :class:`Construction`.

    ``"layers"`` constructions use their layers (``Construction.layers_outside_in``); ``"single"`` one layer of
    the material with ``profile``/``constituents`` not supported (raise :class:`ModelContentError`).
    """
    diags = diagnostics if diagnostics is not None else Diagnostics()
    label = entity or construction.name or "construction"
    if construction.kind == "layers":
        src: list[Layer] = construction.layers_outside_in()
        if construction.outside_first is None:
            diags.add("info", "layer_order_assumed", "layer order unknown: first layer taken as the outside", label)
    else:
        raise ModelContentError(
            f"{label}: construction kind {construction.kind!r} has no layer thicknesses; give a layered "
            "construction (kind 'layers') or SurfaceSpec.layers directly")
    layers = []
    for i, lay in enumerate(src):
        if lay.thickness_m is None or not lay.thickness_m > 0:
            diags.add("warning", "layer_skipped", f"layer {i} ({lay.name or '-'}) has no thickness; skipped", label)
            continue
        layers.append(thermal_properties(lay.material, lay.thickness_m, direction, diags, f"{label} layer {i}"))
    if not layers:
        raise ModelContentError(f"{label}: no layer with a thickness; cannot compute thermal properties")
    return ConstructionThermal(construction.name, layers, direction, u_value_w_m2k(layers, direction),
                               areal_heat_capacity_j_m2k(layers), diags)
