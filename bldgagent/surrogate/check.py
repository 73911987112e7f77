"""Check a surrogate on one building before trusting it: N random variants, surrogate vs physics, in the same run.

The JSON contract (docs/surrogate.md): ``outputs`` keyed by output name (``heating_kwh_m2`` and ``cooling_kwh_m2``,
the building's annual demands, first) each with ``r2``, ``cv_rmse``, ``nmbe``, ``coverage_90`` as fractions;
top-level ``speedup``, ``n_samples`` (physics runs that succeeded), ``ood_share`` (share of variants flagged).
"""
from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd

from ..errors import BldgAgentError, InputValueError
from .metrics import scores


def variant_rows(building, weather, changes: list[dict], seed: int = 0) -> tuple[pd.DataFrame, list[str], float]:
    """Physics rows of each change set (``case_id`` = variant number): ``(rows, errors, physics seconds)``."""
    from .data import changes_to_options, physics_rows

    frames, errors, physics_s = [], [], 0.0
    for i, ch in enumerate(changes):
        try:
            frame = physics_rows(building, weather, [changes_to_options(ch)], seed=seed)[0]
        except BldgAgentError as exc:
            errors.append(f"variant {i}: {exc}")
            continue
        physics_s += frame.attrs["physics_s"]
        frame.insert(0, "case_id", i)
        frames.append(frame)
    if not frames:
        raise InputValueError(f"surrogate check: no variant could be simulated; first error: {errors[0]}")
    return pd.concat(frames, ignore_index=True), errors, physics_s


def compare(model, rows: pd.DataFrame) -> tuple[dict[str, Any], float, np.ndarray]:
    """Building-level scores per output of ``model`` on physics ``rows``: ``(outputs, predict seconds, ood)``."""
    from .ensemble import building_prediction
    from .targets import building_figures

    X = rows[model.meta["features"]]
    groups, area = rows["case_id"].to_numpy(), rows["floor_area_m2"].to_numpy()
    t0 = time.perf_counter()
    _, pred = building_prediction(model, X, groups, area)
    predict_s = time.perf_counter() - t0
    _, truth = building_figures(rows[model.meta["targets"]].to_numpy(dtype=float), area, groups)
    outputs = {}
    for j, name in enumerate(model.meta["targets"]):
        s = scores(truth[:, j], pred.mean[:, j], pred.lo90[:, j], pred.hi90[:, j])
        s["physics_mean"] = float(np.nanmean(truth[:, j]))
        s["surrogate_mean"] = float(np.mean(pred.mean[:, j]))
        outputs[name] = s
    return outputs, predict_s, pred.ood


def check(building, climate=None, *, model=None, samples: int = 20, seed: int = 0) -> dict[str, Any]:
    """Draw ``samples`` design-change variants of ``building`` in ``climate``, run the physics and the surrogate,
    and score the surrogate (see the module docstring for the keys). ``model``: an EnsembleSurrogate or a model
    directory (default the shipped model)."""
    from ..energy.assess import weather_for
    from .data import engine_version, sample_design_changes
    from .store import load

    if not isinstance(samples, int) or isinstance(samples, bool) or samples < 2:
        raise InputValueError(f"surrogate check: samples={samples!r}; give a whole number of at least 2 (R2 needs "
                              "two variants)")
    model = load(model) if model is None or not hasattr(model, "predict") else model
    weather = weather_for(building, climate, seed=seed)
    changes = sample_design_changes(building, samples, seed)
    rows, errors, physics_s = variant_rows(building, weather, changes, seed=seed)
    n = int(rows["case_id"].nunique())
    outputs, predict_s, ood = compare(model, rows)
    t0 = time.perf_counter()
    for _ in range(5):                      # the forward pass is short: time it 5 times for a stable figure
        compare(model, rows)
    predict_s = min(predict_s, (time.perf_counter() - t0) / 5)
    feature_s = _feature_seconds(building, weather, changes[:min(3, len(changes))])
    setup_s, fast_s = _fast_seconds(model, building, weather, changes)
    per_physics = physics_s / n
    per_surrogate = predict_s / n
    return {
        "building": building.name, "climate": weather.source, "n_requested": samples, "n_samples": n,
        "failed": errors, "outputs": outputs, "ood_share": float(np.mean(ood)),
        "speedup": per_physics / max(fast_s, 1e-12),
        "speedup_model": per_physics / max(per_surrogate, 1e-12),
        "speedup_with_features": per_physics / max(per_surrogate + feature_s, 1e-12),
        "physics_s_per_variant": per_physics, "surrogate_s_per_variant": fast_s,
        "model_s_per_variant": per_surrogate, "features_s_per_variant": feature_s,
        "featurizer_setup_s": setup_s,
        "engine_version": engine_version(), "model_engine_version": getattr(model, "engine_version", None),
    }


def _fast_seconds(model, building, weather, changes) -> tuple[float, float]:
    """Seconds to set up a :class:`~.fast.VariantFeaturizer` (once per building and climate) and seconds per
    variant of its features + the batched forward pass (best of 5): what a design search pays per variant."""
    from .fast import predict_variants, VariantFeaturizer

    t0 = time.perf_counter()
    fz = VariantFeaturizer(building, weather)
    setup = time.perf_counter() - t0
    best = np.inf
    for _ in range(5):
        t0 = time.perf_counter()
        predict_variants(model, building, weather, changes, featurizer=fz)
        best = min(best, time.perf_counter() - t0)
    return setup, best / len(changes)


def _feature_seconds(building, weather, changes) -> float:
    """Seconds per variant to build the zones and their features (no simulation)."""
    from .data import changes_to_options, variant_features

    t0 = time.perf_counter()
    for ch in changes:
        variant_features(building, weather, changes_to_options(ch))
    return (time.perf_counter() - t0) / max(len(changes), 1)
