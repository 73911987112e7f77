"""Refine a surrogate on one building by active learning: simulate the variants the ensemble disagrees on most.

Westermann & Evins (Energy and AI 3, 2021) sent the most uncertain samples to the simulator; here the candidates are
design-change variants of the building, ranked by the members' spread of the building's heating and cooling demand
(relative to their mean), simulated in rounds and used to fine-tune every member. The report scores the model
before and after on variants it never trained on (drawn with another seed).
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputValueError


def _disagreement(model, feats: pd.DataFrame) -> np.ndarray:
    """Members' relative spread of the building heating + cooling demand per candidate (``case_id``)."""
    from .ensemble import building_prediction

    _, pred = building_prediction(model, feats[model.meta["features"]], feats["case_id"].to_numpy(),
                                  feats["floor_area_m2"].to_numpy())
    j = [model.meta["targets"].index(t) for t in ("heating_kwh_m2", "cooling_kwh_m2")]
    spread = pred.members[:, :, j].std(axis=0)
    scale = np.abs(pred.mean[:, j]).mean(axis=0) + 1e-6
    return (spread / scale).sum(axis=1)


def refine(building, climate=None, *, model=None, budget: int = 50, rounds: int = 2, holdout: int = 20,
           candidates: int | None = None, epochs: int = 150, seed: int = 0) -> tuple[Any, dict[str, Any]]:
    """Spend ``budget`` physics runs on the most uncertain variants of ``building`` and fine-tune:
    ``(refined model, report)``; the report holds building-level scores ``before``/``after`` on ``holdout``
    unseen variants and the runs used."""
    from ..energy.assess import weather_for
    from .check import compare, variant_rows
    from .data import changes_to_options, sample_design_changes, variant_features
    from .ensemble import fine_tune
    from .store import load

    if not isinstance(budget, int) or budget < 1 or budget > 10000:
        raise InputValueError(f"refine: budget={budget!r}; give a whole number of physics runs (1-10000)")
    model = load(model) if model is None or not hasattr(model, "predict") else model
    weather = weather_for(building, climate, seed=seed)
    pool = sample_design_changes(building, candidates or max(4 * budget, 20), seed + 1000)
    feats = []
    for i, ch in enumerate(pool):
        f = variant_features(building, weather, changes_to_options(ch))
        f.insert(0, "case_id", i)
        feats.append(f)
    feats = pd.concat(feats, ignore_index=True)
    test_rows, _, _ = variant_rows(building, weather, sample_design_changes(building, holdout, seed + 2000), seed)
    before, _, _ = compare(model, test_rows)
    chosen: list[int] = []
    train = []
    refined = model
    for r in range(max(rounds, 1)):
        k = budget // max(rounds, 1) + (1 if r < budget % max(rounds, 1) else 0)
        left = feats[~feats["case_id"].isin(chosen)]
        if k == 0 or left.empty:
            continue
        score = _disagreement(refined, left)
        ids = np.unique(left["case_id"].to_numpy())[np.argsort(-score)[:k]]
        rows, _, _ = variant_rows(building, weather, [pool[i] for i in ids], seed)
        chosen += [int(i) for i in ids]
        train.append(rows)
        data = pd.concat(train, ignore_index=True)
        refined = fine_tune(model, data[model.meta["features"]], data[model.meta["targets"]], epochs=epochs)
    after, _, _ = compare(refined, test_rows)
    return refined, {"budget": budget, "physics_runs": len(chosen), "holdout": int(test_rows["case_id"].nunique()),
                     "before": before, "after": after}
