"""The registry of bldgagent's agent tools: one definition per tool (name, description written for a language
model, input and output JSON schema, MCP annotations, Python handler), from which the MCP server and
``bldgagent tools --format openai|anthropic|mcp`` are both generated.

A framework can wrap it directly::

    from bldgagent.agent.tools import TOOLS, Session, call_tool, tool_schemas
    session = Session("/path/to/workspace")
    tool_schemas("openai")                       # the list to give the model
    result = call_tool(session, "assess", {"path": "model.ifc"})
    result.is_error, result.data                 # data: the structured content, or {"error": {...}}
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable

from . import design_tools, handlers
from .digest import DETAILS
from .safety import ToolArgumentError, ToolError
from .schemas import check_arguments, export
from .session import Session

__all__ = ["TOOLS", "ToolDef", "ToolResult", "Session", "call_tool", "tool_schemas"]

log = logging.getLogger(__name__)

#: MCP tool annotations (hints; the protocol's defaults are the pessimistic ones, so every tool states all four).
READ_ONLY = {"readOnlyHint": True, "destructiveHint": False, "idempotentHint": True, "openWorldHint": False}
WRITES_NEW_FILE = {"readOnlyHint": False, "destructiveHint": False, "idempotentHint": False, "openWorldHint": False}

# --- shared schema parts -------------------------------------------------------------------------------------
PATH = {"type": "string", "description": "IFC model (.ifc), relative to the workspace or absolute inside it"}
CLIMATE = {"type": "string", "default": None,
           "description": "weather: a packaged place name from list_climates (e.g. 'haikou', 'beijing') or the "
                          "path of an .epw file inside the workspace; null = the packaged place nearest the "
                          "model's site"}
OPERATION = {"type": "string", "enum": ["auto", "mixed", "conditioned"], "default": "auto",
             "description": "how the building is run: auto = mixed mode (windows first, then air conditioning) for "
                            "dwellings, conditioned hours of the usage profiles otherwise"}
PERIOD = {"type": "integer", "minimum": 1, "maximum": 200, "default": 50,
          "description": "reference study period, years (EN 15978 and GB/T 51366 default 50)"}
GRID = {"type": "string", "default": None,
        "description": "electricity grid region for B6, e.g. 'CN-HI' (Hainan); null = the site's region"}
DRAWS = {"type": "integer", "minimum": 0, "maximum": 100000, "default": 0,
         "description": "Monte Carlo draws for the carbon uncertainty (0 = skip; this server allows a limited "
                        "number, 10000 by default)"}
HEALTH = {"type": "boolean", "default": True, "description": "also score room-by-room health (adds run time)"}


def _detail(choices: tuple[str, ...]) -> dict[str, Any]:
    return {"type": "string", "enum": list(choices), "default": "summary",
            "description": "summary (default, under 20 KB: headline figures and the worst rooms); rooms (adds one "
                           "row per room); full (every figure; can be megabytes on a large model: use explain "
                           "instead to trace one figure)"}


def _object(properties: dict[str, Any], required: tuple[str, ...]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(required), "additionalProperties": False}


def _result(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {k: ({"type": v} if isinstance(v, str) else v)
                                              for k, v in properties.items()}}


ASSESS_PROPS = {"path": PATH, "climate": CLIMATE, "operation": OPERATION, "period_years": PERIOD, "grid": GRID,
                "n_draws": DRAWS}


@dataclass(frozen=True)
class ToolDef:
    """One tool: what the agent sees (name, description, schemas, annotations) and the handler that runs it."""

    name: str
    title: str
    description: str
    input_schema: dict[str, Any]
    output_schema: dict[str, Any]
    annotations: dict[str, bool]
    handler: Callable[[Session, dict[str, Any]], dict[str, Any]] = field(repr=False)


@dataclass
class ToolResult:
    """The answer of one call: ``data`` is the structured content, or ``{"error": {type, message, hint}}``."""

    data: dict[str, Any]
    is_error: bool = False


_DEFS = [
    ToolDef("inspect_model", "Inspect an IFC model",
            "Read an IFC building model and report what it holds: storeys, gross floor area (m2), envelope areas and "
            "window-to-wall ratio by orientation, materials with volumes (m3), spaces, and what the model lacks for "
            "the assessments. Fast after the first call (the model stays loaded). Use it first on a new model.",
            _object({"path": PATH}, ("path",)),
            _result(model="string", schema="string", gross_floor_area_m2={"type": ["number", "null"]}, storeys="array",
                    envelope="object", materials="array", spaces="array", diagnostics="object"),
            READ_ONLY, handlers.inspect_model),
    ToolDef("assess", "Assess energy, carbon and health",
            "Whole assessment of an IFC model in one hourly simulation: annual energy (kWh, kWh/m2 by end use and "
            "carrier), whole-life carbon (kgCO2e and kgCO2e/m2 by EN 15978 module and GB/T 51366 phase, B6 from the "
            "simulated energy) and room-by-room health (scores 0-100, overheating). Takes seconds to minutes the "
            "first time on a model, then answers from memory for the same settings. Start with detail='summary'; "
            "ask 'rooms' to find problem rooms; use explain rather than 'full' to trace one figure.",
            _object({**ASSESS_PROPS, "health": HEALTH, "detail": _detail(DETAILS)}, ("path",)),
            _result(model="string", detail="string", headline="object", settings="object", energy="object",
                    carbon="object", health="object", warnings="object", rooms="array"),
            READ_ONLY, handlers.assess),
    ToolDef("assess_carbon", "Assess whole-life carbon",
            "Whole-life carbon of an IFC model: EN 15978 modules A1-A5, B4, B6, C1-C4, D and GB/T 51366 phases, in "
            "kgCO2e and kgCO2e per m2 of gross floor area, with B6 from a simulated year of energy, material "
            "coverage and (with n_draws > 0) Monte Carlo percentiles. detail='full' adds every material line.",
            _object({**ASSESS_PROPS, "detail": _detail(("summary", "full"))}, ("path",)),
            _result(model="string", detail="string", settings="object", carbon="object"),
            READ_ONLY, handlers.assess_carbon),
    ToolDef("assess_energy", "Assess annual energy",
            "Hourly energy simulation of an IFC model for one year: heating and cooling demand, final energy by end "
            "use and carrier (kWh and kWh/m2 a), peak loads (kW), monthly totals. detail='full' adds zones and "
            "systems.",
            _object({**{k: v for k, v in ASSESS_PROPS.items() if k not in ("period_years", "n_draws")},
                     "detail": _detail(("summary", "full"))}, ("path",)),
            _result(model="string", detail="string", settings="object", energy="object"),
            READ_ONLY, handlers.assess_energy),
    ToolDef("assess_health", "Assess room-by-room health",
            "Room-by-room health of an IFC model: scores 0-100 for thermal comfort, air, light, acoustics and "
            "materials (WELL v2 concepts, T/ASC 02 categories), the building's overall score and free-running "
            "overheating risk (CIBSE TM52/TM59). detail='rooms' lists every room; 'full' adds every scored item.",
            _object({**{k: v for k, v in ASSESS_PROPS.items() if k not in ("period_years", "n_draws", "grid")},
                     "detail": _detail(DETAILS)}, ("path",)),
            _result(model="string", detail="string", settings="object", health="object"),
            READ_ONLY, handlers.assess_health),
    ToolDef("list_climates", "List packaged climates",
            "The places whose climate is packaged (a synthetic hourly year from climate normals): name, country, "
            "climate zone, latitude/longitude, annual mean temperature (degC) and solar irradiation (kWh/m2). Pass "
            "a place name as climate=... to the assessment tools.",
            _object({"country": {"type": "string", "default": None, "description": "ISO 3166 alpha-3 code, e.g. CHN"},
                     "climate_zone": {"type": "string", "default": None,
                                      "description": "e.g. hot_summer_warm_winter, severe_cold"}}, ()),
            _result(count="integer", places="array", note="string"),
            READ_ONLY, handlers.list_climates),
    ToolDef("compare", "Compare two models",
            "Assess two IFC models (e.g. a baseline and a variant written by apply_changes) with the same settings "
            "and return b - a for every headline, energy, health and carbon metric, with the relative change and "
            "notes on anything not like for like.",
            _object({"path_a": {**PATH, "description": "baseline model (a), in the workspace"},
                     "path_b": {**PATH, "description": "variant model (b), in the workspace"},
                     **{k: v for k, v in ASSESS_PROPS.items() if k != "path"}, "health": HEALTH,
                     "metrics": {"type": "array", "items": {"type": "string"}, "default": None,
                                 "description": "only these metrics (names as in the answer); null = all"}},
                    ("path_a", "path_b")),
            _result(a="string", b="string", notes="array", deltas="array"),
            READ_ONLY, handlers.compare),
    ToolDef("explain", "Explain one figure",
            "Where one figure of an assessment comes from: its value and unit, the method or formula, the inputs "
            "beside it and the source of each factor (standards, datasets) as the result records them. Name the "
            "figure by its dotted path in the full result, e.g. 'headline.b6_kgco2e_m2', 'carbon.totals.b6_kgco2e', "
            "'carbon.en15978.A1-A3.kgco2e', 'health.concepts.thermal.score'. Use the same settings as the assess "
            "call so the figure is the same.",
            _object({**ASSESS_PROPS, "health": HEALTH,
                     "figure": {"type": "string", "description": "dotted path of the figure in the full result"}},
                    ("path", "figure")),
            _result(model="string", figure="string", value={"type": ["number", "string", "boolean", "null"]},
                    unit={"type": ["string", "null"]}, method="string", inputs="object", sources="object"),
            READ_ONLY, design_tools.explain),
    ToolDef("list_design_options", "List design options",
            "The design changes a model admits (insulation, glazing, window sizes, materials, systems...), each with "
            "its id, allowed values and current value. Use the ids and values in apply_changes.",
            _object({"path": PATH}, ("path",)),
            _result(model="string", options={}),
            READ_ONLY, design_tools.list_design_options),
    ToolDef("propose_changes", "Propose design changes",
            "Ranked proposals of design changes that improve an objective of the model (whole-life carbon, "
            "embodied carbon, energy or health), each with its expected effect. Proposals can be written with "
            "apply_changes and checked with compare.",
            _object({"path": PATH, "climate": CLIMATE,
                     "objective": {"type": "string", "enum": ["whole_life_carbon", "embodied_carbon", "energy",
                                                              "health"], "default": "whole_life_carbon",
                                   "description": "what to improve"},
                     "n_proposals": {"type": "integer", "minimum": 1, "maximum": 10, "default": 3,
                                     "description": "how many proposals"}}, ("path",)),
            _result(model="string", objective="string", proposals={}),
            READ_ONLY, design_tools.propose_changes),
    ToolDef("apply_changes", "Write a changed model",
            "Apply design changes (ids and values from list_design_options or propose_changes) to a model and write "
            "the result as a NEW IFC file inside the workspace; the source is never modified and an existing file is "
            "never overwritten. Then assess or compare the new file.",
            _object({"path": PATH,
                     "changes": {"type": "array", "minItems": 1, "description": "the changes to apply",
                                 "items": _object({"option": {"type": "string", "description": "design option id"},
                                                   "value": {"type": ["number", "string", "boolean"],
                                                             "description": "the new value"}},
                                                  ("option", "value"))},
                     "out": {"type": "string", "description": "new .ifc file to write, inside the workspace"}},
                    ("path", "changes", "out")),
            _result(model="string", written="string", changes="array"),
            WRITES_NEW_FILE, design_tools.apply_changes),
]

#: The tools by name, in the order they are listed.
TOOLS: dict[str, ToolDef] = {t.name: t for t in _DEFS}


def tool_schemas(fmt: str = "mcp") -> list[dict[str, Any]]:
    """Every tool as ``fmt`` ("mcp", "openai" strict, "anthropic")."""
    return [export(t, fmt) for t in TOOLS.values()]


#: What to do about a library error that carries no hint of its own, by error class name (first match in the MRO).
DEFAULT_HINTS = {
    "UnknownPlaceError": "call list_climates for the packaged places, or give an .epw file inside the workspace",
    "WeatherFileError": "give a complete EPW file (8760 hourly rows) or a packaged place name",
    "IfcReadError": "give an IFC-SPF model (.ifc) that opens in an IFC viewer",
    "ModelContentError": "call inspect_model to see what the model lacks",
    "QuantityError": "call inspect_model: an element has a non-physical quantity or unit",
    "InputValueError": "change the argument the message names (ranges in the tool's input schema); for a missing "
                       "site location pass climate= (see list_climates)",
    "OSError": "the file could not be read or written; check the path inside the workspace",
}


def error_data(exc: BaseException) -> dict[str, Any]:
    """The error object of a failed call: type, one-line message, hint (the error's own, else by its class)."""
    message = " ".join(str(exc).split()) or type(exc).__name__
    hint = getattr(exc, "hint", None) or next(
        (DEFAULT_HINTS[c.__name__] for c in type(exc).__mro__ if c.__name__ in DEFAULT_HINTS),
        "check the arguments against the tool's input schema")
    return {"error": {"type": type(exc).__name__, "message": message, "hint": hint}}


def call_tool(session: Session, name: str, arguments: dict[str, Any] | None) -> ToolResult:
    """Run tool ``name``; every failure becomes an error result (never an exception, never a traceback)."""
    from ..errors import BldgAgentError

    try:
        tool = TOOLS.get(name)
        if tool is None:
            raise ToolArgumentError(f"no tool named {name!r}", f"the tools are: {', '.join(TOOLS)}")
        return ToolResult(tool.handler(session, check_arguments(tool, arguments)))
    except (BldgAgentError, OSError) as exc:
        return ToolResult(error_data(exc), is_error=True)
    except Exception as exc:  # a bug: logged with its traceback on the server side, one line to the agent
        log.exception("tool %s failed", name)
        err = ToolError(f"internal error in {name}: {type(exc).__name__}: {exc}",
                        "this is a bug in bldgagent, not your input; the server log has the details")
        return ToolResult(error_data(err), is_error=True)
