"""The fast feature path for design variants equals full re-zoning, and predicts many variants in one pass."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bldgagent.climate import load_weather
from bldgagent.errors import InputValueError
from bldgagent.ifc import load as load_ifc
from bldgagent.ifc.samples import sample_building
from bldgagent.surrogate.data import changes_to_options, sample_design_changes, variant_features
from bldgagent.surrogate.fast import AFFINE, VariantFeaturizer, predict_variants


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    path = tmp_path_factory.mktemp("fast") / "house.ifc"
    sample_building(path=path, storeys=1)
    return load_ifc(path), load_weather("harbin")


def test_fast_features_equal_re_zoning_every_variant(case):
    building, weather = case
    fz = VariantFeaturizer(building, weather)
    changes = sample_design_changes(building, 3, 11)
    fast = fz.frame(changes, start_id=7)
    slow = pd.concat([variant_features(building, weather, changes_to_options(c)) for c in changes], ignore_index=True)
    assert list(fast["case_id"]) == list(np.repeat([7, 8, 9], len(slow) // 3))
    for col in slow.columns.drop("zone"):
        np.testing.assert_allclose(fast[col].to_numpy(), slow[col].to_numpy(), rtol=1e-9, atol=1e-12, err_msg=col)
    # the changes did move the features the fast path updates (a test of constants would pass trivially)
    for col in list(AFFINE) + ["infiltration_ach", "heat_recovery", "h_total_w_k_m2"]:
        assert fast[col].nunique() > 1, col


def test_fast_path_hand_check_of_window_ua(case):
    # ua_win = sum(A_win U) / A_floor: forcing U = 1.0 then 3.0 W/m2K on the same windows triples it exactly
    building, weather = case
    fz = VariantFeaturizer(building, weather)
    base = dict(fz.reference)
    f = fz.frame([{**base, "window_u_w_m2k": 1.0}, {**base, "window_u_w_m2k": 3.0}])
    one, three = (f.loc[f["case_id"] == i, "ua_win_w_k_m2"].to_numpy() for i in (0, 1))
    assert one.min() > 0
    np.testing.assert_allclose(three, 3.0 * one, rtol=1e-12)


def test_predict_variants_one_pass_and_bad_input(case):
    from bldgagent.surrogate.store import load

    building, weather = case
    model = load()
    changes = sample_design_changes(building, 4, 3)
    ids, pred = predict_variants(model, building, weather, changes)
    assert list(ids) == [0, 1, 2, 3] and pred.mean.shape == (4, len(model.meta["targets"]))
    assert np.isfinite(pred.mean).all() and (pred.lo90 <= pred.mean).all() and (pred.mean <= pred.hi90).all()
    with pytest.raises(InputValueError, match="window_g"):
        VariantFeaturizer(building, weather).frame([{k: v for k, v in changes[0].items() if k != "window_g"}])
