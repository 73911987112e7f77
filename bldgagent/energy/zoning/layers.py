"""Layers of each element for the thermal engine (from the model, its U-value or a default build-up) and the half
of a construction on the zone's side."""
from __future__ import annotations

from ...errors import BldgAgentError
from ...model import Construction, Diagnostics, Element, Layer
from ..constructions import R_SE, R_SI, construction_layers, u_value_w_m2k
from .defaults import DEFAULT_LAYERS, code_u_limit

_DIRECTION = {"wall": "horizontal", "door": "horizontal", "partition": "horizontal", "roof": "upward",
              "ceiling": "upward", "ground_floor": "downward", "exposed_floor": "downward", "floor": "downward",
              "internal_floor": "downward"}


class _Constructions:
    """Layers (outside -> inside) per element, computed once, with provenance and diagnostics."""

    def __init__(self, diagnostics: Diagnostics, location=None):
        self.diagnostics = diagnostics
        self.location = location
        self.cache: dict[tuple[str, str], tuple[list, str]] = {}

    def layers(self, element: Element, role: str) -> tuple[list[tuple[float, float, float, float]], str]:
        key = (element.global_id, role)
        if key in self.cache:
            return self.cache[key]
        label = f"{element.ifc_class} {element.global_id} '{element.name}'"
        direction = _DIRECTION.get(role, "horizontal")
        c = element.construction
        result, u_defaulted = None, False
        if c is not None and c.kind == "single" and c.material is not None:
            t = element.quantities.thickness_m or element.quantities.width_m
            if t:
                c = Construction(kind="layers", name=c.name or c.material.name, layers=[Layer(c.material, float(t))],
                                 outside_first=True)
        if c is not None and c.kind == "layers" and c.layers:
            try:
                ct = construction_layers(c, direction, self.diagnostics, label)
                result = (ct.layer_tuples(), "layers from the model" + (" (with library defaults)" if ct.defaulted else ""))
                u_defaulted = any(lay.provenance.get("conductivity_w_mk", "").startswith("default") for lay in ct.layers)
            except BldgAgentError as exc:
                self.diagnostics.add("warning", "construction_unusable", f"{exc}; falling back", label)
        if result is None and element.thermal_transmittance_w_m2k:
            u = float(element.thermal_transmittance_w_m2k)
            r = 1.0 / u - R_SI[direction] - (R_SE if role not in ("partition", "internal_floor") else R_SI[direction])
            r = max(r, 0.01)
            result = ([(0.1, 0.1 / r, 0.0, 0.0)], f"massless layer from ThermalTransmittance U={u:g} W/m2K")
            self.diagnostics.add("info", "construction_from_u", f"no layers: {result[1]}", label)
        if result is None:
            kind = role if role in DEFAULT_LAYERS else ("floor" if role in ("ceiling", "internal_floor", "exposed_floor")
                                                          else "wall")
            result = (list(DEFAULT_LAYERS[kind]), f"default {kind} build-up (estimate)")
            u_defaulted = True
            self.diagnostics.add("warning", "construction_default",
                                 f"no layers or U-value: {result[1]} used (DEFAULT_LAYERS), U = "
                                 f"{_u(result[0], role):.2f} W/m2K", label)
        if u_defaulted and role in _CODE_ROLES:   # the U rests on a default conductivity or build-up
            self._check_code(result[0], role, label)
        self.cache[key] = result
        return result

    def _check_code(self, layers, role: str, label: str) -> None:
        """Warn when an external construction whose U rests on defaults is worse than the location's code limit
        (``data/energy/code_u_limits.csv``), naming the element, the U used and the limit."""
        u = _u(layers, role)
        loc = self.location
        limit = code_u_limit(getattr(loc, "country", None), getattr(loc, "climate_zone", None), role)
        if limit is None:
            return
        u_max, standard = limit
        if u > u_max + 1e-9:
            self.diagnostics.add("warning", "construction_default_above_code",
                                 f"{role} with a defaulted construction: U = {u:.2f} W/m2K used, worse than the "
                                 f"{standard} limit U <= {u_max:g} W/m2K for {loc.country}"
                                 f"{' climate zone ' + loc.climate_zone if loc.climate_zone else ''}; give the "
                                 "element its layers or "
                                 "ThermalTransmittance", label)


#: Roles of external constructions held to the location's code limit.
_CODE_ROLES = ("wall", "roof", "ground_floor", "exposed_floor")
_U_BOUNDARY = {"wall": ("horizontal", "outdoor"), "roof": ("upward", "outdoor"),
               "ground_floor": ("downward", "ground"), "exposed_floor": ("downward", "outdoor")}


def _u(layers, role: str) -> float:
    """ISO 6946 U-value of engine layer tuples in ``role`` (W/m2K; partitions as walls)."""
    direction, boundary = _U_BOUNDARY.get(role, ("horizontal", "outdoor"))
    return u_value_w_m2k(layers, direction, boundary)


def _half(layers: list[tuple[float, float, float, float]], from_end: bool) -> list[tuple[float, float, float, float]]:
    """The half of a construction (by thickness) at its inside end (``from_end``) or its outside end, in
    outside -> inside order ending at the zone side."""
    seq = list(layers) if from_end else list(reversed(layers))
    total = sum(d for d, *_ in seq)
    keep, need = [], total / 2.0
    for d, k, rho, c in reversed(seq):
        if need <= 1e-9:
            break
        take = min(d, need)
        keep.append((take, k, rho, c))
        need -= take
    return list(reversed(keep))


