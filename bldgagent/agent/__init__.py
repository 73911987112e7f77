"""The agent interface: bldgagent's tools for a design agent (an LLM), as an MCP server and as plain
function-calling schemas from one registry (:mod:`bldgagent.agent.tools`). See docs/agent.md.

Top layer beside the CLI; imports ``mcp`` only in :mod:`bldgagent.agent.server`.
"""
