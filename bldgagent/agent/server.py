"""The MCP server (official Python SDK 2.x, :class:`mcp.server.MCPServer`) over the tool registry.

``build_server(workspace)`` returns a server whose tools are exactly :data:`bldgagent.agent.tools.TOOLS` (their own
input and output schemas and annotations); every call runs in a worker thread under the run-time limit and comes
back as structured content, or as an error result (``is_error``) with message and hint. ``serve_stdio`` and
``serve_http`` (streamable HTTP, bound to 127.0.0.1 only) run it.
"""
from __future__ import annotations

import json
from typing import Any

from .safety import Limits, LimitError
from .session import Session
from .tools import TOOLS, ToolResult, call_tool, error_data

#: Only the loopback interface: the server reads and writes files of its workspace, so it is never exposed.
LOOPBACK = "127.0.0.1"
INSTRUCTIONS = (
    "bldgagent: building performance tools on IFC models inside one workspace folder. Paths are relative to the "
    "workspace. Start with inspect_model, then assess (detail='summary'); use explain to trace a figure to its "
    "inputs and sources; compare two models; list_design_options/propose_changes/apply_changes for variants "
    "(apply_changes writes a new file, never overwrites). Errors come back with a hint saying what to change.")


async def run_call(session: Session, name: str, arguments: dict[str, Any] | None) -> ToolResult:
    """:func:`call_tool` in a worker thread, stopped waiting for after the session's time limit."""
    import anyio

    seconds = session.limits.max_seconds
    try:
        with anyio.fail_after(seconds):
            return await anyio.to_thread.run_sync(call_tool, session, name, arguments, abandon_on_cancel=True)
    except TimeoutError:
        err = LimitError(f"{name} took longer than this server's limit of {seconds:g} s",
                         "use a smaller model, fewer n_draws or health=false; a later identical call may answer "
                         "from the cache once the run finishes")
        return ToolResult(error_data(err), is_error=True)


def to_mcp_result(result: ToolResult):
    """A :class:`ToolResult` as an MCP ``CallToolResult`` (structured content plus the same JSON as text)."""
    from mcp_types import CallToolResult, TextContent

    if result.is_error:
        e = result.data["error"]
        text = f"Error ({e['type']}): {e['message']}" + (f"\nHint: {e['hint']}" if e.get("hint") else "")
    else:
        text = json.dumps(result.data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=result.data,
                          is_error=result.is_error)


def mcp_tools() -> list:
    """The registry's tools as MCP ``Tool`` objects."""
    from mcp_types import Tool, ToolAnnotations

    return [Tool(name=t.name, title=t.title, description=t.description, input_schema=t.input_schema,
                 output_schema=t.output_schema, annotations=ToolAnnotations.model_validate(t.annotations))
            for t in TOOLS.values()]


def build_server(workspace, limits: Limits | None = None, session: Session | None = None):
    """An MCP server serving the registry's tools on ``workspace`` (one :class:`Session`: caches shared by all
    clients of the process)."""
    from mcp.server import MCPServer

    from .. import __version__

    session = session or Session(workspace, limits)

    class BldgAgentServer(MCPServer):
        """MCPServer whose tools come from the registry, not from Python signatures."""

        async def list_tools(self):
            return mcp_tools()

        def _tool_input_schema(self, name: str):
            tool = TOOLS.get(name)
            return None if tool is None else tool.input_schema

        async def call_tool(self, name, arguments, context=None):
            return to_mcp_result(await run_call(session, name, arguments))

    server = BldgAgentServer("bldgagent", title="bldgagent building performance tools", version=__version__,
                             instructions=INSTRUCTIONS, log_level="WARNING")
    server.bldgagent_session = session
    return server


def serve_stdio(workspace, limits: Limits | None = None) -> None:
    """Serve over stdio until the client closes the stream."""
    build_server(workspace, limits).run("stdio")


def serve_http(workspace, port: int, limits: Limits | None = None) -> None:
    """Serve over streamable HTTP at http://127.0.0.1:PORT/mcp (loopback only)."""
    build_server(workspace, limits).run("streamable-http", host=LOOPBACK, port=port)
