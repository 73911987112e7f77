"""The workspace: the one folder an agent's tool calls may read from and write to.

Every path an agent gives is resolved (symlinks and ``..`` followed) and refused unless it lands inside the
workspace; outputs must be new files (never an overwrite). Relative paths are relative to the workspace.
"""
from __future__ import annotations

import os
from pathlib import Path

from .safety import Limits, LimitError, WorkspaceError

#: The first bytes of every IFC-SPF file (ISO 10303-21 clause 5: the exchange structure starts with this keyword).
IFC_MAGIC = b"ISO-10303-21"


class Workspace:
    """The root folder and the limits of one server; :meth:`model`, :meth:`weather` and :meth:`output` check paths."""

    def __init__(self, root: str | os.PathLike, limits: Limits | None = None):
        path = Path(root).expanduser()
        if not path.is_dir():
            raise WorkspaceError(f"workspace {path} is not a folder", "create it or pass an existing folder to --workspace")
        self.root = path.resolve(strict=True)
        self.limits = limits or Limits()

    def __repr__(self) -> str:
        return f"Workspace({str(self.root)!r})"

    def resolve(self, path: str, parameter: str = "path") -> Path:
        """``path`` (relative to the workspace, or absolute inside it) with symlinks resolved; refused outside."""
        if not isinstance(path, str) or not path.strip() or "\x00" in path:
            raise WorkspaceError(f"{parameter}: give a file path inside the workspace", f"e.g. \"model.ifc\"; the "
                                 f"workspace is {self.root}")
        given = Path(path).expanduser() if path.startswith("~") else Path(path)
        full = given if given.is_absolute() else self.root / given
        resolved = Path(os.path.realpath(full))
        if resolved != self.root and self.root not in resolved.parents:
            raise WorkspaceError(f"{parameter} {path!r} is outside the workspace (it resolves to {resolved})",
                                 f"use a path inside {self.root}; symlinks and '..' are followed before the check")
        return resolved

    def existing(self, path: str, parameter: str, suffixes: tuple[str, ...], kind: str) -> Path:
        """An existing regular file inside the workspace with one of ``suffixes`` and within the size limit."""
        resolved = self.resolve(path, parameter)
        if not resolved.is_file():
            what = "is a folder" if resolved.is_dir() else "does not exist"
            raise WorkspaceError(f"{parameter} {path!r} {what}", f"give an existing {kind} inside the workspace; "
                                 "list_climates and inspect_model take workspace-relative paths")
        if resolved.suffix.lower() not in suffixes:
            raise WorkspaceError(f"{parameter} {path!r} is not a {kind} (expected {' or '.join(suffixes)})",
                                 f"give a {kind} file")
        size_mb = resolved.stat().st_size / 1e6
        if size_mb > self.limits.max_file_mb:
            raise LimitError(f"{parameter} {path!r} is {size_mb:.0f} MB, above this server's limit of "
                             f"{self.limits.max_file_mb:g} MB", "split the model or ask the operator to raise the limit")
        return resolved

    def model(self, path: str, parameter: str = "path") -> Path:
        """An IFC model inside the workspace (checked to start like an IFC-SPF file)."""
        resolved = self.existing(path, parameter, (".ifc",), "IFC model (.ifc)")
        with open(resolved, "rb") as f:
            head = f.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
        if not head.startswith(IFC_MAGIC):
            raise WorkspaceError(f"{parameter} {path!r} is not an IFC-SPF file (it does not start with ISO-10303-21;)",
                                 "give an IFC model saved as .ifc (STEP text); ifcXML and ifcZIP are not read")
        return resolved

    def weather(self, path: str, parameter: str = "climate") -> Path:
        """An EPW weather file inside the workspace."""
        return self.existing(path, parameter, (".epw",), "EPW weather file (.epw)")

    def output(self, path: str, parameter: str = "out", suffix: str = ".ifc") -> Path:
        """A new file inside the workspace: its folder exists, the file does not (no overwrite)."""
        resolved = self.resolve(path, parameter)
        if resolved.suffix.lower() != suffix:
            raise WorkspaceError(f"{parameter} {path!r} must end in {suffix}", f"e.g. \"variant_1{suffix}\"")
        if os.path.lexists(resolved) or os.path.lexists(self.root / path):
            raise WorkspaceError(f"{parameter} {path!r} already exists; tools never overwrite a file",
                                 "choose a new file name")
        if not resolved.parent.is_dir():
            raise WorkspaceError(f"{parameter} {path!r}: the folder {resolved.parent.name!r} does not exist",
                                 "write into an existing folder of the workspace")
        return resolved

    def relative(self, path: Path) -> str:
        """``path`` as the agent should give it back: relative to the workspace."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
