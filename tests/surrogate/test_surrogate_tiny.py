"""End to end in seconds: tiny generated data set -> ensemble -> predictions with intervals -> save/load."""
from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from bldgagent.errors import InputFileError
from bldgagent.surrogate.data import draw_cases, generate, read_parquet, write_parquet
from bldgagent.surrogate.features import FEATURE_SCHEMA_VERSION
from bldgagent.surrogate.store import EngineVersionWarning, load
from bldgagent.surrogate.targets import TARGETS
from bldgagent.surrogate.train import evaluate, fit_rows

SMALL = {"storeys": (1, 1), "width_m": (8.0, 12.0), "depth_m": (6.0, 8.0)}
PLACES = ["Haikou", "Beijing", "Harbin", "Kunming", "Madrid", "London"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    cases = draw_cases(4, climates_per_building=1, changes_per_case=2, seed=11, places=PLACES, shares=(0.5, 0.2, 0.3),
                       ranges=SMALL)
    rows, errors = generate(cases, scheduler="serial")
    path = write_parquet(rows, tmp_path_factory.mktemp("data") / "tiny.parquet", seed=11)
    return cases, rows, errors, path


def test_generation_is_seeded_and_split_by_building_and_climate(tiny):
    cases, rows, errors, _ = tiny
    assert errors == []
    again = draw_cases(4, climates_per_building=1, changes_per_case=2, seed=11, places=PLACES,
                       shares=(0.5, 0.2, 0.3), ranges=SMALL)
    assert [(c.case_id, c.changes) for c in again] == [(c.case_id, c.changes) for c in cases]
    # every building and every place belongs to one split only
    assert rows.groupby("building_id")["split"].nunique().max() == 1
    assert rows.groupby("climate")["split"].nunique().max() == 1
    # 4 cases x 2 change sets = 8 physics runs, one row per zone
    assert rows["case_id"].nunique() == 8
    assert set(TARGETS) <= set(rows.columns)
    assert np.isfinite(rows[list(TARGETS)].to_numpy(dtype=float)).all()


def test_parquet_keeps_engine_version_and_schema(tiny):
    *_, path = tiny
    rows, meta = read_parquet(path)
    assert meta["engine_version"] and meta["feature_schema"] == FEATURE_SCHEMA_VERSION and meta["seed"] == 11
    assert "infiltration_ach" in meta["change_ranges"]


def test_tiny_ensemble_trains_predicts_and_round_trips(tiny, tmp_path):
    _, rows, _, _ = tiny
    model = fit_rows(rows, members=5, epochs=30, hidden=16)
    feats = rows[model.meta["features"]]
    pred = model.predict(feats)
    n, t = len(rows), len(model.meta["targets"])
    assert pred.mean.shape == (n, t) and pred.members.shape == (5, n, t)
    assert (pred.lo90 <= pred.mean + 1e-9).all() and (pred.mean <= pred.hi90 + 1e-9).all()
    assert (pred.std > 0).all()
    # the training rows themselves are in distribution by the range test
    assert model.predict(feats).ood.dtype == bool
    far = feats.copy()
    far["clim_temp_m01_c"] = 60.0                      # a January at 60 C is outside every training range
    flagged = model.predict(far)
    assert flagged.ood.all() and "clim_temp_m01_c" in flagged.ood_reasons[0]
    metrics = evaluate(model, rows)
    assert set(metrics["buildings"]) == set(model.meta["targets"])
    model.save(tmp_path / "m")
    again = load(tmp_path / "m")
    np.testing.assert_allclose(again.predict(feats).mean, pred.mean, rtol=1e-6)


def test_other_engine_version_warns_and_missing_model_is_an_input_error(tiny, tmp_path):
    _, rows, _, _ = tiny
    model = fit_rows(rows, members=5, epochs=2, hidden=8)
    model.save(tmp_path / "m")
    card = json.loads((tmp_path / "m" / "model.json").read_text())
    card["engine_version"] = "0.0.1"
    (tmp_path / "m" / "model.json").write_text(json.dumps(card))
    with pytest.warns(EngineVersionWarning, match="0.0.1"):
        load(tmp_path / "m")
    with pytest.raises(InputFileError, match="no surrogate model"):
        load(tmp_path / "nothing")


def test_engine_version_carries_the_physics_revision_and_a_pre_revision_model_warns(tiny, tmp_path):
    from bldgagent import __version__
    from bldgagent.energy.revision import HISTORY, PHYSICS_REVISION
    from bldgagent.surrogate.data import engine_version

    # the package version alone does not move when the physics does: the revision is part of the engine version
    assert engine_version() == f"{__version__}+physics.{PHYSICS_REVISION}"
    assert PHYSICS_REVISION == max(HISTORY) >= 2
    _, rows, _, _ = tiny
    model = fit_rows(rows, members=5, epochs=2, hidden=8)
    model.save(tmp_path / "m")
    card = json.loads((tmp_path / "m" / "model.json").read_text())
    assert card["engine_version"] == engine_version()
    with warnings.catch_warnings():
        warnings.simplefilter("error", EngineVersionWarning)
        load(tmp_path / "m")                                    # same engine: silent
    card["engine_version"] = __version__                         # what a model trained before revision 2 recorded
    (tmp_path / "m" / "model.json").write_text(json.dumps(card))
    with pytest.warns(EngineVersionWarning, match=r"trained on engine 0\.1\.0 .*this is engine 0\.1\.0\+physics"):
        load(tmp_path / "m")


def test_warm_start_keeps_what_the_initial_model_predicts_and_learns_new_inputs(tiny):
    from bldgagent.surrogate.estimate import COLUMNS
    from bldgagent.surrogate.features import add_derived, feature_names

    _, rows, _, _ = tiny
    rows = add_derived(rows.copy())
    feats = feature_names(rows)
    old_feats = [f for f in feats if f not in COLUMNS]             # a schema-2 model: no estimate, no neighbours
    targets = list(TARGETS)
    init = fit_rows(rows.drop(columns=[c for c in COLUMNS if c in rows.columns]), members=5, epochs=4, hidden=8)
    assert init.meta["features"] == old_feats
    # learning rate 0: the warm model is the initial one (new inputs start at weight 0, kept normalisation)
    from bldgagent.surrogate.ensemble import EnsembleSurrogate

    from bldgagent.surrogate.train import split_rows

    tr = split_rows(rows)["train"]                                  # the rows init learnt (same output clipping)
    warm = EnsembleSurrogate(members=5, hidden=8, epochs=1, lr=0.0).fit(tr[feats], tr[targets], init=init)
    assert warm.meta["warm_start"]["features_new"] == len(feats) - len(old_feats) > 0
    np.testing.assert_allclose(warm.predict(rows[feats]).mean, init.predict(rows[feats]).mean, rtol=1e-5)
    # trained further, the new inputs get weights
    warm = EnsembleSurrogate(members=5, hidden=8, epochs=3).fit(rows[feats], rows[targets], init=init)
    new = [feats.index(c) for c in feats if c not in old_feats]
    assert float(warm.net.params["w0"].detach()[:, new, :].abs().sum()) > 0
    with pytest.raises(Exception, match="same members"):
        EnsembleSurrogate(members=3, hidden=8, epochs=1).fit(rows[feats], rows[targets], init=init)
