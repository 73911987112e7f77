"""Workspace safety: every path resolved inside the workspace or refused; no overwrite; IFC only; size limit."""
from __future__ import annotations

import os

import pytest

from bldgagent.agent.safety import LimitError, Limits, WorkspaceError
from bldgagent.agent.workspace import Workspace


@pytest.fixture()
def ws(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    (root / "m.ifc").write_bytes(b"ISO-10303-21;\nHEADER;\n")
    (tmp_path / "outside.ifc").write_bytes(b"ISO-10303-21;\n")
    return Workspace(root)


def test_relative_and_absolute_inside(ws):
    assert ws.model("m.ifc") == ws.root / "m.ifc"
    assert ws.model(str(ws.root / "m.ifc")) == ws.root / "m.ifc"
    assert ws.model("./sub/../m.ifc".replace("sub/../", "")) == ws.root / "m.ifc"


@pytest.mark.parametrize("path", ["../outside.ifc", "/etc/passwd", "{root}/../outside.ifc", "..", "/", "~/x.ifc"])
def test_outside_refused(ws, path):
    with pytest.raises(WorkspaceError, match="outside the workspace"):
        ws.model(path.format(root=ws.root))


def test_symlink_out_refused_symlink_in_followed(ws):
    os.symlink(ws.root.parent / "outside.ifc", ws.root / "link.ifc")
    with pytest.raises(WorkspaceError, match="outside the workspace"):
        ws.model("link.ifc")
    os.symlink(ws.root / "m.ifc", ws.root / "alias.ifc")
    assert ws.model("alias.ifc") == ws.root / "m.ifc"
    os.symlink(ws.root.parent, ws.root / "up")
    with pytest.raises(WorkspaceError, match="outside"):
        ws.output("up/new.ifc")


def test_not_ifc_refused(ws):
    (ws.root / "fake.ifc").write_text("<html>not a model</html>")
    (ws.root / "model.txt").write_text("ISO-10303-21;")
    with pytest.raises(WorkspaceError, match="not an IFC-SPF file"):
        ws.model("fake.ifc")
    with pytest.raises(WorkspaceError, match="not a IFC model"):
        ws.model("model.txt")
    with pytest.raises(WorkspaceError, match="does not exist"):
        ws.model("missing.ifc")


def test_output_never_overwrites(ws):
    with pytest.raises(WorkspaceError, match="already exists"):
        ws.output("m.ifc")
    os.symlink(ws.root / "nowhere.ifc", ws.root / "dangling.ifc")
    with pytest.raises(WorkspaceError, match="already exists"):
        ws.output("dangling.ifc")
    with pytest.raises(WorkspaceError, match="must end in .ifc"):
        ws.output("new.py")
    with pytest.raises(WorkspaceError, match="does not exist"):
        ws.output("nofolder/new.ifc")
    assert ws.output("new.ifc") == ws.root / "new.ifc"


def test_size_limit(tmp_path):
    root = tmp_path / "small"
    root.mkdir()
    (root / "big.ifc").write_bytes(b"ISO-10303-21;\n" + b"x" * 2_000_000)
    with pytest.raises(LimitError, match="above this server's limit of 1 MB"):
        Workspace(root, Limits(max_file_mb=1.0)).model("big.ifc")
    assert Workspace(root, Limits(max_file_mb=3.0)).model("big.ifc").name == "big.ifc"


def test_workspace_must_exist(tmp_path):
    with pytest.raises(WorkspaceError, match="not a folder"):
        Workspace(tmp_path / "nope")
