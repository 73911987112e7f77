"""Whole-life carbon: factor library, material matching, EN 15978 modules and GB/T 51366-2019 phases, B6,
uncertainty, benchmarks and IFC write-back.

    from bldgagent.lca import assess_carbon
    result = assess_carbon(building, method="both", period_years=50)
    result.en15978_table(); result.gbt51366_table(); result.method_mapping()

Names are imported on first use (PEP 562), except ``takeoff``: it is also the name of a module, so the
function is bound at import to keep ``bldgagent.lca.takeoff`` the function.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import by_module, lazy_attributes
from .takeoff import takeoff

__all__ = [
    "B6Options", "B6Result", "BenchmarkComparison", "CarbonOptions", "UncertaintyOptions", "Candidate", "CarbonResult",
    "DEFAULT_FACTOR_SETS", "EN_MODULES", "Factor",
    "FactorLibrary", "FactorSet", "GB_PHASES", "Match", "MaterialMapping", "MaterialMatcher", "PRESETS",
    "assess_carbon", "b6", "category_names", "compare", "en16449_biogenic_co2_kg", "fuel_factor", "get_benchmark",
    "grid_factor", "linear", "list_benchmarks", "load_factor_set", "load_mapping", "match_material", "method_mapping",
    "normalize_name", "parse_concrete_grade", "reference_service_life", "replacements", "series", "static",
    "takeoff", "transport_factor",
]

_EXPORTS = by_module({
    ".assess": "assess_carbon",
    ".benchmarks": "BenchmarkComparison compare get_benchmark list_benchmarks",
    ".factors": "DEFAULT_FACTOR_SETS PRESETS Factor FactorLibrary FactorSet category_names en16449_biogenic_co2_kg "
                "load_factor_set reference_service_life replacements transport_factor",
    ".grid": "fuel_factor grid_factor linear series static",
    ".matching": "Candidate Match MaterialMapping MaterialMatcher load_mapping match_material normalize_name "
                 "parse_concrete_grade",
    ".methods": "EN_MODULES GB_PHASES method_mapping",
    ".operational": "B6Result b6",
    ".options": "B6Options CarbonOptions UncertaintyOptions",
    ".results": "CarbonResult",
})
_SUBMODULES = ("assess", "benchmarks", "cli", "factors", "grid", "matching", "methods", "modules", "operational",
               "options", "results", "uncertainty", "writeback")

__getattr__, __dir__ = lazy_attributes(__name__, globals(), _EXPORTS, _SUBMODULES)

if TYPE_CHECKING:
    from .assess import assess_carbon
    from .benchmarks import BenchmarkComparison, compare, get_benchmark, list_benchmarks
    from .factors import (DEFAULT_FACTOR_SETS, PRESETS, Factor, FactorLibrary, FactorSet, category_names,
                          en16449_biogenic_co2_kg, load_factor_set, reference_service_life, replacements,
                          transport_factor)
    from .grid import fuel_factor, grid_factor, linear, series, static
    from .matching import (Candidate, Match, MaterialMapping, MaterialMatcher, load_mapping, match_material,
                           normalize_name, parse_concrete_grade)
    from .methods import EN_MODULES, GB_PHASES, method_mapping
    from .operational import B6Result, b6
    from .options import B6Options, CarbonOptions, UncertaintyOptions
    from .results import CarbonResult
