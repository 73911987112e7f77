"""``bldgagent propose``: JSON contract through the CLI, --write-ifc/--pick, one-line errors (exit 2)."""
from __future__ import annotations

import json

import pytest

import bldgagent
from bldgagent.cli import main
from bldgagent.design import read_changes


@pytest.fixture(scope="module")
def sample_path(sample_ifc):
    return sample_ifc


def test_propose_json_and_write_pick(sample_path, tmp_path, capsys):
    out = tmp_path / "best.ifc"
    code = main(["propose", str(sample_path), "--climate", "haikou", "--budget", "16", "--top", "1",
                 "--refine-budget", "0", "--repair-budget", "2", "--json", "--write-ifc", str(out), "--pick", "1"])
    assert code == 0
    d = json.loads(capsys.readouterr().out)
    assert d["proposals"], d["rejected"]
    p = d["proposals"][0]
    assert p["rank"] == 1 and p["verified"] is True
    assert set(d["baseline"]["whole_life_kgco2e_m2"]) == {"en15978", "gbt51366"}
    assert p["physics"]["whole_life_kgco2e_m2"]["en15978"] < d["baseline"]["whole_life_kgco2e_m2"]["en15978"]
    assert d["written"] == {"pick": 1, "output": str(out), "changes": p["changes"]}
    assert d["search"]["repair_budget"] == 2 and 0 <= d["search"]["repair_runs"] <= 2
    assert read_changes(out) == p["changes"]
    assert bldgagent.load(out).name == bldgagent.load(sample_path).name


@pytest.mark.parametrize("argv, message", [
    (["--objectives", "health"], "the first objective ranks"),
    (["--objectives", "whole_life,beauty"], "unknown or no objective"),
    (["--margin", "80"], "margin=80.0"),
])
def test_propose_bad_input_is_one_line(sample_path, capsys, argv, message):
    assert main(["propose", str(sample_path), "--climate", "haikou", *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_write_ifc_onto_model_is_refused_before_work(sample_path, capsys):
    assert main(["propose", str(sample_path), "--write-ifc", str(sample_path)]) == 2
    assert "bldgagent propose: error:" in capsys.readouterr().err


def test_progress_stages_follow_the_messages():
    """propose's messages move the bar forward through its stages, never back (a refine round re-enters the search)."""
    from bldgagent.cli.propose import STAGES, _StageProgress

    seen = []
    progress = _StageProgress(type("S", (), {"start": lambda self, name: seen.append(name)})())
    for msg in ("baseline physics", "search (64 surrogate estimates)", "search: 8/64 estimates", "physics check 1",
                "physics outside the surrogate interval: refining", "search (64 surrogate estimates)",
                "physics check 2"):
        progress(msg)
    assert seen == list(STAGES[1:])
