"""Generate the surrogate's training data and train the shipped deep ensemble (models/surrogate/).

    python scripts/train_surrogate.py --buildings 160 --scheduler processes --workers 2     # data + training
    python scripts/train_surrogate.py --generate-only --data /tmp/surrogate.parquet
    python scripts/train_surrogate.py --train-only --data /tmp/surrogate.parquet

Seeded: the same arguments give the same data set. Writes the Parquet (engine version and feature schema in its
metadata), the model (safetensors + JSON) and ``metrics.json`` (held-out figures, split by building AND climate).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--buildings", type=int, default=160)
    p.add_argument("--climates-per-building", type=int, default=2)
    p.add_argument("--changes-per-case", type=int, default=3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--batch", type=int, default=0, help="another set of buildings, same place split (data.draw_cases)")
    p.add_argument("--scheduler", default="processes", help="serial, processes, dask or tcp://host:port")
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--data", default=str(ROOT / "build" / "surrogate-data.parquet"))
    p.add_argument("--also", nargs="*", default=[], help="more data sets (other --batch runs) trained on together")
    p.add_argument("--out", default=str(ROOT / "models" / "surrogate"))
    p.add_argument("--members", type=int, default=5)
    p.add_argument("--epochs", type=int, default=300)
    p.add_argument("--hidden", type=int, default=64, help="units per hidden layer (64: the shipped model)")
    p.add_argument("--lr", type=float, default=3e-3, help="AdamW learning rate (1e-3 for a warm start)")
    p.add_argument("--calib-folds", type=int, default=3,
                   help="cross-conformal folds over training places (0: val only)")
    p.add_argument("--chunk", type=int, default=16, help="cases per chunk written to <data>.parts/")
    p.add_argument("--init", default=None, help="warm start from this model directory (same members, hidden size "
                   "and outputs; inputs it lacks start at weight 0)")
    p.add_argument("--generate-only", action="store_true")
    p.add_argument("--train-only", action="store_true")
    a = p.parse_args(argv)
    import pandas as pd

    from bldgagent.surrogate.data import draw_cases, generate, read_parquet, write_parquet

    if not a.train_only:
        t0 = time.perf_counter()
        cases = draw_cases(a.buildings, climates_per_building=a.climates_per_building,
                           changes_per_case=a.changes_per_case, seed=a.seed,
                           batch=a.batch)
        parts = Path(str(a.data) + ".parts")
        parts.mkdir(parents=True, exist_ok=True)
        errors: list[str] = []
        for k in range(0, len(cases), a.chunk):                  # chunks on disk: an interrupted run keeps its data
            part = parts / f"part-{k // a.chunk:04d}.parquet"
            if part.exists():
                continue
            rows, errs = generate(cases[k:k + a.chunk], scheduler=a.scheduler, workers=a.workers, progress=False)
            errors += errs
            rows.to_parquet(part)
            print(f"  {min(k + a.chunk, len(cases))}/{len(cases)} cases, {time.perf_counter() - t0:.0f} s", flush=True)
        rows = pd.concat([pd.read_parquet(f) for f in sorted(parts.glob("part-*.parquet"))], ignore_index=True)
        wall = time.perf_counter() - t0
        write_parquet(rows, a.data, seed=a.seed, buildings=a.buildings, cases=len(cases), failed=errors,
                      generation_wall_s=round(wall, 1), scheduler=a.scheduler, workers=a.workers,
                      batch=a.batch)
        print(f"data: {len(cases)} cases, {rows['case_id'].nunique()} physics runs, {len(rows)} zone rows, "
              f"{len(errors)} failed, {wall:.0f} s wall -> {a.data}")
        for e in errors[:5]:
            print("  failed:", e)
    if a.generate_only:
        return 0
    from bldgagent.surrogate.train import train_and_evaluate

    rows, meta = read_parquet(a.data)
    sets = [meta]
    for extra in a.also:
        more, m2 = read_parquet(extra)
        rows = pd.concat([rows, more], ignore_index=True)
        sets.append(m2)
    init = None
    if a.init:
        import warnings

        from bldgagent.surrogate.store import EngineVersionWarning, load

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", EngineVersionWarning)      # an older engine's model is the point
            init = load(a.init)
    t0 = time.perf_counter()
    model, metrics = train_and_evaluate(rows, members=a.members, epochs=a.epochs, seed=a.seed, hidden=a.hidden,
                                        calib_folds=a.calib_folds, init=init, lr=a.lr)
    metrics["training_wall_s"] = round(time.perf_counter() - t0, 1)
    metrics["training_cpu_s"] = round(time.process_time(), 1)
    metrics["warm_start"] = model.meta.get("warm_start")
    metrics["data"] = [{k: m.get(k) for k in ("seed", "batch", "buildings", "cases", "generation_wall_s", "scheduler",
                                              "workers", "building_ranges", "change_ranges")} for m in sets]
    model.save(a.out)
    Path(a.out, "metrics.json").write_text(json.dumps(metrics, indent=1))
    print(json.dumps(metrics["test"], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
