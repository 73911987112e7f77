"""bldgagent: green, healthy building design over the whole life cycle.

IFC in, a typed :class:`~bldgagent.model.Building` out; whole-life carbon (EN 15978 and GB/T 51366-2019),
hourly energy, and room-by-room health from it.
"""
from __future__ import annotations

from . import errors, model
from .errors import BldgAgentError
from .ifc import load
from .lca import assess_carbon, b6
from .model import Building, Construction, Element, Layer, Material, Opening, Site, Space, Storey
from .summary import building_summary
from .assess import Assessment, assess
from .comparison import compare
from .energy import assess_energy
from .health.building import assess_health

__version__ = "0.1.0"

__all__ = [
    "Assessment", "BldgAgentError", "Building", "assess", "assess_carbon", "assess_energy", "assess_health", "b6", "building_summary", "compare", "load", "Construction", "Element", "Layer", "Material", "Opening", "Site", "Space",
    "Storey", "errors", "model", "__version__",
]
