"""propose() on a shared real model (ArchiCAD IFC4 FZK-Haus) in a temperate European climate: the top proposal's
physics whole-life carbon is below the baseline and every room keeps its guarded scores within the margin."""
from __future__ import annotations

import bldgagent
from shared_data import shared_ifc


def test_fzk_haus_in_london():
    building = bldgagent.load(shared_ifc("AC20-FZK-Haus.ifc"))
    r = bldgagent.propose(building, "london", budget=32, top=1, refine_budget=0, n_draws=0)
    assert r.proposals, [x["violations"][:2] for x in r.rejected]
    top = r.proposals[0]
    assert top["verified"] and not top["violations"]
    for m in ("en15978", "gbt51366"):
        assert top["physics"]["whole_life_kgco2e_m2"][m] < r.baseline["whole_life_kgco2e_m2"][m]
    # the health score of every concept moves by the room falls allowed at most (area-weighted, so the same bound)
    for k, d in top["deltas"]["health_by_concept"].items():
        if k in ("thermal", "air", "light") and d is not None:
            assert d >= -r.margin
