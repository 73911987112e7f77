"""The design tools' happy paths, run when this build has the design layer (``bldgagent.design`` with
``design_options`` and ``write_ifc``, and ``bldgagent.propose``); skipped otherwise (their error result without it
is tested in test_agent_tools.py)."""
from __future__ import annotations

import hashlib

import pytest

design = pytest.importorskip("bldgagent.design")
if not hasattr(design, "design_options") or not hasattr(design, "write_ifc"):
    pytest.skip("bldgagent.design lacks design_options/write_ifc", allow_module_level=True)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_list_design_options(call):
    result = call("list_design_options", {"path": "tiny.ifc"})
    assert not result.is_error, result.content[0].text
    assert result.structured_content["options"]


def test_propose_then_apply_writes_a_new_file_only(call, workspace):
    import bldgagent

    if not hasattr(bldgagent, "propose"):
        pytest.skip("bldgagent.propose is missing")
    proposals = call("propose_changes", {"path": "tiny.ifc", "n_proposals": 1})
    assert not proposals.is_error, proposals.content[0].text
    body = proposals.structured_content["proposals"]          # the Proposals JSON (docs/propose-json.md)
    assert body["baseline"]["whole_life_kgco2e_m2"]["en15978"] > 0
    first = body["proposals"][0]
    changes = first["apply_changes_input"]
    assert changes and {c["option"] for c in changes} == set(first["changes"])
    before = _digest(workspace / "tiny.ifc")
    written = call("apply_changes", {"path": "tiny.ifc", "changes": changes, "out": "tiny_v1.ifc"})
    assert not written.is_error, written.content[0].text
    assert written.structured_content["written"] == "tiny_v1.ifc" and (workspace / "tiny_v1.ifc").is_file()
    assert _digest(workspace / "tiny.ifc") == before  # the source is untouched
    again = call("apply_changes", {"path": "tiny.ifc", "changes": changes, "out": "tiny_v1.ifc"})
    assert again.is_error and "already exists" in again.structured_content["error"]["message"]
    assert not call("inspect_model", {"path": "tiny_v1.ifc"}).is_error


def test_apply_changes_from_listed_options(call, workspace):
    """An agent lists the options, picks a continuous one's upper bound, writes a new file; the source is untouched,
    the written file reads back with the change recorded, and a value out of bounds is an error result."""
    listed = call("list_design_options", {"path": "tiny.ifc"}).structured_content["options"]
    option = next(o for o in listed if o["kind"] == "continuous" and o["bounds"][1] != o.get("current"))
    before = _digest(workspace / "tiny.ifc")
    # changes travel as a list of {option, value} (OpenAI strict mode admits no free-form object keys)
    written = call("apply_changes", {"path": "tiny.ifc", "changes": [{"option": option["id"], "value": option["bounds"][1]}],
                                     "out": "tiny_bound.ifc"})
    assert not written.is_error, written.content[0].text
    assert (workspace / "tiny_bound.ifc").is_file() and _digest(workspace / "tiny.ifc") == before
    assert design.read_changes(workspace / "tiny_bound.ifc") == {option["id"]: option["bounds"][1]}
    bad = call("apply_changes", {"path": "tiny.ifc", "changes": [{"option": option["id"],
                                                                  "value": option["bounds"][1] * 1000 + 1}],
                                 "out": "tiny_bad.ifc"})
    assert bad.is_error and option["id"] in bad.structured_content["error"]["message"]
    assert not (workspace / "tiny_bad.ifc").exists()
