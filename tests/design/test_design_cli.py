"""`bldgagent options --json` and `bldgagent apply --json`: the contracts of docs/design-json.md."""
from __future__ import annotations

from design_fixtures import sample, sample_path  # noqa: F401  (pytest fixtures)

import json
from pathlib import Path

import pytest

from bldgagent.cli import main

DOC = Path(__file__).resolve().parents[2] / "docs" / "design-json.md"
OPTION_KEYS = {"id", "label", "kind", "unit", "current", "applies_to", "source"}
APPLY_KEYS = {"model", "output", "changes", "changed", "changed_elements", "written", "headline", "deltas",
              "diagnostics"}


def _run(capsys, *argv):
    code = main(list(map(str, argv)))
    out, err = capsys.readouterr()
    return code, out, err


def test_options_json_contract(sample_path, capsys):
    code, out, _ = _run(capsys, "options", sample_path, "--json")
    assert code == 0
    rows = json.loads(out)
    doc = DOC.read_text()
    for row in rows:
        assert OPTION_KEYS <= set(row)
        assert row["kind"] in ("continuous", "choice")
        if row["kind"] == "continuous":
            lo, hi = row["bounds"]
            assert lo <= hi and isinstance(row["unit"], str)
        else:
            assert row["choices"] and row["unit"] is None
            assert row["current"] is None or row["current"] in row["choices"]
    for key in OPTION_KEYS | {"bounds", "choices"}:
        assert f"`{key}`" in doc
    ids = {r["id"] for r in rows}
    assert {"wall_insulation_thickness_m", "wwr_S", "glazing_type_N", "pv_area_m2"} <= ids


def test_apply_json_contract(sample_path, tmp_path, capsys):
    changes = tmp_path / "changes.json"
    changes.write_text(json.dumps({"wall_insulation_thickness_m": 0.2, "glazing_type_S": "triple_lowe"}))
    out_ifc = tmp_path / "out.ifc"
    code, out, _ = _run(capsys, "apply", sample_path, changes, "-o", out_ifc, "--json", "--climate", "haikou")
    assert code == 0 and out_ifc.exists()
    r = json.loads(out)
    assert APPLY_KEYS <= set(r)
    doc = DOC.read_text()
    for key in APPLY_KEYS:
        assert f"`{key}`" in doc
    assert {e["option"] for e in r["changed"]} == {"wall_insulation_thickness_m", "glazing_type_S"}
    assert len(r["changed_elements"]) == 24            # 12 external walls + 12 south windows
    d = r["deltas"]["final_energy_kwh"]
    assert d["delta"] == pytest.approx(d["b"] - d["a"])
    assert r["headline"]["after"]["final_energy_kwh"] == d["b"]


@pytest.mark.parametrize("content, words", [
    ('{"nope": 1}', "unknown option 'nope'"),
    ('{"wall_insulation_thickness_m": 2}', "outside its bounds"),
    ('[1, 2]', "expected a JSON object"),
    ('{oops', "not valid JSON"),
])
def test_apply_bad_input_one_line(sample_path, tmp_path, capsys, content, words):
    changes = tmp_path / "c.json"
    changes.write_text(content)
    code, out, err = _run(capsys, "apply", sample_path, changes, "-o", tmp_path / "o.ifc", "--no-assess")
    assert code == 2 and words in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o.ifc").exists()


def test_apply_refuses_input_as_output(sample_path, tmp_path, capsys):
    changes = tmp_path / "c.json"
    changes.write_text('{"shading_factor": 0.8}')
    code, _, err = _run(capsys, "apply", sample_path, changes, "-o", sample_path)
    assert code == 2 and "input" in err
