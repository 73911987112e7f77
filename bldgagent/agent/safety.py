"""The agent interface's errors and limits: what an agent may ask for, and the error it gets otherwise.

Every error carries a ``hint`` (what to change), which the MCP server and the plain registry return with the
message as an error result; no traceback ever reaches the agent.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import BldgAgentError, InputFileError, InputValueError


class ToolError(BldgAgentError):
    """A tool call an agent can fix: ``message`` says what is wrong, ``hint`` what to do."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


class WorkspaceError(ToolError, InputFileError):
    """A path outside the workspace, a missing or wrong-kind file, or an attempt to overwrite one."""


class LimitError(ToolError, InputValueError):
    """An argument beyond the server's limits (file size, Monte Carlo draws, run time)."""


class ToolArgumentError(ToolError, InputValueError):
    """Arguments that do not match the tool's input schema (unknown name, wrong type, out of range)."""


class NotAvailableError(ToolError):
    """A tool whose engine is not part of this build (an optional module missing)."""


@dataclass(frozen=True)
class Limits:
    """What one tool call may cost.

    ``max_file_mb``: largest model or weather file read, MB. 200 MB: ten times the largest model in the shared test
    set (LargeBuilding.ifc, 1.3 MB; the Haus models ~4 MB) and beyond what the reader loads in under a few minutes
    on a laptop; a sanity bound, not a standard. ``max_draws``: Monte Carlo draws per carbon run; 10 000 puts the
    standard error of a mean at 1 % of the spread (1/sqrt(n)), the CLI's 100 000 adds nothing an agent can use.
    ``max_seconds``: wall time of one call, s; 600 s is ten times the assessment of the 99-room office measured on the
    2-core test machine. ``max_result_bytes``: size above which a ``detail="full"`` result is refused (compact
    JSON); 5 MB holds the full result of every shared model (the 99-room office is about 3 MB).
    """

    max_file_mb: float = 200.0
    max_draws: int = 10_000
    max_seconds: float = 600.0
    max_result_bytes: int = 5_000_000
