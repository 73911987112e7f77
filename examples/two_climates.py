"""The same building in two climates: what the best proposals change, and by how much.

    python examples/two_climates.py [MODEL.ifc] [--climates haikou harbin] [--budget 64]
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import bldgagent


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", nargs="?")
    ap.add_argument("--climates", nargs=2, default=["haikou", "harbin"])
    ap.add_argument("--budget", type=int, default=64)
    args = ap.parse_args(argv)
    model = args.model
    if model is None:
        from bldgagent.ifc.samples import sample_building
        model = Path(tempfile.mkdtemp(prefix="bldgagent-example-")) / "sample.ifc"
        sample_building(path=model)
    building = bldgagent.load(model)
    out = {}
    for climate in args.climates:
        p = bldgagent.propose(building, climate, budget=args.budget, top=1)
        out[climate] = p
        best = p.best()
        base = p.baseline["whole_life_kgco2e_m2"]["en15978"]
        if best is None:
            print(f"{climate}: baseline {base:.0f} kgCO2e/m2; no proposal kept every room within the margin")
            continue
        print(f"{climate}: baseline {base:.0f} -> {best['physics']['whole_life_kgco2e_m2']['en15978']:.0f} "
              f"kgCO2e/m2 whole life (EN 15978); health {p.baseline['health_score']:.1f} -> "
              f"{best['physics']['health_score']:.1f}")
        for line in best["changes_in_words"]:
            print("   ", line)
    return out


if __name__ == "__main__":
    main()
