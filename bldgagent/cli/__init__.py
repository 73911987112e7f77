"""The ``bldgagent`` command: the interface layer on top of the library.

Every sub-command prints a readable report, or JSON with ``--json`` (the contract a design agent relies on).
Progress goes to stderr in a terminal (:mod:`bldgagent.progress`), never to stdout; every command takes ``--quiet``.
Exit status: 0 ok; 1 ``validate`` outside its acceptance ranges (or no command given); 2 bad input - one line
``bldgagent CMD: error: ...`` on stderr and, with ``--json``, ``{"error": {"type", "message", "hint"}}`` on
stdout; 3 an internal error (a bug): one line naming the file that holds the traceback. Never a traceback on
the terminal. Commands register when :func:`main` runs; ``import bldgagent`` never imports this package.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import traceback

from ..errors import BldgAgentError
from ..progress import silenced
from ._common import COMMANDS, print_json

#: Modules under ``bldgagent.cli`` that register a sub-command each, in the order ``--help`` lists them.
COMMAND_MODULES = ("inspect", "carbon", "energy", "health", "assess", "validate", "options", "apply", "batch", "surrogate", "propose", "report", "mcp", "tools", "demo")

__all__ = ["main", "build_parser", "UsageError"]


class UsageError(BldgAgentError):
    """A command line argparse rejects (unknown option, missing argument, value out of range)."""

    def __init__(self, message: str, prog: str):
        super().__init__(message)
        self.prog = prog
        self.hint = f"see `{prog} --help`"


class _Parser(argparse.ArgumentParser):
    """argparse that raises :class:`UsageError` instead of printing usage and exiting (one-line errors)."""

    def error(self, message: str):
        raise UsageError(message, self.prog)


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``bldgagent`` with every registered sub-command."""
    from .. import __version__

    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}")
    parser = _Parser(prog="bldgagent", description="Green, healthy building design over the whole life cycle: IFC "
                                                  "in; carbon, energy, health out.")
    parser.add_argument("--version", action="version", version=f"bldgagent {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (configure, _, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        configure(command_parser)
        if "--quiet" not in command_parser._option_string_actions:  # every command takes it (no bar on stderr)
            command_parser.add_argument("--quiet", action="store_true",
                                        help="no progress bar on stderr (none either when stderr is not a terminal)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``bldgagent ARGV``; returns the exit status (see the module docstring)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:  # named after the sub-command, not the top-level parser argparse would blame
            raise UsageError(f"unrecognized arguments: {' '.join(extra)}",
                             f"bldgagent {args.command}" if args.command else "bldgagent")
    except UsageError as exc:
        return _user_error(exc, exc.prog, "--json" in argv)
    except SystemExit as exc:  # --help and --version print and exit 0
        return exc.code if isinstance(exc.code, int) else 0
    if not args.command:
        parser.print_help()
        return 1
    prog, want_json = f"bldgagent {args.command}", bool(getattr(args, "json", False))
    try:
        with silenced(bool(getattr(args, "quiet", False))):  # --quiet hides every library call's bar too
            return COMMANDS[args.command][1](args) or 0
    except BrokenPipeError:  # the reader left (``| head``): stop quietly, as the Python docs advise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (BldgAgentError, OSError) as exc:
        return _user_error(exc, prog, want_json)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: one line, the traceback kept in a file for the report
        return _internal_error(exc, prog, want_json)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _user_error(exc: BaseException, prog: str, want_json: bool) -> int:
    """Bad input: one line on stderr, the JSON error object on stdout with ``--json``; status 2."""
    message = _one_line(exc)
    print(f"{prog}: error: {message}", file=sys.stderr)
    if want_json:
        print_json({"error": {"type": type(exc).__name__, "message": message, "hint": getattr(exc, "hint", None)}})
    return 2


def _internal_error(exc: Exception, prog: str, want_json: bool) -> int:
    """A bug: the traceback goes to a file named in the one-line message; status 3."""
    try:
        fd, path = tempfile.mkstemp(prefix="bldgagent-bug-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(f"{prog} {' '.join(sys.argv[1:])}\n\n{traceback.format_exc()}")
        hint = f"this is a bug in bldgagent, not your input: please report it with the traceback in {path}"
    except OSError:
        hint = "this is a bug in bldgagent, not your input: please report it with the command line"
    message = _one_line(f"{type(exc).__name__}: {exc}")
    print(f"{prog}: internal error: {message} ({hint})", file=sys.stderr)
    if want_json:
        print_json({"error": {"type": type(exc).__name__, "message": message, "hint": hint}})
    return 3
