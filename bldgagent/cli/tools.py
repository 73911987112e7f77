"""``bldgagent tools [--format openai|anthropic|mcp]``: the agent tools as a JSON list of function-calling schemas,
generated from the same registry as the MCP server (:mod:`bldgagent.agent.tools`)."""
from __future__ import annotations

import argparse

from ._common import command, print_json
from .mcp import agent_module


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("openai", "anthropic", "mcp"), default="mcp",
                   help="openai: Chat Completions functions with strict: true; anthropic: Messages API tools; mcp: "
                        "the tools/list form with output schemas and annotations")
    p.add_argument("--json", action="store_true", help="accepted for symmetry: the output is always JSON")


@command("tools", "Print the agent tools as JSON function-calling schemas (OpenAI strict, Anthropic or MCP form).")(
    configure)
def run(args: argparse.Namespace) -> int:
    print_json(agent_module("tools").tool_schemas(args.format))
    return 0
