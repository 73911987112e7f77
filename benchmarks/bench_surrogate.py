"""Surrogate throughput against the physics variant fast path, on the same variants, in the same run.

The 24-room sample building in Haikou; N design-change variants (``sample_design_changes``). Physics: each variant
through :class:`bldgagent.variants.VariantEvaluator` (energy only, ``health=False``: the fast path's simulation of
the zones). Surrogate: the shipped ensemble on the same variants' zone features, in one batched forward pass
(intervals and OOD flags included), timed on a design-search batch of ``--batch`` distinct variants whose
features come from :class:`bldgagent.surrogate.fast.VariantFeaturizer` (the baseline zoned once, each change
applied to the features analytically): the headline speed-up counts those features and the forward pass. Also
printed: the one-off featurizer set-up, and the speed-up if every variant were re-zoned
(``variant_features``). Target (issue 14): >= 1,000x.

``python benchmarks/bench_surrogate.py [--variants 5] [--batch 2000]``
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _timing import best_of  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--variants", type=int, default=5)
    ap.add_argument("--batch", type=int, default=2000)
    ap.add_argument("--model", default=None)
    a = ap.parse_args()
    import pandas as pd

    from bldgagent.climate import load_weather
    from bldgagent.ifc import load
    from bldgagent.ifc.samples import sample_building
    from bldgagent.surrogate.data import changes_to_options, sample_design_changes, variant_features
    from bldgagent.surrogate.ensemble import building_prediction
    from bldgagent.surrogate.fast import VariantFeaturizer
    from bldgagent.surrogate.store import load as load_model
    from bldgagent.variants import VariantEvaluator

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.ifc"
        sample_building(path=path)
        building = load(path)
    weather = load_weather("haikou")
    model = load_model(a.model)
    changes = [changes_to_options(c) for c in sample_design_changes(building, a.variants, 0)]
    ev = VariantEvaluator(building, weather, health=False, n_draws=0)
    t0 = time.perf_counter()
    for opts in changes:
        ev.evaluate(energy_options=opts)
    physics = (time.perf_counter() - t0) / len(changes)
    t0 = time.perf_counter()
    frames = []
    for i, opts in enumerate(changes):
        f = variant_features(building, weather, opts)
        f.insert(0, "case_id", i)
        frames.append(f)
    features = (time.perf_counter() - t0) / len(changes)
    rows = pd.concat(frames, ignore_index=True)
    t0 = time.perf_counter()
    fz = VariantFeaturizer(building, weather)
    setup = time.perf_counter() - t0
    search = sample_design_changes(building, a.batch, 1)
    names = model.meta["features"]

    def fast_batch():
        r = fz.frame(search)
        return building_prediction(model, r[names], r["case_id"].to_numpy(), r["floor_area_m2"].to_numpy())

    t, _ = best_of(fast_batch, 3)
    surrogate = t / len(search)
    r = fz.frame(search)
    tm, _ = best_of(lambda: building_prediction(model, r[names], r["case_id"].to_numpy(),
                                                r["floor_area_m2"].to_numpy()), 3)
    model_only = tm / len(search)
    print(f"{len(changes)} variants of the sample building ({rows['zone'].nunique()} zones) in Haikou")
    print(f"physics fast path (VariantEvaluator, energy): {physics * 1000:9.1f} ms/variant  {1 / physics:10.1f} /s")
    print(f"surrogate, batch of {len(search)} variants (features + model): {surrogate * 1000:9.4f} ms/variant  "
          f"{1 / surrogate:10.0f} /s  (model alone {model_only * 1000:.4f} ms)")
    print(f"featurizer set-up (once per building and climate): {setup * 1000:9.1f} ms")
    print(f"re-zoning each variant instead (variant_features): {features * 1000:9.1f} ms/variant")
    print(f"speed-up: {physics / surrogate:,.0f}x (features + model, batched), {physics / model_only:,.0f}x (model "
          f"alone), {physics / (surrogate + features):,.1f}x (re-zoning every variant)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
