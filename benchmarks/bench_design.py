"""Time ``design.apply`` plus ``design.write_ifc`` against ``bldgagent.load`` of the same model, printed as a ratio.

The change set is one change of every option kind that applies (:func:`bldgagent.design.sampling.every_kind_changes`).
``write_ifc`` is given the already-loaded building, so its time is the apply + IfcOpenShell open + edits + write.
Best of N runs.

    python benchmarks/bench_design.py [--repeat 3] [MODEL.ifc ...]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import bldgagent
from bldgagent.design import apply, write_ifc
from bldgagent.design.sampling import every_kind_changes as every_kind

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import best_of  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "ifc"
MODELS = ["AC20-FZK-Haus.ifc", "AC90R1-niedriha-V2-2x3.ifc", "Duplex_A_20110907.ifc"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("models", nargs="*", help="IFC files (default: three shared models)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    paths = [Path(m) for m in args.models] or [SHARED / m for m in MODELS if (SHARED / m).exists()]
    print(f"{'model':<32}{'load s':>9}{'apply s':>9}{'write s':>9}{'(apply+write)/load':>20}")
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            t_load, building = best_of(lambda: bldgagent.load(path), args.repeat)
            changes = every_kind(building)
            t_apply, _ = best_of(lambda: apply(building, changes), args.repeat)
            out = Path(tmp) / f"{path.stem}-v2.ifc"
            t_write, _ = best_of(lambda: write_ifc(path, changes, out, building=building), args.repeat)
            print(f"{path.name:<32}{t_load:>9.2f}{t_apply:>9.2f}{t_write:>9.2f}{(t_apply + t_write) / t_load:>20.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
