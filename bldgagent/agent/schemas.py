"""Tool schemas in the forms agent frameworks take, from one definition, and argument checking against them.

A tool's input schema is written once (JSON Schema; optional properties carry a ``default`` and are left out of
``required``). :func:`strict_schema` turns it into OpenAI's strict form (every property required, optional ones
nullable, ``additionalProperties: false`` on every object, no ``default``); :func:`check_arguments` validates a
call's arguments (``null`` for an optional property means its default) and fills the defaults.
"""
from __future__ import annotations

import copy
import json
from typing import Any

from .safety import ToolArgumentError

FORMATS = ("mcp", "openai", "anthropic")


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` also accepting JSON null."""
    out = dict(schema)
    if "enum" in out and None not in out["enum"]:
        out["enum"] = [*out["enum"], None]
    if "anyOf" in out:
        out["anyOf"] = [*out["anyOf"], {"type": "null"}]
    elif "type" in out:
        kinds = out["type"] if isinstance(out["type"], list) else [out["type"]]
        out["type"] = kinds if "null" in kinds else [*kinds, "null"]
    return out


def strict_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """OpenAI strict-mode form of ``schema`` (see the module docstring); the default moves into the description."""
    out = {k: v for k, v in schema.items() if k != "default"}
    if "default" in schema and schema["default"] is not None:
        text = schema.get("description", "").rstrip(".")
        out["description"] = f"{text}. Null means the default, {json.dumps(schema['default'])}.".lstrip(". ")
    if out.get("type") == "object" or "properties" in out:
        props = out.get("properties", {})
        required = set(out.get("required", ()))
        out["properties"] = {name: (strict_schema(p) if name in required else nullable(strict_schema(p)))
                             for name, p in props.items()}
        out["required"] = list(props)
        out["additionalProperties"] = False
    if "items" in out:
        out["items"] = strict_schema(out["items"])
    if "anyOf" in out:
        out["anyOf"] = [strict_schema(s) for s in out["anyOf"]]
    return out


def export(tool: Any, fmt: str) -> dict[str, Any]:
    """One tool definition in ``fmt``: "mcp" (tools/list form), "openai" (Chat Completions function, strict) or
    "anthropic" (Messages API tool)."""
    if fmt == "mcp":
        return {"name": tool.name, "title": tool.title, "description": tool.description,
                "inputSchema": copy.deepcopy(tool.input_schema), "outputSchema": copy.deepcopy(tool.output_schema),
                "annotations": dict(tool.annotations)}
    if fmt == "openai":
        return {"type": "function", "function": {"name": tool.name, "description": tool.description,
                                                 "parameters": strict_schema(tool.input_schema), "strict": True}}
    if fmt == "anthropic":
        return {"name": tool.name, "description": tool.description, "input_schema": copy.deepcopy(tool.input_schema)}
    raise ToolArgumentError(f"format {fmt!r} is not known", f"use one of {', '.join(FORMATS)}")


def check_arguments(tool: Any, arguments: dict[str, Any] | None) -> dict[str, Any]:
    """``arguments`` validated against the tool's input schema, nulls and missing optionals set to their defaults;
    raises :class:`ToolArgumentError` naming the parameter."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    if arguments is None:
        arguments = {}
    if not isinstance(arguments, dict):
        raise ToolArgumentError(f"{tool.name}: arguments must be a JSON object", "pass named arguments")
    schema = tool.input_schema
    required = set(schema.get("required", ()))
    given = {k: v for k, v in arguments.items() if not (v is None and k not in required)}
    error = best_match(Draft202012Validator(schema).iter_errors(given))
    if error is not None:
        where = ".".join(str(p) for p in error.absolute_path) or "arguments"
        known = ", ".join(schema.get("properties", {}))
        raise ToolArgumentError(f"{tool.name}: {where}: {_short(error.message)}",
                                f"the parameters are: {known}; see the tool's input schema")
    out = {k: p.get("default") for k, p in schema.get("properties", {}).items() if k not in required}
    out.update(given)
    return out


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
