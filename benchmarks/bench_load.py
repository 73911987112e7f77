"""Time ``bldgagent.load`` on each shared model against the floor it cannot avoid.

The floor is a bare ``ifcopenshell.open`` plus IfcOpenShell's geometry iterator over exactly the entities
``load`` triangulates (same settings, same threads). Target: load / floor <= 1.5. Best of N runs.

    python benchmarks/bench_load.py [--repeat 3] [--geometry auto|all]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import ifcopenshell

import bldgagent
from bldgagent.ifc.reader import _Reader, open_ifc

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "ifc"
MODELS = ["AC20-FZK-Haus.ifc", "AC11-FZK-Haus-IFC.ifc", "AC90R1-niedriha-V2-2x3.ifc", "Duplex_A_20110907.ifc",
          "ExampleHOM.ifc", "LargeBuilding.ifc"]


def interleaved(a, b, repeat):
    """Best time of ``a`` and of ``b``, run alternately ``repeat`` times each."""
    ta, tb = [], []
    for _ in range(repeat):
        for fn, times in ((a, ta), (b, tb)):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
    return min(ta), min(tb)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--geometry", default="auto", choices=("auto", "all"))
    args = parser.parse_args()
    if not SHARED.exists():
        print(f"shared models not found in {SHARED}", file=sys.stderr)
        return 1
    threads = os.cpu_count() or 1
    print(f"bldgagent.load vs ifcopenshell.open + geometry iteration of the same entities "
          f"(geometry={args.geometry}, {threads} threads, best of {args.repeat})")
    print(f"{'model':32} {'load s':>8} {'floor s':>8} {'ratio':>6} {'entities':>8}")
    ratios = []
    for name in MODELS:
        path = SHARED / name
        bldgagent.load(path, geometry=args.geometry)  # warm-up (imports, caches)
        # the entity list load() triangulates, computed once outside the timing
        reader = _Reader(open_ifc(path), path, args.geometry, threads)
        reader.read()
        ids = [e.id() for e in reader.triangulated]

        def floor():
            model = ifcopenshell.open(str(path))
            entities = [model.by_id(i) for i in ids]
            settings = ifcopenshell.geom.settings()
            settings.set("use-world-coords", True)
            settings.set("weld-vertices", True)
            it = ifcopenshell.geom.iterator(settings, model, threads, include=entities)
            if entities and it.initialize():
                while True:
                    it.get().geometry.verts
                    if not it.next():
                        break

        # interleave the two measurements so that drifts in machine load hit both alike
        t_load, t_floor = interleaved(lambda: bldgagent.load(path, geometry=args.geometry), floor, args.repeat)
        ratio = t_load / t_floor
        ratios.append(ratio)
        print(f"{name:32} {t_load:8.3f} {t_floor:8.3f} {ratio:6.2f} {len(ids):8d}")
    print(f"max ratio {max(ratios):.2f} (target <= 1.5)")
    return 0


if __name__ == "__main__":
    import ifcopenshell.geom  # noqa: F401
    sys.exit(main())
