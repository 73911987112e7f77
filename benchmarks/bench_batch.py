"""Throughput of the batch path: serial, local processes and a Dask LocalCluster, on the same items in one run.

Two workloads: the shared models (``../shared/data/ifc``, each assessed once in Haikou) and design variants of the
24-room sample building (``--variants N`` change sets drawn by ``bldgagent.design.sample_changes``). Each scheduler's
table is checked equal to the serial one (rows are deterministic). Prints items per second and the speed-up over
serial measured in the same run.

On this 2-core machine two worker processes can give at most 2x over serial; a worker process also pays its own
start-up (imports, numba compilation of the kernels, the weather), which short batches do not amortise. On a node
with more cores the items are independent, so expect the speed-up to grow with the worker count until memory or the
scheduler limits it (docs/scale.md).

``python benchmarks/bench_batch.py [--variants 200] [--workers 2] [--skip-models]``
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "ifc"


def _time(run):
    """Seconds and table of ``run()``, from cold caches (a forked worker would inherit the parent's warm ones)."""
    from bldgagent import _cache

    _cache.clear()          # every registered cache, the batch's models included
    t0 = time.perf_counter()
    table = run()
    return time.perf_counter() - t0, table


def _compare(label: str, items: int, runs: dict) -> None:
    import pandas as pd

    base = runs["serial"][1]
    for name, (seconds, table) in runs.items():
        pd.testing.assert_frame_equal(table, base)
        print(f"{label:<28} {name:<10} {items:4d} items {seconds:8.1f} s {items / seconds:7.2f} items/s "
              f"speed-up {runs['serial'][0] / seconds:5.2f}x")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--variants", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip-models", action="store_true")
    args = ap.parse_args()
    import bldgagent
    from bldgagent.design import sample_changes
    from bldgagent.ifc.samples import sample_building
    from bldgagent.sweep.batch import run_batch

    schedulers = ("serial", "processes", "dask")
    if not args.skip_models and SHARED.is_dir():
        models = sorted(str(p) for p in SHARED.glob("*.ifc"))
        runs = {s: _time(lambda s=s: run_batch(models, "haikou", scheduler=s, workers=args.workers, progress=False))
                for s in schedulers}
        _compare("shared models", len(models), runs)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.ifc"
        sample_building(path=path)
        changes = sample_changes(bldgagent.load(path), args.variants, seed=0)
        variants = [(f"v{i:04d}", c) for i, c in enumerate(changes)]
        (Path(tmp) / "variants.json").write_text(json.dumps(dict(variants)))
        runs = {s: _time(lambda s=s: run_batch([str(path)], "haikou", variants=variants, scheduler=s,
                                               workers=args.workers, progress=False)) for s in schedulers}
        _compare("sample building variants", len(variants), runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
