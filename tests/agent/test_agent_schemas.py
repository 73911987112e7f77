"""The plain tool schemas: one registry, three formats describing the same tools; OpenAI strict-mode rules."""
from __future__ import annotations

import json

import pytest

from bldgagent.agent.schemas import check_arguments, strict_schema
from bldgagent.agent.safety import ToolArgumentError
from bldgagent.agent.tools import TOOLS, tool_schemas

EXPECTED_TOOLS = {"inspect_model", "assess", "assess_carbon", "assess_energy", "assess_health", "list_climates",
                  "compare", "explain", "list_design_options", "propose_changes", "apply_changes"}


def _strict_violations(schema: dict, where: str) -> list[str]:
    """OpenAI structured-outputs strict rules: every object lists all its properties in required and sets
    additionalProperties false; no default (unsupported); recursively through items and anyOf."""
    bad = []
    if schema.get("type") == "object" or "properties" in schema:
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is not False:
            bad.append(f"{where}: additionalProperties must be false")
        if sorted(schema.get("required", [])) != sorted(props):
            bad.append(f"{where}: required must list every property")
        for name, p in props.items():
            bad += _strict_violations(p, f"{where}.{name}")
    if "default" in schema:
        bad.append(f"{where}: default is not allowed")
    if "items" in schema:
        bad += _strict_violations(schema["items"], f"{where}[]")
    for i, s in enumerate(schema.get("anyOf", [])):
        bad += _strict_violations(s, f"{where}.anyOf{i}")
    return bad


def _accepts_null(schema: dict) -> bool:
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return "null" in kinds and ("enum" not in schema or None in schema["enum"])


def test_registry_has_the_issue_tools():
    assert set(TOOLS) == EXPECTED_TOOLS


def test_openai_output_follows_strict_mode():
    for entry in tool_schemas("openai"):
        assert entry["type"] == "function" and entry["function"]["strict"] is True
        params = entry["function"]["parameters"]
        assert params["type"] == "object"
        assert _strict_violations(params, entry["function"]["name"]) == []
        # optional in the source schema <=> nullable in strict mode; required ones stay non-null
        source = TOOLS[entry["function"]["name"]].input_schema
        for name, p in params["properties"].items():
            assert _accepts_null(p) == (name not in source["required"]), (entry["function"]["name"], name)


def test_strict_checker_catches_a_loose_schema():
    loose = {"type": "object", "properties": {"a": {"type": "string", "default": "x"}}, "required": []}
    assert len(_strict_violations(loose, "t")) == 3
    assert _strict_violations(strict_schema(loose), "t") == []


def test_three_formats_describe_the_same_tools():
    mcp, openai, anthropic = (tool_schemas(f) for f in ("mcp", "openai", "anthropic"))
    names = [t["name"] for t in mcp]
    assert names == [t["function"]["name"] for t in openai] == [t["name"] for t in anthropic]
    for m, o, a in zip(mcp, openai, anthropic):
        assert m["description"] == o["function"]["description"] == a["description"]
        assert set(m["inputSchema"]["properties"]) == set(o["function"]["parameters"]["properties"]) \
            == set(a["input_schema"]["properties"])
        assert set(m["annotations"]) == {"readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"}
        assert m["outputSchema"]["type"] == "object"
    json.dumps(mcp, allow_nan=False)


def test_only_apply_changes_writes():
    writers = {t["name"] for t in tool_schemas("mcp") if not t["annotations"]["readOnlyHint"]}
    assert writers == {"apply_changes"}
    assert all(not t["annotations"]["destructiveHint"] and not t["annotations"]["openWorldHint"]
               for t in tool_schemas("mcp"))


def test_strict_call_with_nulls_means_defaults():
    """What an OpenAI strict model sends (every property, null for the unused) is the same call as the minimal one."""
    tool = TOOLS["assess"]
    strict_call = {name: None for name in tool.input_schema["properties"]}
    strict_call["path"] = "m.ifc"
    assert check_arguments(tool, strict_call) == check_arguments(tool, {"path": "m.ifc"})
    assert check_arguments(tool, {"path": "m.ifc"})["detail"] == "summary"
    assert check_arguments(tool, {"path": "m.ifc"})["period_years"] == 50


@pytest.mark.parametrize("args, fragment", [
    ({}, "'path' is a required property"),
    ({"path": "m.ifc", "detial": "full"}, "Additional properties"),
    ({"path": "m.ifc", "detail": "everything"}, "detail"),
    ({"path": "m.ifc", "n_draws": -1}, "n_draws"),
    ({"path": "m.ifc", "period_years": 1000}, "period_years"),
])
def test_bad_arguments_name_the_parameter(args, fragment):
    with pytest.raises(ToolArgumentError) as err:
        check_arguments(TOOLS["assess"], args)
    assert fragment in str(err.value)
    assert "parameters are" in err.value.hint


def test_cli_prints_each_format(capsys):
    from bldgagent.cli import main

    for fmt in ("openai", "anthropic", "mcp"):
        assert main(["tools", "--format", fmt]) == 0
        assert json.loads(capsys.readouterr().out) == tool_schemas(fmt)
    assert main(["tools", "--format", "xml", "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"]["type"] == "UsageError"
