"""Energy: zones from the building model, hourly thermal simulation, usage profiles, systems, PV, B6.

>>> from bldgagent.energy import assess_energy, operational_carbon, zones_from_building

Names are imported on first use (PEP 562): importing the package does not load numba or pvlib.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import by_module, lazy_attributes

__all__ = [
    "DEMAND_END_USES", "EnergyResult", "Location", "ZONINGS", "ZoneRecord", "Zoning", "assess_energy", "default_grid",
    "locate", "operational_carbon", "weather_for", "zones_from_building",
]

_EXPORTS = by_module({
    ".assess": "DEMAND_END_USES EnergyResult assess_energy default_grid operational_carbon weather_for",
    ".zoning": "ZONINGS Location ZoneRecord Zoning locate zones_from_building",
})
_SUBMODULES = ("assess", "bestest", "cli", "constructions", "glazing", "ground", "profiles", "pv", "revision", "systems",
               "thermal", "validation", "ventilation", "zoning")

__getattr__, __dir__ = lazy_attributes(__name__, globals(), _EXPORTS, _SUBMODULES)

if TYPE_CHECKING:
    from .assess import DEMAND_END_USES, EnergyResult, assess_energy, default_grid, operational_carbon, weather_for
    from .zoning import ZONINGS, Location, ZoneRecord, Zoning, locate, zones_from_building
