"""Fixtures of the agent tests: a workspace with two tiny sample buildings, one session (caches) shared by the
module's tests, and ``call(session, name, args)`` through the SDK's in-process client."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("mcp")

#: The tiny building: one storey, 8 m x 6 m, one room (gross floor area 8 x 6 = 48 m2), so an assessment takes well
#: under a second once the engines are warm.
TINY = {"storeys": 1, "width_m": 8.0, "depth_m": 6.0, "rooms_per_row": 1}
#: Its variant: more glazing on the south facade (wwr 0.4 -> 0.6), the same floor area.
TINY_B = {**TINY, "wwr": {"S": 0.6, "E": 0.25, "N": 0.25, "W": 0.25}}


@pytest.fixture(scope="session")
def workspace(tmp_path_factory) -> Path:
    from bldgagent.ifc.samples import sample_building

    ws = tmp_path_factory.mktemp("agent_ws")
    sample_building(path=ws / "tiny.ifc", **TINY)
    sample_building(path=ws / "tiny_b.ifc", **TINY_B)
    (ws / "sub").mkdir()
    (ws / "notes.ifc").write_text("this is not an IFC model\n")
    (ws / "readme.txt").write_text("hello\n")
    return ws


@pytest.fixture(scope="session")
def session(workspace):
    from bldgagent.agent.session import Session

    return Session(workspace)


def call_all(server, calls: list[tuple[str, dict]]):
    """Results of ``calls`` made in order through one in-process SDK client."""
    import anyio
    from mcp import Client

    async def run():
        async with Client(server) as client:
            return [await client.call_tool(name, args) for name, args in calls]

    return anyio.run(run)


@pytest.fixture(scope="session")
def call(session):
    """``call(name, args)`` -> the CallToolResult, via the in-process client of a server on the shared session."""
    from bldgagent.agent.server import build_server

    server = build_server(session.workspace, session=session)
    return lambda name, args: call_all(server, [(name, args)])[0]
