"""Energy: zones from the building model, hourly thermal simulation, usage profiles, systems, PV, B6.

>>> from bldgagent.energy import assess_energy, operational_carbon, zones_from_building
"""
from __future__ import annotations

from .assess import DEMAND_END_USES, EnergyResult, assess_energy, default_grid, operational_carbon, weather_for
from .zoning import ZONINGS, Location, ZoneRecord, Zoning, locate, zones_from_building

__all__ = [
    "DEMAND_END_USES", "EnergyResult", "Location", "ZONINGS", "ZoneRecord", "Zoning", "assess_energy", "default_grid",
    "locate", "operational_carbon", "weather_for", "zones_from_building",
]
