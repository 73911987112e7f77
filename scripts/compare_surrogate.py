"""Two surrogate models on the same held-out rows: the test split (buildings AND places never seen in training) of
one or more data sets of ``scripts/train_surrogate.py``.

    python scripts/compare_surrogate.py --data b0.parquet b1.parquet --old OLD_MODEL_DIR --new models/surrogate \
        [--json out.json]

Prints, per output, R2, CV(RMSE), NMBE and 90 % interval coverage of both models for buildings and zones, and
which model is better on each (R2 and CV(RMSE); coverage counts as met at >= 85 %). The rows are
``train.split_rows`` of the concatenated data sets (the split the new model was trained with).
"""
from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def compare(rows, old, new) -> dict:
    """Held-out scores of both models on ``rows`` (test split): {"old": ..., "new": ..., "verdict": ...}."""
    from bldgagent.surrogate.features import add_derived
    from bldgagent.surrogate.train import evaluate, split_rows

    test = split_rows(add_derived(rows.copy()))["test"]
    out = {"old": evaluate(old, test), "new": evaluate(new, test), "n_runs": int(test["case_id"].nunique()),
           "n_zones": int(len(test)), "places": sorted(test["climate"].unique().tolist())}
    verdict = {}
    for level in ("buildings", "zones"):
        for name, o in out["old"][level].items():
            n = out["new"][level][name]
            better = (n["r2"] or -1e9) >= (o["r2"] or -1e9) and (n["cv_rmse"] or 1e9) <= (o["cv_rmse"] or 1e9)
            worse = (n["r2"] or -1e9) < (o["r2"] or -1e9) and (n["cv_rmse"] or 1e9) > (o["cv_rmse"] or 1e9)
            verdict[f"{level}/{name}"] = "new" if better else "old" if worse else "mixed"
    out["verdict"] = verdict
    return out


def _pct(x) -> str:
    return "-" if x is None else f"{100 * x:.1f} %"


def table(result: dict, level: str) -> str:
    lines = [f"**{level}** ({result['n_runs']} runs, {result['n_zones']} zones)", "",
             "| output | R2 old / new | CV(RMSE) old / new | NMBE old / new | coverage old / new | better |",
             "|---|---|---|---|---|---|"]
    for name, o in result["old"][level].items():
        n = result["new"][level][name]
        r2 = lambda s: "-" if s["r2"] is None else f"{s['r2']:.3f}"                       # noqa: E731
        lines.append(f"| `{name}` | {r2(o)} / {r2(n)} | {_pct(o['cv_rmse'])} / {_pct(n['cv_rmse'])} | "
                     f"{_pct(o['nmbe'])} / {_pct(n['nmbe'])} | {_pct(o['coverage_90'])} / {_pct(n['coverage_90'])} | "
                     f"{result['verdict'][f'{level}/{name}']} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    import pandas as pd

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", nargs="+", required=True)
    p.add_argument("--old", required=True, help="model directory (e.g. the previous models/surrogate)")
    p.add_argument("--new", default=str(ROOT / "models" / "surrogate"))
    p.add_argument("--json", default=None)
    a = p.parse_args(argv)
    from bldgagent.surrogate.data import read_parquet
    from bldgagent.surrogate.store import EngineVersionWarning, load

    rows = pd.concat([read_parquet(d)[0] for d in a.data], ignore_index=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EngineVersionWarning)         # the old model was trained on older physics
        old, new = load(a.old), load(a.new)
    result = compare(rows, old, new)
    print(table(result, "buildings"), "\n")
    print(table(result, "zones"))
    votes = list(result["verdict"].values())
    print(f"\nbetter on R2 and CV(RMSE): new {votes.count('new')}, old {votes.count('old')}, mixed {votes.count('mixed')}")
    if a.json:
        Path(a.json).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
