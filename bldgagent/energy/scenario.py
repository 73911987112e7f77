"""The operation scenario of an assessment, decided once and shared by every engine.

A building is judged in two states: **operated** (what the energy, B6 and the comfort of occupied hours describe)
and, for the health engine's passive overheating risk, **free running** (no heating or cooling, windows opened by the
CIBSE TM59 rule). How the operated building is run follows its use:

- ``"mixed"`` for mostly residential buildings: windows first, the air conditioner or heating only in the hours
  they do not suffice, as in split-AC homes of southern China (CIBSE TM59:2017 occupancy and window rule; see
  :mod:`bldgagent.energy.ventilation`);
- ``"conditioned"`` otherwise: the usage profile's set-points and HVAC hours (GB 50189-2015 / EN 16798-1).

The free-running building is the operated one with set-points off and heat recovery bypassed; in mixed mode the
window passes compute it on their way, so it costs no simulation of its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import InputValueError

OPERATIONS = ("auto", "mixed", "conditioned")


@dataclass(frozen=True)
class Scenario:
    """``operation`` of the operated building, whether the free-running building is simulated too, and why."""

    operation: str
    free_running: bool
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"operation": self.operation, "free_running": self.free_running, "reason": self.reason,
                "free_running_rule": "no heating or cooling, heat recovery bypassed, windows opened by the CIBSE "
                                     "TM59 rule" if self.free_running else None}


def mostly_residential(building) -> bool:
    """True when residential rooms hold at least half of the net floor area."""
    res = sum(s.net_floor_area_m2 or 0 for s in building.spaces if s.usage.startswith("residential"))
    return res >= 0.5 * max(building.net_floor_area_m2, 1e-9)


def decide_scenario(building, operation: str = "auto", *, free_running: bool = True) -> Scenario:
    """The scenario of one assessment: ``operation`` ``"auto"`` picks mixed mode for mostly residential
    buildings and conditioned operation otherwise; ``free_running`` asks for the free-running run too."""
    if operation not in OPERATIONS:
        raise InputValueError(f"operation={operation!r}: use one of {', '.join(OPERATIONS)}")
    if operation == "auto":
        residential = mostly_residential(building)
        operation = "mixed" if residential else "conditioned"
        reason = ("mostly residential: windows first, heating/cooling when they do not suffice (CIBSE TM59)"
                  if residential else "non-residential: the usage profiles' set-points and HVAC hours")
    else:
        reason = f"operation={operation!r} chosen by the caller"
    return Scenario(operation, bool(free_running), reason)
