"""propose() on the sample building in three contrasting climates: physics-verified carbon below the baseline,
every room within the margin, the JSON equal to an assessment of the written IFC, determinism for a seed.

Small budgets keep the suite short (the CLI default is 64 estimates); the done-when figures at full budget are in
docs/propose-json.md and benchmarks/bench_propose.py.
"""
from __future__ import annotations

import json

import pytest

import bldgagent
from bldgagent.cli import main
from bldgagent.design import read_changes, write_ifc
from bldgagent.propose.verify import GUARDED_CONCEPTS, room_table

#: hot-humid (GB 50176 hot summer warm winter), severe cold (GB 50176 zone 1), temperate European (Koppen Cfb).
CLIMATES = ("haikou", "harbin", "london")
SMALL = {"budget": 24, "top": 1, "verify_extra": 3, "refine_budget": 0, "n_draws": 0}


@pytest.fixture(scope="module")
def sample_path(sample_ifc):
    return sample_ifc


@pytest.fixture(scope="module")
def sample(sample_path):
    return bldgagent.load(sample_path)


@pytest.fixture(scope="module")
def results(sample):
    return {c: bldgagent.propose(sample, c, **SMALL) for c in CLIMATES}


@pytest.mark.parametrize("climate", CLIMATES)
def test_top_proposal_cuts_carbon_and_keeps_rooms(results, climate):
    r = results[climate]
    assert r.proposals, [x["violations"][:2] for x in r.rejected]
    top, base = r.proposals[0], r.baseline
    assert top["verified"] is True and top["violations"] == []
    for m in ("en15978", "gbt51366"):
        assert top["physics"]["whole_life_kgco2e_m2"][m] < base["whole_life_kgco2e_m2"][m]
        assert top["deltas"]["whole_life_kgco2e_m2"][m] == pytest.approx(
            top["physics"]["whole_life_kgco2e_m2"][m] - base["whole_life_kgco2e_m2"][m])
    assert r.search["physics_runs"] >= 2          # the baseline and at least the returned proposal


def test_json_matches_assessment_of_written_ifc(results, sample, sample_path, tmp_path, capsys):
    """Haikou: the written IFC, assessed by the `assess` command on its own, gives the JSON's numbers to 1 %;
    its rooms keep every guarded concept within the margin of the baseline's."""
    r = results["haikou"]
    top = json.loads(r.to_json())["proposals"][0]
    out = tmp_path / "proposal.ifc"
    write_ifc(sample_path, top["changes"], out)
    changes = read_changes(out)
    assert changes == top["changes"]
    # as a user runs it: `bldgagent assess OUT.ifc --climate haikou --json` (plant and operation changes come back
    # from the file's Pset_BldgAgentOperation, nothing passed beside it)
    assert main(["assess", str(out), "--climate", "haikou", "--json", "--draws", "0", "--quiet"]) == 0
    h = json.loads(capsys.readouterr().out)["headline"]
    a = bldgagent.assess(bldgagent.load(out), "haikou", n_draws=0)
    assert a.headline()["whole_life_en15978_kgco2e_m2"] == pytest.approx(h["whole_life_en15978_kgco2e_m2"], rel=1e-9)
    ph = top["physics"]
    assert h["whole_life_en15978_kgco2e_m2"] == pytest.approx(ph["whole_life_kgco2e_m2"]["en15978"], rel=0.01)
    assert h["gbt51366_total_kgco2e_m2"] == pytest.approx(ph["whole_life_kgco2e_m2"]["gbt51366"], rel=0.01)
    assert h["final_energy_kwh_m2"] == pytest.approx(ph["energy_kwh_m2"], rel=0.01)
    assert h["health_overall_score"] == pytest.approx(ph["health_score"], rel=0.01)
    base = room_table(bldgagent.assess(sample, "haikou", n_draws=0))
    after = room_table(a)
    for c in GUARDED_CONCEPTS:
        drop = (base[c] - after[c].reindex(base.index)).dropna()
        assert (drop <= r.margin + 1e-9).all(), (c, drop.max())


def test_contract_keys(results):
    d = results["haikou"].to_dict()
    for block in (d["baseline"], d["proposals"][0]["physics"], d["proposals"][0]["surrogate"]):
        assert set(block["whole_life_kgco2e_m2"]) == {"en15978", "gbt51366"}
        assert "health_score" in block and "energy_kwh_m2" in block
        assert block["reference_area"]["name"] == "gross floor area"
    p = d["proposals"][0]
    assert {"changes", "verified", "physics", "surrogate", "deltas", "changes_in_words", "within_interval"} <= set(p)
    lo, hi = p["surrogate"]["whole_life_interval_90_kgco2e_m2"]["en15978"]
    assert lo <= p["surrogate"]["whole_life_kgco2e_m2"]["en15978"] <= hi
    frame = results["haikou"].to_frame()
    assert frame.loc[0, "whole_life_en15978_kgco2e_m2"] == p["physics"]["whole_life_kgco2e_m2"]["en15978"]
    ab = results["haikou"].abatement_frame()
    assert list(ab["saved_en15978_kgco2e_m2"]) == sorted(ab["saved_en15978_kgco2e_m2"], reverse=True)
    assert set(ab["option"]) <= set(p["changes"])


def test_same_seed_same_proposals(results, sample):
    """A second run with the same seed returns the same change sets, physics figures and estimate count."""
    again = bldgagent.propose(sample, "haikou", **SMALL)
    first = results["haikou"]
    assert [p["changes"] for p in again.proposals] == [p["changes"] for p in first.proposals]
    assert [p["physics"]["whole_life_kgco2e_m2"] for p in again.proposals] == \
        [p["physics"]["whole_life_kgco2e_m2"] for p in first.proposals]
    assert again.search["estimates"] == first.search["estimates"]
