"""Timber versus concrete upper floors (and a low-carbon concrete mix): upfront and whole-life carbon side by side,
and the effect on every room's health, with the physics (no surrogate).

    python examples/timber_vs_concrete.py [MODEL.ifc] [--climate london]
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import bldgagent
from bldgagent.design import apply

STUDY = {"concrete (as built)": {}, "GGBS concrete mix": {"concrete_mix": "c32_40_ggbs25"},
         "CLT upper floors": {"upper_floor_structure": "clt"},
         "CLT upper floors + GGBS mix": {"upper_floor_structure": "clt", "concrete_mix": "c32_40_ggbs25"}}


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", nargs="?")
    ap.add_argument("--climate", default="london")
    args = ap.parse_args(argv)
    model = args.model
    if model is None:
        from bldgagent.ifc.samples import sample_building
        model = Path(tempfile.mkdtemp(prefix="bldgagent-example-")) / "sample.ifc"
        sample_building(path=model)
    building = bldgagent.load(model)
    ev = bldgagent.VariantEvaluator(building, args.climate, n_draws=0)   # weather and materials shared
    rows = {}
    for name, changes in STUDY.items():
        a = ev.evaluate(building=apply(building, changes)) if changes else ev.baseline
        h = a.headline()
        rows[name] = h
        print(f"{name:<30} upfront {h['upfront_a1_a5_kgco2e_m2']:6.0f}  whole life {h['whole_life_en15978_kgco2e_m2']:6.0f}"
              f" (GB/T {h['gbt51366_total_kgco2e_m2']:6.0f}) kgCO2e/m2  biogenic stored {h['biogenic_stored_kgco2_m2']:5.0f}"
              f"  health {h['health_overall_score']:.1f}")
    return rows


if __name__ == "__main__":
    main()
