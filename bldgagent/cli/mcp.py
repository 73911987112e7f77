"""``bldgagent mcp [--workspace DIR] [--http PORT]``: serve the agent tools over MCP (stdio, or streamable HTTP on
127.0.0.1). The server lives in :mod:`bldgagent.agent`, the layer just below this package."""
from __future__ import annotations

import argparse
import importlib

from ._common import command, int_range

#: TCP ports an unprivileged server may bind (IANA: 1024-49151 registered, up to 65535 dynamic).
PORT_RANGE = (1024, 65535)


def agent_module(name: str):
    """``bldgagent.agent.<name>``; a clear error when the ``agent`` extra (the ``mcp`` SDK) is missing."""
    from ..errors import BldgAgentError

    try:
        from .. import agent  # noqa: F401 - the package first, so its absence is this error

        return importlib.import_module(f"{agent.__name__}.{name}")
    except ImportError as exc:  # the SDK is imported inside the server's functions; this is bldgagent itself
        raise BldgAgentError(f"the agent tools cannot be loaded ({exc}); install bldgagent[agent]") from exc


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workspace", default=".", help="the only folder the tools may read and write (default: the "
                                                    "current folder); paths outside it are refused")
    p.add_argument("--http", type=int_range(*PORT_RANGE), default=None, metavar="PORT",
                   help="serve streamable HTTP at http://127.0.0.1:PORT/mcp instead of stdio (loopback only)")
    p.add_argument("--max-seconds", type=int_range(1, 86_400, unit="s"), default=None,
                   help="wall-time limit of one tool call (default 600 s)")
    p.add_argument("--max-draws", type=int_range(0, 100_000), default=None,
                   help="Monte Carlo draws allowed per call (default 10000)")
    p.add_argument("--json", action="store_true", help="print a start-up error as a JSON object on stdout")


@command("mcp", "Serve the agent tools (inspect, assess, compare, explain, design) over MCP: stdio, or HTTP on "
                "127.0.0.1 with --http.")(configure)
def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    safety, server = agent_module("safety"), agent_module("server")
    limits = safety.Limits()
    if args.max_seconds is not None:
        limits = replace(limits, max_seconds=float(args.max_seconds))
    if args.max_draws is not None:
        limits = replace(limits, max_draws=args.max_draws)
    workspace = agent_module("workspace").Workspace(args.workspace, limits)
    if args.http is None:
        server.serve_stdio(workspace, limits)
    else:
        server.serve_http(workspace, args.http, limits)
    return 0
