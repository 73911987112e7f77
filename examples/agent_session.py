"""A design agent's session with ``bldgagent mcp``, driven through the MCP Python SDK's client without an LLM:
inspect, assess, design options / proposals / a written variant (when this build has the design module), re-assess,
compare, explain, and one refused call. Its printed transcript is the reference in docs/agent.md.

``python examples/agent_session.py [--workspace DIR] [--in-process]``: the workspace (default: a temporary folder)
gets the sample building ``baseline.ifc``; the server runs as ``python -m bldgagent.cli mcp --workspace DIR`` over
stdio, as an agent host would start it (``--in-process``: the same server inside this process).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: Characters of each answer shown in the transcript.
SHOW_CHARS = 900


def show(name: str, args: dict, result) -> dict:
    """Print one call and its answer (cut to SHOW_CHARS), return the structured content."""
    data = result.structured_content or {}
    print(f"\n>>> {name}({json.dumps(args, ensure_ascii=False)})")
    if result.is_error:
        print(f"<<< ERROR {json.dumps(data['error'], ensure_ascii=False)}")
    else:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        print(f"<<< {len(text)} bytes: {text[:SHOW_CHARS]}{' ...' if len(text) > SHOW_CHARS else ''}")
    return data


async def session(client, ws: Path) -> None:
    """The calls an agent makes, in order."""
    async def call(name, **args):
        return show(name, args, await client.call_tool(name, args))

    tools = (await client.list_tools()).tools
    print("tools:", ", ".join(t.name for t in tools))
    await call("inspect_model", path="baseline.ifc")
    base = await call("assess", path="baseline.ifc", climate="haikou")
    print("\n# the agent reads the summary:", {k: base["headline"][k] for k in
          ("final_energy_kwh_m2", "embodied_kgco2e_m2", "b6_kgco2e_m2", "health_overall_score")})
    options = await call("list_design_options", path="baseline.ifc")
    proposals = await call("propose_changes", path="baseline.ifc", climate="haikou", objective="whole_life_carbon")
    variant = "variant_1.ifc"
    if "error" in options or "error" in proposals:
        print("\n# design tools not in this build: the variant is written with the sample generator instead "
              "(south window-to-wall ratio 0.40 -> 0.30, solar-control glass g 0.55 -> 0.35)")
        from bldgagent.ifc.samples import sample_building
        sample_building(path=ws / variant, wwr={"S": 0.30, "E": 0.25, "N": 0.25, "W": 0.25}, window_g=0.35)
    else:
        first = proposals["proposals"]["proposals"][0]         # best first (docs/propose-json.md)
        print("\n# the agent picks the best proposal:", first["changes"])
        await call("apply_changes", path="baseline.ifc", changes=first["apply_changes_input"], out=variant)
    await call("assess", path=variant, climate="haikou")
    diff = await call("compare", path_a="baseline.ifc", path_b=variant, climate="haikou",
                      metrics=["final_energy_kwh_m2", "b6_kgco2e_m2", "embodied_kgco2e_m2",
                               "whole_life_en15978_kgco2e_m2", "health_overall_score"])
    print("\n# deltas (b - a):", {r["metric"]: r["delta"] for r in diff.get("deltas", [])})
    await call("explain", path="baseline.ifc", climate="haikou", figure="headline.b6_kgco2e_m2")
    await call("explain", path="baseline.ifc", climate="haikou", figure="carbon.b6.total_kgco2e")
    await call("apply_changes", path="baseline.ifc", changes=[{"option": "any", "value": 1}], out="baseline.ifc")
    await call("assess", path="../../etc/passwd")


def main() -> int:
    import anyio
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters

    from bldgagent.ifc.samples import sample_building

    ap = argparse.ArgumentParser()
    ap.add_argument("--workspace", type=Path, default=None)
    ap.add_argument("--in-process", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bldgagent-agent-") as tmp:
        ws = (args.workspace or Path(tmp)).resolve()
        ws.mkdir(parents=True, exist_ok=True)
        if not (ws / "baseline.ifc").exists():
            sample_building(path=ws / "baseline.ifc")
        if args.in_process:
            from bldgagent.agent.server import build_server
            target = build_server(ws)
        else:
            target = StdioServerParameters(command=sys.executable, cwd=str(ROOT),
                                           args=["-m", "bldgagent.cli", "mcp", "--workspace", str(ws)])

        async def run():
            async with Client(target) as client:
                await session(client, ws)

        anyio.run(run)
    return 0


if __name__ == "__main__":
    sys.exit(main())
