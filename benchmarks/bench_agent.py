"""The agent server's cache: first and second call of the same tool on the same model, through the SDK's
in-process client (what an agent's calls cost), and the size of ``assess`` summaries on the shared models.

The engines are warmed first on another model (numba compilation and packaged tables load once per process, which
is not what the cache saves). Target (issue 16): the second call at least 10x faster than the first.

``python benchmarks/bench_agent.py [--shared]`` (``--shared``: also assess every model in ../shared/data/ifc, climate Haikou,
and print its summary's compact JSON size; minutes).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_IFC = (ROOT / ".." / "shared" / "data" / "ifc").resolve()
sys.path.insert(0, str(ROOT))

TARGET_SPEEDUP = 10.0


def timed_calls(server, calls):
    """Wall time of each call (s) and the results, in order, over one client connection."""
    import anyio
    from mcp import Client

    async def run():
        out = []
        async with Client(server) as client:
            for name, args in calls:
                t0 = time.perf_counter()
                result = await client.call_tool(name, args)
                out.append((time.perf_counter() - t0, result))
        return out

    return anyio.run(run)


def cache_benchmark() -> float:
    from bldgagent.agent.server import build_server
    from bldgagent.ifc.samples import sample_building

    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp)
        sample_building(path=ws / "warm.ifc", storeys=1, width_m=8.0, depth_m=6.0, rooms_per_row=1)
        sample_building(path=ws / "sample.ifc")  # the 3-storey, 24 m x 12 m sample building
        server = build_server(ws)
        timed_calls(server, [("assess", {"path": "warm.ifc"})])  # engines warm
        calls = [("inspect_model", {"path": "sample.ifc"})] * 2 + [("assess", {"path": "sample.ifc"})] * 2 \
            + [("explain", {"path": "sample.ifc", "figure": "headline.b6_kgco2e_m2"})]
        (i1, r), (i2, _), (a1, _), (a2, _), (e1, _) = timed_calls(server, calls)
        assert not r.is_error
        print(f"inspect_model sample.ifc: first {i1:.2f} s, second {i2:.3f} s ({i1 / i2:.0f}x)")
        print(f"assess        sample.ifc: first {a1:.2f} s, second {a2:.3f} s ({a1 / a2:.0f}x)")
        print(f"explain after assess (same settings): {e1:.3f} s")
        return min(i1 / i2, a1 / a2)


def shared_summaries() -> int:
    from bldgagent.agent.digest import SUMMARY_MAX_BYTES, compact_size
    from bldgagent.agent.server import build_server

    server, worst = build_server(SHARED_IFC), 0
    for path in sorted(SHARED_IFC.glob("*.ifc")):
        args = {"path": path.name, "climate": "haikou"}  # ExampleHOM has no site location: one climate for all
        (t, r), (t2, rooms) = timed_calls(server, [("assess", args), ("assess", {**args, "detail": "rooms"})])
        size = compact_size(r.structured_content)
        worst = max(worst, size if not r.is_error else SUMMARY_MAX_BYTES)
        status = r.structured_content["error"]["message"] if r.is_error else (
            f"{size} bytes, {r.structured_content['health'].get('rooms_scored')} rooms; detail=rooms "
            f"{compact_size(rooms.structured_content)} bytes")
        print(f"assess summary {path.name}: {status} ({t:.1f} s, then {t2:.2f} s)")
    with tempfile.TemporaryDirectory() as tmp:  # a 100-room office: 5 storeys of 2 x 10 rooms
        from bldgagent.ifc.samples import sample_building

        sample_building(path=Path(tmp) / "office100.ifc", usage="office", storeys=5, width_m=60.0, depth_m=14.0,
                        rooms_per_row=10)
        (t, r), (_, rooms), (_, full) = timed_calls(build_server(tmp), [
            ("assess", {"path": "office100.ifc"}), ("assess", {"path": "office100.ifc", "detail": "rooms"}),
            ("assess", {"path": "office100.ifc", "detail": "full"})])
        size = compact_size(r.structured_content)
        worst = max(worst, size)
        print(f"assess summary office100.ifc (sample office): {size} bytes, "
              f"{r.structured_content['health']['rooms_scored']} rooms; detail=rooms "
              f"{compact_size(rooms.structured_content)} bytes; detail=full {compact_size(full.structured_content)} "
              f"bytes ({t:.1f} s)")
    print(f"largest summary {worst} bytes (limit {SUMMARY_MAX_BYTES})")
    return worst


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", action="store_true")
    args = ap.parse_args()
    speedup = cache_benchmark()
    ok = speedup >= TARGET_SPEEDUP
    print(f"second call speed-up {speedup:.0f}x (target >= {TARGET_SPEEDUP:g}x): {'ok' if ok else 'MISSED'}")
    if args.shared:
        from bldgagent.agent.digest import SUMMARY_MAX_BYTES

        ok = shared_summaries() < SUMMARY_MAX_BYTES and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
