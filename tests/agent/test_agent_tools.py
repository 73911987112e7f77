"""Every tool through the SDK's in-process client: happy paths against the library (or a hand calculation), and
the errors an agent gets instead of a traceback."""
from __future__ import annotations

import json
import math
import os

import pytest

from bldgagent.agent.digest import SUMMARY_MAX_BYTES, compact_size

from conftest import call_all


def ok(result) -> dict:
    assert not result.is_error, result.content[0].text
    assert json.loads(result.content[0].text) == result.structured_content
    return result.structured_content


def err(result) -> dict:
    assert result.is_error
    e = result.structured_content["error"]
    assert e["message"] and e["hint"] and e["type"]
    assert "Traceback" not in result.content[0].text and "Hint:" in result.content[0].text
    return e


def close(a, b, rel=1e-5):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-6)


def test_list_tools_carries_schemas_and_annotations(session):
    import anyio
    from mcp import Client

    from bldgagent.agent.server import build_server

    async def run():
        async with Client(build_server(session.workspace, session=session)) as client:
            return (await client.list_tools()).tools

    tools = {t.name: t for t in anyio.run(run)}
    assert len(tools) == 11
    assert tools["assess"].annotations.read_only_hint is True
    assert tools["apply_changes"].annotations.read_only_hint is False
    assert tools["apply_changes"].annotations.destructive_hint is False
    assert tools["assess"].output_schema["properties"]["headline"] == {"type": "object"}
    assert tools["assess"].input_schema["properties"]["detail"]["enum"] == ["summary", "rooms", "full"]


def test_inspect_model(call):
    data = ok(call("inspect_model", {"path": "tiny.ifc"}))
    assert data["gross_floor_area_m2"] == 48.0  # 8 m x 6 m, one storey
    assert data["model"] == "tiny.ifc" and data["source"] == "tiny.ifc"  # no absolute path handed out
    assert len(data["storeys"]) == 1


def test_assess_summary_matches_the_library_and_is_cached(call, session, workspace):
    import bldgagent

    data = ok(call("assess", {"path": "tiny.ifc"}))
    assert compact_size(data) < SUMMARY_MAX_BYTES
    direct = bldgagent.assess(bldgagent.load(workspace / "tiny.ifc"), n_draws=0).headline()
    for key in ("final_energy_kwh", "embodied_kgco2e_m2", "b6_kgco2e_m2", "health_overall_score"):
        assert close(data["headline"][key], direct[key]), key
    hits = session.stats()["agent.views"]["hits"]
    again = ok(call("assess", {"path": "tiny.ifc", "detail": None}))
    assert again == data
    assert session.stats()["agent.views"]["hits"] == hits + 1


def test_assess_rooms_and_full(call):
    rooms = ok(call("assess", {"path": "tiny.ifc", "detail": "rooms"}))
    assert [r["room"] for r in rooms["rooms"]] == ["001 Living room"]
    full = ok(call("assess", {"path": "tiny.ifc", "detail": "full"}))
    assert set(full) >= {"headline", "energy", "carbon", "health", "building"}
    assert compact_size(full) > compact_size(rooms)


def test_assess_carbon_b6_scales_with_the_period(call):
    """Static grid factor: B6 over 25 years is half of B6 over 50; the embodied A1-A3 does not change."""
    c50 = ok(call("assess_carbon", {"path": "tiny.ifc"}))["carbon"]
    c25 = ok(call("assess_carbon", {"path": "tiny.ifc", "period_years": 25}))["carbon"]
    assert close(c25["totals"]["b6_kgco2e"] * 2, c50["totals"]["b6_kgco2e"])
    a13 = {r["module"]: r["kgco2e"] for r in c50["en15978"]}["A1-A3"]
    assert a13 == {r["module"]: r["kgco2e"] for r in c25["en15978"]}["A1-A3"] and a13 > 0


def test_assess_energy_sums(call):
    e = ok(call("assess_energy", {"path": "tiny.ifc"}))["energy"]
    final = sum(u["final_kwh"] for u in e["by_end_use"].values())
    assert close(sum(e["by_carrier"].values()), final, 1e-4)
    # per m2 of the named reference area, the gross floor area (issue 11, item 10), not the zones' net floor area
    assert e["reference_area"]["name"] == "gross floor area (GFA, ISO 9836)"
    assert close(e["per_m2"]["cooling_kwh_m2"], e["cooling_kwh"] / e["reference_area"]["value_m2"], 1e-4)
    assert len(e["monthly"]) == 12 or len(next(iter(e["monthly"].values()))) == 12


def test_assess_health(call):
    h = ok(call("assess_health", {"path": "tiny.ifc", "detail": "rooms"}))["health"]
    assert h["rooms_scored"] == 1 and len(h["rooms"]) == 1
    assert 0 <= h["overall"] <= 100 and all(0 <= s <= 100 for s in h["concepts"].values() if s is not None)


def test_list_climates(call):
    data = ok(call("list_climates", {"country": "chn"}))
    assert data["count"] == len(data["places"]) > 10
    assert {p["country"] for p in data["places"]} == {"CHN"}
    assert any(p["place"] == "Haikou" and p["name_zh"] == "海口" for p in data["places"])
    assert ok(call("list_climates", {"country": "XXX"}))["count"] == 0


def test_compare_deltas_are_b_minus_a(call):
    data = ok(call("compare", {"path_a": "tiny.ifc", "path_b": "tiny_b.ifc", "health": False}))
    rows = {r["metric"]: r for r in data["deltas"]}
    assert rows["gross_floor_area_m2"]["delta"] == 0  # the variant changes glazing only
    for r in data["deltas"]:
        if isinstance(r["a"], float) and isinstance(r["b"], float) and r["delta"] is not None:
            assert math.isclose(r["delta"], r["b"] - r["a"], rel_tol=1e-4, abs_tol=1e-3 * max(1, abs(r["a"]))), r
    some = ok(call("compare", {"path_a": "tiny.ifc", "path_b": "tiny_b.ifc", "health": False,
                               "metrics": ["final_energy_kwh"]}))
    assert [r["metric"] for r in some["deltas"]] == ["final_energy_kwh"]
    # more south glass in Haikou: more cooling, more final energy
    assert rows["cooling_kwh"]["delta"] > 0


def test_explain_b6(call):
    head = ok(call("assess", {"path": "tiny.ifc"}))["headline"]
    data = ok(call("explain", {"path": "tiny.ifc", "figure": "headline.b6_kgco2e_m2"}))
    assert data["value"] == head["b6_kgco2e_m2"] and data["unit"] == "kgCO2e/m2"
    assert data["inputs"]["headline.gross_floor_area_m2"] == 48.0
    # per m2 of the 48 m2 gross floor area, from the section total it names
    assert close(data["value"], data["inputs"]["carbon.b6.total_kgco2e"] / 48.0)
    assert data["method"].startswith("carbon.b6.total_kgco2e / headline.gross_floor_area_m2")
    assert any("MEE" in s for s in data["sources"].values())
    b6 = ok(call("explain", {"path": "tiny.ifc", "figure": "carbon.b6.total_kgco2e"}))
    assert "B6 = sum over carriers" in b6["method"]
    assert any("MEE" in s for s in b6["sources"].values())  # the CN grid factor's source, carried by the result
    a13 = ok(call("explain", {"path": "tiny.ifc", "figure": "carbon.en15978.A1-A3.kgco2e"}))
    assert a13["unit"] == "kgCO2e" and a13["value"] > 0
    assert any("GB/T 51366" in s for s in a13["sources"].values())
    e = err(call("explain", {"path": "tiny.ifc", "figure": "carbon.nonsense"}))
    assert "has no 'nonsense'" in e["message"] and "totals" in e["hint"]


def test_design_tools_without_the_design_module(call):
    try:
        import bldgagent.design  # noqa: F401
        pytest.skip("bldgagent.design is present: the design tools are tested with it")
    except ImportError:
        pass
    for name, args in (("list_design_options", {"path": "tiny.ifc"}), ("propose_changes", {"path": "tiny.ifc"}),
                       ("apply_changes", {"path": "tiny.ifc", "out": "v1.ifc",
                                          "changes": [{"option": "wall_insulation", "value": 0.2}]})):
        assert "not available in this build" in err(call(name, args))["message"]


@pytest.mark.parametrize("name, args, fragment", [
    ("assess", {"path": "../tiny.ifc"}, "outside the workspace"),
    ("inspect_model", {"path": "/etc/passwd"}, "outside the workspace"),
    ("inspect_model", {"path": "link_out.ifc"}, "outside the workspace"),
    ("inspect_model", {"path": "notes.ifc"}, "not an IFC-SPF file"),
    ("inspect_model", {"path": "readme.txt"}, "not a IFC model"),
    ("inspect_model", {"path": "sub"}, "is a folder"),
    ("assess", {"path": "tiny.ifc", "n_draws": 10 ** 9}, "greater than the maximum"),
    ("assess", {"path": "tiny.ifc", "n_draws": 50_000}, "above this server's limit of 10000"),
    ("assess", {"path": "tiny.ifc", "climate": "atlantis"}, "unknown place 'atlantis'"),
    ("assess", {"path": "tiny.ifc", "climate": "../../etc/x.epw"}, "outside the workspace"),
    ("assess", {"path": "tiny.ifc", "detail": "everything"}, "detail"),
    ("assess", {"path": "tiny.ifc", "command": "rm -rf /"}, "Additional properties"),
    ("apply_changes", {"path": "tiny.ifc", "out": "tiny_b.ifc", "changes": [{"option": "x", "value": 1}]},
     "already exists"),
    ("apply_changes", {"path": "tiny.ifc", "out": "../escape.ifc", "changes": [{"option": "x", "value": 1}]},
     "outside the workspace"),
    ("compare", {"path_a": "tiny.ifc", "path_b": "tiny.ifc"}, "the same file"),
    ("no_such_tool", {}, "no tool named"),
])
def test_hostile_inputs_are_error_results(call, workspace, name, args, fragment):
    link = workspace / "link_out.ifc"
    if not os.path.lexists(link):
        os.symlink(workspace.parent, link)
    assert fragment in err(call(name, args))["message"]


def test_two_clients_at_once_get_their_own_answers(workspace, session):
    """Two clients on one server, uncached, calling together: each gets what a lone call gets."""
    import anyio
    from mcp import Client

    from bldgagent.agent.server import build_server
    from bldgagent.agent.session import Session

    server = build_server(workspace, session=Session(workspace))
    answers = {}

    async def one(path):
        async with Client(server) as client:
            answers[path] = (await client.call_tool("assess", {"path": path, "health": False})).structured_content

    async def both():
        async with anyio.create_task_group() as tg:
            tg.start_soon(one, "tiny.ifc")
            tg.start_soon(one, "tiny_b.ifc")

    anyio.run(both)
    alone = build_server(workspace, session=session)
    for path in ("tiny.ifc", "tiny_b.ifc"):
        expected = call_all(alone, [("assess", {"path": path, "health": False})])[0].structured_content
        assert answers[path]["headline"] == expected["headline"]
    assert answers["tiny.ifc"]["headline"]["final_energy_kwh"] != answers["tiny_b.ifc"]["headline"]["final_energy_kwh"]


def test_time_limit_is_an_error_result(workspace):
    from bldgagent.agent.safety import Limits
    from bldgagent.agent.server import build_server

    server = build_server(workspace, Limits(max_seconds=0.05))
    e = err(call_all(server, [("assess", {"path": "tiny_b.ifc", "period_years": 7})])[0])
    assert e["type"] == "LimitError" and "longer than this server's limit of 0.05 s" in e["message"]


def test_a_bug_is_one_line_not_a_traceback(call, monkeypatch):
    from dataclasses import replace

    from bldgagent.agent import tools

    def broken(session, args):
        raise KeyError("boom")

    monkeypatch.setitem(tools.TOOLS, "list_climates", replace(tools.TOOLS["list_climates"], handler=broken))
    e = err(call("list_climates", {}))
    assert e["message"].startswith("internal error in list_climates: KeyError") and "bug" in e["hint"]


def test_summary_of_the_largest_shared_model_stays_small():
    """LargeBuilding.ifc (the largest shared office): the summary stays under 20 000 bytes of compact JSON and is
    smaller than the rooms detail (which adds one row per room); all shared models are measured in
    benchmarks/bench_agent.py."""
    from shared_data import SHARED_IFC

    from bldgagent.agent.server import build_server

    if not (SHARED_IFC / "LargeBuilding.ifc").is_file():
        pytest.skip("shared data not present")
    server = build_server(SHARED_IFC)
    summary, rooms = call_all(server, [("assess", {"path": "LargeBuilding.ifc", "climate": "haikou"}),
                                       ("assess", {"path": "LargeBuilding.ifc", "climate": "haikou",
                                                   "detail": "rooms"})])
    data = ok(summary)
    assert compact_size(data) < SUMMARY_MAX_BYTES
    assert compact_size(data) < compact_size(ok(rooms))
    assert data["health"]["rooms_scored"] == len(ok(rooms)["rooms"]) > 0


def test_epw_inside_the_workspace_is_used(call, workspace):
    """An EPW in the workspace (a copy of the shared Haikou CSWD file) is read: the answer names its station."""
    import shutil

    from shared_data import EPW_FILES, SHARED_EPW

    source = SHARED_EPW / EPW_FILES["haikou"]
    if not source.is_file():
        pytest.skip("shared data not present")
    (workspace / "weather").mkdir(exist_ok=True)
    shutil.copy(source, workspace / "weather" / "haikou.epw")
    data = ok(call("assess_energy", {"path": "tiny.ifc", "climate": "weather/haikou.epw"}))
    synthetic = ok(call("assess_energy", {"path": "tiny.ifc"}))
    assert "synthetic" not in data["settings"]["climate"] and "synthetic" in synthetic["settings"]["climate"]
    assert data["energy"]["cooling_kwh"] != synthetic["energy"]["cooling_kwh"]
    e = err(call("assess_energy", {"path": "tiny.ifc", "climate": "weather/missing.epw"}))
    assert "does not exist" in e["message"]
