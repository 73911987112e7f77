"""bldgagent: green, healthy building design over the whole life cycle.

IFC in, a typed :class:`~bldgagent.model.Building` out; whole-life carbon (EN 15978 and GB/T 51366-2019),
hourly energy, and room-by-room health from it.

The public names below are imported on first use (PEP 562), so ``import bldgagent`` stays light: the
engines' dependencies (pandas, pvlib, scipy, numba, pythermalcomfort, ifcopenshell) load when needed.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import errors, model
from ._lazy import lazy_attributes
# ``bldgagent.assess`` is both a module and the function it defines: bind the function now (cheap: the
# module imports its engines inside ``assess()``) so a later ``import bldgagent.assess`` cannot shadow it.
from .assess import Assessment, assess
from .errors import BldgAgentError
from .model import Building, Construction, Element, Layer, Material, Opening, Site, Space, Storey

__version__ = "0.1.0"

__all__ = [
    "Assessment", "BldgAgentError", "Building", "Variant", "VariantEvaluator", "assess", "assess_carbon", "assess_energy", "assess_health", "b6", "building_summary", "compare", "load", "plot", "Construction", "Element", "Layer", "Material", "Opening", "Site", "Space",
    "Storey", "errors", "model", "__version__",
    "design_options", "apply_changes", "write_ifc", "propose",
]

_EXPORTS = {
    "load": ".ifc",
    "assess_carbon": ".lca", "b6": ".lca", "compare": ".comparison",
    "VariantEvaluator": ".variants", "Variant": ".variants",
    "building_summary": ".summary",
    "plot": ".report.plots",   # charts (the plot extra): bldgagent.plot(result, kind) == result.plot(kind)
    "assess_energy": ".energy",
    "assess_health": ".health.building",
    "design_options": ".design", "apply_changes": ".design", "write_ifc": ".design",
    "propose": ".propose",   # the function; the package itself is callable too (bldgagent/propose/__init__.py)
}
_SUBMODULES = ("climate", "cli", "design", "energy", "health", "ifc", "lca", "summary", "usage")

__getattr__, __dir__ = lazy_attributes(__name__, globals(), _EXPORTS, _SUBMODULES)

if TYPE_CHECKING:  # static analysers and IDEs see the eager imports
    from . import climate, energy, health, ifc, lca
    from .energy import assess_energy
    from .health.building import assess_health
    from .ifc import load
    from .comparison import compare
    from .lca import assess_carbon, b6
    from .summary import building_summary
    from .variants import Variant, VariantEvaluator
