"""``bldgagent mcp`` as a real process: over stdio, and over streamable HTTP bound to 127.0.0.1 only."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import TINY

ROOT = Path(__file__).resolve().parents[2]
#: Seconds to wait for the server process to come up (imports bldgagent and the SDK; slow on a loaded machine).
START_TIMEOUT_S = 120


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    from bldgagent.ifc.samples import sample_building

    root = tmp_path_factory.mktemp("agent_proc")
    sample_building(path=root / "tiny.ifc", **TINY)
    return root


def _session_calls(client_target) -> tuple[list[str], dict, dict]:
    import anyio
    from mcp import Client

    async def run():
        async with Client(client_target) as client:
            names = [t.name for t in (await client.list_tools()).tools]
            inspected = await client.call_tool("inspect_model", {"path": "tiny.ifc"})
            refused = await client.call_tool("inspect_model", {"path": "/etc/passwd"})
            return names, inspected, refused

    return anyio.run(run)


def test_stdio_subprocess(ws):
    from mcp.client.stdio import StdioServerParameters

    params = StdioServerParameters(command=sys.executable, args=["-m", "bldgagent.cli", "mcp", "--workspace", str(ws)],
                                   cwd=str(ROOT), env=_env())
    names, inspected, refused = _session_calls(params)
    assert "assess" in names and len(names) == 11
    assert not inspected.is_error and inspected.structured_content["gross_floor_area_m2"] == 48.0
    assert refused.is_error and "outside the workspace" in refused.structured_content["error"]["message"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening_addresses(port: int) -> set[str]:
    """Local IPv4 addresses (hex, as in /proc/net/tcp) listening on ``port``."""
    out = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        addr, p = local.split(":")
        if int(p, 16) == port and state == "0A":  # 0A = TCP_LISTEN
            out.add(addr)
    return out


def test_http_on_loopback_only(ws):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "bldgagent.cli", "mcp", "--workspace", str(ws), "--http", str(port)],
                            cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        if Path("/proc/net/tcp").exists():
            assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
        names, inspected, refused = _session_calls(f"http://127.0.0.1:{port}/mcp")
        assert len(names) == 11
        assert inspected.structured_content["gross_floor_area_m2"] == 48.0
        assert refused.is_error
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_cli_mcp_bad_workspace_is_a_json_error(capsys, tmp_path):
    from bldgagent.cli import main

    assert main(["mcp", "--workspace", str(tmp_path / "missing"), "--json"]) == 2
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["type"] == "WorkspaceError" and "not a folder" in error["message"] and error["hint"]
    assert main(["mcp", "--http", "80", "--json"]) == 2  # privileged port refused before anything starts
