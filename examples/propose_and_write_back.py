"""Load a model, assess it, propose lower-carbon changes that keep every room healthy, write the best one back.

    python examples/propose_and_write_back.py [MODEL.ifc] [--climate haikou] [--budget 96] [--out proposal.ifc]

Without a model it writes and uses the embedded sample building.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import bldgagent
from bldgagent.design import write_ifc


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", nargs="?")
    ap.add_argument("--climate", default="haikou")
    ap.add_argument("--budget", type=int, default=96)
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bldgagent-example-"))
    model = args.model
    if model is None:
        from bldgagent.ifc.samples import sample_building
        model = folder / "sample.ifc"
        sample_building(path=model)
    building = bldgagent.load(model)
    print(bldgagent.assess(building, args.climate, n_draws=0).report())          # 1. where the design stands
    proposals = bldgagent.propose(building, args.climate, budget=args.budget, top=2)   # 2. what to change
    print(proposals.report())
    out = None
    if proposals.proposals:                                                     # 3. hand the best back as IFC
        out = Path(args.out or folder / "proposal.ifc")
        write_ifc(model, proposals.best()["changes"], out)
        print(f"wrote {out}")
    return {"proposals": proposals, "written": out}


if __name__ == "__main__":
    main()
